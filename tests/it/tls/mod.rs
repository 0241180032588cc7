//! Mutual TLS end to end (issue #5): real TLS connections with a rustls client against the real
//! server, a throw-away PKI per test, and the certificate tools of the command line.

pub mod app;
mod authorization;
mod cli;
mod connections;
mod feed;
mod handshake;
mod logs;
pub mod pki;
mod served;
mod shutdown;
mod sni;

/// A DFDG identity (OCES3 RID form).
pub const DFDG: &str = "CVR:55568510-UUID:0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f";
/// A caseworker system's identity.
pub const KSS: &str = "CVR:64942212-UUID:1c2d3e4f-5061-4728-993a-4b5c6d7e8f90";

/// The fields of a GetSelfbookCaseWorkers request for `offer`.
pub fn case_workers_fields(offer: &planner::domain::OfferId) -> String {
    format!(
        "<PersonCivilRegistrationIdentifier>0101901234</PersonCivilRegistrationIdentifier>\
         <InterviewOptionIdentifier>{offer}</InterviewOptionIdentifier>"
    )
}
