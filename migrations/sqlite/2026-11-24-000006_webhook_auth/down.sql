CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
DROP INDEX webhook_deliveries_open_recipient;
DROP INDEX webhook_deliveries_open_due;
ALTER TABLE webhook_deliveries DROP COLUMN aggregate_id;
ALTER TABLE webhook_deliveries DROP COLUMN retry_base;
ALTER TABLE webhook_deliveries DROP COLUMN last_attempt_at;
ALTER TABLE webhook_deliveries DROP COLUMN first_attempt_at;
ALTER TABLE webhook_recipients DROP COLUMN removed_at;
ALTER TABLE webhook_recipients DROP COLUMN jobcenters;
