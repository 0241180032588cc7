//! The command line (contract §8): `planner migrate`, `planner demo-data [--json]`,
//! `planner serve [--listen ADDR] [--insecure-http]`, `planner certs dev|import-p12`,
//! `planner callers add|list|disable`, `planner audit tail`, the operator commands
//! `planner counselors|offers|report ...` (in `cli/operators.rs`) and `planner summons batch`
//! (in `cli/summons.rs`), with a global `--config FILE`.
//!
//! Every subcommand is a thin call into the library: load the settings, open the store, call
//! one function. Errors are `anyhow` with context naming the file, address or setting involved;
//! `main.rs` prints them as one line. This module must not hold business rules.

mod operators;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};

pub mod summons;

use crate::config::Settings;
use crate::domain::{Caller, JobCenterCode, Role};
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
    /// Reports over bookings.
    #[command(subcommand)]
    Report(operators::ReportCommand),
    /// Summons (indkaldelse): bulk summons of citizens from a CSV file.
    #[command(subcommand)]
    Summons(summons::SummonsCommand),
}

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
        /// `dfdg`, `caseworker-system` or `admin`.
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
}

/// Runs one command line to completion.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let mut settings = Settings::from_process_env(cli.config.as_deref())?;
    match cli.command {
        Command::Migrate => {
            open_store(&settings)?;
            Ok(())
        }
        Command::DemoData { json } => demo_data(&settings, json),
        Command::Serve { listen, insecure_http } => {
            if let Some(listen) = listen {
                settings.set_listen(&listen)?;
            }
            settings.insecure_http = insecure_http;
            // TLS files are checked before the database is touched.
            let tls = if insecure_http { None } else { Some(crate::tls::server_config(&settings.tls)?) };
            let store = open_store(&settings)?;
            let server = Server::build_with_tls(&settings, store, tls)?;
            if insecure_http {
                log::warn!("--insecure-http: plain HTTP without client certificates, for development only");
            } else if let Some(example) = curl_example(&settings, server.address()) {
                log::info!("try: {example}");
            }
            actix_web::rt::System::new().block_on(server.run())
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
        Command::Counselors(command) => operators::counselors(&settings, command),
        Command::Offers(command) => operators::offers(&settings, command),
        Command::Report(command) => operators::report(&settings, command),
        Command::Summons(command) => summons::run(&settings, command),
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

fn certs_dev(settings: &Settings, dir: &Path, force: bool) -> anyhow::Result<()> {
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

fn callers(settings: &Settings, command: CallersCommand) -> anyhow::Result<()> {
    // Arguments are checked before the database is opened.
    let add = match &command {
        CallersCommand::Add { identity, role, jobcenters } => {
            let role = Role::parse(role).map_err(|_| {
                anyhow::anyhow!("invalid role '{role}'; use 'dfdg', 'caseworker-system' or 'admin'")
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

fn audit_tail(settings: &Settings, n: i64) -> anyhow::Result<()> {
    anyhow::ensure!(n > 0, "invalid -n {n}; use a positive number of rows");
    let store = open_store(settings)?;
    for record in store.audit_tail(n).context("cannot read the audit log")? {
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
    Ok(())
}

/// Masks anything shaped like a CPR number (ten digits, or six, a dash and four), whatever
/// field it hides in: contract §5 keeps CPR numbers out of operator output.
pub fn mask_cpr(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while index < chars.len() {
        let run = |from: usize| chars[from..].iter().take_while(|c| c.is_ascii_digit()).count();
        let starts_number = index == 0 || !chars[index - 1].is_ascii_digit();
        if starts_number && chars[index].is_ascii_digit() {
            let digits = run(index);
            if digits == 10 {
                out.push_str("**********");
                index += 10;
                continue;
            }
            if digits == 6 && chars.get(index + 6) == Some(&'-') && run(index + 7) == 4 {
                out.push_str("******-****");
                index += 11;
                continue;
            }
            out.extend(&chars[index..index + digits]);
            index += digits;
            continue;
        }
        out.push(chars[index]);
        index += 1;
    }
    out
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

#[cfg(test)]
mod tests {
    use super::mask_cpr;

    #[test]
    fn mask_cpr_hides_cpr_shaped_numbers_only() {
        let cases = [
            ("0101901234", "**********"),
            ("user 010190-1234 here", "user ******-**** here"),
            ("CVR:55568510-UUID:0b1c2d3e", "CVR:55568510-UUID:0b1c2d3e"),
            ("12345678901", "12345678901"),
            ("offer=5f1c", "offer=5f1c"),
            ("a0101901234b", "a**********b"),
        ];
        for (input, expected) in cases {
            assert_eq!(mask_cpr(input), expected, "{input}");
        }
    }
}
