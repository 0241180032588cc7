//! The edge: what every transport that faces a client shares (SOAP, the admin API, the
//! adapters' endpoints, the calendar feeds), so that no transport imports another.
//!
//! - [`caller`]: the caller identity a request carries (the TLS layer puts it there);
//! - [`middleware`]: the correlation id, the one request log line, the body limit;
//! - [`clock`]: what "now" is for a request (the system clock, or a test's);
//! - [`call`]: the role check of a registered caller and the one audit row per JSON call;
//! - [`problem`] and [`input`]: RFC 9457 problem+json answers, and JSON bodies and query
//!   strings read with the failing field's path (never its value);
//! - [`metrics`]: the Prometheus counters of one server;
//! - [`drain`]: shutdown without dropping a request in flight;
//! - [`credentials`]: the passwords, TOTP second factor and recovery codes people sign in with;
//! - [`planlink`]: signing and checking the case system's plan-links (web app and adapters).
//!
//! The edge may use `store` (the caller registry, the audit) and `domain`; it never imports a
//! transport (`soap`, `admin`, `adapters`) or the assembly (`server`, `cli`).

pub mod call;
pub mod caller;
pub mod clock;
/// Password hashes and strength, TOTP codes, the enrolment QR code and recovery codes.
pub mod credentials;
pub mod drain;
pub mod input;
pub mod metrics;
pub mod middleware;
pub mod planlink;
pub mod problem;
pub mod web_url;

pub use middleware::{ClientFault, CorrelationId, BODY_LIMIT};
pub use problem::Problem;
pub use web_url::WebUrl;
