//! Health endpoints (contract §1): `/health/live` says the process answers, `/health/ready` says
//! the database answers too.
//!
//! The readiness check runs `Store::ping` on the blocking pool with a deadline, because a
//! database that does not answer makes the pool wait for its connection timeout, far longer
//! than a load balancer waits for a probe.

use std::time::Duration;

use actix_web::{web, HttpResponse};
use serde_json::json;

use crate::store::Store;

/// How long readiness waits for the database before answering 503.
const READY_TIMEOUT: Duration = Duration::from_secs(3);

/// Registers the health routes.
pub fn routes(config: &mut web::ServiceConfig) {
    config.route("/health/live", web::get().to(live)).route("/health/ready", web::get().to(ready));
}

async fn live() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "live" }))
}

async fn ready(store: web::Data<Store>) -> HttpResponse {
    let store = store.get_ref().clone();
    let check = web::block(move || store.ping());
    let failure = match actix_web::rt::time::timeout(READY_TIMEOUT, check).await {
        Ok(Ok(Ok(()))) => return HttpResponse::Ok().json(json!({ "status": "ready" })),
        Ok(Ok(Err(error))) => error.to_string(),
        Ok(Err(error)) => format!("readiness check did not run: {error}"),
        Err(_) => format!("database did not answer within {} s", READY_TIMEOUT.as_secs()),
    };
    log::warn!("not ready: {failure}");
    HttpResponse::ServiceUnavailable().json(json!({ "status": "unavailable" }))
}
