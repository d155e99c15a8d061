CREATE TABLE `management_reviews` (
	`team_id` text NOT NULL,
	`ref` text NOT NULL,
	`instance_id` text NOT NULL,
	`held_on` text NOT NULL,
	`chair_id` text NOT NULL,
	`doc` text NOT NULL,
	`minutes` text NOT NULL,
	`approved_by` text NOT NULL,
	`approved_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `management_reviews_team_ref` ON `management_reviews` (`team_id`,`ref`);--> statement-breakpoint
CREATE INDEX `management_reviews_team_approved` ON `management_reviews` (`team_id`,`approved_at`);--> statement-breakpoint
CREATE TABLE `review_actions` (
	`team_id` text NOT NULL,
	`ref` text NOT NULL,
	`review_ref` text NOT NULL,
	`text` text NOT NULL,
	`owner_id` text NOT NULL,
	`due_on` text NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`done_by` text,
	`done_at` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_actions_team_ref` ON `review_actions` (`team_id`,`ref`);--> statement-breakpoint
CREATE INDEX `review_actions_team_review` ON `review_actions` (`team_id`,`review_ref`);