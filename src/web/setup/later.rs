//! The routes of the set-up subjects added after offers, people and rooms: closing days,
//! working hours, counselors and teams, summons templates, calendar feeds and webhook recipients.

use actix_web::web;

use super::{
    calendar_import, calendars, closing, closing_changes, counselors, exceptions, hours, team_changes, teams,
    templates, webhook_changes, webhooks,
};

/// The routes of the subjects added after the first ones (closing days, ...).
pub(super) fn routes(config: &mut web::ServiceConfig) {
    let closing = "/setup/{jobcenter}/closing-days";
    config
        .route(closing, web::get().to(closing::list))
        .route(closing, web::post().to(closing_changes::add))
        .route(&format!("{closing}/customary/{{key}}"), web::post().to(closing_changes::customary))
        .route(&format!("{closing}/{{id}}/delete"), web::post().to(closing_changes::remove))
        .route("/setup/{jobcenter}/hours", web::get().to(hours::list))
        .route("/setup/{jobcenter}/hours/{counselor}", web::get().to(hours::page))
        .route("/setup/{jobcenter}/hours/{counselor}", web::post().to(hours::save))
        .route("/setup/{jobcenter}/hours/{counselor}/exceptions", web::post().to(exceptions::set))
        .route("/setup/{jobcenter}/counselors", web::get().to(counselors::list))
        .route("/setup/{jobcenter}/counselors/{counselor}", web::get().to(counselors::page))
        .route("/setup/{jobcenter}/counselors/{counselor}", web::post().to(counselors::save))
        .route("/setup/{jobcenter}/teams", web::get().to(teams::list))
        .route("/setup/{jobcenter}/teams", web::post().to(team_changes::create))
        .route("/setup/{jobcenter}/teams/{team}/members", web::post().to(team_changes::add_member))
        .route("/setup/{jobcenter}/teams/{team}/members/end", web::post().to(team_changes::end_member))
        .route("/setup/{jobcenter}/templates", web::get().to(templates::list))
        .route("/setup/{jobcenter}/templates", web::post().to(templates::create))
        .route("/setup/{jobcenter}/templates/new", web::get().to(templates::new))
        .route("/setup/{jobcenter}/templates/{id}", web::get().to(templates::edit))
        .route("/setup/{jobcenter}/templates/{id}", web::post().to(templates::update))
        .configure(calendar_routes);
}

/// The routes of the calendar feeds and ICS imports.
fn calendar_routes(config: &mut web::ServiceConfig) {
    let counselor = "/setup/{jobcenter}/calendars/{counselor}";
    config
        .route("/setup/{jobcenter}/calendars", web::get().to(calendars::list))
        .route(counselor, web::get().to(calendars::page))
        .route(&format!("{counselor}/feeds"), web::post().to(calendars::create_feed))
        .route(&format!("{counselor}/feeds/{{feed}}/revoke"), web::post().to(calendars::revoke_feed))
        .route(&format!("{counselor}/import"), web::post().to(calendar_import::set))
        .route(&format!("{counselor}/import/clear"), web::post().to(calendar_import::clear))
        .route("/setup/{jobcenter}/webhooks", web::get().to(webhooks::list))
        .route("/setup/{jobcenter}/webhooks", web::post().to(webhooks::create))
        .route("/setup/{jobcenter}/webhooks/{id}/disable", web::post().to(webhook_changes::disable))
        .route("/setup/{jobcenter}/webhooks/{id}/enable", web::post().to(webhook_changes::enable))
        .route("/setup/{jobcenter}/webhooks/{id}/remove", web::post().to(webhook_changes::remove));
}
