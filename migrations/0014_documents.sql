CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`clause` text NOT NULL,
	`link` text NOT NULL,
	`registered_by` text NOT NULL,
	`registered_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `documents_team_clause` ON `documents` (`team_id`,`clause`);