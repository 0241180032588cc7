-- When a busy block was last written (issue 14: GetEvents answers LastModified for every event,
-- manual blocks included). A manual block is never edited in place (a change replaces it), so
-- its creation time is its last change. Blocks stored before this migration get its time.
ALTER TABLE busy_blocks ADD COLUMN updated_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE busy_blocks SET updated_at = date_trunc('second', now() AT TIME ZONE 'UTC');
