//! Mutual TLS: the rustls server configuration, the client-certificate verifier with CRL reload,
//! the caller identity taken from the client certificate, and the operator tools for
//! certificates (`planner certs dev`, `planner certs import-p12`).
//!
//! The one design decision: the caller is identified by the client certificate alone.
//! The TLS layer puts the subject attribute (serialNumber by default, the OCES RID) into the
//! request as [`crate::edge::caller::CallerIdentity`]; no header or message content can set it.
//! Authorization (role, jobcenters, enabled) is not decided here but by the SOAP dispatcher
//! against the caller registry in the store, which also audits refused calls.
//! This module must not read the caller registry or hold business rules.

mod acceptor;
mod dev_pki;
mod identity;
mod pkcs12;
mod sessions;
mod settings;
mod verifier;

pub use verifier::CRL_CHECK_INTERVAL;

/// Log targets of the TLS library whose warnings are about a client's handshake and come once
/// per connection: rustls warns whenever a client sends an IP address as its TLS server name
/// (SNI), which RFC 6066 forbids and common clients do anyway; the handshake goes on unharmed.
/// The binary shows these targets from `error` up, unless `RUST_LOG` names them.
pub const CHATTY_LOG_TARGETS: &[&str] = &["rustls::msgs::handshake"];

pub use acceptor::{server_config, server_only_config};
pub use dev_pki::{create_dev_pki, DevCaller, DevPki};
pub use identity::{caller_identity, on_connect, ClientCertificate, IdentityAttribute};
pub use pkcs12::{import_p12, ImportedP12};
pub use settings::TlsSettings;
