//! `planner dfdg pull`: pulls DFDG's WSRM queue once until it is empty and prints what it did;
//! `planner dfdg log` and `planner dfdg fejlmeldinger` print the WSRM log and DFDG's error reports.
//! What `planner serve` starts for DFDG is assembled in `server::workers`.

use anyhow::{bail, Context};
use clap::Subcommand;

use super::open_store;
use crate::adapters::dfdg::queue;
use crate::config::Settings;
use crate::domain::mask_cpr;
use crate::store::ErrorReportQuery;

/// DFDG subcommands.
#[derive(Debug, Subcommand)]
pub enum DfdgCommand {
    /// Pull the WSRM queue until it is empty: apply each booking message once, then confirm.
    Pull,
    /// Print the WSRM log: the newest messages applied or rejected, with the reason.
    Log {
        /// How many messages to print.
        #[arg(short, long, default_value_t = 50)]
        n: i64,
    },
    /// Print the newest error reports DFDG and Jobnet sent (CreateFejlmelding), CPRs masked.
    Fejlmeldinger {
        /// How many reports to print.
        #[arg(short, long, default_value_t = 50)]
        n: i64,
    },
}

/// Runs one DFDG subcommand.
pub fn run(settings: &Settings, command: DfdgCommand) -> anyhow::Result<()> {
    match command {
        DfdgCommand::Pull => {
            let Some(client) = crate::server::workers::dfdg_client(settings)? else {
                bail!("no DFDG URL is configured; set PLANNER_DFDG_URL or 'url' in the [dfdg] table")
            };
            let store = open_store(settings)?;
            let report = queue::pull(&store, &client, &settings.dfdg.sub_queue, &chrono::Utc::now)
                .map_err(|error| {
                    anyhow::anyhow!(
                        "{} (committed before: {} applied, {} already seen, {} rejected; the rest is redelivered)",
                        error.error,
                        error.report.applied,
                        error.report.already_seen,
                        error.report.rejected
                    )
                })
                .context("the DFDG pull stopped")?;
            println!(
                "sequences confirmed: {}\nmessages fetched: {}\napplied: {}\nalready seen: {}\nrejected: {}",
                report.sequences, report.fetched, report.applied, report.already_seen, report.rejected
            );
            Ok(())
        }
        DfdgCommand::Log { n } => {
            let store = open_store(settings)?;
            let log = store.dfdg_messages(n.max(1)).context("cannot read the WSRM log")?;
            println!("{:<36}  {:<10}  {:<36}  {:<8}  detail", "message", "change", "booking", "outcome");
            for message in log {
                println!(
                    "{:<36}  {:<10}  {:<36}  {:<8}  {}",
                    message.message_id,
                    message.change_type,
                    message.booking_id.as_deref().unwrap_or("-"),
                    message.outcome,
                    message.detail.as_deref().unwrap_or("")
                );
            }
            Ok(())
        }
        DfdgCommand::Fejlmeldinger { n } => fejlmeldinger(settings, n),
    }
}

/// `planner dfdg fejlmeldinger`: every jobcenter's reports (the CLI is the installation's operator).
fn fejlmeldinger(settings: &Settings, n: i64) -> anyhow::Result<()> {
    anyhow::ensure!(n > 0, "invalid -n {n}; use a positive number of reports");
    let store = open_store(settings)?;
    let jobcenters = store.jobcenters().context("cannot read the jobcenters")?;
    let query = ErrorReportQuery {
        limit: n,
        jobcenters: jobcenters.into_iter().map(|(code, _)| code).collect(),
        include_unbound: true,
    };
    let reports = store.error_reports(&query).context("cannot read the error reports")?;
    println!(
        "{:<20}  {:<6}  {:>8}  {:<9}  {:<45}  text",
        "received", "origin", "fejlkode", "jobcenter", "about"
    );
    for record in reports {
        let report = &record.report;
        let about = match (&report.booking, &report.offer) {
            (Some(booking), _) => format!("booking={booking}"),
            (None, Some(offer)) => format!("offer={offer}"),
            (None, None) => "-".into(),
        };
        let origin = match report.origin {
            30 => "DFDG",
            32 => "Jobnet",
            _ => "other",
        };
        println!(
            "{:<20}  {origin:<6}  {:>8}  {:<9}  {about:<45}  {}",
            record.received_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            report.code,
            record.jobcenter.as_deref().unwrap_or("-"),
            report.text.as_deref().map(mask_cpr).unwrap_or_default()
        );
    }
    Ok(())
}
