//! Routes of integrations: webhooks and their deliveries, DFDG's messages and error reports,
//! calendar conflicts, feeds and imports.

use actix_web::http::Method as M;
use actix_web::web;

use super::{route, AdminRoute};
use crate::admin::{calendar, dfdg_fejlmeldinger, dfdg_messages, webhook_log, webhooks};

/// The routes of this group, in the order the document lists them.
pub(super) fn table() -> Vec<AdminRoute> {
    vec![
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
