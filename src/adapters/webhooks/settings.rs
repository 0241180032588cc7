//! The `[webhooks]` table of the configuration: the retry table, what its delays count from,
//! the claim lease, the send timeout, the outbox worker threads and an extra CA file for
//! `https://` recipients. Values are checked while loading; errors name the key and the file.
//!
//! ```toml
//! [webhooks]
//! retry_schedule = ["1h", "2h", "6h", "24h"]
//! retry_from = "previous_attempt"   # or "first_attempt"
//! lease = "60s"
//! timeout = "10s"
//! workers = 1
//! batch = 50
//! ca_file = "/etc/planner/webhook-ca.pem"
//! ```

use std::path::PathBuf;
use std::time::Duration;

use anyhow::bail;
use serde::Deserialize;

use crate::store::RetryFrom;

/// How the outbox worker sends and retries webhooks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookSettings {
    /// Delay before each retry; after the last, a delivery is given up (XS: 1 h, 2 h, 6 h, 24 h).
    pub retry_schedule: Vec<Duration>,
    /// What the delays count from (default: the previous attempt, 33 h in all).
    pub retry_from: RetryFrom,
    /// How long a claimed delivery is kept from other workers; longer than an attempt can take
    /// (four timeouts).
    pub lease: Duration,
    /// Connect, write and read timeout of one send.
    pub timeout: Duration,
    /// Outbox worker threads in `planner serve`; order per booking holds with any number.
    pub workers: usize,
    /// Deliveries one worker claims, sends in parallel and records per transaction.
    pub batch: usize,
    /// Trust anchors (PEM) for `https://` recipients besides the system roots.
    pub ca_file: Option<PathBuf>,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            retry_schedule: [1, 2, 6, 24].into_iter().map(|h| Duration::from_secs(h * 3600)).collect(),
            retry_from: RetryFrom::PreviousAttempt,
            lease: Duration::from_secs(60),
            timeout: Duration::from_secs(10),
            workers: 1,
            batch: 50,
            ca_file: None,
        }
    }
}

/// The `[webhooks]` table as written; every key optional, unknown keys refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookLayer {
    retry_schedule: Option<Vec<String>>,
    retry_from: Option<String>,
    lease: Option<String>,
    timeout: Option<String>,
    workers: Option<usize>,
    batch: Option<usize>,
    ca_file: Option<PathBuf>,
}

impl WebhookSettings {
    /// Applies a layer; `name` turns a key into how the operator finds it (`'webhooks.lease' in FILE`).
    pub fn apply(&mut self, layer: WebhookLayer, name: impl Fn(&str) -> String) -> anyhow::Result<()> {
        if let Some(schedule) = layer.retry_schedule {
            let key = name("webhooks.retry_schedule");
            if schedule.len() > 20 {
                bail!("invalid {key}: at most 20 retries");
            }
            self.retry_schedule =
                schedule.iter().map(|text| parse_duration(text, &key)).collect::<anyhow::Result<_>>()?;
        }
        if let Some(text) = layer.retry_from {
            let key = name("webhooks.retry_from");
            self.retry_from = RetryFrom::parse(&text).ok_or_else(|| {
                anyhow::anyhow!("invalid {key} '{text}'; use 'previous_attempt' or 'first_attempt'")
            })?;
        }
        if let Some(text) = layer.lease {
            self.lease = parse_duration(&text, &name("webhooks.lease"))?;
        }
        if let Some(text) = layer.timeout {
            self.timeout = parse_duration(&text, &name("webhooks.timeout"))?;
        }
        if let Some(workers) = layer.workers {
            if !(1..=64).contains(&workers) {
                bail!("invalid {} {workers}; use 1 to 64", name("webhooks.workers"));
            }
            self.workers = workers;
        }
        if let Some(batch) = layer.batch {
            if !(1..=200).contains(&batch) {
                bail!("invalid {} {batch}; use 1 to 200", name("webhooks.batch"));
            }
            self.batch = batch;
        }
        if let Some(path) = layer.ca_file {
            self.ca_file = Some(path);
        }
        // One attempt may take four timeouts (OAuth2: token, send, new token after a 401, send).
        if self.lease <= self.timeout * 4 {
            bail!(
                "invalid {}: the lease must be longer than four send timeouts ({} s), or a slow send \
                 could be claimed again while it runs",
                name("webhooks.lease"),
                (self.timeout * 4).as_secs()
            );
        }
        Ok(())
    }
}

/// Parses `30s`, `15m`, `1h` or `2d` (a positive whole number and a unit).
pub fn parse_duration(text: &str, key: &str) -> anyhow::Result<Duration> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let seconds = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => 0,
    };
    match number.parse::<u64>() {
        Ok(n) if n > 0 && seconds > 0 && n <= 366 * 86_400 / seconds => Ok(Duration::from_secs(n * seconds)),
        _ => bail!("invalid {key} '{text}'; use a positive duration such as '30s', '15m', '1h' or '2d'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let ok = |text: &str| parse_duration(text, "k").unwrap().as_secs();
        assert_eq!((ok("30s"), ok("15m"), ok("1h"), ok(" 2d ")), (30, 900, 3600, 172_800));
        for bad in ["", "0s", "1", "h", "1.5h", "-1h", "1w", "99999d"] {
            let error = parse_duration(bad, "'webhooks.lease' in x.toml").unwrap_err().to_string();
            assert!(error.contains("webhooks.lease"), "{bad}: {error}");
        }
    }

    #[test]
    fn a_layer_replaces_the_table_and_checks_the_lease() {
        let mut settings = WebhookSettings::default();
        let layer: WebhookLayer =
            toml::from_str("retry_schedule = [\"10s\", \"20s\"]\nretry_from = \"first_attempt\"\nlease = \"30s\"\ntimeout = \"5s\"\nworkers = 4")
                .unwrap();
        settings.apply(layer, str::to_owned).unwrap();
        assert_eq!(settings.retry_schedule, [Duration::from_secs(10), Duration::from_secs(20)]);
        assert_eq!((settings.retry_from, settings.workers), (RetryFrom::FirstAttempt, 4));
        let short: WebhookLayer = toml::from_str("lease = \"5s\"").unwrap();
        assert!(settings.apply(short, str::to_owned).unwrap_err().to_string().contains("longer"));
        let bad: WebhookLayer = toml::from_str("retry_from = \"last\"").unwrap();
        assert!(settings.apply(bad, str::to_owned).unwrap_err().to_string().contains("first_attempt"));
        assert!(toml::from_str::<WebhookLayer>("retries = 3").is_err());
    }
}
