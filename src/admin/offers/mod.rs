//! `/admin/v1/offers`: create (with counselors), get, list, replace and deactivate offers.
//!
//! An offer needs at least one counselor of its own jobcenter: an empty or foreign list is a
//! 422 naming `counselors`. Replacing an offer keeps its bookings as they were made.

mod links;
mod wire;

use actix_web::{web, HttpResponse};

use super::call::{json, AdminCall, Ctx};
use super::counselors::{listed_jobcenters, JobCenterQuery};
use crate::domain::{Offer, OfferId};
use crate::edge::input::Query;
use crate::edge::Problem;
use links::{check_rooms, counselors_problem, link, set_rooms, stored_response, with_source};
use wire::to_offer;
pub use wire::{offer_response, LocationBody, OfferBody, OfferResponse};

/// Parses an offer id from the path and loads it, checking the caller acts for its jobcenter.
fn owned_offer(ctx: &mut Ctx<'_>, id: &str) -> Result<Offer, Problem> {
    let id = OfferId::parse(id).map_err(|_| Problem::not_found("offer"))?;
    ctx.note("offer.id", id.as_str());
    let offer = ctx.store.offer(&id)?;
    ctx.jobcenter(&offer.jobcenter)?;
    Ok(offer)
}

/// `GET /offers?jobcenter=`.
pub async fn list(call: AdminCall, query: Query<JobCenterQuery>) -> Result<HttpResponse, Problem> {
    let asked = query.into_inner().jobcenter;
    let list = call
        .run("admin.offers.list", move |ctx| {
            let mut out = Vec::new();
            for code in listed_jobcenters(ctx, asked.as_deref())? {
                for offer in ctx.store.offers_of_jobcenter(&code)? {
                    out.push(stored_response(ctx, &offer)?);
                }
            }
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// `POST /offers`: 201 with the new offer.
pub async fn create(call: AdminCall, body: web::Bytes) -> Result<HttpResponse, Problem> {
    let created = call
        .run("admin.offers.create", move |ctx| {
            let id = OfferId::from_generated(&uuid::Uuid::new_v4().to_string())?;
            let (body, source) = with_source(ctx, json(&body)?)?;
            let rooms = body.rooms.clone();
            let offer = to_offer(id, body, true)?;
            ctx.jobcenter(&offer.jobcenter)?;
            check_rooms(ctx, &offer.jobcenter, &rooms)?;
            ctx.note("offer.id", offer.id.as_str());
            ctx.store.create_offer(&offer, ctx.now).map_err(counselors_problem)?;
            link(ctx, &offer.id, &source)?;
            set_rooms(ctx, &offer.id, &rooms)?;
            stored_response(ctx, &ctx.store.offer(&offer.id)?)
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// `GET /offers/{id}`.
pub async fn get(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let offer = call
        .run("admin.offers.get", move |ctx| {
            let offer = owned_offer(ctx, &id)?;
            stored_response(ctx, &offer)
        })
        .await?;
    Ok(HttpResponse::Ok().json(offer))
}

/// `PUT /offers/{id}`: replaces the offer and its counselors; bookings stay.
pub async fn update(
    call: AdminCall,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let updated = call
        .run("admin.offers.update", move |ctx| {
            let stored = owned_offer(ctx, &id)?;
            let (body, source) = with_source(ctx, json(&body)?)?;
            let rooms = body.rooms.clone();
            let offer = to_offer(stored.id.clone(), body, stored.active)?;
            if offer.jobcenter != stored.jobcenter {
                return Err(Problem::invalid("jobcenter", "an offer cannot move to another jobcenter"));
            }
            check_rooms(ctx, &offer.jobcenter, &rooms)?;
            ctx.store.update_offer(&offer).map_err(counselors_problem)?;
            link(ctx, &offer.id, &source)?;
            set_rooms(ctx, &offer.id, &rooms)?;
            stored_response(ctx, &ctx.store.offer(&offer.id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(updated))
}

/// `POST /offers/{id}/deactivate`.
pub async fn deactivate(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let offer = call
        .run("admin.offers.deactivate", move |ctx| {
            let offer = owned_offer(ctx, &id)?;
            stored_response(ctx, &ctx.store.deactivate_offer(&offer.id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(offer))
}
