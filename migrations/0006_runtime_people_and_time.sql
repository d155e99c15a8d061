CREATE TABLE `counters` (
	`team_id` text NOT NULL,
	`name` text NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`team_id`, `name`)
);
--> statement-breakpoint
CREATE TABLE `pending_events` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`instance_id` text NOT NULL,
	`key` text NOT NULL,
	`event` text NOT NULL,
	`due_at` text NOT NULL,
	`claimed_at` text,
	`claimed_by` text,
	`done_at` text,
	`outcome` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pending_events_instance_key` ON `pending_events` (`instance_id`,`key`);--> statement-breakpoint
CREATE INDEX `pending_events_due` ON `pending_events` (`done_at`,`due_at`);--> statement-breakpoint
CREATE TABLE `workflow_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`instance_id` text NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`step` text,
	`user_id` text,
	`channel` text NOT NULL,
	`thread_ts` text,
	`ts` text,
	`text` text,
	`rendered_version` integer DEFAULT 0 NOT NULL,
	`not_before` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workflow_messages_instance_key` ON `workflow_messages` (`instance_id`,`key`);--> statement-breakpoint
CREATE INDEX `workflow_messages_ts` ON `workflow_messages` (`channel`,`ts`);--> statement-breakpoint
ALTER TABLE `people` ADD `tz` text;--> statement-breakpoint
ALTER TABLE `people` ADD `deactivated_at` text;--> statement-breakpoint
ALTER TABLE `workflow_instances` ADD `machine_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `workflow_instances` ADD `subject` text;--> statement-breakpoint
ALTER TABLE `workflow_instances` ADD `parent_id` text;--> statement-breakpoint
ALTER TABLE `workflow_instances` ADD `singleton_key` text;--> statement-breakpoint
CREATE INDEX `workflow_instances_parent` ON `workflow_instances` (`parent_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `workflow_instances_singleton` ON `workflow_instances` (`team_id`,`singleton_key`) WHERE status = 'active' and singleton_key is not null;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `settings` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
-- Scoping was already one-at-a-time (checked in code); the index enforces it from now on.
UPDATE `workflow_instances` SET `singleton_key` = `flow` WHERE `status` = 'active' AND `flow` = 'scoping';
