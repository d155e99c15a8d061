CREATE TABLE `evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text,
	`kind` text NOT NULL,
	`subject` text,
	`step` text,
	`data` text NOT NULL,
	`channel` text,
	`thread_ts` text,
	`permalink` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_team_seq` ON `evidence` (`team_id`,`seq`);--> statement-breakpoint
CREATE INDEX `evidence_team_subject` ON `evidence` (`team_id`,`subject`);--> statement-breakpoint
CREATE TABLE `people` (
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`name` text,
	`roles` text DEFAULT '[]' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`team_id`, `user_id`)
);
--> statement-breakpoint
CREATE TABLE `slack_events` (
	`team_id` text NOT NULL,
	`event_id` text NOT NULL,
	`received_at` text NOT NULL,
	PRIMARY KEY(`team_id`, `event_id`)
);
--> statement-breakpoint
CREATE TABLE `workspaces` (
	`team_id` text PRIMARY KEY NOT NULL,
	`name` text,
	`created_at` text NOT NULL
);
