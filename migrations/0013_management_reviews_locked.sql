-- Approved management review minutes are locked (9.3): the database refuses to change or delete them.
CREATE TRIGGER `management_reviews_no_update` BEFORE UPDATE ON `management_reviews`
BEGIN
  SELECT RAISE(ABORT, 'approved management reviews are locked: UPDATE refused');
END;
--> statement-breakpoint
CREATE TRIGGER `management_reviews_no_delete` BEFORE DELETE ON `management_reviews`
BEGIN
  SELECT RAISE(ABORT, 'approved management reviews are locked: DELETE refused');
END;
