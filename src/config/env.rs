//! The `PLANNER_*` environment variables as one settings layer (the process environment comes
//! after the configuration file and wins over it).

use std::path::PathBuf;

use super::{Layer, TlsLayer};

/// The layer the environment gives; `env` returns a variable's value (empty counts as unset).
pub(super) fn env_layer(env: impl Fn(&str) -> Option<String>) -> anyhow::Result<Layer> {
    let path = |name: &str| env(name).map(PathBuf::from);
    let crl_check_milliseconds = number(&env, "PLANNER_TLS_CRL_CHECK_MILLISECONDS", "whole milliseconds")?;
    Ok(Layer {
        database_url: env("PLANNER_DATABASE_URL"),
        listen: env("PLANNER_LISTEN"),
        feed_listen: env("PLANNER_FEED_LISTEN"),
        web_listen: env("PLANNER_WEB_LISTEN"),
        session_idle_minutes: number(&env, "PLANNER_SESSION_IDLE_MINUTES", "whole minutes")?,
        session_hours: number(&env, "PLANNER_SESSION_HOURS", "whole hours")?,
        public_url: env("PLANNER_PUBLIC_URL"),
        web_url: env("PLANNER_WEB_URL"),
        data_key: env("PLANNER_DATA_KEY"),
        reservation_minutes: number(&env, "PLANNER_RESERVATION_MINUTES", "whole minutes")?,
        pool_size: number(&env, "PLANNER_POOL_SIZE", "a whole number")?,
        workers: number(&env, "PLANNER_WORKERS", "a whole number")?,
        tls: Some(TlsLayer {
            cert: path("PLANNER_TLS_CERT"),
            key: path("PLANNER_TLS_KEY"),
            client_ca: path("PLANNER_TLS_CLIENT_CA"),
            crl: path("PLANNER_TLS_CRL"),
            crl_check_milliseconds,
            identity_attribute: env("PLANNER_TLS_IDENTITY_ATTRIBUTE"),
        }),
        webhooks: None,
        adapters: crate::adapters::settings::env_layer(&env),
        dfdg: None,
        mail: None,
        oidc: None,
    })
}

/// A whole number from variable `name`, if set; the error names the variable and says what to use
/// (`what`). Ranges are checked where the layer is applied.
fn number<T: std::str::FromStr>(
    env: &impl Fn(&str) -> Option<String>,
    name: &str,
    what: &str,
) -> anyhow::Result<Option<T>> {
    match env(name) {
        Some(text) => match text.trim().parse() {
            Ok(value) => Ok(Some(value)),
            Err(_) => anyhow::bail!("invalid {name} '{text}'; use {what}"),
        },
        None => Ok(None),
    }
}

/// The environment variable of an adapter key that has one (its secrets), else the key.
pub(super) fn key_env(key: &str) -> String {
    match key {
        "adapters.planlink.token" => "PLANNER_PLANLINK_TOKEN".into(),
        "adapters.xpert.client_secret" => "PLANNER_XPERT_CLIENT_SECRET".into(),
        "adapters.xpert.totp_secret" => "PLANNER_XPERT_TOTP_SECRET".into(),
        "adapters.xpert.webhook_secret" => "PLANNER_XPERT_WEBHOOK_SECRET".into(),
        other => other.to_owned(),
    }
}
