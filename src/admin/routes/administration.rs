//! Routes of what STAR's administration module keeps: rooms, summons templates, interview
//! type rules, teams and closing days.

use actix_web::http::Method as M;
use actix_web::web;

use super::{route, AdminRoute};
use crate::admin::{closing_days, rooms, teams, templates, type_rules};

/// The routes of this group, in the order the document lists them.
pub(super) fn table() -> Vec<AdminRoute> {
    vec![
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
    ]
}
