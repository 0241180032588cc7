//! Mutual TLS: the rustls server configuration, the client-certificate verifier with CRL reload,
//! the caller identity taken from the client certificate, and the operator tools for
//! certificates (`planner certs dev`, `planner certs import-p12`).
//!
//! The one design decision: the caller is identified by the client certificate alone.
//! The TLS layer puts the subject attribute (serialNumber by default, the OCES RID) into the
//! request as [`crate::server::caller::CallerIdentity`]; no header or message content can set it.
//! Authorization (role, jobcenters, enabled) is not decided here but by the SOAP dispatcher
//! against the caller registry in the store, which also audits refused calls.
//! This module must not read the caller registry or hold business rules.

mod acceptor;
mod dev_pki;
mod identity;
mod pkcs12;
mod verifier;

pub use verifier::CRL_CHECK_INTERVAL;

pub use acceptor::{feed_server_config, server_config};
pub use dev_pki::{create_dev_pki, DevCaller, DevPki};
pub use identity::{caller_identity, on_connect, ClientCertificate, IdentityAttribute};
pub use pkcs12::{import_p12, ImportedP12};
