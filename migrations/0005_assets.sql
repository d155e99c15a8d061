CREATE TABLE `assets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`ref` text NOT NULL,
	`seq` integer,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`owner_id` text NOT NULL,
	`location` text,
	`confidentiality` integer NOT NULL,
	`integrity` integer NOT NULL,
	`availability` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assets_team_ref` ON `assets` (`team_id`,`ref`);--> statement-breakpoint
CREATE UNIQUE INDEX `assets_team_name` ON `assets` (`team_id`,`name`);--> statement-breakpoint
CREATE INDEX `assets_team_seq` ON `assets` (`team_id`,`seq`);