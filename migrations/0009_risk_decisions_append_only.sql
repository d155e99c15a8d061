-- Risk versions (assessment history) and acceptance decisions are append-only: enforced by the
-- database, not only by the code that writes them.
CREATE TRIGGER `risk_versions_no_update` BEFORE UPDATE ON `risk_versions`
BEGIN
  SELECT RAISE(ABORT, 'risk versions are append-only: UPDATE refused');
END;
--> statement-breakpoint
CREATE TRIGGER `risk_versions_no_delete` BEFORE DELETE ON `risk_versions`
BEGIN
  SELECT RAISE(ABORT, 'risk versions are append-only: DELETE refused');
END;
--> statement-breakpoint
CREATE TRIGGER `risk_acceptances_no_update` BEFORE UPDATE ON `risk_acceptances`
BEGIN
  SELECT RAISE(ABORT, 'risk acceptances are append-only: UPDATE refused');
END;
--> statement-breakpoint
CREATE TRIGGER `risk_acceptances_no_delete` BEFORE DELETE ON `risk_acceptances`
BEGIN
  SELECT RAISE(ABORT, 'risk acceptances are append-only: DELETE refused');
END;
