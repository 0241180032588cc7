//! `POST /adapters/xpert/webhook`: status changes made in the Xpert Suite (completed, lapsed
//! with a reason, no-show, no-show corrected, deleted, moved), for a registered `case-system`
//! (or `admin`) caller whose body is signed with the configured webhook secret
//! (`X-Hub-Signature: sha256=<hex HMAC of the exact body>`, compared in constant time; any other
//! algorithm is refused).
//!
//! Each change is applied through the same store rules as the admin staff actions
//! (`Store::apply_xpert_change`, which runs `changes::apply` like `Store::staff_action`): a completed booking is locked, a billed one only accepts "lapsed with
//! a reason", a no-show can be corrected. A refused change answers 409 with the rule's reason and
//! changes nothing. A move made in XS (`Verplaatst` with the new `start`, RFC 3339) is accepted
//! only while the booking is planned and unbilled and the new time is free inside the
//! counselor's working hours (`Store::apply_xpert_move`, the staff reschedule); otherwise 409
//! with the reason (completed, billed, time taken, outside working hours) and nothing changes.
//! The meeting keeps its length: an `end` that would change it is refused (422). An accepted
//! move is not sent back to XS (it already holds the time). Answers are remembered by delivery
//! id (`X-Delivery-Id`, else the body's SHA-256), so a redelivery gets the same answer and
//! changes nothing.
//!
//! Body: `{"externalId": "<booking id>", "status": "Voltooid" | "Vervallen" | "No-show" |
//! "NoShowGecorrigeerd" | "Verwijderd" | "Verplaatst", "reason": "...", "noShowType": "...",
//! "start": "...", "end": "..."}`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use openssl::sign::Signer;
use serde::Deserialize;

use super::call::{Access, AdapterCall};
use crate::domain::{Action, BookingId};
use crate::edge::Problem;
use crate::store::InboundAnswer;

/// Registers the route.
pub fn routes(config: &mut web::ServiceConfig) {
    config.route("/adapters/xpert/webhook", web::post().to(post));
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChangeBody {
    external_id: String,
    status: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    no_show_type: Option<String>,
    #[serde(default)]
    start: Option<String>,
    #[serde(default)]
    end: Option<String>,
}

/// The new start of a `Verplaatst`, checked against the booking's length when `end` is given.
fn new_start(change: &ChangeBody, booking: &crate::domain::Booking) -> Result<DateTime<Utc>, Problem> {
    let instant = |field: &str, text: &str| {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| Problem::invalid(field, "must be an RFC 3339 date-time with an offset"))
    };
    let text =
        change.start.as_deref().ok_or_else(|| Problem::invalid("start", "is required for Verplaatst"))?;
    let start = instant("start", text)?;
    let length = booking.interval.end() - booking.interval.start();
    if let Some(end) = change.end.as_deref() {
        if instant("end", end)? != start + length {
            let minutes = length.num_minutes();
            return Err(Problem::invalid(
                "end",
                format!("must keep the meeting's length ({minutes} minutes)"),
            ));
        }
    }
    Ok(start)
}

/// Checks `sha256=<hex>` over `body` with `secret`, in constant time.
pub fn signature_matches(secret: &[u8], header: Option<&str>, body: &[u8]) -> bool {
    let Some((method, hex_mac)) = header.and_then(|h| h.trim().split_once('=')) else { return false };
    if !method.eq_ignore_ascii_case("sha256") {
        return false;
    }
    let Ok(given) = hex::decode(hex_mac) else { return false };
    let expected = PKey::hmac(secret)
        .and_then(|key| {
            let mut signer = Signer::new(MessageDigest::sha256(), &key)?;
            signer.update(body)?;
            signer.sign_to_vec()
        })
        .unwrap_or_default();
    !expected.is_empty() && expected.len() == given.len() && openssl::memcmp::eq(&expected, &given)
}

fn action_of(status: &str) -> Option<Action> {
    Some(match status {
        "Voltooid" => Action::Complete,
        "Vervallen" => Action::MarkLapsed,
        "No-show" | "NoShow" => Action::NoShow,
        "NoShowGecorrigeerd" | "NoShowCorrected" => Action::CorrectNoShow,
        "Verwijderd" => Action::Cancel,
        "Verplaatst" => Action::Reschedule,
        _ => return None,
    })
}

/// A remembered refusal is stored as `409 <reason>`; a success as its JSON answer.
fn replay(answer: InboundAnswer) -> Result<InboundAnswer, Problem> {
    if answer.status == 409 {
        return Err(Problem::conflict(answer.body));
    }
    Ok(answer)
}

async fn post(call: AdapterCall, request: HttpRequest, body: web::Bytes) -> Result<HttpResponse, Problem> {
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let signature = header("X-Hub-Signature");
    let delivery = header("X-Delivery-Id");
    let answer = call
        .run("adapters.xpert.webhook", Access::CaseSystem, move |ctx| {
            let secret = ctx
                .settings
                .xpert
                .as_ref()
                .and_then(|xpert| xpert.webhook_secret.as_ref())
                .ok_or_else(|| Problem::not_found("Xpert Suite webhook"))?;
            if !signature_matches(secret.expose().as_bytes(), signature.as_deref(), &body) {
                return Err(Problem::forbidden("X-Hub-Signature is missing or does not match the body"));
            }
            let delivery = delivery.unwrap_or_else(|| hex::encode(openssl::sha::sha256(&body)));
            if delivery.is_empty() || delivery.len() > 200 {
                return Err(Problem::invalid("X-Delivery-Id", "must be 1-200 characters"));
            }
            ctx.note("xpert.delivery", &delivery);
            if let Some(answer) = ctx.store.xpert_inbound_answer(&delivery)? {
                return replay(answer);
            }
            let change: ChangeBody = crate::edge::input::json(&body)?;
            let id = BookingId::parse(&change.external_id).map_err(|e| Problem::field("externalId", &e))?;
            let action = action_of(&change.status).ok_or_else(|| {
                Problem::invalid(
                    "status",
                    "must be Voltooid, Vervallen, No-show, NoShowGecorrigeerd, Verwijderd or Verplaatst",
                )
            })?;
            ctx.note("booking.id", id.as_str());
            let booking = ctx.store.booking(&id, None)?;
            ctx.jobcenter(&booking.jobcenter)?;
            // One transaction: a concurrent copy of this delivery gets the same answer.
            let answer = if action == Action::Reschedule {
                let start = new_start(&change, &booking)?;
                ctx.store.apply_xpert_move(&delivery, &id, start, ctx.now)?
            } else {
                ctx.store.apply_xpert_change(&delivery, &id, action, change.reason.as_deref(), ctx.now)?
            };
            replay(answer)
        })
        .await?;
    Ok(HttpResponse::build(StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK))
        .content_type("application/json")
        .body(answer.body))
}

#[cfg(test)]
mod tests {
    use super::signature_matches;

    #[test]
    fn signatures() {
        let mac = "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        assert!(signature_matches(b"Jefe", Some(mac), b"what do ya want for nothing?"));
        assert!(!signature_matches(b"Jefe", Some(mac), b"what do ya want for nothing!"));
        assert!(!signature_matches(
            b"Jefe",
            Some(&mac.replace("sha256", "sha1")),
            b"what do ya want for nothing?"
        ));
        assert!(!signature_matches(b"Jefe", None, b""));
        assert!(!signature_matches(b"Jefe", Some("sha256=zz"), b""));
    }
}
