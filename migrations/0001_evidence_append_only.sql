-- Evidence is append-only: enforced by the database, not only by the code that writes it.
CREATE TRIGGER `evidence_no_update` BEFORE UPDATE ON `evidence`
BEGIN
  SELECT RAISE(ABORT, 'evidence is append-only: UPDATE refused');
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_no_delete` BEFORE DELETE ON `evidence`
BEGIN
  SELECT RAISE(ABORT, 'evidence is append-only: DELETE refused');
END;
