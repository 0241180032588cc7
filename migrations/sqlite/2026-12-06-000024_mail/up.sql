-- Mail through the municipality's own mail server (issue 17).
--
-- mail_senders: the From addresses mail may be sent as. An address is added as 'pending' with a
-- code mailed to it (only the code's SHA-256, bound to the sender's id, is kept, with its expiry
-- and the wrong tries made); it becomes 'confirmed' when an administrator enters the code.
CREATE TABLE mail_senders (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    address TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    state TEXT NOT NULL,
    code_hash TEXT,
    code_expires_at TIMESTAMP,
    code_failures INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP
);

-- mail_messages: one mail each, delivered through the outbox (an outbox row of topic MailQueued
-- with aggregate_id = id, handed straight to the 'mail' recipient's webhook_deliveries row).
-- The body may carry a secret (an invitation link, a sender code): it is kept sealed with the
-- data key (AES-256-GCM) and erased (NULL) once the mail server has accepted the mail.
-- sent_at counts against the sending limits per hour and per day.
CREATE TABLE mail_messages (
    id TEXT PRIMARY KEY NOT NULL,
    purpose TEXT NOT NULL,
    sender_id BIGINT NOT NULL REFERENCES mail_senders (id),
    to_address TEXT NOT NULL,
    culture TEXT NOT NULL,
    subject TEXT NOT NULL,
    sealed_body TEXT,
    invitation_id TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX mail_messages_sent ON mail_messages (sent_at);
