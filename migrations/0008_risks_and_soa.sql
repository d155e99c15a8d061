CREATE TABLE `risk_acceptances` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`risk_id` integer NOT NULL,
	`risk_version` integer NOT NULL,
	`decision` text NOT NULL,
	`role` text NOT NULL,
	`decided_by` text NOT NULL,
	`justification` text NOT NULL,
	`method_version` integer NOT NULL,
	`residual_likelihood` integer NOT NULL,
	`residual_impact` integer NOT NULL,
	`residual_level` text NOT NULL,
	`criteria_by` text NOT NULL,
	`criteria_max_days` integer,
	`expires_on` text,
	`decided_at` text NOT NULL,
	FOREIGN KEY (`risk_id`) REFERENCES `risks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `risk_acceptances_team_risk` ON `risk_acceptances` (`team_id`,`risk_id`);--> statement-breakpoint
CREATE TABLE `risk_versions` (
	`team_id` text NOT NULL,
	`risk_id` integer NOT NULL,
	`version` integer NOT NULL,
	`method_version` integer NOT NULL,
	`title` text NOT NULL,
	`scenario` text NOT NULL,
	`threat` text,
	`vulnerability` text,
	`asset_ids` text NOT NULL,
	`owner_id` text NOT NULL,
	`likelihood` integer NOT NULL,
	`impact` integer NOT NULL,
	`treatment` text,
	`controls` text NOT NULL,
	`treatment_plan` text,
	`residual_likelihood` integer,
	`residual_impact` integer,
	`assessed_by` text NOT NULL,
	`assessed_at` text NOT NULL,
	PRIMARY KEY(`risk_id`, `version`),
	FOREIGN KEY (`risk_id`) REFERENCES `risks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `risk_versions_team` ON `risk_versions` (`team_id`);--> statement-breakpoint
CREATE TABLE `risks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`ref` text NOT NULL,
	`seq` integer,
	`title` text NOT NULL,
	`status` text NOT NULL,
	`current_version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `risks_team_ref` ON `risks` (`team_id`,`ref`);--> statement-breakpoint
CREATE INDEX `risks_team_seq` ON `risks` (`team_id`,`seq`);--> statement-breakpoint
CREATE TABLE `soa_entries` (
	`team_id` text NOT NULL,
	`control_id` text NOT NULL,
	`applicable` integer NOT NULL,
	`reasons` text NOT NULL,
	`justification` text,
	`status` text,
	`owner_id` text,
	`evidence_ref` text,
	`updated_by` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`team_id`, `control_id`)
);
--> statement-breakpoint
CREATE TABLE `soa_versions` (
	`team_id` text NOT NULL,
	`version` integer NOT NULL,
	`rows` text NOT NULL,
	`approved_by` text NOT NULL,
	`approved_at` text NOT NULL,
	`note` text,
	PRIMARY KEY(`team_id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `treatment_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`risk_id` integer NOT NULL,
	`title` text NOT NULL,
	`owner_id` text NOT NULL,
	`due_on` text NOT NULL,
	`status` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`done_by` text,
	`done_at` text,
	FOREIGN KEY (`risk_id`) REFERENCES `risks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `treatment_actions_team_risk` ON `treatment_actions` (`team_id`,`risk_id`);