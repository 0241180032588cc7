//! The mail worker: within the sending limits, claims the next due mail from the outbox's
//! mail lane, sends it and records the attempt with the retry table.
//!
//! [`send_next`] is the single step; the worker thread and the tests call it with `now`, so
//! tests move time without sleeping. The limits count mails the server accepted in the rolling
//! hour and day (`mail_messages.sent_at`); when they are used up nothing is claimed, so a mail
//! beyond them waits without an attempt and without using a retry. With one mail worker per
//! installation the limits hold exactly; instances sharing PostgreSQL each run one and may send
//! up to one mail each beyond a limit at its edge.
//!
//! A mail the server accepted is marked sent (body erased) before the attempt is recorded; if
//! the worker dies in between, the next claim sees it sent and records success without sending
//! it again.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::smtp::Mailer;
use crate::adapters::background::{Background, Stopping};
use crate::domain::mail::SendingLimits;
use crate::store::{self, AttemptOutcome, RetryFrom, Store};

/// The retry table of mail: after 5 minutes, 30 minutes, 2 hours, 6 hours and 24 hours.
pub fn default_retry_schedule() -> Vec<Duration> {
    [5, 30, 120, 360, 1440].into_iter().map(|minutes| Duration::from_secs(minutes * 60)).collect()
}

/// What the mail worker sends with and how.
#[derive(Debug, Clone)]
pub struct MailSending {
    /// The mail server's client.
    pub mailer: Mailer,
    /// Mails per rolling hour and day.
    pub limits: SendingLimits,
    /// Delay before each retry.
    pub retry_schedule: Vec<Duration>,
    /// How long a claim keeps others off a mail (longer than a send can take).
    pub lease: Duration,
}

impl MailSending {
    /// Sending with `mailer` within `limits`, the default retry table and a 5-minute lease.
    pub fn new(mailer: Mailer, limits: SendingLimits) -> Self {
        Self { mailer, limits, retry_schedule: default_retry_schedule(), lease: Duration::from_secs(300) }
    }
}

/// What one step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailOutcome {
    /// The mail server accepted the mail.
    Sent {
        /// The mail's id.
        mail_id: String,
    },
    /// The attempt failed; it is retried by the table or given up.
    Failed {
        /// The mail's id.
        mail_id: String,
        /// What went wrong.
        error: String,
    },
    /// The sending limits are used up: nothing was claimed.
    Limited,
    /// No mail is due.
    Nothing,
}

/// Sends the next due mail if the limits allow, and records the attempt.
pub fn send_next(
    store: &Store,
    sending: &MailSending,
    now: DateTime<Utc>,
) -> Result<MailOutcome, store::Error> {
    let (hour, day) = SendingLimits::windows(now);
    let mail = store.mail();
    if sending.limits.budget(mail.sent_since(hour)?, mail.sent_since(day)?) == 0 {
        return Ok(MailOutcome::Limited);
    }
    let Some(delivery) = mail.claim(now, sending.lease, 1)?.pop() else {
        return Ok(MailOutcome::Nothing);
    };
    let mail_id = delivery.aggregate_id.clone();
    let outcome = attempt(store, &sending.mailer, &mail_id, now);
    store.record_attempts(
        &[(delivery.id, outcome.clone())],
        now,
        &sending.retry_schedule,
        RetryFrom::PreviousAttempt,
    )?;
    Ok(match outcome {
        AttemptOutcome::Success { .. } => {
            log::info!(target: "planner::mail", "mail sent mail.id={mail_id}");
            MailOutcome::Sent { mail_id }
        }
        AttemptOutcome::Failure { error, .. } => {
            log::warn!(target: "planner::mail", "mail attempt failed mail.id={mail_id} attempt={}: {error}", delivery.attempts + 1);
            MailOutcome::Failed { mail_id, error }
        }
    })
}

/// One attempt at mail `id`: 250 when the server accepted it (now or before).
fn attempt(store: &Store, mailer: &Mailer, id: &str, now: DateTime<Utc>) -> AttemptOutcome {
    let failure = |error: String| AttemptOutcome::Failure { http_status: None, error };
    let mail = match store.mail().outgoing(id) {
        Ok(mail) => mail,
        Err(error) => return failure(format!("cannot read the mail: {error}")),
    };
    if mail.sent_at.is_some() {
        return AttemptOutcome::Success { http_status: 250 };
    }
    let Some(body) = &mail.body else { return failure("the mail's body is gone".into()) };
    match mailer.send(&mail, body) {
        Ok(()) => match store.mail().mark_sent(id, now) {
            Ok(()) => AttemptOutcome::Success { http_status: 250 },
            // Sent but not marked: recording success anyway would leave the body; the next
            // claim sends it again (at least once).
            Err(error) => failure(format!("sent, but not recorded: {error}")),
        },
        Err(error) => failure(error),
    }
}

/// The mail worker thread; stops when [`MailWorker::stop`] is called or it is dropped.
#[derive(Debug)]
pub struct MailWorker(Background);

impl MailWorker {
    /// Starts a thread that sends while mail is due and the limits allow, then waits `idle`.
    pub fn start(store: Store, sending: MailSending, idle: Duration) -> std::io::Result<MailWorker> {
        let round = move |stopping: &Stopping<'_>| loop {
            match send_next(&store, &sending, Utc::now()) {
                Ok(MailOutcome::Nothing | MailOutcome::Limited) => return,
                Ok(_) if stopping.requested() => return,
                Ok(_) => {}
                Err(error) => {
                    log::error!(target: "planner::mail", "mail worker: {error}");
                    return;
                }
            }
        };
        Ok(MailWorker(Background::start("mail", idle, false, round)?))
    }

    /// Stops the loop after its current mail and waits for it.
    pub fn stop(self) {
        self.0.stop();
    }
}
