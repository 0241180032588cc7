//! The SOAP client for DFDG: one [`HttpClient`] with the planner's own function certificate
//! (mutual TLS), DFDG's base URL, a deadline per attempt and a few attempts per call.
//!
//! A call is tried again when its [`DfdgError`] is retriable (a timeout, a refused or cut
//! connection, an HTTP 5xx that is not a SOAP fault); a fault is DFDG's answer, and asking again
//! would get the same one, so it and every other error end the call at once. Every call the
//! planner makes is safe to repeat: reads, sequence verbs, and Create/Update/Delete of an
//! Indkaldelse under the planner's own IndkaldelseId. Log lines name the operation and the
//! attempt, never a body (which may hold a CPR).

use std::time::Duration;

use super::wire::{self, SoapRequest};
use super::{DfdgError, DfdgSettings};
use crate::adapters::http::{HttpClient, TlsOptions};
use crate::xml::Element;

/// DFDG's SOAP endpoints as the planner calls them.
#[derive(Debug, Clone)]
pub struct DfdgClient {
    http: HttpClient,
    base_url: String,
    attempts: u32,
    pause: Duration,
}

impl DfdgClient {
    /// A client from the settings; `None` when no DFDG URL is configured.
    pub fn from_settings(settings: &DfdgSettings) -> Result<Option<Self>, String> {
        let Some(url) = &settings.url else { return Ok(None) };
        let tls = TlsOptions {
            roots_pem: settings.ca.clone(),
            client_cert_pem: settings.cert.clone(),
            client_key_pem: settings.key.clone(),
        };
        let http = HttpClient::new(settings.timeout, tls)?;
        Ok(Some(Self::new(http, url, settings.attempts, Duration::from_millis(500))))
    }

    /// A client over `http` for DFDG at `base_url`, making up to `attempts` tries per call with
    /// `pause` times the attempt number between them.
    pub fn new(http: HttpClient, base_url: &str, attempts: u32, pause: Duration) -> Self {
        Self { http, base_url: base_url.trim_end_matches('/').to_owned(), attempts: attempts.max(1), pause }
    }

    fn url(&self, target: &str) -> String {
        if target.starts_with("https://") || target.starts_with("http://") {
            target.to_owned()
        } else {
            format!("{}{target}", self.base_url)
        }
    }

    /// Sends one request (with retries) and returns the response body's element.
    pub fn call(&self, request: &SoapRequest) -> Result<Element, DfdgError> {
        let url = self.url(&request.target);
        let operation = request.action.rsplit('/').next().unwrap_or_default();
        let headers = [("Content-Type", "text/xml; charset=utf-8"), ("SOAPAction", request.action.as_str())];
        let mut attempt = 1;
        loop {
            let error = match self.http.request("POST", &url, &headers, request.body.as_bytes()) {
                Ok(response) if response.is_success() => return wire::response_body(&response.body),
                // A fault is DFDG's answer whatever the status; otherwise the status speaks.
                Ok(response) => match wire::response_body(&response.body) {
                    Err(fault @ DfdgError::Fault(_)) => fault,
                    _ => DfdgError::Status { operation: operation.to_owned(), status: response.status },
                },
                Err(error) => DfdgError::Transport { operation: operation.to_owned(), error },
            };
            if !error.retriable() {
                return Err(error);
            }
            log::warn!(target: "planner::dfdg", "dfdg call failed dfdg.operation={operation} attempt={attempt}: {error}");
            if attempt >= self.attempts {
                let last = Box::new(error);
                return Err(DfdgError::Exhausted {
                    operation: operation.to_owned(),
                    attempts: self.attempts,
                    last,
                });
            }
            std::thread::sleep(self.pause * attempt);
            attempt += 1;
        }
    }
}
