//! `planner sivi import FILE...`: records SIVI Verzuimmeldingen messages from files (an SFTP
//! export folder), the same intake as `POST /adapters/sivi/verzuimmelding`.
//!
//! Every file is read and validated before anything is recorded: one invalid file and nothing is
//! stored, and the error names the file and the element. Each file is one message, recorded
//! idempotently by its message id, so importing a folder again changes nothing.

use anyhow::{bail, Context};
use chrono::Utc;
use clap::Subcommand;

use super::open_store;
use crate::adapters::sivi::parse;
use crate::config::Settings;
use crate::store::{AuditEntry, IntakeOutcome};

/// SIVI subcommands.
#[derive(Debug, Subcommand)]
pub enum SiviCommand {
    /// Record Verzuimmeldingen messages (one per file).
    Import {
        /// The message files.
        #[arg(required = true, num_args = 1..)]
        files: Vec<std::path::PathBuf>,
    },
}

/// Runs one sivi subcommand.
pub fn run(settings: &Settings, command: SiviCommand) -> anyhow::Result<()> {
    let SiviCommand::Import { files } = command;
    let mut messages = Vec::with_capacity(files.len());
    for file in &files {
        let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let message = parse::parse_message(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        messages.push(message);
    }
    let store = open_store(settings)?;
    let user = std::env::var("USER").unwrap_or_else(|_| "operator".to_owned());
    for (file, message) in files.iter().zip(&messages) {
        let outcome = store
            .record_absence_message(message, &settings.adapters.sivi_employers, Utc::now())
            .with_context(|| format!("cannot record {}", file.display()))?;
        let (label, receipt) = match outcome {
            IntakeOutcome::Recorded(receipt) => ("recorded", receipt),
            IntakeOutcome::Duplicate(receipt) => ("already recorded", receipt),
            IntakeOutcome::KeyReused => bail!(
                "{}: message id '{}' (IdInzndr/Berrefnr) was used before for a different message",
                file.display(),
                message.key
            ),
        };
        let entry = AuditEntry {
            correlation_id: uuid::Uuid::new_v4().to_string(),
            caller: format!("cli:{user}"),
            request_user: None,
            operation: "cli.sivi.import".to_owned(),
            jobcenter: None,
            outcome: "ok".to_owned(),
            detail: Some(format!("message.id={}", message.key)),
        };
        if let Err(error) = store.append_audit(&entry, Utc::now()) {
            log::error!("audit write failed: {error}");
        }
        println!("{}: {label} message '{}'", file.display(), message.key);
        for report in receipt["reports"].as_array().into_iter().flatten() {
            let summons = match &report["summons"] {
                serde_json::Value::Null => String::new(),
                summons => format!(
                    ", summons {}{}",
                    summons["outcome"].as_str().unwrap_or("-"),
                    summons["booking_id"].as_str().map(|id| format!(" (booking {id})")).unwrap_or_default()
                ),
            };
            println!(
                "  case {} #{}: {}{summons}",
                report["case_id"].as_str().unwrap_or("-"),
                report["sequence"],
                report["outcome"].as_str().unwrap_or("-"),
            );
        }
    }
    Ok(())
}
