//! `planner mail senders add|confirm|list`, `planner mail log` and `planner mail redeliver`:
//! the sender addresses mail goes out as, and the mail log, with the rules of the store.
//!
//! Adding a sender queues the mail carrying its code; `planner serve`'s mail worker sends it
//! (a mail server must be configured, `PLANNER_MAIL_HOST`). The code is in that mail only.

use anyhow::Context;
use chrono::Utc;
use clap::Subcommand;

use super::open_store;
use crate::config::Settings;
use crate::domain::mail::Culture;
use crate::domain::people::Email;
use crate::store::{MailLogEntry, MailRedelivery, MailSender};

/// `planner mail ...`
#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Sender addresses: add (a code is mailed to it), confirm with the code, list.
    #[command(subcommand)]
    Senders(SendersCommand),
    /// Print the mail log, newest first: id, purpose, to, status, attempts, sent, last error.
    Log {
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Queue a mail whose retries were given up again.
    Redeliver {
        /// The mail's id.
        id: String,
    },
}

/// `planner mail senders ...`
#[derive(Debug, Subcommand)]
pub enum SendersCommand {
    /// Add a sender address; a code is mailed to it, to be entered with `confirm`.
    Add {
        /// The address.
        #[arg(long)]
        address: String,
        /// The name shown with it.
        #[arg(long)]
        name: String,
        /// The code mail's language: da-DK (default) or en-GB.
        #[arg(long)]
        language: Option<String>,
    },
    /// Confirm a sender with the code mailed to it.
    Confirm {
        /// The sender's id.
        id: i64,
        /// The code.
        code: String,
    },
    /// Print sender addresses: id, address, name, state.
    List,
}

fn sender_line(sender: &MailSender) -> String {
    format!("{}\t{}\t{}\t{}", sender.id, sender.address.as_str(), sender.display_name, sender.state.as_str())
}

fn log_line(entry: &MailLogEntry) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
        entry.id,
        entry.purpose.as_str(),
        entry.to,
        entry.status,
        entry.attempts,
        entry.sent_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
        entry.last_error.as_deref().unwrap_or_default(),
    )
}

/// Runs one mail subcommand.
pub fn run(settings: &Settings, command: MailCommand) -> anyhow::Result<()> {
    let now = Utc::now();
    let store = open_store(settings)?;
    let mail = store.mail();
    match command {
        MailCommand::Senders(SendersCommand::Add { address, name, language }) => {
            let email = Email::parse(&address).with_context(|| format!("invalid --address '{address}'"))?;
            anyhow::ensure!(!name.trim().is_empty(), "give the sender's --name");
            let culture = Culture::or_danish(language.as_deref());
            let (sender, _) = mail
                .add_sender(&email, name.trim(), culture, now)
                .with_context(|| format!("cannot add sender '{address}'"))?;
            println!("{}", sender_line(&sender));
            if !settings.mail.configured() {
                eprintln!(
                    "no mail server is configured (PLANNER_MAIL_HOST): the code mail waits until one is"
                );
            }
            eprintln!(
                "a code was mailed to {address}; enter it with: planner mail senders confirm {} CODE",
                sender.id
            );
        }
        MailCommand::Senders(SendersCommand::Confirm { id, code }) => {
            let sender =
                mail.confirm_sender(id, &code, now).with_context(|| format!("cannot confirm sender {id}"))?;
            println!("{}", sender_line(&sender));
        }
        MailCommand::Senders(SendersCommand::List) => {
            for sender in mail.senders()? {
                println!("{}", sender_line(&sender));
            }
        }
        MailCommand::Log { limit } => {
            anyhow::ensure!((1..=10_000).contains(&limit), "use a --limit of 1 to 10000");
            for entry in mail.log(limit)? {
                println!("{}", log_line(&entry));
            }
        }
        MailCommand::Redeliver { id } => match mail.redeliver(&id, now)? {
            MailRedelivery::Queued => println!("mail {id} queued again"),
            MailRedelivery::StillOpen => {
                anyhow::bail!("mail {id} is still queued; it is retried by the table")
            }
            MailRedelivery::AlreadySent => anyhow::bail!("the mail server accepted mail {id} already"),
        },
    }
    Ok(())
}
