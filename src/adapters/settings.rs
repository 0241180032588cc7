//! Settings of the Xpert Suite adapters: the SIVI intake's employer rules, the plan-link's
//! shared secrets, and the Xpert Suite API account. Read by `config.rs` from the `[adapters]`
//! table of the TOML file and from `PLANNER_PLANLINK_TOKEN`, `PLANNER_XPERT_CLIENT_SECRET`,
//! `PLANNER_XPERT_TOTP_SECRET` and `PLANNER_XPERT_WEBHOOK_SECRET`.
//!
//! Secrets are [`Secret`]s: never Debug-printed or logged. Values are checked while loading and
//! errors name the key.

use std::collections::BTreeMap;
use std::fmt;

use anyhow::bail;
use serde::Deserialize;

use crate::domain::OfferId;
use crate::store::EmployerSummons;

/// A secret setting; `Debug` prints `**redacted**`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the one place that uses it (a MAC key, a request to the token URL).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("**redacted**")
    }
}

/// Everything the Xpert Suite adapters are configured with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdapterSettings {
    /// SIVI absence intake: employer (`IdWrkgvrArbdnst`) -> the summons a first sick report asks for.
    pub sivi_employers: BTreeMap<String, EmployerSummons>,
    /// The plan-link.
    pub planlink: PlanLinkSettings,
    /// The Xpert Suite API account; `None` when not configured.
    pub xpert: Option<XpertSettings>,
}

/// The plan-link's settings (Token, Extra-Token in XS terms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLinkSettings {
    /// The HMAC key links are signed with; `None` disables the plan-link.
    pub token: Option<Secret>,
    /// A second key also accepted (rotation).
    pub extra_token: Option<Secret>,
    /// How long a link is valid.
    pub ttl: chrono::Duration,
}

impl Default for PlanLinkSettings {
    fn default() -> Self {
        Self { token: None, extra_token: None, ttl: chrono::Duration::minutes(5) }
    }
}

/// The Xpert Suite API account and what the appointments are filed under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XpertSettings {
    /// Where to log in (`https://api01.xpertsuite.app`); later calls use the base URL the login answers.
    pub base_url: String,
    /// The login path (OAuth2 client credentials plus TOTP), default `/oauth2/token`.
    pub token_path: String,
    /// The path of appointments, default `/api/v1/appointments` (`/{id}` for update and delete).
    pub appointments_path: String,
    /// OAuth2 client id.
    pub client_id: String,
    /// OAuth2 client secret.
    pub client_secret: Secret,
    /// The TOTP secret (RFC 6238, base32 as XS shows it).
    pub totp_secret: Secret,
    /// The secret of inbound webhooks (`X-Hub-Signature`); `None` refuses every inbound call.
    pub webhook_secret: Option<Secret>,
    /// Spreekuursoort: the appointments' consultation type.
    pub consultation_type: String,
    /// Provider name.
    pub provider: String,
    /// Trajectsoort: the trajectory type the appointments belong to.
    pub trajectory_type: String,
    /// Task codes sent with a completion, for XS to create as signals (`PASignaal_LG`, `PrintTaak`).
    pub task_codes: Vec<String>,
    /// Prefix of the XS fields filled from the planner, default `PAVeld_`.
    pub field_prefix: String,
}

/// The `[adapters]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdaptersLayer {
    #[serde(default)]
    sivi: Option<SiviLayer>,
    #[serde(default)]
    planlink: Option<PlanLinkLayer>,
    #[serde(default)]
    xpert: Option<XpertLayer>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiviLayer {
    #[serde(default)]
    employers: BTreeMap<String, EmployerLayer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EmployerLayer {
    offer: String,
    #[serde(default)]
    within_days: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanLinkLayer {
    token: Option<String>,
    extra_token: Option<String>,
    minutes: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct XpertLayer {
    base_url: Option<String>,
    token_path: Option<String>,
    appointments_path: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    totp_secret: Option<String>,
    webhook_secret: Option<String>,
    consultation_type: Option<String>,
    provider: Option<String>,
    trajectory_type: Option<String>,
    task_codes: Option<Vec<String>>,
    field_prefix: Option<String>,
}

/// The adapters' environment variables as a layer.
pub fn env_layer(env: &dyn Fn(&str) -> Option<String>) -> Option<AdaptersLayer> {
    let planlink =
        env("PLANNER_PLANLINK_TOKEN").map(|token| PlanLinkLayer { token: Some(token), ..Default::default() });
    let client_secret = env("PLANNER_XPERT_CLIENT_SECRET");
    let totp_secret = env("PLANNER_XPERT_TOTP_SECRET");
    let webhook_secret = env("PLANNER_XPERT_WEBHOOK_SECRET");
    let xpert = (client_secret.is_some() || totp_secret.is_some() || webhook_secret.is_some())
        .then(|| XpertLayer { client_secret, totp_secret, webhook_secret, ..Default::default() });
    Some(AdaptersLayer { sivi: None, planlink, xpert })
}

impl AdapterSettings {
    /// Applies one layer; `name(key)` names a key in its source for errors.
    pub fn apply(&mut self, layer: AdaptersLayer, name: &dyn Fn(&str) -> String) -> anyhow::Result<()> {
        if let Some(sivi) = layer.sivi {
            for (employer, rule) in sivi.employers {
                let key = name(&format!("adapters.sivi.employers.{employer}.offer"));
                let offer = OfferId::parse(&rule.offer).map_err(|_| {
                    anyhow::anyhow!("invalid {key} '{}'; use the offer's id (a UUID)", rule.offer)
                })?;
                let days = rule.within_days.unwrap_or(14);
                if !(1..=365).contains(&days) {
                    bail!(
                        "invalid {} {days}; use 1 to 365",
                        name(&format!("adapters.sivi.employers.{employer}.within_days"))
                    );
                }
                self.sivi_employers.insert(
                    employer,
                    EmployerSummons { offer, within: chrono::Duration::days(i64::from(days)) },
                );
            }
        }
        if let Some(planlink) = layer.planlink {
            if let Some(token) = planlink.token {
                self.planlink.token = Some(secret(token, &name("adapters.planlink.token"))?);
            }
            if let Some(token) = planlink.extra_token {
                self.planlink.extra_token = Some(secret(token, &name("adapters.planlink.extra_token"))?);
            }
            if let Some(minutes) = planlink.minutes {
                if !(1..=60).contains(&minutes) {
                    bail!("invalid {} {minutes}; use 1 to 60 minutes", name("adapters.planlink.minutes"));
                }
                self.planlink.ttl = chrono::Duration::minutes(i64::from(minutes));
            }
        }
        if let Some(xpert) = layer.xpert {
            self.apply_xpert(xpert, name)?;
        }
        Ok(())
    }

    fn apply_xpert(&mut self, layer: XpertLayer, name: &dyn Fn(&str) -> String) -> anyhow::Result<()> {
        let mut xpert = self.xpert.take().unwrap_or_else(|| XpertSettings {
            base_url: String::new(),
            token_path: "/oauth2/token".into(),
            appointments_path: "/api/v1/appointments".into(),
            client_id: String::new(),
            client_secret: Secret::new(""),
            totp_secret: Secret::new(""),
            webhook_secret: None,
            consultation_type: "Spreekuur".into(),
            provider: "planner".into(),
            trajectory_type: "Verzuim".into(),
            task_codes: Vec::new(),
            field_prefix: "PAVeld_".into(),
        });
        if let Some(url) = layer.base_url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                bail!(
                    "invalid {} '{url}'; use an absolute URL such as 'https://api01.xpertsuite.app'",
                    name("adapters.xpert.base_url")
                );
            }
            xpert.base_url = url.trim_end_matches('/').to_owned();
        }
        for (value, target, key) in [
            (layer.token_path, &mut xpert.token_path, "token_path"),
            (layer.appointments_path, &mut xpert.appointments_path, "appointments_path"),
        ] {
            if let Some(path) = value {
                if !path.starts_with('/') {
                    bail!(
                        "invalid {} '{path}'; a path starts with '/'",
                        name(&format!("adapters.xpert.{key}"))
                    );
                }
                *target = path;
            }
        }
        for (value, target) in [
            (layer.client_id, &mut xpert.client_id),
            (layer.consultation_type, &mut xpert.consultation_type),
            (layer.provider, &mut xpert.provider),
            (layer.trajectory_type, &mut xpert.trajectory_type),
            (layer.field_prefix, &mut xpert.field_prefix),
        ] {
            if let Some(value) = value {
                *target = value;
            }
        }
        if let Some(codes) = layer.task_codes {
            xpert.task_codes = codes;
        }
        if let Some(value) = layer.client_secret {
            xpert.client_secret = secret(value, &name("adapters.xpert.client_secret"))?;
        }
        if let Some(value) = layer.totp_secret {
            crate::adapters::xpert::totp::decode_base32(&value).map_err(|error| {
                anyhow::anyhow!("invalid {}: {error}", name("adapters.xpert.totp_secret"))
            })?;
            xpert.totp_secret = Secret::new(value);
        }
        if let Some(value) = layer.webhook_secret {
            xpert.webhook_secret = Some(secret(value, &name("adapters.xpert.webhook_secret"))?);
        }
        self.xpert = Some(xpert);
        Ok(())
    }
}

fn secret(value: String, name: &str) -> anyhow::Result<Secret> {
    if value.len() < 16 {
        bail!("invalid {name}; a shared secret needs at least 16 characters");
    }
    Ok(Secret::new(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> anyhow::Result<AdapterSettings> {
        let layer: AdaptersLayer = toml::from_str(text).map_err(|e| anyhow::anyhow!("{}", e.message()))?;
        let mut settings = AdapterSettings::default();
        settings.apply(layer, &|key| format!("'{key}'"))?;
        Ok(settings)
    }

    #[test]
    fn adapters_table() {
        let settings = load(
            r#"
            [sivi.employers.WG-1]
            offer = "6f1c1d2e-1111-4222-8333-944455556666"
            within_days = 7
            [planlink]
            token = "0123456789abcdef0123"
            minutes = 2
            [xpert]
            base_url = "https://api01.accxpertsuite.app/"
            client_id = "planner"
            client_secret = "client-secret-0123456789"
            totp_secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            task_codes = ["PASignaal_LG", "PrintTaak"]
            "#,
        )
        .unwrap();
        assert_eq!(settings.sivi_employers["WG-1"].within, chrono::Duration::days(7));
        assert_eq!(settings.planlink.ttl, chrono::Duration::minutes(2));
        let xpert = settings.xpert.unwrap();
        assert_eq!(xpert.base_url, "https://api01.accxpertsuite.app");
        assert_eq!(xpert.field_prefix, "PAVeld_");
        assert_eq!(xpert.token_path, "/oauth2/token");
        assert!(!format!("{xpert:?}").contains("client-secret"), "secrets are redacted");

        let error = |text: &str| load(text).unwrap_err().to_string();
        assert!(error("[sivi.employers.X]\noffer = \"nope\"").contains("adapters.sivi.employers.X.offer"));
        assert!(error("[planlink]\ntoken = \"short\"").contains("at least 16"));
        assert!(error("[xpert]\ntotp_secret = \"not base32!\"").contains("adapters.xpert.totp_secret"));
        assert!(error("[xpert]\nappointments_path = \"api\"").contains("starts with '/'"));
        assert!(error("[xpert]\nunknown = 1").contains("unknown field"));
    }
}
