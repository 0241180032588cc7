//! Counselors' calendars in the staff web app, by subject:
//!
//! - [`week`]: `GET /calendar` lists the calendars (and teams) a person may see, and
//!   `GET /calendar/{counselor}?week=YYYY-MM-DD` shows one week of one counselor (bookings by
//!   day with their status, channel and the actions the person may take, and busy time, manual
//!   or from calendar sync);
//! - [`cpr`]: `POST /calendar/{counselor}/bookings/{booking}/cpr` shows one booking's CPR;
//! - [`actions`]: `POST /calendar/{counselor}/bookings/{booking}/{complete, no-show,
//!   correct-no-show, lapse, cancel}`, the staff actions on a booking;
//! - [`moving`]: `GET /calendar/{counselor}/bookings/{booking}/move?week=` lists the free times
//!   of the booking's offer with its counselor in a week, `POST .../move/confirm` asks to
//!   confirm the chosen time and `POST .../move` moves the booking;
//! - [`blocks`]: `POST /calendar/{counselor}/blocks` adds manual busy time and
//!   `POST /calendar/{counselor}/blocks/{block}/delete` removes it;
//! - [`team_day`]: `GET /calendar/team/{team}?day=YYYY-MM-DD`, one team's counselors side by side.
//!
//! Binding is seeing: a calendar of the person's own jobcenter that their roles do not cover
//! (another team's) answers 403 with a page saying so, and an audit row `web.calendar.view`
//! (or the refused change's operation) with outcome `forbidden`; a calendar of a jobcenter
//! none of their roles is bound to answers exactly as a counselor that does not exist (404), so
//! its existence is not told to another jobcenter's staff. What a person
//! may do is the domain's rule (`Account::calendar_access`, with the counselor's teams of
//! today): a page offers only what that rule and the booking's state allow, and every POST is
//! checked again (403 for the role, 409 with a message for the booking's state). The changes go
//! through the same store functions as the admin API, and each writes one audit row
//! (`web.booking.*`, `web.block.*`, outcome `ok`, `forbidden`, `conflict` or `invalid`) naming
//! ids only, never a CPR or an e-mail address.

pub mod actions;
pub mod blocks;
pub mod cpr;
pub mod moving;
mod names;
pub mod team_day;
pub mod week;

pub use names::{channel_name, clock, day_name, status_name, time_range, weekday_name, WEEKDAYS};

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use serde::Deserialize;

use super::lang::{fill, t};
use super::page::{self, stop};
use super::session::{account_caller, Context, SignedIn};
use crate::domain::people::{Account, CalendarAccess, Target};
use crate::domain::{
    self, Booking, BookingId, BookingStatus, Counselor, CounselorId, Interval, JobCenterCode, ZONE,
};
use crate::store::{Entity, Error, Store};

/// The routes of the calendars.
pub fn routes(config: &mut web::ServiceConfig) {
    let booking = "/calendar/{counselor}/bookings/{booking}";
    config
        .route("/calendar", web::get().to(week::calendars))
        .route("/calendar/team/{team}", web::get().to(team_day::team_day))
        .route("/calendar/{counselor}", web::get().to(week::week))
        .route("/calendar/{counselor}/blocks", web::post().to(blocks::add))
        .route("/calendar/{counselor}/blocks/{block}/delete", web::post().to(blocks::remove))
        .route(&format!("{booking}/cpr"), web::post().to(cpr::reveal_cpr))
        .route(&format!("{booking}/complete"), web::post().to(actions::complete))
        .route(&format!("{booking}/no-show"), web::post().to(actions::no_show))
        .route(&format!("{booking}/correct-no-show"), web::post().to(actions::correct_no_show))
        .route(&format!("{booking}/lapse"), web::post().to(actions::lapse))
        .route(&format!("{booking}/cancel"), web::post().to(actions::cancel))
        .route(&format!("{booking}/move"), web::get().to(moving::choose))
        .route(&format!("{booking}/move/confirm"), web::post().to(moving::confirm))
        .route(&format!("{booking}/move"), web::post().to(moving::perform));
}

/// The query of a week.
#[derive(Debug, Deserialize)]
pub struct WeekQuery {
    /// Any day of the week, `YYYY-MM-DD`; default today.
    pub week: Option<String>,
    /// What was just done (a notice on the page), see [`week::notice`].
    pub done: Option<String>,
}

/// The counselor's full name.
pub fn full_name(counselor: &Counselor) -> String {
    let middle = counselor.middle_name.as_deref().map(|m| format!(" {m}")).unwrap_or_default();
    format!("{}{middle} {}", counselor.given_name, counselor.surname)
}

/// The page for a calendar (or booking, block, team) that does not exist, or is not told to
/// exist to the person.
pub fn not_found() -> actix_web::Error {
    stop(page::message(
        StatusCode::NOT_FOUND,
        t("Kalenderen findes ikke"),
        t("Den findes ikke, eller den hører til et jobcenter, dine roller ikke gælder for."),
        Some(("/calendar", t("Til kalenderne"))),
    ))
}

/// Why a calendar (or a booking in it) is not shown to a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unseen {
    /// It does not exist, or lies in a jobcenter none of the person's roles is bound to: 404.
    Missing,
    /// It is a calendar of the jobcenter (`JobCenterCode`) the person works in, of teams their
    /// roles do not cover: 403.
    NotYours(JobCenterCode),
}

/// What a person may see, or why not.
pub type Seen<T> = Result<T, Unseen>;

impl Unseen {
    /// The page that says so: 404 for [`Unseen::Missing`], 403 for [`Unseen::NotYours`].
    pub fn page(&self) -> actix_web::Error {
        match self {
            Unseen::Missing => not_found(),
            Unseen::NotYours(_) => stop(page::message(
                StatusCode::FORBIDDEN,
                t("Det har du ikke adgang til"),
                t("Dine roller giver ikke adgang til denne kalender. Spørg jobcentrets administrator, \
                   hvis du skal arbejde i den."),
                Some(("/calendar", t("Til kalenderne"))),
            )),
        }
    }

    /// Why `account` is not shown a calendar (or team day) of `jobcenter` that its roles do not
    /// cover: refused where the person works, hidden elsewhere.
    pub fn of(account: &Account, jobcenter: JobCenterCode) -> Self {
        if account.works_in(&jobcenter) {
            Unseen::NotYours(jobcenter)
        } else {
            Unseen::Missing
        }
    }
}

/// What `seen` holds, or its [`Unseen::page`] after an audit row `operation` with outcome
/// `forbidden` when it was refused rather than hidden; `(kind, id)` names it in the row's
/// detail (`counselor` or `team`, and the id from the path).
pub async fn shown<T>(
    seen: Seen<T>,
    (context, request): (&Context, &HttpRequest),
    person: &SignedIn,
    operation: &str,
    (kind, id): (&str, &str),
) -> actix_web::Result<T> {
    let unseen = match seen {
        Ok(value) => return Ok(value),
        Err(unseen) => unseen,
    };
    if let Unseen::NotYours(jobcenter) = &unseen {
        let caller = account_caller(&person.account);
        let detail = Some(format!("{kind}.id={id}"));
        let jobcenter = Some(jobcenter.as_str().to_owned());
        context.audit_in(request, caller, (operation, "forbidden"), jobcenter, detail).await;
    }
    Err(unseen.page())
}

/// The path of `counselor`'s week holding `day`, with an optional notice.
pub fn week_path(counselor: &str, day: NaiveDate, done: Option<&str>) -> String {
    match done {
        Some(done) => format!("/calendar/{counselor}?week={day}&done={done}"),
        None => format!("/calendar/{counselor}?week={day}"),
    }
}

/// The counselor `id` and what `person` may do with their calendar at `now`, or why it is
/// not shown ([`Unseen`]).
pub fn calendar(
    store: &Store,
    person: &SignedIn,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Seen<(Counselor, CalendarAccess)>, Error> {
    let Ok(id) = CounselorId::parse(id) else { return Ok(Err(Unseen::Missing)) };
    let counselor = match store.counselor(&id) {
        Ok(counselor) => counselor,
        Err(Error::NotFound(_)) => return Ok(Err(Unseen::Missing)),
        Err(error) => return Err(error),
    };
    let teams = store.teams().of_counselor(&counselor.id, now.with_timezone(&ZONE).date_naive())?;
    let target = Target { jobcenter: counselor.jobcenter.clone(), teams };
    let access = person.account.calendar_access(&counselor.email, &target);
    if access.view {
        Ok(Ok((counselor, access)))
    } else {
        Ok(Err(Unseen::of(&person.account, counselor.jobcenter)))
    }
}

/// [`calendar`] for lists, which leave out what is not shown: `None` when the calendar does
/// not exist or is not the person's to see.
pub fn counselor_access(
    store: &Store,
    person: &SignedIn,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Counselor, CalendarAccess)>, Error> {
    Ok(calendar(store, person, id, now)?.ok())
}

/// A booking of a calendar the person may see: the counselor, what the person may do, and the
/// booking.
pub struct Visible {
    /// The counselor whose calendar it is.
    pub counselor: Counselor,
    /// What the person may do with the calendar.
    pub access: CalendarAccess,
    /// The booking.
    pub booking: Booking,
}

/// The booking `booking` in the calendar of `counselor`, as `person` may see it at `now`, or
/// why not: the calendar is not shown ([`calendar`]), or the booking does not exist or lies in
/// another calendar ([`Unseen::Missing`]).
pub fn visible_booking(
    store: &Store,
    person: &SignedIn,
    (counselor, booking): (&str, &str),
    now: DateTime<Utc>,
) -> Result<Seen<Visible>, Error> {
    let (counselor, access) = match calendar(store, person, counselor, now)? {
        Ok(found) => found,
        Err(unseen) => return Ok(Err(unseen)),
    };
    let Ok(id) = BookingId::parse(booking) else { return Ok(Err(Unseen::Missing)) };
    match store.booking(&id, None) {
        Ok(booking) if booking.counselor == counselor.id => Ok(Ok(Visible { counselor, access, booking })),
        Ok(_) | Err(Error::NotFound(Entity::Booking)) => Ok(Err(Unseen::Missing)),
        Err(error) => Err(error),
    }
}

/// Why a change the person asked for was not made, besides a failing store.
#[derive(Debug)]
pub enum Refusal {
    /// What it names is gone (or not the person's).
    NotFound,
    /// A rule refused it in the state things are in.
    Conflict(domain::Error),
}

/// `result` with the refusals a person should read about split from the store's failures.
pub fn refusal<T>(result: Result<T, Error>) -> Result<Result<T, Refusal>, Error> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(Error::Conflict(rule)) => Ok(Err(Refusal::Conflict(rule))),
        Err(Error::NotFound(_)) => Ok(Err(Refusal::NotFound)),
        Err(error) => Err(error),
    }
}

/// The audit detail of a booking.
pub fn booking_detail(booking: &Booking) -> Option<String> {
    Some(format!("booking.id={}", booking.id.as_str()))
}

/// Writes the audit row `operation` with `outcome` for work on `booking` by `person`.
pub async fn audit_booking(
    context: &Context,
    request: &HttpRequest,
    person: &SignedIn,
    (operation, outcome): (&str, &str),
    booking: &Booking,
) {
    let caller = account_caller(&person.account);
    let jobcenter = Some(booking.jobcenter.as_str().to_owned());
    context.audit_in(request, caller, (operation, outcome), jobcenter, booking_detail(booking)).await;
}

/// The 403 page of a change the person's roles do not allow.
pub fn forbidden(what: &str, back: &str) -> HttpResponse {
    page::message(
        StatusCode::FORBIDDEN,
        t("Det har du ikke adgang til"),
        &fill(t("Din rolle giver ikke adgang til at {} i denne kalender."), [t(what)]),
        Some((back, t("Tilbage til kalenderen"))),
    )
}

/// The 409 page of a change a rule refused, saying why in Danish.
pub fn conflict(rule: &domain::Error, back: &str) -> HttpResponse {
    page::message(
        StatusCode::CONFLICT,
        t("Ændringen blev ikke gennemført"),
        &rule_text(rule),
        Some((back, t("Tilbage"))),
    )
}

/// Why a rule refused a change, in Danish.
pub fn rule_text(rule: &domain::Error) -> String {
    use domain::Error as E;
    match rule {
        E::InvalidTransition { from, .. } => {
            let now = match BookingStatus::parse(from) {
                Ok(BookingStatus::Booked) => t("Mødet er booket"),
                Ok(BookingStatus::Completed) => t("Mødet er afholdt"),
                Ok(BookingStatus::NoShow) => t("Borgeren er registreret som udeblevet"),
                Ok(BookingStatus::Lapsed) => t("Mødet er bortfaldet"),
                Ok(BookingStatus::Cancelled) => t("Mødet er aflyst"),
                Err(_) => t("Mødet er ændret"),
            };
            fill(t("{}, så det kan ikke ændres sådan. Hent kalenderen igen for at se, hvad der kan gøres."), [now])
        }
        E::NotBegun => {
            t("Mødet er ikke begyndt endnu. Det kan først markeres som afholdt eller udeblevet, når det er begyndt.")
                .into()
        }
        E::BilledOnlyLapse => t("Mødet er indberettet til afregning og kan kun markeres som bortfaldet.").into(),
        E::SlotTaken => {
            t("Tiden er ikke ledig: vejlederen har et andet møde eller optaget tid. Vælg en anden tid. \
               Mødet er ikke flyttet.")
            .into()
        }
        E::OutsideWorkingHours => {
            t("Tiden ligger uden for vejlederens arbejdstid. Vælg en anden tid. Mødet er ikke flyttet.").into()
        }
        E::Closed => {
            t("Jobcentret har lukket på det tidspunkt (helligdag eller lukkedag). Mødet er ikke flyttet.").into()
        }
        E::StartTooSoon => {
            t("Tidspunktet er passeret. Vælg en tid senere end nu. Mødet er ikke flyttet.").into()
        }
        E::BeyondHorizon(_) => t("Tidspunktet ligger for langt ude i fremtiden. Mødet er ikke flyttet.").into(),
        E::LapseReasonMissing => t("Vælg en årsag til, at mødet er bortfaldet.").into(),
        _ => t("Reglerne for mødet tillader ikke ændringen.").into(),
    }
}

/// The Monday of the week `week` names (or of today's week at `now`).
pub fn monday(week: Option<&str>, now: DateTime<Utc>) -> actix_web::Result<NaiveDate> {
    let day = match week {
        None => now.with_timezone(&ZONE).date_naive(),
        Some(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
            stop(page::message(
                StatusCode::BAD_REQUEST,
                t("Ugen kunne ikke læses"),
                t("Angiv ugen med en dato i den, fx 2027-03-08."),
                Some(("/calendar", t("Til kalenderne"))),
            ))
        })?,
    };
    Ok(monday_of(day))
}

/// The Monday of the week of `day`.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The instant local midnight begins `date` in Copenhagen.
pub fn midnight(date: NaiveDate) -> Option<DateTime<Utc>> {
    ZONE.from_local_datetime(&date.and_hms_opt(0, 0, 0)?).earliest().map(|at| at.with_timezone(&Utc))
}

/// The instants of the local days `first` up to (not including) `until`.
pub fn local_days(first: NaiveDate, until: NaiveDate) -> Result<Interval, Error> {
    let corrupt = || Error::Corrupt("a day outside the calendar".into());
    let start = midnight(first).ok_or_else(corrupt)?;
    let end = midnight(until).ok_or_else(corrupt)?;
    Interval::new(start, end).map_err(|_| corrupt())
}
