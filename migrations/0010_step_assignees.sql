CREATE TABLE `step_assignees` (
	`team_id` text NOT NULL,
	`instance_id` text NOT NULL,
	`step` text NOT NULL,
	`user_id` text NOT NULL,
	`assigned_by` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`instance_id`, `step`)
);
