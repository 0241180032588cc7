-- Webhook administration: recipients scoped to jobcenters (empty: installation-wide, CLI only),
-- removal that keeps the log, and per-delivery attempt times and the start of the current
-- retry round (a manual redeliver starts a new round; the attempt count keeps growing).
ALTER TABLE webhook_recipients ADD COLUMN jobcenters TEXT NOT NULL DEFAULT '';
ALTER TABLE webhook_recipients ADD COLUMN removed_at TIMESTAMP;
ALTER TABLE webhook_deliveries ADD COLUMN first_attempt_at TIMESTAMP;
ALTER TABLE webhook_deliveries ADD COLUMN last_attempt_at TIMESTAMP;
ALTER TABLE webhook_deliveries ADD COLUMN retry_base INTEGER NOT NULL DEFAULT 0;
