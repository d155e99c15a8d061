CREATE TABLE `scope_versions` (
	`team_id` text NOT NULL,
	`version` integer NOT NULL,
	`statement` text NOT NULL,
	`answers` text NOT NULL,
	`instance_id` text NOT NULL,
	`approved_by` text NOT NULL,
	`approved_at` text NOT NULL,
	PRIMARY KEY(`team_id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `workflow_instances` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`flow` text NOT NULL,
	`status` text NOT NULL,
	`step` text NOT NULL,
	`snapshot` text NOT NULL,
	`version` integer NOT NULL,
	`channel` text NOT NULL,
	`thread_ts` text,
	`message_ts` text,
	`permalink` text,
	`rendered_version` integer DEFAULT 0 NOT NULL,
	`started_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `workflow_instances_team_status` ON `workflow_instances` (`team_id`,`status`);