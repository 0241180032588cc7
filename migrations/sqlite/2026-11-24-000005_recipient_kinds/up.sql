-- Recipients of other kinds than WebSub webhooks (OAuth2 webhooks, the Xpert Suite, DFDG
-- registration) share fan-out, retries, order per booking and the delivery log.
-- `settings` holds the kind's non-secret settings as JSON.
ALTER TABLE webhook_recipients ADD COLUMN kind TEXT NOT NULL DEFAULT 'websub';
ALTER TABLE webhook_recipients ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
