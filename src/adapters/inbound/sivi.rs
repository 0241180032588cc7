//! `POST /adapters/sivi/verzuimmelding`: one SIVI Verzuimmeldingen message as the body
//! (`text/xml` or `application/xml`), for callers with the role `case-system` (or `admin`).
//!
//! Answers 200 with the receipt (message id, and per report the case, the kind of mutation and
//! the summons outcome), the same receipt again for a repeated message; 422 naming the element
//! for an invalid one; 409 when the message id was used before for a different message; 403 when
//! a configured summons would be made in a jobcenter the caller does not act for.

use actix_web::{web, HttpResponse};

use super::call::{Access, AdapterCall};
use crate::adapters::sivi::parse;
use crate::edge::Problem;
use crate::store::IntakeOutcome;

/// Registers the route.
pub fn routes(config: &mut web::ServiceConfig) {
    config.route("/adapters/sivi/verzuimmelding", web::post().to(post));
}

async fn post(call: AdapterCall, body: web::Bytes) -> Result<HttpResponse, Problem> {
    let receipt = call
        .run("adapters.sivi.verzuimmelding", Access::CaseSystem, move |ctx| {
            let message = parse::parse_message(&body).map_err(|e| Problem::invalid(&e.element, e.message))?;
            ctx.note("message.id", &message.key);
            // The summons an employer rule asks for is made in the offer's jobcenter.
            for report in &message.reports {
                if let Some(rule) = ctx.settings.sivi_employers.get(&report.employer) {
                    let offer = ctx.store.offer(&rule.offer)?;
                    ctx.jobcenter(&offer.jobcenter)?;
                }
            }
            match ctx.store.record_absence_message(&message, &ctx.settings.sivi_employers, ctx.now)? {
                IntakeOutcome::Recorded(receipt) | IntakeOutcome::Duplicate(receipt) => Ok(receipt),
                IntakeOutcome::KeyReused => Err(Problem::conflict(format!(
                    "message id '{}' (IdInzndr/Berrefnr) was used before for a different message",
                    message.key
                ))),
            }
        })
        .await?;
    Ok(HttpResponse::Ok().json(receipt))
}
