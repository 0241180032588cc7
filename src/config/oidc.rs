//! The `[oidc]` settings (`PLANNER_OIDC_*`): single sign-on with the municipality's identity
//! provider. No issuer means no single sign-on. The client secret (or the file holding it) is
//! never Debug-printed or logged. The server turns these into the web app's
//! `web::sso::SsoSettings`.

use std::path::PathBuf;

use anyhow::{bail, Context};
use serde::Deserialize;

/// The default text of the sign-in button.
pub const DEFAULT_BUTTON: &str = "Log ind med kommunens login";

/// Single sign-on by OpenID Connect.
#[derive(Clone, PartialEq, Eq)]
pub struct OidcSettings {
    /// The provider's issuer URL (https); `None`: no single sign-on.
    pub issuer: Option<String>,
    /// The planner's client id at the provider.
    pub client_id: Option<String>,
    /// The client secret; never printed.
    pub client_secret: Option<String>,
    /// An extra trust anchor (PEM) for the provider's certificate, beside the system's.
    pub ca: Option<PathBuf>,
    /// Map people by the verified `email` claim instead of `sub`.
    pub map_email: bool,
    /// The sign-in button's text.
    pub button: String,
}

impl Default for OidcSettings {
    fn default() -> Self {
        Self {
            issuer: None,
            client_id: None,
            client_secret: None,
            ca: None,
            map_email: false,
            button: DEFAULT_BUTTON.to_owned(),
        }
    }
}

impl std::fmt::Debug for OidcSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "**redacted**"))
            .field("ca", &self.ca)
            .field("map_email", &self.map_email)
            .field("button", &self.button)
            .finish()
    }
}

/// The `[oidc]` table of the configuration file (or its `PLANNER_OIDC_*` variables).
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcLayer {
    issuer: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    client_secret_file: Option<PathBuf>,
    ca: Option<PathBuf>,
    claim: Option<String>,
    button: Option<String>,
}

impl std::fmt::Debug for OidcLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcLayer").field("issuer", &self.issuer).finish_non_exhaustive()
    }
}

impl OidcLayer {
    /// The layer from `PLANNER_OIDC_ISSUER`, `_CLIENT_ID`, `_CLIENT_SECRET`,
    /// `_CLIENT_SECRET_FILE`, `_CA`, `_CLAIM` and `_BUTTON`.
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Self {
        Self {
            issuer: env("PLANNER_OIDC_ISSUER"),
            client_id: env("PLANNER_OIDC_CLIENT_ID"),
            client_secret: env("PLANNER_OIDC_CLIENT_SECRET"),
            client_secret_file: env("PLANNER_OIDC_CLIENT_SECRET_FILE").map(PathBuf::from),
            ca: env("PLANNER_OIDC_CA").map(PathBuf::from),
            claim: env("PLANNER_OIDC_CLAIM"),
            button: env("PLANNER_OIDC_BUTTON"),
        }
    }
}

impl OidcSettings {
    /// Applies a layer; `name` turns a key and its variable into the name of its source.
    pub fn apply(&mut self, layer: OidcLayer, name: &dyn Fn(&str, &str) -> String) -> anyhow::Result<()> {
        if let Some(issuer) = layer.issuer {
            let issuer = issuer.trim().to_owned();
            if !issuer.starts_with("https://") || issuer.contains(['?', '#', ' ']) {
                bail!(
                    "invalid {} '{issuer}'; use the identity provider's https issuer URL such as \
                     'https://login.microsoftonline.com/<tenant>/v2.0'",
                    name("oidc.issuer", "PLANNER_OIDC_ISSUER")
                );
            }
            self.issuer = Some(issuer);
        }
        if let Some(id) = layer.client_id {
            self.client_id = Some(id.trim().to_owned());
        }
        if let Some(secret) = layer.client_secret {
            self.client_secret = Some(secret);
        }
        if let Some(path) = layer.client_secret_file {
            let source = name("oidc.client_secret_file", "PLANNER_OIDC_CLIENT_SECRET_FILE");
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {source} {}", path.display()))?;
            self.client_secret = Some(text.trim_end_matches(['\r', '\n']).to_owned());
        }
        self.ca = layer.ca.or(self.ca.take());
        if let Some(claim) = layer.claim {
            self.map_email = match claim.trim() {
                "sub" => false,
                "email" => true,
                _ => bail!(
                    "invalid {} '{claim}'; use 'sub' or 'email'",
                    name("oidc.claim", "PLANNER_OIDC_CLAIM")
                ),
            };
        }
        if let Some(button) = layer.button {
            let button = button.trim();
            if button.is_empty() || button.chars().count() > 60 {
                bail!("invalid {}; use 1 to 60 characters", name("oidc.button", "PLANNER_OIDC_BUTTON"));
            }
            self.button = button.to_owned();
        }
        Ok(())
    }

    /// Whether single sign-on is on; an issuer without a client id and secret is an error.
    pub fn check(&self) -> anyhow::Result<bool> {
        if self.issuer.is_none() {
            return Ok(false);
        }
        if self.client_id.as_deref().is_none_or(str::is_empty) {
            bail!("oidc.issuer is set without oidc.client_id (PLANNER_OIDC_CLIENT_ID)");
        }
        if self.client_secret.as_deref().is_none_or(str::is_empty) {
            bail!(
                "oidc.issuer is set without oidc.client_secret (PLANNER_OIDC_CLIENT_SECRET or \
                 PLANNER_OIDC_CLIENT_SECRET_FILE)"
            );
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::Path;

    use crate::config::Settings;

    fn load(file: Option<&str>, pairs: &[(&str, &str)]) -> anyhow::Result<Settings> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("planner.toml");
        std::fs::write(&path, file.unwrap_or("")).unwrap();
        let map: HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::load(Some(Path::new(&path)), move |name| map.get(name).cloned())
    }

    #[test]
    fn off_without_an_issuer() {
        let settings = load(None, &[]).unwrap();
        assert_eq!(settings.oidc.issuer, None);
        assert!(!settings.oidc.check().unwrap());
        assert_eq!(settings.oidc.button, super::DEFAULT_BUTTON);
    }

    #[test]
    fn from_the_file_and_the_environment_with_the_secret_hidden() {
        let file = "[oidc]\nissuer = \"https://idp.kommune.dk/realms/staff\"\nclient_id = \"planner\"\nclaim = \"email\"\n";
        let settings = load(Some(file), &[("PLANNER_OIDC_CLIENT_SECRET", "hunter2-secret")]).unwrap();
        assert_eq!(settings.oidc.issuer.as_deref(), Some("https://idp.kommune.dk/realms/staff"));
        assert!(settings.oidc.map_email);
        assert!(settings.oidc.check().unwrap());
        assert!(!format!("{settings:?}").contains("hunter2"));
    }

    #[test]
    fn the_secret_comes_from_a_file_too() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("secret");
        std::fs::write(&secret, "from-file\n").unwrap();
        let secret = secret.to_string_lossy().into_owned();
        let settings = load(
            None,
            &[
                ("PLANNER_OIDC_ISSUER", "https://idp.kommune.dk"),
                ("PLANNER_OIDC_CLIENT_ID", "planner"),
                ("PLANNER_OIDC_CLIENT_SECRET_FILE", &secret),
            ],
        )
        .unwrap();
        assert_eq!(settings.oidc.client_secret.as_deref(), Some("from-file"));
    }

    #[test]
    fn bad_values_are_named() {
        let error = load(None, &[("PLANNER_OIDC_ISSUER", "http://idp.kommune.dk")]).unwrap_err();
        assert!(format!("{error:#}").contains("PLANNER_OIDC_ISSUER"), "{error:#}");
        let error = load(Some("[oidc]\nclaim = \"upn\"\n"), &[]).unwrap_err();
        assert!(format!("{error:#}").contains("'oidc.claim'"), "{error:#}");
        let settings = load(None, &[("PLANNER_OIDC_ISSUER", "https://idp.kommune.dk")]).unwrap();
        let error = settings.oidc.check().unwrap_err();
        assert!(format!("{error:#}").contains("PLANNER_OIDC_CLIENT_ID"), "{error:#}");
    }
}
