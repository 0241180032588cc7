//! The DFDG client's settings: DFDG's base URL, the planner's own function certificate and key
//! (mutual TLS), the CA bundle that signs DFDG's server certificate, timeouts, retries and the
//! queue's pull interval. No URL means no DFDG: `serve` does not pull and `dfdg pull` refuses.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::bail;
use serde::Deserialize;

/// How the planner reaches DFDG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DfdgSettings {
    /// DFDG's base URL (`https://...`); `None` switches the DFDG client off.
    pub url: Option<String>,
    /// The planner's own function certificate (PEM chain) presented to DFDG.
    pub cert: Option<PathBuf>,
    /// Its private key (PEM).
    pub key: Option<PathBuf>,
    /// Trust anchors for DFDG's server certificate; the system's when not set.
    pub ca: Option<PathBuf>,
    /// Timeout of each step of one call (connect, handshake, write, read).
    pub timeout: Duration,
    /// Attempts per call (a timeout, a cut connection or an HTTP 5xx without a SOAP fault is
    /// tried again after a short pause).
    pub attempts: u32,
    /// How often `serve` pulls the WSRM queue.
    pub pull_interval: Duration,
    /// SubQueueIdentifier of CreateSequence.
    pub sub_queue: String,
    /// UserIdentifier in RequestUserMetadata of registrations (the planner's function
    /// certificate RID, `CVR:...-UUID:...`).
    pub user_identifier: String,
}

impl Default for DfdgSettings {
    fn default() -> Self {
        Self {
            url: None,
            cert: None,
            key: None,
            ca: None,
            timeout: Duration::from_secs(30),
            attempts: 3,
            pull_interval: Duration::from_secs(300),
            sub_queue: "Planner".into(),
            user_identifier: "planner".into(),
        }
    }
}

/// The `[dfdg]` table of the configuration file (or its `PLANNER_DFDG_*` variables).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DfdgLayer {
    url: Option<String>,
    cert: Option<PathBuf>,
    key: Option<PathBuf>,
    ca: Option<PathBuf>,
    timeout_seconds: Option<u64>,
    attempts: Option<u32>,
    pull_interval_seconds: Option<u64>,
    sub_queue: Option<String>,
    user_identifier: Option<String>,
}

impl DfdgLayer {
    /// The layer from `PLANNER_DFDG_URL`, `_CERT`, `_KEY`, `_CA` and `_PULL_INTERVAL_SECONDS`.
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Result<Self, anyhow::Error> {
        let pull_interval_seconds = match env("PLANNER_DFDG_PULL_INTERVAL_SECONDS") {
            Some(text) => Some(text.trim().parse().map_err(|_| {
                anyhow::anyhow!("invalid PLANNER_DFDG_PULL_INTERVAL_SECONDS '{text}'; use whole seconds")
            })?),
            None => None,
        };
        Ok(Self {
            url: env("PLANNER_DFDG_URL"),
            cert: env("PLANNER_DFDG_CERT").map(PathBuf::from),
            key: env("PLANNER_DFDG_KEY").map(PathBuf::from),
            ca: env("PLANNER_DFDG_CA").map(PathBuf::from),
            pull_interval_seconds,
            ..Self::default()
        })
    }
}

impl DfdgSettings {
    /// Applies a layer; `name` turns a key into the name of its source for error messages.
    pub fn apply(&mut self, layer: DfdgLayer, name: &dyn Fn(&str, &str) -> String) -> anyhow::Result<()> {
        if let Some(url) = layer.url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                bail!(
                    "invalid {} '{url}'; use DFDG's base URL such as 'https://dfdg.example.dk'",
                    name("dfdg.url", "PLANNER_DFDG_URL")
                );
            }
            self.url = Some(url.trim_end_matches('/').to_owned());
        }
        self.cert = layer.cert.or(self.cert.take());
        self.key = layer.key.or(self.key.take());
        self.ca = layer.ca.or(self.ca.take());
        if let Some(seconds) = layer.timeout_seconds {
            if seconds == 0 {
                bail!("invalid {} 0; use at least 1 second", name("dfdg.timeout_seconds", ""));
            }
            self.timeout = Duration::from_secs(seconds);
        }
        if let Some(attempts) = layer.attempts {
            if !(1..=10).contains(&attempts) {
                bail!("invalid {} {attempts}; use 1 to 10", name("dfdg.attempts", ""));
            }
            self.attempts = attempts;
        }
        if let Some(seconds) = layer.pull_interval_seconds {
            if seconds == 0 {
                let source = name("dfdg.pull_interval_seconds", "PLANNER_DFDG_PULL_INTERVAL_SECONDS");
                bail!("invalid {source} 0; use at least 1 second");
            }
            self.pull_interval = Duration::from_secs(seconds);
        }
        if let Some(sub_queue) = layer.sub_queue {
            self.sub_queue = sub_queue;
        }
        if let Some(user) = layer.user_identifier {
            self.user_identifier = user;
        }
        Ok(())
    }
}
