//! `GET /adapters/planlink?person=...&caseworker=...&expires=...&nonce=...&sig=...`: opens a
//! plan-link (`planlink.rs`). The link authenticates itself; no registered caller is needed
//! (the caseworker's browser still passes the listener's TLS). Answers 200 with the person and
//! caseworker the planner opens for, 403 for a changed, expired or replayed link, 422 naming a
//! malformed parameter, 404 when the plan-link is not configured. Every call is audited.

use std::collections::HashMap;

use actix_web::{web, HttpResponse};

use super::call::{Access, AdapterCall};
use crate::adapters::planlink::{self, Refusal};
use crate::edge::input::Query;
use crate::edge::Problem;

/// Registers the route.
pub fn routes(config: &mut web::ServiceConfig) {
    config.route("/adapters/planlink", web::get().to(get));
}

fn problem(refusal: Refusal) -> Problem {
    match refusal {
        Refusal::NotConfigured => Problem::not_found("plan-link"),
        Refusal::Malformed(field) => Problem::invalid(field, refusal.to_string()),
        Refusal::BadSignature | Refusal::Expired | Refusal::Replayed => {
            Problem::forbidden(refusal.to_string())
        }
    }
}

async fn get(call: AdapterCall, query: Query<HashMap<String, String>>) -> Result<HttpResponse, Problem> {
    let query = query.into_inner();
    let answer = call
        .run("adapters.planlink.open", Access::Signed, move |ctx| {
            let lookup = |name: &str| query.get(name).cloned();
            let link = planlink::verify(&ctx.settings.planlink, &lookup, ctx.now).map_err(problem)?;
            ctx.note("planlink.nonce", &link.nonce);
            if !ctx.store.use_planlink_nonce(&link.nonce, link.expires, ctx.now)? {
                return Err(problem(Refusal::Replayed));
            }
            Ok(serde_json::json!({
                "person": link.person,
                "caseworker": link.caseworker,
                "expires_at": link.expires.to_rfc3339(),
            }))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
