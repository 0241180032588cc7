//! Routes of reference data: the document itself, jobcenters, counselors (attributes, hours,
//! exceptions, blocks) and offers.

use actix_web::http::Method as M;
use actix_web::web;

use super::{route, AdminRoute, JOBCENTER};
use crate::admin::{attributes, counselors, hours, jobcenters, offers, openapi};

/// The routes of this group, in the order the document lists them.
pub(super) fn table() -> Vec<AdminRoute> {
    vec![
        route(M::GET, "/openapi.json", "admin.openapi", "This document", &[], || {
            web::route().to(openapi::get)
        }),
        route(M::GET, "/jobcenters", "admin.jobcenters.list", "The caller's jobcenters", &[], || {
            web::route().to(jobcenters::list)
        }),
        route(
            M::PUT,
            "/jobcenters/{code}",
            "admin.jobcenters.upsert",
            "Create or rename a jobcenter",
            &[],
            || web::route().to(jobcenters::upsert),
        ),
        route(M::GET, "/counselors", "admin.counselors.list", "Counselors by jobcenter", JOBCENTER, || {
            web::route().to(counselors::list)
        }),
        route(M::POST, "/counselors", "admin.counselors.create", "Create a counselor", &[], || {
            web::route().to(counselors::create)
        }),
        route(M::GET, "/counselors/{id}", "admin.counselors.get", "One counselor", &[], || {
            web::route().to(counselors::get)
        }),
        route(
            M::POST,
            "/counselors/{id}/deactivate",
            "admin.counselors.deactivate",
            "No new bookings",
            &[],
            || web::route().to(counselors::deactivate),
        ),
        route(
            M::GET,
            "/counselors/{id}/attributes",
            "admin.counselors.attributes.get",
            "Self-booking, summons and competencies of a counselor",
            &[],
            || web::route().to(attributes::get),
        ),
        route(
            M::PUT,
            "/counselors/{id}/attributes",
            "admin.counselors.attributes.set",
            "Set a counselor's self-booking, summons and competencies",
            &[],
            || web::route().to(attributes::put),
        ),
        route(M::GET, "/counselors/{id}/working-hours", "admin.hours.get", "Weekly template", &[], || {
            web::route().to(hours::get_week)
        }),
        route(
            M::PUT,
            "/counselors/{id}/working-hours",
            "admin.hours.set",
            "Replace the weekly template",
            &[],
            || web::route().to(hours::put_week),
        ),
        route(
            M::PUT,
            "/counselors/{id}/exceptions",
            "admin.exceptions.set",
            "Hours of one date",
            &[],
            || web::route().to(hours::put_exception),
        ),
        route(
            M::GET,
            "/counselors/{id}/blocks",
            "admin.blocks.list",
            "Manual busy blocks",
            &[("from", false), ("to", false)],
            || web::route().to(hours::list_blocks),
        ),
        route(M::POST, "/counselors/{id}/blocks", "admin.blocks.create", "Add a busy block", &[], || {
            web::route().to(hours::add_block)
        }),
        route(
            M::DELETE,
            "/counselors/{id}/blocks/{block_id}",
            "admin.blocks.delete",
            "Remove a busy block",
            &[],
            || web::route().to(hours::delete_block),
        ),
        route(M::GET, "/offers", "admin.offers.list", "Offers by jobcenter", JOBCENTER, || {
            web::route().to(offers::list)
        }),
        route(M::POST, "/offers", "admin.offers.create", "Create an offer with counselors", &[], || {
            web::route().to(offers::create)
        }),
        route(M::GET, "/offers/{id}", "admin.offers.get", "One offer", &[], || web::route().to(offers::get)),
        route(M::PUT, "/offers/{id}", "admin.offers.update", "Replace an offer (bookings stay)", &[], || {
            web::route().to(offers::update)
        }),
        route(M::POST, "/offers/{id}/deactivate", "admin.offers.deactivate", "Hide an offer", &[], || {
            web::route().to(offers::deactivate)
        }),
    ]
}
