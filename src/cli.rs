//! The command line (contract §8): `planner migrate`, `planner demo-data [--json]`,
//! `planner serve [--listen ADDR] [--insecure-http]`, `planner certs dev|import-p12`,
//! `planner callers add|list|disable`, `planner audit tail`, the operator commands
//! `planner counselors|offers|report ...` (in `cli/operators.rs`) and `planner summons batch`
//! (in `cli/summons.rs`), `planner webhooks ...` (in `cli/webhooks.rs`), `planner mail ...` (in `cli/mail.rs`), `planner calendar import|poll` (in
//! `cli/calendar.rs`), with a global
//! `--config FILE`.
//!
//! Every subcommand is a thin call into the library: load the settings, open the store, call
//! one function. Errors are `anyhow` with context naming the file, address or setting involved;
//! `main.rs` prints them as one line. This module must not hold business rules.

mod accounts;
mod calendar;
mod citizens_csv;
mod closing;
mod dfdg;
mod mail;
mod operators;
mod planlink;
mod rooms;
mod sivi;
mod teams;
mod templates;
mod trust;
mod webhooks;

use trust::{audit_tail, callers, certs_dev};
pub use trust::{mask_cpr, AuditCommand, CallersCommand, CertsCommand};

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};

pub mod summons;

use crate::config::Settings;
use crate::server::Server;
use crate::store::Store;

/// The `planner` command line.
#[derive(Debug, Parser)]
#[command(name = "planner", version, about = "Municipal Planner service for DFDG self-booking")]
pub struct Cli {
    /// TOML configuration file (else `PLANNER_CONFIG`; environment variables override it).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create or upgrade the database schema.
    Migrate,
    /// Write a consistent copy of the SQLite database to FILE (also while `serve` runs).
    Backup {
        /// The copy to write; it must not exist yet.
        file: PathBuf,
    },
    /// Load a realistic demo jobcenter and print what a client needs to call it.
    DemoData {
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Serve until SIGINT or SIGTERM, then drain in-flight requests and exit 0.
    Serve {
        /// Address to listen on, overriding the configuration (IP:PORT).
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
        /// Serve plain HTTP without client certificates; the caller is named by the
        /// `X-Planner-Caller` header (tests only).
        #[arg(long)]
        insecure_http: bool,
    },
    /// Certificates: a development PKI, or PEM files from a PKCS#12 function certificate.
    #[command(subcommand)]
    Certs(CertsCommand),
    /// The caller registry: certificate identities, their roles and jobcenters.
    #[command(subcommand)]
    Callers(CallersCommand),
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Counselors: list, add, weekly working hours.
    #[command(subcommand)]
    Counselors(operators::CounselorsCommand),
    /// Offers: list, add, deactivate.
    #[command(subcommand)]
    Offers(operators::OffersCommand),
    /// Meeting rooms: list, add, close for a period, the rooms an offer draws from.
    #[command(subcommand)]
    Rooms(rooms::RoomsCommand),
    /// Interview type rules: no-show follow-up, required contact data.
    #[command(subcommand)]
    InterviewTypes(rooms::TypeRulesCommand),
    /// Summons templates: list, add, delete (a batch starts from one with `--template`).
    #[command(subcommand)]
    Templates(templates::TemplatesCommand),
    /// Teams: list, add, members joining and leaving.
    #[command(subcommand)]
    Teams(teams::TeamsCommand),
    /// People's accounts and invitations: invite, list, extend, revoke, disable.
    #[command(subcommand)]
    Accounts(accounts::AccountsCommand),
    /// Mail: sender addresses (add, confirm with the mailed code, list), the mail log, redeliver.
    #[command(subcommand)]
    Mail(mail::MailCommand),
    /// Closing days: public holidays, customary days, a jobcenter's own.
    #[command(subcommand)]
    ClosingDays(closing::ClosingCommand),
    /// Reports over bookings.
    #[command(subcommand)]
    Report(operators::ReportCommand),
    /// Summons (indkaldelse): bulk summons of citizens from a CSV file.
    #[command(subcommand)]
    Summons(summons::SummonsCommand),
    /// Webhook recipients: add, list, disable, delivery log.
    #[command(subcommand)]
    Webhooks(webhooks::WebhooksCommand),
    /// Calendar sync: import busy time from ICS files, poll counselors' ICS URLs.
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
    /// SIVI absence intake: import Verzuimmeldingen messages.
    #[command(subcommand)]
    Sivi(sivi::SiviCommand),
    /// Make a signed plan-link that opens the planner for one person and one caseworker.
    Planlink(planlink::PlanlinkArgs),
    /// DFDG: pull the WSRM queue of caseworker-system bookings.
    #[command(subcommand)]
    Dfdg(dfdg::DfdgCommand),
}

/// Runs one command line to completion.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let mut settings = Settings::from_process_env(cli.config.as_deref())?;
    match cli.command {
        Command::Migrate => {
            open_store(&settings)?;
            Ok(())
        }
        Command::Backup { file } => backup(&settings, &file),
        Command::DemoData { json } => demo_data(&settings, json),
        Command::Serve { listen, insecure_http } => {
            if let Some(listen) = listen {
                settings.set_listen(&listen)?;
            }
            settings.insecure_http = insecure_http;
            // TLS files are checked before the database is touched.
            let tls = if insecure_http { None } else { Some(crate::tls::server_config(&settings.tls)?) };
            let store = open_store(&settings)?;
            let server = Server::build_with_tls(&settings, store.clone(), tls)?;
            if insecure_http {
                log::warn!("--insecure-http: plain HTTP without client certificates, for development only");
            } else if let Some(example) = curl_example(&settings, server.address()) {
                log::info!("try: {example}");
            }
            let workers = crate::server::workers::Workers::start(&settings, &store)?;
            let served = actix_web::rt::System::new().block_on(server.run());
            // The server has drained; end every background loop after its current round.
            workers.stop();
            served
        }
        Command::Certs(CertsCommand::Dev { dir, force }) => certs_dev(&settings, &dir, force),
        Command::Certs(CertsCommand::ImportP12 { file, password_env, out }) => {
            let password = std::env::var(&password_env)
                .with_context(|| format!("the password variable '{password_env}' is not set"))?;
            let out = out.unwrap_or_else(|| file.parent().map(Path::to_path_buf).unwrap_or_default());
            let imported = crate::tls::import_p12(&file, &password, &out)?;
            println!("key: {}", imported.key.display());
            println!("certificate chain: {}", imported.chain.display());
            println!("subject: {}", imported.subject);
            println!("identity (serialNumber): {}", imported.identity.as_deref().unwrap_or("-"));
            Ok(())
        }
        Command::Callers(command) => callers(&settings, command),
        Command::Audit(AuditCommand::Tail { n }) => audit_tail(&settings, n),
        Command::Audit(AuditCommand::Search(args)) => trust::audit_search(&settings, args),
        Command::Counselors(command) => operators::counselors(&settings, command),
        Command::Offers(command) => operators::offers(&settings, command),
        Command::ClosingDays(command) => closing::run(&settings, command),
        Command::Teams(command) => teams::run(&settings, command),
        Command::Accounts(command) => accounts::run(&settings, command),
        Command::Mail(command) => mail::run(&settings, command),
        Command::Templates(command) => templates::run(&settings, command),
        Command::Rooms(command) => rooms::rooms(&settings, command),
        Command::InterviewTypes(command) => rooms::type_rules(&settings, command),
        Command::Report(command) => operators::report(&settings, command),
        Command::Summons(command) => summons::run(&settings, command),
        Command::Webhooks(command) => webhooks::run(&settings, command),
        Command::Calendar(command) => calendar::run(&settings, command),
        Command::Sivi(command) => sivi::run(&settings, command),
        Command::Planlink(args) => planlink::run(&settings, args),
        Command::Dfdg(command) => dfdg::run(&settings, command),
    }
}

/// A ready-to-paste request for the WSDL with the development PKI's DFDG certificate, when the
/// client CA's directory holds one.
fn curl_example(settings: &Settings, address: std::net::SocketAddr) -> Option<String> {
    let ca = settings.tls.client_ca.as_deref()?;
    let dir = ca.parent()?;
    let (cert, key) = (dir.join("dfdg.pem"), dir.join("dfdg-key.pem"));
    if !(cert.is_file() && key.is_file()) {
        return None;
    }
    let base = settings.public_url.clone().unwrap_or_else(|| format!("https://{address}"));
    Some(format!(
        "curl --cert {} --key {} --cacert {} {base}/ExternalBookingService?wsdl",
        cert.display(),
        key.display(),
        ca.display()
    ))
}

/// Opens the store and brings its schema up to date.
fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    let database = settings.database_description();
    if let Some(path) = settings.database_url.sqlite_path() {
        // The pool would otherwise retry for its whole connection timeout before failing.
        let parent = Path::new(path).parent().filter(|parent| !parent.as_os_str().is_empty());
        if let Some(parent) = parent.filter(|parent| !parent.is_dir()) {
            bail!("cannot open {database}: directory '{}' does not exist; create it first", parent.display());
        }
    }
    let store = Store::open(&settings.store_config()?).with_context(|| format!("cannot open {database}"))?;
    let applied = store.migrate().with_context(|| format!("cannot migrate {database}"))?;
    log::info!("{database}: {applied} migration(s) applied");
    Ok(store)
}

/// `planner backup FILE`: the copy gets mode 0600 (it holds personal data), and the operator is
/// reminded that the CPR numbers in it are readable only with the data key.
fn backup(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("'{}' exists already; choose a new file for the backup", file.display());
    }
    let store = open_store(settings)?;
    store.backup_to(file).with_context(|| format!("cannot back up to '{}'", file.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("cannot restrict the permissions of '{}'", file.display()))?;
    }
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    println!("backed up {} to '{}' ({size} bytes)", settings.database_description(), file.display());
    let key = match settings.database_url.sqlite_path() {
        Some(path) if settings.data_key.is_none() => format!("the data key file '{path}.key'"),
        _ => "PLANNER_DATA_KEY".to_owned(),
    };
    println!("keep {key} safe as well, apart from the backup: without it the CPR numbers cannot be read");
    Ok(())
}

fn demo_data(settings: &Settings, json: bool) -> anyhow::Result<()> {
    let store = open_store(settings)?;
    let summary = crate::demo::load(&store, chrono::Utc::now()).context("cannot load demo data")?;
    if json {
        println!("{}", serde_json::to_string_pretty(&summary).context("cannot print demo data")?);
    } else {
        let mut text = String::from("demo data loaded\n");
        render(&summary, 1, &mut text);
        print!("{text}");
    }
    Ok(())
}

/// Renders JSON as indented text for people; `--json` is for scripts.
fn render(value: &serde_json::Value, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                if value.is_object() || value.is_array() {
                    let _ = writeln!(out, "{indent}{key}:");
                    render(value, depth + 1, out);
                } else {
                    let _ = writeln!(out, "{indent}{key}: {}", scalar(value));
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                if item.is_object() || item.is_array() {
                    let _ = writeln!(out, "{indent}-");
                    render(item, depth + 1, out);
                } else {
                    let _ = writeln!(out, "{indent}- {}", scalar(item));
                }
            }
        }
        other => {
            let _ = writeln!(out, "{indent}{}", scalar(other));
        }
    }
}

fn scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
