//! Mail out through the municipality's own mail server: the `[mail]` settings (`settings.rs`),
//! the SMTP client on lettre that never sends in plain text (`smtp.rs`), and the mail worker
//! that claims due mails from the outbox's mail lane within the sending limits (`worker.rs`).
//!
//! What is sent and why lives in `store/mail` (senders, queued mails with sealed bodies) and
//! `domain::mail` (codes, limits, templates).

pub mod settings;
pub mod smtp;
pub mod worker;

pub use settings::{MailLayer, MailSettings, MailTls};
pub use smtp::Mailer;
pub use worker::{send_next, MailOutcome, MailSending, MailWorker};

/// Whether a mail server is configured, as the transports see it (app data of the server):
/// with one, invitations are mailed; without, their link is answered once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MailOn(pub bool);
