//! `store.mail()`: the sender addresses mail may go out as (`senders.rs`), the mails waiting or
//! sent (`queue.rs`), and the mail log with its redeliver (`log.rs`).
//!
//! A mail is delivered through the outbox: queueing it writes, in the caller's transaction, a
//! `mail_messages` row, an outbox row of topic `MailQueued` (handed over at once, never fanned
//! out to webhook recipients) and one `webhook_deliveries` row for the planner's own `mail`
//! recipient. So mail has the outbox's claims, retry table, delivery log and redeliver; only the
//! mail worker (`adapters/mail`) claims it ([`crate::store::Lane::Mail`]), because it keeps the
//! sending limits.
//!
//! **Secrets in mail.** An invitation mail carries the invitation's single-use link and a
//! sender's mail its code; neither can be rebuilt at send time (only hashes are kept). The body
//! is therefore stored sealed with the data key (AES-256-GCM, bound to the mail's id, like
//! webhook secrets) and erased once the mail server has accepted the mail; subject, addresses
//! and purpose stay for the log. A mail that was never accepted keeps its sealed body so it can
//! be redelivered.

mod log;
mod queue;
mod senders;

use chrono::{DateTime, Utc};

use crate::domain::mail::{Culture, MailText, SenderState};
use crate::domain::people::Email;
use crate::store::db::text_enum::text_enum;
use crate::store::{DeliveryStatus, Store};

pub use log::MailRedelivery;
pub(crate) use queue::queue;
pub(crate) use senders::usable_sender;

/// The mail operations of a [`Store`]; see [`Store::mail`].
#[derive(Debug, Clone, Copy)]
pub struct MailHandle<'a> {
    store: &'a Store,
}

impl Store {
    /// Mail senders, queued mails and the mail log: `store.mail().senders()`.
    pub fn mail(&self) -> MailHandle<'_> {
        MailHandle { store: self }
    }
}

text_enum! {
    /// What a mail is for, as stored in `mail_messages.purpose`.
    pub enum MailPurpose ("mail purpose") {
        /// An invitation with its single-use link.
        Invitation = "invitation",
        /// A sender address's verification code.
        SenderCode = "sender_code",
    }
}

/// A sender address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSender {
    /// Its id.
    pub id: i64,
    /// The address mail goes out from.
    pub address: Email,
    /// The name shown with it.
    pub display_name: String,
    /// Pending (code mailed) or confirmed.
    pub state: SenderState,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// When its code was entered.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Until when its open code can be entered (pending senders).
    pub code_expires_at: Option<DateTime<Utc>>,
}

/// A mail to queue. The body is kept out of `Debug`.
#[derive(Debug, Clone)]
pub struct NewMail {
    /// What it is for.
    pub purpose: MailPurpose,
    /// Whom it goes to.
    pub to: Email,
    /// Its language.
    pub culture: Culture,
    /// Subject and body.
    pub text: MailText,
    /// The invitation it carries, if any.
    pub invitation_id: Option<String>,
}

/// A mail as the mail worker sends it. The body is kept out of `Debug`.
#[derive(Clone)]
pub struct OutgoingMail {
    /// The mail's id (also the outbox aggregate id).
    pub id: String,
    /// The sender address.
    pub from: Email,
    /// The sender's display name.
    pub from_name: String,
    /// The recipient.
    pub to: Email,
    /// The subject.
    pub subject: String,
    /// The plain-text body; `None` once the mail server has accepted it (the body is erased).
    pub body: Option<String>,
    /// When the mail server accepted it.
    pub sent_at: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for OutgoingMail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutgoingMail")
            .field("id", &self.id)
            .field("to", &self.to)
            .field("subject", &self.subject)
            .field("sent_at", &self.sent_at)
            .finish_non_exhaustive()
    }
}

/// One line of the mail log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailLogEntry {
    /// The mail's id.
    pub id: String,
    /// Its outbox delivery (for the webhook-style log and redeliver).
    pub delivery_id: i64,
    /// What it is for.
    pub purpose: MailPurpose,
    /// The sender address.
    pub from: String,
    /// The recipient.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// Its language.
    pub culture: String,
    /// The invitation it carries, if any.
    pub invitation_id: Option<String>,
    /// Pending, delivered, failed (will retry) or given up.
    pub status: DeliveryStatus,
    /// Attempts made (a mail held back by the sending limits has made none).
    pub attempts: i32,
    /// The last error, if any (never holds the body).
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When the mail server accepted it.
    pub sent_at: Option<DateTime<Utc>>,
    /// When the next attempt is due (open mails).
    pub next_attempt_at: DateTime<Utc>,
}
