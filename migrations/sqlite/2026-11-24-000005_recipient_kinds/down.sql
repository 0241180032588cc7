ALTER TABLE webhook_recipients DROP COLUMN settings;
ALTER TABLE webhook_recipients DROP COLUMN kind;
