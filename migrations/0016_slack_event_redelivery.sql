ALTER TABLE `slack_events` ADD `body` text;--> statement-breakpoint
ALTER TABLE `slack_events` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `slack_events` ADD `attempts` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `slack_events` ADD `delivered_at` text;