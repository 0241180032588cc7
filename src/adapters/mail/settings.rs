//! The `[mail]` settings: the mail server (host, port, `starttls` or `implicit` TLS, an extra
//! trust anchor), its account (user name and password, or a password file) and the sending
//! limits per hour and per day. No host means no mail: invitations answer their link instead.
//! The password is never Debug-printed or logged.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};
use serde::Deserialize;

use crate::domain::mail::SendingLimits;

/// How the connection to the mail server is secured; plain SMTP is not an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MailTls {
    /// Plain connect, then STARTTLS before anything else (port 587); a server that does not
    /// offer STARTTLS is refused.
    #[default]
    StartTls,
    /// TLS from the first byte (port 465).
    Implicit,
}

impl MailTls {
    /// Parses `starttls` or `implicit`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "starttls" => Some(Self::StartTls),
            "implicit" => Some(Self::Implicit),
            _ => None,
        }
    }
}

/// How the planner reaches the mail server.
#[derive(Clone, PartialEq, Eq)]
pub struct MailSettings {
    /// The mail server's host name (checked against its certificate); `None`: no mail.
    pub host: Option<String>,
    /// Its port; 587 for STARTTLS and 465 for implicit TLS when not set.
    pub port: Option<u16>,
    /// STARTTLS or implicit TLS.
    pub tls: MailTls,
    /// The account's user name.
    pub username: Option<String>,
    /// The account's password; never printed.
    pub password: Option<String>,
    /// An extra trust anchor (PEM) for the server's certificate, beside the system's.
    pub ca: Option<PathBuf>,
    /// Mails per rolling hour and day; mail beyond them waits.
    pub limits: SendingLimits,
    /// Timeout of each step of one connection.
    pub timeout: Duration,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            host: None,
            port: None,
            tls: MailTls::StartTls,
            username: None,
            password: None,
            ca: None,
            limits: SendingLimits::default(),
            timeout: Duration::from_secs(30),
        }
    }
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "**redacted**"))
            .field("ca", &self.ca)
            .field("limits", &self.limits)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl MailSettings {
    /// Whether a mail server is configured.
    pub fn configured(&self) -> bool {
        self.host.is_some()
    }

    /// The port to connect to.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.tls {
            MailTls::StartTls => 587,
            MailTls::Implicit => 465,
        })
    }
}

/// The `[mail]` table of the configuration file (or its `PLANNER_MAIL_*` variables).
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailLayer {
    host: Option<String>,
    port: Option<u16>,
    tls: Option<String>,
    username: Option<String>,
    password: Option<String>,
    password_file: Option<PathBuf>,
    ca: Option<PathBuf>,
    per_hour: Option<u32>,
    per_day: Option<u32>,
    timeout_seconds: Option<u64>,
}

impl std::fmt::Debug for MailLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailLayer").field("host", &self.host).finish_non_exhaustive()
    }
}

/// A whole number from variable `name`, if set.
fn number<T: std::str::FromStr>(
    env: &dyn Fn(&str) -> Option<String>,
    name: &str,
) -> anyhow::Result<Option<T>> {
    match env(name) {
        Some(text) => match text.trim().parse() {
            Ok(value) => Ok(Some(value)),
            Err(_) => bail!("invalid {name} '{text}'; use a whole number"),
        },
        None => Ok(None),
    }
}

impl MailLayer {
    /// The layer from `PLANNER_MAIL_HOST`, `_PORT`, `_TLS`, `_USERNAME`, `_PASSWORD`,
    /// `_PASSWORD_FILE`, `_CA`, `_PER_HOUR`, `_PER_DAY` and `_TIMEOUT_SECONDS`.
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        Ok(Self {
            host: env("PLANNER_MAIL_HOST"),
            port: number(env, "PLANNER_MAIL_PORT")?,
            tls: env("PLANNER_MAIL_TLS"),
            username: env("PLANNER_MAIL_USERNAME"),
            password: env("PLANNER_MAIL_PASSWORD"),
            password_file: env("PLANNER_MAIL_PASSWORD_FILE").map(PathBuf::from),
            ca: env("PLANNER_MAIL_CA").map(PathBuf::from),
            per_hour: number(env, "PLANNER_MAIL_PER_HOUR")?,
            per_day: number(env, "PLANNER_MAIL_PER_DAY")?,
            timeout_seconds: number(env, "PLANNER_MAIL_TIMEOUT_SECONDS")?,
        })
    }
}

impl MailSettings {
    /// Applies a layer; `name` turns a key and its variable into the name of its source.
    pub fn apply(&mut self, layer: MailLayer, name: &dyn Fn(&str, &str) -> String) -> anyhow::Result<()> {
        if let Some(host) = layer.host {
            if host.trim().is_empty() || host.contains(['/', ':', ' ']) {
                bail!(
                    "invalid {} '{host}'; use the mail server's host name such as 'smtp.kommune.dk'",
                    name("mail.host", "PLANNER_MAIL_HOST")
                );
            }
            self.host = Some(host.trim().to_owned());
        }
        if let Some(port) = layer.port {
            if port == 0 {
                bail!("invalid {} 0; use the mail server's port", name("mail.port", "PLANNER_MAIL_PORT"));
            }
            self.port = Some(port);
        }
        if let Some(text) = layer.tls {
            self.tls = MailTls::parse(&text).with_context(|| {
                format!(
                    "invalid {} '{text}'; use 'starttls' or 'implicit' (plain SMTP is not supported)",
                    name("mail.tls", "PLANNER_MAIL_TLS")
                )
            })?;
        }
        self.username = layer.username.or(self.username.take());
        if let Some(password) = layer.password {
            self.password = Some(password);
        }
        if let Some(path) = layer.password_file {
            let source = name("mail.password_file", "PLANNER_MAIL_PASSWORD_FILE");
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {source} {}", path.display()))?;
            self.password = Some(text.trim_end_matches(['\r', '\n']).to_owned());
        }
        self.ca = layer.ca.or(self.ca.take());
        if let Some(per_hour) = layer.per_hour {
            if per_hour == 0 {
                bail!("invalid {} 0; use at least 1", name("mail.per_hour", "PLANNER_MAIL_PER_HOUR"));
            }
            self.limits.per_hour = per_hour;
        }
        if let Some(per_day) = layer.per_day {
            if per_day == 0 {
                bail!("invalid {} 0; use at least 1", name("mail.per_day", "PLANNER_MAIL_PER_DAY"));
            }
            self.limits.per_day = per_day;
        }
        if let Some(seconds) = layer.timeout_seconds {
            if seconds == 0 {
                bail!(
                    "invalid {} 0; use at least 1 second",
                    name("mail.timeout_seconds", "PLANNER_MAIL_TIMEOUT_SECONDS")
                );
            }
            self.timeout = Duration::from_secs(seconds);
        }
        Ok(())
    }
}
