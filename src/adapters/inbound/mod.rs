//! The adapters' inbound endpoints: what other systems (and a caseworker's browser) call on the
//! planner's listeners, each in the file of its system. Every `/adapters/...` call goes through
//! [`call::AdapterCall`] (authorization, the blocking pool, one audit row); the calendar feed has
//! its own listener and its token as the credential.

pub mod calendar_feed;
pub mod call;
mod planlink;
pub mod sivi;
pub mod xpert;

/// The adapters' HTTP routes (`/adapters/...`) on the main listener.
pub fn routes(config: &mut actix_web::web::ServiceConfig) {
    sivi::routes(config);
    planlink::routes(config);
    xpert::routes(config);
}
