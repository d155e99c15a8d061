CREATE TABLE `risk_methods` (
	`team_id` text NOT NULL,
	`version` integer NOT NULL,
	`method` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`team_id`, `version`)
);
