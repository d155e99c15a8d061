CREATE TABLE `checkpoint_posts` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`entry_seq` integer NOT NULL,
	`head_seq` integer NOT NULL,
	`head_hash` text NOT NULL,
	`head_at` text NOT NULL,
	`channel` text NOT NULL,
	`ts` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkpoint_posts_team_entry` ON `checkpoint_posts` (`team_id`,`entry_seq`);