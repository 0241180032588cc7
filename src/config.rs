//! Configuration: defaults, then the TOML file named by `--config` or `PLANNER_CONFIG`, then the
//! `PLANNER_*` environment variables (contract §8). Later sources win.
//!
//! The environment is read through a lookup function (`Settings::load(file, lookup)`), never
//! through `std::env` directly, so tests can give each case its own environment without touching
//! the process. Every value is checked while loading, and the error names the source it came
//! from (`PLANNER_LISTEN`, or the key in the file), so an operator knows what to fix.
//! The data key is a secret: it is never Debug-printed or logged, and neither is a database password.
//! The time zone is not configurable: contract §3 and §4 fix Europe/Copenhagen ([`crate::domain::ZONE`]).

use std::fs;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context};
use serde::Deserialize;

use crate::store::{Backend, DataKey, DatabaseUrl, StoreConfig};

mod env;
mod oidc;
pub use crate::adapters::dfdg::settings::{DfdgLayer, DfdgSettings};
pub use crate::adapters::mail::settings::{MailLayer, MailSettings};
pub use crate::adapters::webhooks::settings::{WebhookLayer, WebhookSettings};
use crate::tls::IdentityAttribute;
pub use crate::tls::TlsSettings;
use env::{env_layer, key_env};
pub use oidc::{OidcLayer, OidcSettings};

/// Environment variable naming the TOML configuration file.
pub const CONFIG_ENV: &str = "PLANNER_CONFIG";

/// Where the people listener listens unless configured otherwise (development).
pub const DEFAULT_WEB_LISTEN: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 1)), 8444);

/// Everything `planner` can be configured with.
#[derive(Clone)]
pub struct Settings {
    /// Where the data lives; `PLANNER_DATABASE_URL`, default the SQLite file `planner.db`.
    pub database_url: DatabaseUrl,
    /// The address to listen on; `PLANNER_LISTEN`, default `127.0.0.1:8443`.
    pub listen: SocketAddr,
    /// A second listener serving only the calendar feeds (`/calendar/{token}.ics`) over TLS
    /// without client certificates, for Outlook and phone subscriptions, which cannot present
    /// one; `PLANNER_FEED_LISTEN`, off by default.
    pub feed_listen: Option<SocketAddr>,
    /// The people listener: the staff web app over TLS with the server certificate and no
    /// client certificate; `PLANNER_WEB_LISTEN`, `off` for none. [`Settings::load`] starts from
    /// [`DEFAULT_WEB_LISTEN`]; settings built in code (tests) have none unless they set it.
    pub web_listen: Option<SocketAddr>,
    /// How long a person's session lives without a request and at most
    /// (`session_idle_minutes`, default 30; `session_hours`, default 10).
    pub sessions: crate::domain::people::SessionPolicy,
    /// The URL clients use to reach us (WSDL `soap:address`); `PLANNER_PUBLIC_URL`.
    /// When unset, [`Settings::public_url`] derives `https://{listen}`.
    pub public_url: Option<String>,
    /// The URL people reach the staff web app at, which invitation links start with;
    /// `PLANNER_WEB_URL`. When unset, [`Settings::web_url`] answers `https://{web_listen}`.
    pub web_url: Option<String>,
    /// TLS material.
    pub tls: TlsSettings,
    /// The key protecting CPR numbers; `PLANNER_DATA_KEY` (64 hex digits).
    /// When unset, [`Settings::store_config`] keeps a development key beside a SQLite database.
    pub data_key: Option<DataKey>,
    /// How long a reservation holds its time, in minutes (contract §4, default 10).
    pub reservation_minutes: u32,
    /// Database connections in the pool.
    pub pool_size: u32,
    /// HTTP worker threads; `None` means one per CPU core.
    pub workers: Option<usize>,
    /// Serve plain HTTP and trust the caller header (`serve --insecure-http` only, never read
    /// from a file or the environment).
    pub insecure_http: bool,
    /// The outbox worker's webhook sending and retries (`[webhooks]`).
    pub webhooks: WebhookSettings,
    /// The Xpert Suite adapters (`[adapters]`; `adapters/settings.rs`).
    pub adapters: crate::adapters::settings::AdapterSettings,
    /// The DFDG client (WSRM queue and summons registration); off without a URL.
    pub dfdg: DfdgSettings,
    /// The mail server (`[mail]`, `PLANNER_MAIL_*`); no host means no mail.
    pub mail: MailSettings,
    /// Single sign-on with the municipality's identity provider (`[oidc]`, `PLANNER_OIDC_*`);
    /// no issuer means none.
    pub oidc: OidcSettings,
    /// What "now" is for calls: the system clock; tests set another in code (never read from a
    /// file or the environment).
    pub clock: crate::edge::clock::Clock,
    /// The argon2id cost of new password hashes (64 MiB, 2 passes by default; the figure is in
    /// BENCHMARKS.md). Tests lower it in code; it is never read from a file or the environment.
    pub password: crate::edge::credentials::PasswordParams,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: DatabaseUrl::parse("planner.db").unwrap_or_else(|_| unreachable!()),
            listen: SocketAddr::from(([127, 0, 0, 1], 8443)),
            feed_listen: None,
            web_listen: None,
            sessions: Default::default(),
            public_url: None,
            web_url: None,
            tls: TlsSettings::default(),
            data_key: None,
            reservation_minutes: 10,
            pool_size: 8,
            workers: None,
            insecure_http: false,
            webhooks: WebhookSettings::default(),
            adapters: Default::default(),
            dfdg: DfdgSettings::default(),
            mail: MailSettings::default(),
            oidc: OidcSettings::default(),
            clock: crate::edge::clock::Clock::system(),
            password: Default::default(),
        }
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("database_backend", &self.database_url.backend())
            .field("listen", &self.listen)
            .field("feed_listen", &self.feed_listen)
            .field("web_listen", &self.web_listen)
            .field("sessions", &self.sessions)
            .field("public_url", &self.public_url)
            .field("web_url", &self.web_url)
            .field("tls", &self.tls)
            .field("data_key", &self.data_key.as_ref().map(|_| "**redacted**"))
            .field("reservation_minutes", &self.reservation_minutes)
            .field("pool_size", &self.pool_size)
            .field("workers", &self.workers)
            .field("insecure_http", &self.insecure_http)
            .field("webhooks", &self.webhooks)
            .field("adapters", &self.adapters)
            .field("dfdg", &self.dfdg)
            .field("mail", &self.mail)
            .field("oidc", &self.oidc)
            .field("clock", &self.clock)
            .field("password", &self.password)
            .finish()
    }
}

/// One source of settings: every key optional, unknown keys refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Layer {
    database_url: Option<String>,
    listen: Option<String>,
    feed_listen: Option<String>,
    web_listen: Option<String>,
    session_idle_minutes: Option<u32>,
    session_hours: Option<u32>,
    public_url: Option<String>,
    web_url: Option<String>,
    data_key: Option<String>,
    reservation_minutes: Option<u32>,
    pool_size: Option<u32>,
    workers: Option<usize>,
    tls: Option<TlsLayer>,
    webhooks: Option<WebhookLayer>,
    adapters: Option<crate::adapters::settings::AdaptersLayer>,
    dfdg: Option<DfdgLayer>,
    mail: Option<MailLayer>,
    oidc: Option<OidcLayer>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TlsLayer {
    cert: Option<PathBuf>,
    key: Option<PathBuf>,
    client_ca: Option<PathBuf>,
    crl: Option<PathBuf>,
    crl_check_milliseconds: Option<u64>,
    identity_attribute: Option<String>,
}

/// Where a layer came from, to name the offending setting in errors.
enum Source<'a> {
    File(&'a Path),
    Env,
}

impl Source<'_> {
    fn name(&self, key: &str, env: &str) -> String {
        match self {
            Source::File(path) => format!("'{key}' in {}", path.display()),
            Source::Env => env.to_owned(),
        }
    }
}

impl Settings {
    /// Loads defaults, then the TOML file (`file`, else the one `PLANNER_CONFIG` names), then
    /// the `PLANNER_*` variables that `env` returns. Empty variables count as unset.
    pub fn load(file: Option<&Path>, env: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let env = |name: &str| env(name).filter(|value| !value.trim().is_empty());
        let mut settings = Settings { web_listen: Some(DEFAULT_WEB_LISTEN), ..Settings::default() };
        let file = file.map(Path::to_path_buf).or_else(|| env(CONFIG_ENV).map(PathBuf::from));
        if let Some(path) = &file {
            let text = fs::read_to_string(path)
                .with_context(|| format!("cannot read configuration file {}", path.display()))?;
            settings.apply_toml(&text, path)?;
        }
        let mut layer = env_layer(env)?;
        layer.dfdg = Some(DfdgLayer::from_env(&env)?);
        layer.mail = Some(MailLayer::from_env(&env)?);
        layer.oidc = Some(OidcLayer::from_env(&env));
        settings.apply(layer, Source::Env)?;
        Ok(settings)
    }

    /// Loads with the process environment.
    pub fn from_process_env(file: Option<&Path>) -> anyhow::Result<Self> {
        Self::load(file, |name| std::env::var_os(name).map(|value| value.to_string_lossy().into_owned()))
    }

    fn apply_toml(&mut self, text: &str, path: &Path) -> anyhow::Result<()> {
        let layer: Layer = toml::from_str(text)
            .map_err(|e| anyhow::anyhow!("{}", e.message()))
            .with_context(|| format!("invalid configuration file {}", path.display()))?;
        self.apply(layer, Source::File(path))
    }

    fn apply(&mut self, layer: Layer, source: Source<'_>) -> anyhow::Result<()> {
        if let Some(url) = layer.database_url {
            let name = source.name("database_url", "PLANNER_DATABASE_URL");
            self.database_url = DatabaseUrl::parse(&url).with_context(|| format!("invalid {name}"))?;
        }
        if let Some(listen) = layer.listen {
            self.listen = parse_listen(&listen, &source.name("listen", "PLANNER_LISTEN"))?;
        }
        if let Some(listen) = layer.feed_listen {
            self.feed_listen =
                Some(parse_listen(&listen, &source.name("feed_listen", "PLANNER_FEED_LISTEN"))?);
        }
        if let Some(listen) = layer.web_listen {
            let name = source.name("web_listen", "PLANNER_WEB_LISTEN");
            self.web_listen = if listen.trim() == "off" { None } else { Some(parse_listen(&listen, &name)?) };
        }
        if let Some(minutes) = layer.session_idle_minutes {
            if !(1..=1440).contains(&minutes) {
                let name = source.name("session_idle_minutes", "PLANNER_SESSION_IDLE_MINUTES");
                bail!("invalid {name} {minutes}; use 1 to 1440 minutes");
            }
            self.sessions.idle = chrono::Duration::minutes(i64::from(minutes));
        }
        if let Some(hours) = layer.session_hours {
            if !(1..=24).contains(&hours) {
                bail!(
                    "invalid {} {hours}; use 1 to 24 hours",
                    source.name("session_hours", "PLANNER_SESSION_HOURS")
                );
            }
            self.sessions.absolute = chrono::Duration::hours(i64::from(hours));
        }
        if let Some(url) = layer.public_url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                let name = source.name("public_url", "PLANNER_PUBLIC_URL");
                bail!("invalid {name} '{url}'; use an absolute URL such as 'https://planner.example.dk'");
            }
            self.public_url = Some(url.trim_end_matches('/').to_owned());
        }
        if let Some(url) = layer.web_url {
            if !url.starts_with("https://") {
                let name = source.name("web_url", "PLANNER_WEB_URL");
                bail!(
                    "invalid {name} '{url}'; use an absolute https URL such as 'https://planner.example.dk'"
                );
            }
            self.web_url = Some(url.trim_end_matches('/').to_owned());
        }
        if let Some(key) = layer.data_key {
            let name = source.name("data_key", "PLANNER_DATA_KEY");
            // The error never repeats the key: it is a secret even when malformed.
            self.data_key = Some(DataKey::from_hex(&key).with_context(|| format!("invalid {name}"))?);
        }
        if let Some(minutes) = layer.reservation_minutes {
            if !(1..=1440).contains(&minutes) {
                let name = source.name("reservation_minutes", "PLANNER_RESERVATION_MINUTES");
                bail!("invalid {name} {minutes}; use 1 to 1440 minutes");
            }
            self.reservation_minutes = minutes;
        }
        if let Some(size) = layer.pool_size {
            if size == 0 {
                bail!("invalid {} 0; use at least 1", source.name("pool_size", "PLANNER_POOL_SIZE"));
            }
            self.pool_size = size;
        }
        if let Some(workers) = layer.workers {
            if workers == 0 {
                bail!("invalid {} 0; use at least 1", source.name("workers", "PLANNER_WORKERS"));
            }
            self.workers = Some(workers);
        }
        if let Some(tls) = layer.tls {
            let TlsLayer { cert, key, client_ca, crl, crl_check_milliseconds, identity_attribute } = tls;
            if let Some(text) = identity_attribute {
                let name = source.name("tls.identity_attribute", "PLANNER_TLS_IDENTITY_ATTRIBUTE");
                self.tls.identity_attribute = IdentityAttribute::parse(&text).with_context(|| {
                    format!("invalid {name} '{text}'; use 'serialNumber' or 'organizationIdentifier'")
                })?;
            }
            self.tls.cert = cert.or(self.tls.cert.take());
            self.tls.key = key.or(self.tls.key.take());
            self.tls.client_ca = client_ca.or(self.tls.client_ca.take());
            self.tls.crl = crl.or(self.tls.crl.take());
            if let Some(milliseconds) = crl_check_milliseconds {
                self.tls.crl_check_interval = Duration::from_millis(milliseconds);
            }
        }
        if let Some(layer) = layer.webhooks {
            self.webhooks.apply(layer, |key| source.name(key, "PLANNER_WEBHOOKS"))?;
        }
        if let Some(adapters) = layer.adapters {
            self.adapters.apply(adapters, &|key| source.name(key, &key_env(key)))?;
        }
        if let Some(layer) = layer.dfdg {
            self.dfdg.apply(layer, &|key, env| source.name(key, env))?;
        }
        if let Some(layer) = layer.mail {
            self.mail.apply(layer, &|key, env| source.name(key, env))?;
        }
        if let Some(layer) = layer.oidc {
            self.oidc.apply(layer, &|key, env| source.name(key, env))?;
        }
        Ok(())
    }

    /// Replaces the listen address (the `--listen` flag).
    pub fn set_listen(&mut self, listen: &str) -> anyhow::Result<()> {
        self.listen = parse_listen(listen, "--listen")?;
        Ok(())
    }

    /// The URL clients use to reach us: the configured one, else `https://{listen}`.
    pub fn public_url(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("https://{}", self.listen))
    }

    /// The base URL of the staff web app (invitation links start with it): the configured one,
    /// else `https://{web_listen}`, else `https://127.0.0.1:8444` (also for port 0).
    pub fn web_url(&self) -> crate::edge::WebUrl {
        // Port 0 (the operating system picks one when serving) names no URL.
        let listen = self.web_listen.filter(|listen| listen.port() != 0).unwrap_or(DEFAULT_WEB_LISTEN);
        crate::edge::WebUrl(self.web_url.clone().unwrap_or_else(|| format!("https://{listen}")))
    }

    /// The time zone of working hours, deadlines and wire times; fixed by the contract.
    pub fn time_zone(&self) -> chrono_tz::Tz {
        crate::domain::ZONE
    }

    /// What the store needs. Without a configured data key, a SQLite database gets a development
    /// key kept in `<database>.key` (created with mode 0600, reused on the next start);
    /// PostgreSQL refuses to start, because instances sharing a database must share the key.
    pub fn store_config(&self) -> anyhow::Result<StoreConfig> {
        let data_key = match (&self.data_key, self.database_url.sqlite_path()) {
            (Some(key), _) => key.clone(),
            (None, Some(path)) => dev_data_key(&PathBuf::from(format!("{path}.key")))?,
            (None, None) => {
                bail!("PLANNER_DATA_KEY is required with PostgreSQL; set it to 64 hexadecimal digits")
            }
        };
        Ok(StoreConfig {
            url: self.database_url.clone(),
            data_key,
            pool_size: self.pool_size,
            reservation_ttl: chrono::Duration::minutes(i64::from(self.reservation_minutes)),
        })
    }

    /// A description of the database for logs, without any password.
    pub fn database_description(&self) -> String {
        match (self.database_url.backend(), self.database_url.sqlite_path()) {
            (Backend::Sqlite, Some(path)) => format!("sqlite file '{path}'"),
            _ => "postgresql".to_owned(),
        }
    }
}

fn parse_listen(text: &str, name: &str) -> anyhow::Result<SocketAddr> {
    text.trim()
        .parse()
        .map_err(|_| anyhow::anyhow!("invalid {name} '{text}'; use IP:PORT such as '127.0.0.1:8443'"))
}

/// Reads the development data key, or creates it when absent.
fn dev_data_key(path: &Path) -> anyhow::Result<DataKey> {
    match fs::read_to_string(path) {
        Ok(text) => {
            log::warn!(
                "using the development data key in {}; set PLANNER_DATA_KEY in production",
                path.display()
            );
            return DataKey::from_hex(&text)
                .with_context(|| format!("invalid development data key file {}", path.display()));
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read data key file {}", path.display()))
        }
    }
    let key = DataKey::generate()?;
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = match options.open(path) {
        Ok(file) => file,
        // Another process created it between our read and our create: use theirs.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => return dev_data_key(path),
        Err(error) => {
            return Err(error).with_context(|| format!("cannot create data key file {}", path.display()))
        }
    };
    file.write_all(key.to_hex().as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write data key file {}", path.display()))?;
    log::warn!(
        "generated a development data key in {}; it protects CPR numbers in this database, \
         keep it with the database and set PLANNER_DATA_KEY in production",
        path.display()
    );
    Ok(key)
}

#[cfg(test)]
mod tests;
