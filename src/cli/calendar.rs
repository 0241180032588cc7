//! `planner calendar import --counselor ID FILE [--allow-empty]` and `planner calendar poll`:
//! busy time from ICS files and from the URLs set through the admin API
//! (`PUT /admin/v1/counselors/{id}/calendar-import`). `poll` fetches each URL once, so a cron
//! job or timer decides how often.

use anyhow::{bail, Context};
use clap::Subcommand;

use super::open_store;
use crate::adapters::calendar::import;
use crate::adapters::http::HttpClient;
use crate::config::Settings;
use crate::domain::CounselorId;

/// Calendar subcommands.
#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Replace a counselor's imported busy time with the busy events of an ICS file.
    Import {
        /// The counselor's id.
        #[arg(long, value_name = "ID")]
        counselor: String,
        /// The ICS file.
        file: std::path::PathBuf,
        /// Allow a calendar without busy events to remove every imported block.
        #[arg(long)]
        allow_empty: bool,
    },
    /// Fetch every counselor's ICS URL once and import it.
    Poll,
}

/// Runs one calendar subcommand.
pub fn run(settings: &Settings, command: CalendarCommand) -> anyhow::Result<()> {
    let store = open_store(settings)?;
    let now = chrono::Utc::now();
    match command {
        CalendarCommand::Import { counselor, file, allow_empty } => {
            let id = CounselorId::parse(&counselor).map_err(|_| {
                anyhow::anyhow!("invalid counselor id '{counselor}'; see 'planner counselors list'")
            })?;
            store.counselor(&id).with_context(|| format!("no counselor '{counselor}'"))?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read ICS file '{}'", file.display()))?;
            let imported = import::import_text(&store, &id, &text, allow_empty, now)
                .map_err(|e| anyhow::anyhow!("{e} ('{}')", file.display()))?;
            let summary = imported.summary;
            println!(
                "imported: {} created, {} updated, {} unchanged, {} removed, {} overlapping bookings (see the conflict list)",
                summary.created, summary.updated, summary.unchanged, summary.deleted, summary.conflicts
            );
            if let Some(line) = imported.refused_line() {
                println!("refused: {line}");
            }
        }
        CalendarCommand::Poll => {
            let client = HttpClient::with_system_roots(std::time::Duration::from_secs(30));
            let outcomes = import::poll_all(&store, &client, now).map_err(anyhow::Error::msg)?;
            let failed = outcomes.iter().filter(|(_, o)| o.is_err()).count();
            for (counselor, outcome) in &outcomes {
                match outcome {
                    Ok(imported) => {
                        let s = imported.summary;
                        println!("{}\tok\t+{} ~{} -{}", counselor.as_str(), s.created, s.updated, s.deleted);
                        if let Some(line) = imported.refused_line() {
                            println!("{}\trefused\t{line}", counselor.as_str());
                        }
                    }
                    Err(e) => println!("{}\tfailed\t{e}", counselor.as_str()),
                }
            }
            if failed > 0 {
                bail!("{failed} of {} calendar URLs failed; their imported blocks were kept", outcomes.len());
            }
        }
    }
    Ok(())
}
