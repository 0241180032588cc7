-- Webhook administration: recipients scoped to jobcenters (empty: installation-wide, CLI only),
-- removal that keeps the log, and per-delivery attempt times and the start of the current
-- retry round (a manual redeliver starts a new round; the attempt count keeps growing).
ALTER TABLE webhook_recipients ADD COLUMN jobcenters TEXT NOT NULL DEFAULT '';
ALTER TABLE webhook_recipients ADD COLUMN removed_at TIMESTAMP;
ALTER TABLE webhook_deliveries ADD COLUMN first_attempt_at TIMESTAMP;
ALTER TABLE webhook_deliveries ADD COLUMN last_attempt_at TIMESTAMP;
ALTER TABLE webhook_deliveries ADD COLUMN retry_base INTEGER NOT NULL DEFAULT 0;
-- The claim query's two scans stay small whatever the log holds: open deliveries in due order,
-- and a recipient's open deliveries (the order-per-booking check).
CREATE INDEX webhook_deliveries_open_due ON webhook_deliveries (next_attempt_at, id)
    WHERE status IN ('pending', 'failed');
ALTER TABLE webhook_deliveries ADD COLUMN aggregate_id TEXT NOT NULL DEFAULT '';
UPDATE webhook_deliveries SET aggregate_id =
    (SELECT o.aggregate_id FROM outbox o WHERE o.id = webhook_deliveries.event_id);
CREATE INDEX webhook_deliveries_open_recipient ON webhook_deliveries (recipient_id, aggregate_id, event_id)
    WHERE status IN ('pending', 'failed');
-- Replaced by webhook_deliveries_open_due: with it, SQLite sorted every due row per claim.
DROP INDEX webhook_deliveries_due;
