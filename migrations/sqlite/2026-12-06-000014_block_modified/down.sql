ALTER TABLE busy_blocks DROP COLUMN updated_at;
