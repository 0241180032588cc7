//! Routes of daily operations: bookings and staff moves, callers, the audit log, summons
//! (one citizen and bulk) and reports.

use actix_web::http::Method as M;
use actix_web::web;

use super::{route, AdminRoute, BOOKINGS, REPORT};
use crate::admin::{audit, bookings, callers, reports, reschedule, summons, summons_batches};

/// The routes of this group, in the order the document lists them.
pub(super) fn table() -> Vec<AdminRoute> {
    vec![
        route(M::GET, "/bookings", "admin.bookings.search", "Search bookings (no CPR)", BOOKINGS, || {
            web::route().to(bookings::search)
        }),
        route(
            M::POST,
            "/bookings/search",
            "admin.bookings.search_by_body",
            "Search bookings, the CPR in the JSON body",
            &[],
            || web::route().to(bookings::search_by_body),
        ),
        route(M::GET, "/bookings/{id}", "admin.bookings.get", "One booking with the CPR", &[], || {
            web::route().to(bookings::get)
        }),
        route(M::POST, "/bookings/{id}/complete", "admin.bookings.complete", "Mark held", &[], || {
            web::route().to(bookings::complete)
        }),
        route(M::POST, "/bookings/{id}/no-show", "admin.bookings.no_show", "Mark no-show", &[], || {
            web::route().to(bookings::no_show)
        }),
        route(
            M::POST,
            "/bookings/{id}/no-show/correct",
            "admin.bookings.correct_no_show",
            "Undo a no-show",
            &[],
            || web::route().to(bookings::correct_no_show),
        ),
        route(
            M::POST,
            "/bookings/{id}/lapse",
            "admin.bookings.lapse",
            "Mark lapsed with a reason",
            &[],
            || web::route().to(bookings::lapse),
        ),
        route(M::POST, "/bookings/{id}/cancel", "admin.bookings.cancel", "Cancel as staff", &[], || {
            web::route().to(bookings::cancel)
        }),
        route(
            M::GET,
            "/callers",
            "admin.callers.list",
            "Registered callers of the caller's jobcenters",
            &[],
            || web::route().to(callers::list),
        ),
        route(M::POST, "/callers", "admin.callers.add", "Register or replace a caller", &[], || {
            web::route().to(callers::add)
        }),
        route(
            M::POST,
            "/callers/{identity}/disable",
            "admin.callers.disable",
            "Refuse a caller",
            &[],
            || web::route().to(callers::disable),
        ),
        route(M::GET, "/audit", "admin.audit.tail", "Newest audit rows", &[("limit", false)], || {
            web::route().to(audit::tail)
        }),
        route(M::POST, "/audit/search", "admin.audit.search", "Search the audit trail", &[], || {
            web::route().to(audit::search)
        }),
        route(M::POST, "/summons", "admin.summons.create", "Summon one citizen", &[], || {
            web::route().to(summons::summon)
        }),
        route(
            M::POST,
            "/summons/batches",
            "admin.summons.batches.run",
            "Bulk summons: run (or repeat) a batch by key",
            &[],
            || web::route().to(summons_batches::run_batch),
        ),
        route(
            M::GET,
            "/summons/batches/{key}",
            "admin.summons.batches.get",
            "A batch's status and report",
            &[],
            || web::route().to(summons_batches::get_batch),
        ),
        route(
            M::GET,
            "/reports/bookings",
            "admin.reports.bookings",
            "Booking counts (JSON or CSV)",
            REPORT,
            || web::route().to(reports::bookings),
        ),
        route(
            M::POST,
            "/bookings/{id}/reschedule",
            "admin.bookings.reschedule",
            "Move as staff (planned and unbilled only)",
            &[],
            || web::route().to(reschedule::reschedule),
        ),
    ]
}
