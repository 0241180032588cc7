//! The trust-related commands: `planner certs dev|import-p12` (the development PKI and
//! function certificates), `planner callers add|list|disable` (the caller registry) and
//! `planner audit tail`. Thin calls into `tls` and `store`; no business rules here.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;

use super::open_store;
use crate::config::Settings;
use crate::domain::{Caller, JobCenterCode, Role};

/// `planner certs ...`
#[derive(Debug, Subcommand)]
pub enum CertsCommand {
    /// Create a development CA, server and client certificates, and register the three callers.
    Dev {
        /// Where the files go.
        #[arg(long, value_name = "DIR", default_value = "certs/dev")]
        dir: PathBuf,
        /// Replace existing files (new CA, new certificates, new identities).
        #[arg(long)]
        force: bool,
    },
    /// Write the key and certificate chain of a PKCS#12 file as PEM.
    ImportP12 {
        /// The PKCS#12 (.p12 / .pfx) file.
        file: PathBuf,
        /// The environment variable holding the file's password.
        #[arg(long, value_name = "VAR")]
        password_env: String,
        /// Where the PEM files go (default: beside the PKCS#12 file).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// `planner callers ...`
#[derive(Debug, Subcommand)]
pub enum CallersCommand {
    /// Register a caller, or replace its role and jobcenters (and enable it).
    Add {
        /// The certificate identity, e.g. `CVR:12345678-UUID:...`.
        identity: String,
        /// `dfdg`, `caseworker-system`, `admin`, `case-system` or `calendar-connector`.
        #[arg(long)]
        role: String,
        /// Jobcenter codes the caller may act for.
        #[arg(long = "jobcenter", value_name = "CODE", required = true, num_args = 1..)]
        jobcenters: Vec<String>,
    },
    /// Print every registered caller.
    List,
    /// Refuse a caller from now on (fault 4575) without forgetting it.
    Disable {
        /// The certificate identity.
        identity: String,
    },
}

/// `planner audit ...`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Print the newest audit rows, oldest first.
    Tail {
        /// How many rows.
        #[arg(short = 'n', default_value_t = 20)]
        n: i64,
    },
    /// Search the audit trail (every option given must match), newest first.
    Search(AuditSearchArgs),
}

/// `planner audit search` options.
#[derive(Debug, clap::Args)]
pub struct AuditSearchArgs {
    /// From this instant (RFC 3339).
    #[arg(long)]
    from: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Before this instant (RFC 3339).
    #[arg(long)]
    to: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The caller identity.
    #[arg(long)]
    caller: Option<String>,
    /// The person the caller acted for.
    #[arg(long)]
    user: Option<String>,
    /// The operation (a trailing `*` matches a prefix).
    #[arg(long)]
    operation: Option<String>,
    /// The jobcenter.
    #[arg(long)]
    jobcenter: Option<String>,
    /// Rows naming this booking id.
    #[arg(long)]
    booking: Option<String>,
    /// `ok`, or an error code or status.
    #[arg(long)]
    outcome: Option<String>,
    /// The name of an environment variable holding a citizen's CPR (never on the command line).
    #[arg(long, value_name = "VAR")]
    cpr_env: Option<String>,
    /// How many rows.
    #[arg(short = 'n', default_value_t = 100)]
    n: i64,
}

pub(super) fn certs_dev(settings: &Settings, dir: &Path, force: bool) -> anyhow::Result<()> {
    let pki = crate::tls::create_dev_pki(dir, force)?;
    println!(
        "development PKI in {}: {} file(s) created, {} kept",
        dir.display(),
        pki.created.len(),
        pki.kept.len()
    );
    let store = open_store(settings)?;
    let jobcenter = JobCenterCode::parse(crate::demo::JOBCENTER).context("the demo jobcenter code")?;
    for dev in &pki.callers {
        let caller = Caller {
            identity: dev.identity.clone(),
            role: dev.role,
            jobcenters: vec![jobcenter.clone()],
            enabled: true,
        };
        store
            .upsert_caller(&caller, chrono::Utc::now())
            .context("cannot register the development callers")?;
        println!(
            "registered {} ({}) for jobcenter {jobcenter}: {}",
            dev.name,
            dev.role.as_str(),
            dev.identity
        );
    }
    let listen = settings.public_url.clone().unwrap_or_else(|| format!("https://{}", settings.listen));
    println!(
        "try: curl --cert {0}/dfdg.pem --key {0}/dfdg-key.pem --cacert {0}/ca.pem {listen}/ExternalBookingService?wsdl",
        dir.display()
    );
    Ok(())
}

pub(super) fn callers(settings: &Settings, command: CallersCommand) -> anyhow::Result<()> {
    // Arguments are checked before the database is opened.
    let add = match &command {
        CallersCommand::Add { identity, role, jobcenters } => {
            let role = Role::parse(role).map_err(|_| {
                anyhow::anyhow!(
                    "invalid role '{role}'; use 'dfdg', 'caseworker-system', 'admin', 'case-system' or 'calendar-connector'"
                )
            })?;
            let jobcenters = jobcenters
                .iter()
                .map(|code| {
                    JobCenterCode::parse(code).map_err(|_| {
                        anyhow::anyhow!("invalid jobcenter code '{code}'; use 5 digits such as '00101'")
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            anyhow::ensure!(!identity.trim().is_empty(), "the caller identity is empty");
            Some(Caller { identity: identity.trim().to_owned(), role, jobcenters, enabled: true })
        }
        _ => None,
    };
    let store = open_store(settings)?;
    let now = chrono::Utc::now();
    match (command, add) {
        (CallersCommand::Add { .. }, Some(caller)) => {
            store.upsert_caller(&caller, now).context("cannot register the caller")?;
            println!("registered {} ({})", caller.identity, caller.role.as_str());
        }
        (CallersCommand::Disable { identity }, _) => {
            let mut caller = store
                .caller(&identity)
                .context("cannot read the caller registry")?
                .with_context(|| format!("unknown caller '{identity}'; see 'planner callers list'"))?;
            caller.enabled = false;
            store.upsert_caller(&caller, now).context("cannot disable the caller")?;
            println!("disabled {identity}");
        }
        (_, _) => {
            for caller in store.callers().context("cannot read the caller registry")? {
                let jobcenters = caller.jobcenters.iter().map(JobCenterCode::as_str).collect::<Vec<_>>();
                println!(
                    "{}\t{}\t{}\t{}",
                    caller.identity,
                    caller.role.as_str(),
                    jobcenters.join(","),
                    if caller.enabled { "enabled" } else { "disabled" }
                );
            }
        }
    }
    Ok(())
}

pub(super) fn audit_tail(settings: &Settings, n: i64) -> anyhow::Result<()> {
    anyhow::ensure!(n > 0, "invalid -n {n}; use a positive number of rows");
    let store = open_store(settings)?;
    print_audit(&store.audit_tail(n).context("cannot read the audit log")?);
    Ok(())
}

/// `planner audit search`: the whole installation's trail (the operator acts for every
/// jobcenter), filtered.
pub(super) fn audit_search(settings: &Settings, args: AuditSearchArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.n > 0 && args.n <= 10_000, "invalid -n {}; use 1-10000 rows", args.n);
    let citizen = match &args.cpr_env {
        Some(var) => {
            let text = std::env::var(var).with_context(|| format!("the variable '{var}' is not set"))?;
            Some(
                crate::domain::Cpr::parse(text.trim())
                    .with_context(|| format!("the variable '{var}' holds no valid CPR"))?,
            )
        }
        None => None,
    };
    let booking = args
        .booking
        .as_deref()
        .map(|b| crate::domain::BookingId::parse(b).with_context(|| format!("invalid --booking '{b}'")))
        .transpose()?;
    let store = open_store(settings)?;
    let scope = store.jobcenters()?.into_iter().map(|(code, _)| code.as_str().to_owned()).collect();
    let search = crate::store::AuditSearch {
        from: args.from.map(|t| t.with_timezone(&chrono::Utc)),
        to: args.to.map(|t| t.with_timezone(&chrono::Utc)),
        caller: args.caller,
        request_user: args.user,
        operation: args.operation,
        jobcenter: args.jobcenter,
        booking,
        outcome: args.outcome,
        citizen,
        scope,
        own: None,
        before: None,
    };
    print_audit(&store.audit_search(&search, args.n).context("cannot search the audit log")?);
    Ok(())
}

fn print_audit(records: &[crate::store::AuditRecord]) {
    for record in records {
        let entry = &record.entry;
        println!(
            "{} caller={} operation={} jobcenter={} outcome={} request_user={} correlation_id={}{}",
            record.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            mask_cpr(&entry.caller),
            mask_cpr(&entry.operation),
            entry.jobcenter.as_deref().unwrap_or("-"),
            entry.outcome,
            entry.request_user.as_deref().map(mask_cpr).unwrap_or_else(|| "-".into()),
            entry.correlation_id,
            entry
                .detail
                .as_deref()
                .map(|detail| format!(" detail=\"{}\"", mask_cpr(detail)))
                .unwrap_or_default(),
        );
    }
}

/// Masks anything shaped like a CPR number (kept here under its old name for the CLI).
pub use crate::domain::mask_cpr;
