//! The admin API: JSON under `/admin/v1` on the same listener as SOAP, for callers with the role
//! `admin`, limited to their jobcenters (contract §7). Errors are RFC 9457 problem+json.
//!
//! One route table ([`routes_table`]) feeds both the actix registration and the OpenAPI
//! document, so the two cannot drift. One file per resource holds its handlers and wire types;
//! handlers read bodies and queries with [`input`] (problems name the field, never the value),
//! parse into domain types by hand and call `store` use-case methods through
//! [`call::AdminCall::run`], which authorizes and audits every call.
//! Problems, input parsing and the audit are the edge's ([`crate::edge`]), shared with the
//! adapters' JSON endpoints. Architecture invariant (tests/it/architecture.rs): admin never
//! imports `soap` or `server`.

pub mod attributes;
pub mod audit;
pub mod bookings;
pub mod calendar;
pub mod call;
pub mod callers;
pub mod closing_days;
pub mod counselors;
pub mod dfdg_fejlmeldinger;
pub mod dfdg_messages;
pub mod hours;
pub mod jobcenters;
pub mod offers;
pub mod openapi;
pub mod reports;
pub mod reschedule;
pub mod rooms;
pub mod summons;
pub mod summons_batches;
pub mod teams;
pub mod templates;
pub mod type_rules;
pub mod webhook_log;
pub mod webhooks;

use actix_web::http::Method;
use actix_web::web;

pub use crate::edge::Problem;

/// Where the admin API lives (the edge's problem+json scope).
pub const PREFIX: &str = crate::edge::problem::PROBLEM_SCOPE;

/// One admin route: what actix serves and what the OpenAPI document lists.
pub struct AdminRoute {
    /// HTTP method.
    pub method: Method,
    /// Path below [`PREFIX`], with `{name}` parameters.
    pub path: &'static str,
    /// The operation id, also the audit row's operation.
    pub operation: &'static str,
    /// One line for the document.
    pub summary: &'static str,
    /// Query parameters (name, required).
    pub query: &'static [(&'static str, bool)],
    /// Builds the actix route (without its method guard).
    pub handler: fn() -> actix_web::Route,
}

fn route(
    method: Method,
    path: &'static str,
    operation: &'static str,
    summary: &'static str,
    query: &'static [(&'static str, bool)],
    handler: fn() -> actix_web::Route,
) -> AdminRoute {
    AdminRoute { method, path, operation, summary, query, handler }
}

/// Every admin route.
pub fn routes_table() -> Vec<AdminRoute> {
    use Method as M;
    const JOBCENTER: &[(&str, bool)] = &[("jobcenter", false)];
    const BOOKINGS: &[(&str, bool)] = &[
        ("jobcenter", true),
        ("counselor", false),
        ("from", false),
        ("to", false),
        ("status", false),
        ("channel", false),
        ("limit", false),
    ];
    const REPORT: &[(&str, bool)] =
        &[("jobcenter", true), ("from", true), ("to", true), ("group_by", true), ("format", false)];
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
        route(
            M::GET,
            "/rooms",
            "admin.rooms.list",
            "A jobcenter's meeting rooms",
            &[("jobcenter", true)],
            || web::route().to(rooms::list),
        ),
        route(M::POST, "/rooms", "admin.rooms.create", "Create a meeting room", &[], || {
            web::route().to(rooms::create)
        }),
        route(M::GET, "/rooms/{id}", "admin.rooms.get", "One meeting room", &[], || {
            web::route().to(rooms::get)
        }),
        route(
            M::POST,
            "/rooms/{id}/closures",
            "admin.rooms.closures.create",
            "Close a room for a period",
            &[],
            || web::route().to(rooms::close),
        ),
        route(
            M::GET,
            "/summons-templates",
            "admin.templates.list",
            "A jobcenter's summons templates",
            &[("jobcenter", true)],
            || web::route().to(templates::list),
        ),
        route(
            M::POST,
            "/summons-templates",
            "admin.templates.create",
            "Create a summons template",
            &[],
            || web::route().to(templates::create),
        ),
        route(M::GET, "/summons-templates/{id}", "admin.templates.get", "One summons template", &[], || {
            web::route().to(templates::get)
        }),
        route(
            M::PUT,
            "/summons-templates/{id}",
            "admin.templates.update",
            "Replace a summons template (summons made stay)",
            &[],
            || web::route().to(templates::update),
        ),
        route(
            M::DELETE,
            "/summons-templates/{id}",
            "admin.templates.delete",
            "Delete a summons template",
            &[],
            || web::route().to(templates::delete),
        ),
        route(
            M::GET,
            "/interview-types",
            "admin.interview_types.list",
            "Rules per interview type: no-show follow-up, required contact data",
            &[("jobcenter", true)],
            || web::route().to(type_rules::list),
        ),
        route(
            M::PUT,
            "/interview-types/{interview_type}",
            "admin.interview_types.set",
            "Set an interview type's rule",
            &[],
            || web::route().to(type_rules::set),
        ),
        route(
            M::GET,
            "/teams",
            "admin.teams.list",
            "A jobcenter's teams with their members",
            &[("jobcenter", true)],
            || web::route().to(teams::list),
        ),
        route(M::POST, "/teams", "admin.teams.create", "Create a team", &[], || {
            web::route().to(teams::create)
        }),
        route(M::GET, "/teams/{id}", "admin.teams.get", "One team with its membership history", &[], || {
            web::route().to(teams::get)
        }),
        route(
            M::PUT,
            "/teams/{id}/members/{counselor_id}",
            "admin.teams.members.add",
            "A counselor joins the team",
            &[],
            || web::route().to(teams::add_member),
        ),
        route(
            M::POST,
            "/teams/{id}/members/{counselor_id}/end",
            "admin.teams.members.end",
            "A counselor leaves the team (the membership is kept)",
            &[],
            || web::route().to(teams::end_member),
        ),
        route(
            M::GET,
            "/closing-days",
            "admin.closing_days.list",
            "A year's holidays and closing days, and the rules behind them",
            &[("jobcenter", true), ("year", false)],
            || web::route().to(closing_days::list),
        ),
        route(
            M::POST,
            "/closing-days",
            "admin.closing_days.create",
            "Add a closing day (bookings on it are listed, never cancelled)",
            &[],
            || web::route().to(closing_days::create),
        ),
        route(
            M::GET,
            "/closing-days/bookings-to-move",
            "admin.closing_days.bookings_to_move",
            "Bookings on a holiday or closing day, for staff to move",
            &[("jobcenter", true)],
            || web::route().to(closing_days::bookings_to_move),
        ),
        route(
            M::PUT,
            "/closing-days/customary/{key}",
            "admin.closing_days.customary",
            "Keep a customary closing day closed or open it",
            &[],
            || web::route().to(closing_days::set_customary),
        ),
        route(
            M::DELETE,
            "/closing-days/{id}",
            "admin.closing_days.delete",
            "Delete one of the jobcenter's closing days",
            &[("jobcenter", true)],
            || web::route().to(closing_days::delete),
        ),
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
            M::GET,
            "/webhooks",
            "admin.webhooks.list",
            "Webhook recipients of the caller's jobcenters",
            &[("include_removed", false)],
            || web::route().to(webhooks::list),
        ),
        route(M::POST, "/webhooks", "admin.webhooks.create", "Add a webhook recipient", &[], || {
            web::route().to(webhooks::create)
        }),
        route(M::GET, "/webhooks/{id}", "admin.webhooks.get", "One webhook recipient", &[], || {
            web::route().to(webhooks::get)
        }),
        route(
            M::DELETE,
            "/webhooks/{id}",
            "admin.webhooks.remove",
            "Remove a recipient (its log is kept)",
            &[],
            || web::route().to(webhooks::remove),
        ),
        route(M::POST, "/webhooks/{id}/disable", "admin.webhooks.disable", "Stop sending", &[], || {
            web::route().to(webhooks::disable)
        }),
        route(M::POST, "/webhooks/{id}/enable", "admin.webhooks.enable", "Send again", &[], || {
            web::route().to(webhooks::enable)
        }),
        route(
            M::GET,
            "/webhooks/{id}/deliveries",
            "admin.webhooks.deliveries",
            "A recipient's delivery log, newest first",
            &[("limit", false), ("before", false)],
            || web::route().to(webhook_log::list),
        ),
        route(
            M::POST,
            "/webhooks/{id}/deliveries/{delivery_id}/redeliver",
            "admin.webhooks.redeliver",
            "Queue a delivered or given-up delivery again",
            &[],
            || web::route().to(webhook_log::redeliver),
        ),
        route(
            M::GET,
            "/dfdg/messages",
            "admin.dfdg.messages",
            "The WSRM log: DFDG queue messages applied or rejected, newest first",
            &[("limit", false), ("outcome", false)],
            || web::route().to(dfdg_messages::list),
        ),
        route(
            M::GET,
            "/dfdg/fejlmeldinger",
            "admin.dfdg.fejlmeldinger",
            "Error reports from DFDG and Jobnet (CreateFejlmelding), newest first",
            &[("limit", false)],
            || web::route().to(dfdg_fejlmeldinger::list),
        ),
        route(
            M::POST,
            "/bookings/{id}/reschedule",
            "admin.bookings.reschedule",
            "Move as staff (planned and unbilled only)",
            &[],
            || web::route().to(reschedule::reschedule),
        ),
        route(
            M::GET,
            "/calendar/conflicts",
            "admin.calendar.conflicts",
            "External events overlapping bookings",
            &[("all", false), ("limit", false)],
            || web::route().to(calendar::conflicts),
        ),
        route(
            M::POST,
            "/calendar/conflicts/{id}/resolve",
            "admin.calendar.conflicts.resolve",
            "Mark a conflict resolved with a note",
            &[],
            || web::route().to(calendar::resolve),
        ),
        route(
            M::POST,
            "/counselors/{id}/calendar-feeds",
            "admin.calendar.feeds.create",
            "New iCalendar feed token (shown once)",
            &[],
            || web::route().to(calendar::create_feed),
        ),
        route(
            M::GET,
            "/counselors/{id}/calendar-feeds",
            "admin.calendar.feeds.list",
            "A counselor's feed tokens",
            &[],
            || web::route().to(calendar::list_feeds),
        ),
        route(
            M::DELETE,
            "/counselors/{id}/calendar-feeds/{feed_id}",
            "admin.calendar.feeds.revoke",
            "Revoke a feed token",
            &[],
            || web::route().to(calendar::revoke_feed),
        ),
        route(
            M::PUT,
            "/counselors/{id}/calendar-import",
            "admin.calendar.import.set",
            "Poll this ICS URL for busy time",
            &[],
            || web::route().to(calendar::set_import),
        ),
        route(
            M::DELETE,
            "/counselors/{id}/calendar-import",
            "admin.calendar.import.clear",
            "Stop polling",
            &[],
            || web::route().to(calendar::clear_import),
        ),
    ]
}

/// Registers the admin routes: one actix resource per path, one method guard per route.
pub fn routes(config: &mut web::ServiceConfig) {
    let table = routes_table();
    let mut scope = web::scope(PREFIX)
        // Every error is problem+json, also those the framework writes before a handler runs.
        .wrap(actix_web::middleware::from_fn(crate::edge::middleware::errors_as_problems))
        // Queries are read by `input::Query`; a path segment that cannot be read is never quoted.
        .app_data(web::PathConfig::default().error_handler(|_, _| crate::edge::input::path_problem().into()))
        .default_service(web::to(no_route));
    let mut paths: Vec<&str> = Vec::new();
    for entry in &table {
        if !paths.contains(&entry.path) {
            paths.push(entry.path);
        }
    }
    for path in paths {
        let mut resource = web::resource(path).default_service(web::to(no_route));
        for entry in table.iter().filter(|r| r.path == path) {
            resource = resource.route((entry.handler)().method(entry.method.clone()));
        }
        scope = scope.service(resource);
    }
    config.service(scope);
}

async fn no_route() -> Result<actix_web::HttpResponse, Problem> {
    Err(Problem::no_route())
}
