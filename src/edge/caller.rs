//! Who is calling: the certificate identity the TLS layer established for the connection, or,
//! on the plain-HTTP test listener only, the `X-Planner-Caller` header.
//!
//! SOAP and the admin API both ask here, so the two transports can never disagree about who a
//! caller is. This module only names the identity; whether it is registered, enabled and
//! allowed is decided by each transport against the store.

use actix_web::{HttpMessage, HttpRequest};

/// The header that names the caller on the plain-HTTP listener (`--insecure-http`, tests only).
pub const CALLER_HEADER: &str = "X-Planner-Caller";

/// The certificate identity a TLS connection established (set by the TLS layer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerIdentity(pub String);

/// How identities are read on this listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallerSource {
    /// Trust [`CALLER_HEADER`] (plain HTTP behind `--insecure-http`).
    pub trust_caller_header: bool,
}

/// The caller's identity: the TLS one when present, else the header when it is trusted.
pub fn identity(request: &HttpRequest, trust_caller_header: bool) -> Option<String> {
    if let Some(identity) = request.extensions().get::<CallerIdentity>() {
        return Some(identity.0.clone());
    }
    if trust_caller_header {
        return request.headers().get(CALLER_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
    }
    None
}
