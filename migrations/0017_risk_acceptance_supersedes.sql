ALTER TABLE `risk_acceptances` ADD `supersedes` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `risk_acceptances_supersedes` ON `risk_acceptances` (`team_id`,`supersedes`);