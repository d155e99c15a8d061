CREATE TABLE `digest_items` (
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`item_key` text NOT NULL,
	`until` text NOT NULL,
	`occurrence_id` text NOT NULL,
	PRIMARY KEY(`team_id`, `user_id`, `item_key`, `until`)
);
--> statement-breakpoint
CREATE TABLE `reminder_occurrences` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`schedule_id` text NOT NULL,
	`key` text NOT NULL,
	`due_at` text NOT NULL,
	`late` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`user_id` text,
	`channel` text NOT NULL,
	`body` text NOT NULL,
	`ts` text,
	`snoozed_from` text,
	`decided_by` text,
	`decided_at` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`not_before` text,
	`last_error` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_occurrences_key` ON `reminder_occurrences` (`key`);--> statement-breakpoint
CREATE INDEX `reminder_occurrences_outbox` ON `reminder_occurrences` (`status`,`next_attempt_at`) WHERE status = 'pending';--> statement-breakpoint
CREATE TABLE `reminder_schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`cron` text NOT NULL,
	`time_zone` text,
	`target` text NOT NULL,
	`text` text,
	`parent_id` text,
	`user_id` text,
	`paused` integer DEFAULT false NOT NULL,
	`next_due_at` text,
	`created_by` text NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_schedules_team_name` ON `reminder_schedules` (`team_id`,`name`);--> statement-breakpoint
CREATE INDEX `reminder_schedules_due` ON `reminder_schedules` (`next_due_at`);