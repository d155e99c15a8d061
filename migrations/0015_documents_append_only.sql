-- Registered documents are kept as history: a new registration supersedes, nothing is changed or removed.
CREATE TRIGGER `documents_no_update` BEFORE UPDATE ON `documents`
BEGIN
  SELECT RAISE(ABORT, 'documents are append-only: UPDATE refused');
END;
--> statement-breakpoint
CREATE TRIGGER `documents_no_delete` BEFORE DELETE ON `documents`
BEGIN
  SELECT RAISE(ABORT, 'documents are append-only: DELETE refused');
END;
