//! Mail through a real SMTP server (aiosmtpd with STARTTLS on a development certificate and
//! AUTH): invitations arrive with their link, senders need their code, the sending limits hold
//! mail back without losing any, a server down for a while loses nothing, and plain SMTP or an
//! untrusted certificate is refused. Time is the `now` given to the worker step.

mod admin;
mod delivery;
mod refusals;
mod senders;

use chrono::{DateTime, Utc};
use planner::adapters::mail::{send_next, MailOutcome, MailSending, Mailer};
use planner::domain::mail::{Culture, SendingLimits};
use planner::domain::people::Email;
use planner::store::{MailSender, Store};

use crate::support::smtp::{self, Inbox, Offer, Pki, SmtpServer};

/// A test mail server and the planner's sending set up for it.
pub struct Rig {
    python: std::path::PathBuf,
    /// The development PKI the server's certificate comes from (the planner trusts its CA).
    pub pki: Pki,
    /// What the server received.
    pub inbox: Inbox,
    /// The running server (`None` while it is down).
    pub server: Option<SmtpServer>,
    /// Its port.
    pub port: u16,
    /// The planner's sending.
    pub sending: MailSending,
}

impl Rig {
    /// A running STARTTLS server and sending within `limits`; `None` when aiosmtpd is missing.
    pub fn start(limits: SendingLimits) -> Option<Rig> {
        let python = smtp::python()?;
        let pki = Pki::new();
        let inbox = Inbox::new();
        let server = SmtpServer::start(&python, 0, &inbox, &pki, Offer::StartTls);
        let port = server.port;
        let mailer = Mailer::new(&smtp::settings(port, &pki, limits)).unwrap();
        let sending = MailSending::new(mailer, limits);
        Some(Rig { python, pki, inbox, server: Some(server), port, sending })
    }

    /// Starts the server again on its port after `server` was set to `None`.
    pub fn up(&mut self) {
        self.server =
            Some(SmtpServer::start(&self.python, self.port, &self.inbox, &self.pki, Offer::StartTls));
    }

    /// Sends until nothing is due or the limits stop it; returns the outcomes.
    pub fn drain(&self, store: &Store, now: DateTime<Utc>) -> Vec<MailOutcome> {
        let mut outcomes = Vec::new();
        loop {
            let outcome = send_next(store, &self.sending, now).unwrap();
            let done = matches!(outcome, MailOutcome::Nothing | MailOutcome::Limited);
            outcomes.push(outcome);
            if done || outcomes.len() > 100 {
                return outcomes;
            }
        }
    }

    /// The codes in the mails to `address`.
    pub fn codes_for(&self, address: &str) -> Vec<String> {
        self.inbox
            .mails()
            .into_iter()
            .filter(|mail| mail.rcpt_tos.iter().any(|to| to == address))
            .filter_map(|mail| {
                let line = mail.body.lines().find(|line| line.contains("kode:") || line.contains("code:"))?;
                Some(line.rsplit(' ').next()?.trim().to_owned())
            })
            .collect()
    }

    /// The code in the one mail to `address`.
    pub fn code_for(&self, address: &str) -> String {
        let codes = self.codes_for(address);
        assert_eq!(codes.len(), 1, "one code mail to {address}");
        codes[0].clone()
    }

    /// The code mailed to `address` other than `old`.
    pub fn code_for_newest(&self, address: &str, old: &str) -> String {
        self.codes_for(address).into_iter().find(|code| code != old).expect("a new code")
    }

    /// Adds `address` as a sender at `at` and confirms it with the code mailed to it.
    pub fn confirmed_sender(&self, store: &Store, address: &str, at: DateTime<Utc>) -> MailSender {
        let email = Email::parse(address).unwrap();
        let (sender, _) = store.mail().add_sender(&email, "Jobcenter Test", Culture::DaDk, at).unwrap();
        self.drain(store, at);
        store.mail().confirm_sender(sender.id, &self.code_for(address), at).unwrap()
    }
}

/// How many outcomes were sends.
pub fn sent(outcomes: &[MailOutcome]) -> usize {
    outcomes.iter().filter(|o| matches!(o, MailOutcome::Sent { .. })).count()
}
