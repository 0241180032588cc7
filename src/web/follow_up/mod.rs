//! Following up in the staff web app, by subject:
//!
//! - [`bookings`]: `GET /follow-up/bookings`, the booking search form, and
//!   `POST /follow-up/bookings`, its results (a POST, since the search may hold a CPR, which
//!   never goes into an address);
//! - [`booking`]: `GET /follow-up/bookings/{booking}`, one booking with its history (the audit
//!   rows that name it);
//! - [`conflicts`]: `GET /follow-up/conflicts`, the calendar conflict queue, and
//!   `POST /follow-up/conflicts/{id}/resolve`, a conflict resolved with a note;
//! - [`dfdg`]: `GET /follow-up/dfdg/messages`, DFDG's WSRM log, and
//!   `GET /follow-up/dfdg/fejlmeldinger`, the error reports DFDG and Jobnet sent;
//! - [`webhooks`]: `GET /follow-up/webhooks`, the webhook delivery log, and
//!   `POST /follow-up/webhooks/deliveries/{id}/redeliver`, a delivery queued again;
//! - [`audit`]: `GET /follow-up/audit`, the newest audit rows, and `POST /follow-up/audit`,
//!   the audit log searched by period, action, outcome and actor (a POST, since the actor may
//!   be a person's e-mail address, which never goes into an address).
//!
//! Who may: whoever sees colleagues' calendars (summoners and administrators), for the
//! jobcenters their roles are bound to; a found booking is shown only when its calendar is the
//! person's to see (`Account::calendar_access`, as on the calendars), and anything else answers
//! as for a booking that does not exist (404). Searching by CPR is for roles that may see
//! CPRs (summoners). The CPR is never shown here, only masked, with the calendars' audited
//! "Vis CPR". Searches and booking pages change nothing and write one audit row each
//! (`web.bookings.search`, `web.booking.view`) naming ids only.
//!
//! The integration logs and the audit search are the admin API's (`/admin/v1/dfdg/...`,
//! `/admin/v1/webhooks/{id}/deliveries`, `/admin/v1/audit/search`), which machines call with the
//! role `admin` for their jobcenters. Here they are for administrators bound to whole
//! jobcenters ([`administered`]): a team's administrator does not act for a jobcenter's
//! integrations. Rows that belong to no jobcenter (an unreadable DFDG message) are shown only to
//! administrators of every jobcenter of the planner, as the admin API shows them only to callers
//! acting for all. Other roles get 403.

pub mod audit;
mod audit_form;
pub mod booking;
pub mod bookings;
pub mod conflicts;
pub mod dfdg;
pub mod webhooks;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

use chrono::{DateTime, Utc};

use crate::domain::people::{Account, Capability, Target};
use crate::domain::{JobCenterCode, ZONE};
use crate::store::{Error, Store};
use crate::web::calendar::clock;
use crate::web::lang::{fill, t};
use crate::web::page;
use crate::web::session::SignedIn;

/// The routes of the follow-up pages.
pub fn routes(config: &mut web::ServiceConfig) {
    config
        .route("/follow-up/bookings", web::get().to(bookings::form))
        .route("/follow-up/bookings", web::post().to(bookings::search))
        .route("/follow-up/bookings/{booking}", web::get().to(booking::page))
        .route("/follow-up/conflicts", web::get().to(conflicts::list))
        .route("/follow-up/conflicts/{id}/resolve", web::post().to(conflicts::resolve))
        .route("/follow-up/dfdg/messages", web::get().to(dfdg::messages))
        .route("/follow-up/dfdg/fejlmeldinger", web::get().to(dfdg::reports))
        .route("/follow-up/webhooks", web::get().to(webhooks::list))
        .route("/follow-up/webhooks/deliveries/{id}/redeliver", web::post().to(webhooks::redeliver))
        .route("/follow-up/audit", web::get().to(audit::form))
        .route("/follow-up/audit", web::post().to(audit::search));
}

/// The jobcenters `account` administers as a whole (an administrator bound to the jobcenter
/// itself, not to a team of it): where it acts as the admin API's callers act.
pub fn administered(account: &Account) -> Vec<JobCenterCode> {
    account
        .jobcenters_for(Capability::ManageSettings)
        .into_iter()
        .filter(|code| account.may(Capability::ManageSettings, &Target::jobcenter(code.clone())))
        .collect()
}

/// True when `jobcenters` are every jobcenter of the planner (rows of no jobcenter are shown).
pub fn every_jobcenter(store: &Store, jobcenters: &[JobCenterCode]) -> Result<bool, Error> {
    Ok(store.jobcenters()?.iter().all(|(code, _)| jobcenters.contains(code)))
}

/// The person with the jobcenters they administer, when there are any (the 403 page naming
/// `what` otherwise).
pub fn administrator(person: SignedIn, what: &str) -> actix_web::Result<(SignedIn, Vec<JobCenterCode>)> {
    let jobcenters = administered(&person.account);
    if jobcenters.is_empty() {
        let text = fill(t("{} er for administratorer af et helt jobcenter."), [what]);
        return Err(page::stop(forbidden(&text)));
    }
    Ok((person, jobcenters))
}

/// Page `page` (from 1) of `rows`, [`PAGE`] rows a page, and whether more follow.
pub fn page_of<T>(rows: Vec<T>, page: usize) -> (Vec<T>, bool) {
    let skip = page.max(1).saturating_sub(1).saturating_mul(PAGE);
    let more = rows.len() > skip.saturating_add(PAGE);
    (rows.into_iter().skip(skip).take(PAGE).collect(), more)
}

/// The page number of a query (`page=`), 1 when absent or not a positive number, and at most
/// 1000 (the logs read at most 1000 rows, so pages beyond are empty anyway).
pub fn page_number(text: Option<&str>) -> usize {
    text.and_then(|text| text.trim().parse::<usize>().ok()).filter(|page| *page >= 1).unwrap_or(1).min(1000)
}

/// Rows a page of the logs shows.
pub const PAGE: usize = 50;

/// An instant on screens, "09.03.2027 10:15".
pub fn moment(at: DateTime<Utc>) -> String {
    format!("{} {}", at.with_timezone(&ZONE).format("%d.%m.%Y"), clock(at))
}

/// The jobcenters whose bookings `account` may search (where it sees colleagues' calendars).
pub fn searchable(account: &Account) -> Vec<JobCenterCode> {
    account.jobcenters_for(Capability::ViewCalendars)
}

/// The 403 page of a follow-up page the person's roles do not open.
pub fn forbidden(text: &str) -> HttpResponse {
    page::message(
        StatusCode::FORBIDDEN,
        t("Det har du ikke adgang til"),
        text,
        Some(("/", t("Til forsiden"))),
    )
}

/// An audit operation on screens, in Danish (the operation's name itself when unknown).
pub fn operation_name(operation: &str) -> String {
    let known = match operation {
        "web.booking.complete" | "admin.bookings.complete" => t("Markeret som afholdt"),
        "web.booking.no_show" | "admin.bookings.no_show" => t("Markeret som udeblevet"),
        "web.booking.correct_no_show" | "admin.bookings.correct_no_show" => t("Udeblivelse rettet"),
        "web.booking.lapse" | "admin.bookings.lapse" => t("Markeret som bortfaldet"),
        "web.booking.cancel" | "admin.bookings.cancel" => t("Aflyst af personale"),
        "web.booking.move" | "admin.bookings.reschedule" => t("Flyttet af personale"),
        "web.booking.view" => t("Booking set"),
        "web.cpr.reveal" => t("CPR-nummer vist"),
        "admin.bookings.get" => t("Booking hentet med CPR-nummer (admin-API)"),
        _ => return operation.to_owned(),
    };
    format!("{known} ({operation})")
}
