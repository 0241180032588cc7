//! What an operator configures for the listener's TLS: the server certificate and key, the trust
//! anchors for client certificates, an optional CRL, and which subject attribute names the caller.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::IdentityAttribute;

/// Paths of the TLS material; defaults point at the development PKI from `planner certs dev`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsSettings {
    /// The server certificate chain (PEM), `PLANNER_TLS_CERT`.
    pub cert: Option<PathBuf>,
    /// The server private key (PEM), `PLANNER_TLS_KEY`.
    pub key: Option<PathBuf>,
    /// The trust anchors for client certificates (PEM), `PLANNER_TLS_CLIENT_CA`.
    pub client_ca: Option<PathBuf>,
    /// An optional certificate revocation list (PEM or DER), `PLANNER_TLS_CRL`; re-read when
    /// the file changes.
    pub crl: Option<PathBuf>,
    /// How often a handshake may look at the CRL file for changes,
    /// `PLANNER_TLS_CRL_CHECK_MILLISECONDS` (default [`super::CRL_CHECK_INTERVAL`]).
    pub crl_check_interval: Duration,
    /// The client certificate's subject attribute that names the caller,
    /// `PLANNER_TLS_IDENTITY_ATTRIBUTE`: `serialNumber` (default) or `organizationIdentifier`.
    pub identity_attribute: IdentityAttribute,
}

impl Default for TlsSettings {
    fn default() -> Self {
        let dev = Path::new("certs/dev");
        Self {
            cert: Some(dev.join("server.pem")),
            key: Some(dev.join("server-key.pem")),
            client_ca: Some(dev.join("ca.pem")),
            crl: None,
            crl_check_interval: super::CRL_CHECK_INTERVAL,
            identity_attribute: IdentityAttribute::default(),
        }
    }
}
