//! Assembles single sign-on for the people listener: the web app's `web::sso::Provider` from
//! the `[oidc]` settings and the web app's base URL, reaching the identity provider through the
//! product's HTTP client (`adapters::http`) with the configured trust anchor. Nothing is
//! fetched at start: the provider's discovery document is read at the first sign-on, so a
//! provider that is down does not stop the planner.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;

use crate::adapters::http::{HttpClient, TlsOptions};
use crate::config::Settings;
use crate::web::sso::{IdpTransport, Provider, SsoSettings, SubjectClaim};

/// How long one call to the identity provider may take.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The product's HTTP client as the web app's transport to the identity provider.
struct Transport(HttpClient);

impl IdpTransport for Transport {
    fn get(&self, url: &str) -> Result<(u16, Vec<u8>), String> {
        let answer =
            self.0.request("GET", url, &[("Accept", "application/json")], b"").map_err(|e| e.to_string())?;
        Ok((answer.status, answer.body))
    }

    fn post_form(&self, url: &str, authorization: &str, body: &str) -> Result<(u16, Vec<u8>), String> {
        let headers = [
            ("Accept", "application/json"),
            ("Authorization", authorization),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ];
        let answer = self.0.request("POST", url, &headers, body.as_bytes()).map_err(|e| e.to_string())?;
        Ok((answer.status, answer.body))
    }
}

/// Single sign-on of `settings` with callbacks under `web_url`, if an issuer is configured.
pub(super) fn provider(settings: &Settings, web_url: &str) -> anyhow::Result<Option<Arc<Provider>>> {
    let oidc = &settings.oidc;
    if !oidc.check()? {
        return Ok(None);
    }
    let (Some(issuer), Some(client_id), Some(client_secret)) =
        (&oidc.issuer, &oidc.client_id, &oidc.client_secret)
    else {
        return Ok(None);
    };
    let tls = TlsOptions { roots_pem: oidc.ca.clone(), ..TlsOptions::default() };
    let client = match &oidc.ca {
        Some(_) => HttpClient::new(TIMEOUT, tls)
            .map_err(anyhow::Error::msg)
            .context("cannot use oidc.ca (PLANNER_OIDC_CA)")?,
        None => HttpClient::with_system_roots(TIMEOUT),
    };
    let sso = SsoSettings {
        issuer: issuer.clone(),
        client_id: client_id.clone(),
        client_secret: client_secret.clone(),
        claim: if oidc.map_email { SubjectClaim::Email } else { SubjectClaim::Subject },
        button: oidc.button.clone(),
        redirect_uri: format!("{}/login/sso/callback", web_url.trim_end_matches('/')),
    };
    log::info!("single sign-on with {issuer} (client {client_id})");
    Ok(Some(Arc::new(Provider::new(sso, Arc::new(Transport(client))))))
}
