//! Following up in the staff web app, by subject:
//!
//! - [`bookings`]: `GET /follow-up/bookings`, the booking search form, and
//!   `POST /follow-up/bookings`, its results (a POST, since the search may hold a CPR, which
//!   never goes into an address);
//! - [`booking`]: `GET /follow-up/bookings/{booking}`, one booking with its history (the audit
//!   rows that name it);
//! - [`conflicts`]: `GET /follow-up/conflicts`, the calendar conflict queue, and
//!   `POST /follow-up/conflicts/{id}/resolve`, a conflict resolved with a note.
//!
//! Who may: whoever sees colleagues' calendars (summoners and administrators), for the
//! jobcenters their roles are bound to; a found booking is shown only when its calendar is the
//! person's to see (`Account::calendar_access`, as on the calendars), and anything else answers
//! as for a booking that does not exist (404). Searching by CPR is for roles that may see
//! CPRs (summoners). The CPR is never shown here, only masked, with the calendars' audited
//! "Vis CPR". Searches and booking pages change nothing and write one audit row each
//! (`web.bookings.search`, `web.booking.view`) naming ids only.

pub mod booking;
pub mod bookings;
pub mod conflicts;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

use crate::domain::people::{Account, Capability};
use crate::domain::JobCenterCode;
use crate::web::page;

/// The routes of the follow-up pages.
pub fn routes(config: &mut web::ServiceConfig) {
    config
        .route("/follow-up/bookings", web::get().to(bookings::form))
        .route("/follow-up/bookings", web::post().to(bookings::search))
        .route("/follow-up/bookings/{booking}", web::get().to(booking::page))
        .route("/follow-up/conflicts", web::get().to(conflicts::list))
        .route("/follow-up/conflicts/{id}/resolve", web::post().to(conflicts::resolve));
}

/// The jobcenters whose bookings `account` may search (where it sees colleagues' calendars).
pub fn searchable(account: &Account) -> Vec<JobCenterCode> {
    account.jobcenters_for(Capability::ViewCalendars)
}

/// The 403 page of a follow-up page the person's roles do not open.
pub fn forbidden(text: &str) -> HttpResponse {
    page::message(StatusCode::FORBIDDEN, "Det har du ikke adgang til", text, Some(("/", "Til forsiden")))
}

/// An audit operation on screens, in Danish (the operation's name itself when unknown).
pub fn operation_name(operation: &str) -> String {
    let known = match operation {
        "web.booking.complete" | "admin.bookings.complete" => "Markeret som afholdt",
        "web.booking.no_show" | "admin.bookings.no_show" => "Markeret som udeblevet",
        "web.booking.correct_no_show" | "admin.bookings.correct_no_show" => "Udeblivelse rettet",
        "web.booking.lapse" | "admin.bookings.lapse" => "Markeret som bortfaldet",
        "web.booking.cancel" | "admin.bookings.cancel" => "Aflyst af personale",
        "web.booking.move" | "admin.bookings.reschedule" => "Flyttet af personale",
        "web.booking.view" => "Booking set",
        "web.cpr.reveal" => "CPR-nummer vist",
        "admin.bookings.get" => "Booking hentet med CPR-nummer (admin-API)",
        _ => return operation.to_owned(),
    };
    format!("{known} ({operation})")
}
