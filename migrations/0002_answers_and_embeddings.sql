CREATE TABLE `answer_feedback` (
	`team_id` text NOT NULL,
	`answer_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`rating` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`team_id`, `answer_id`, `user_id`),
	FOREIGN KEY (`answer_id`) REFERENCES `answers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`channel` text,
	`thread_ts` text,
	`question` text NOT NULL,
	`answer` text NOT NULL,
	`answered` integer NOT NULL,
	`refs` text NOT NULL,
	`via` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `answers_team_thread` ON `answers` (`team_id`,`channel`,`thread_ts`);--> statement-breakpoint
CREATE TABLE `embeddings` (
	`model` text NOT NULL,
	`content_hash` text NOT NULL,
	`dims` integer NOT NULL,
	`vector` blob NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`model`, `content_hash`)
);
