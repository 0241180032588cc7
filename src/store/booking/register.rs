//! Bookings registered by a caseworker system (RegisterBooking) or placed by a summoner: they
//! occupy the counselor's time directly, without an offer's grid or a reservation.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::{
    self, Booking, BookingId, BookingStatus, CaseworkerId, ChangeFlags, Channel, Cpr, Interval,
    JobCenterCode, Originator,
};
use crate::store::booking::load_booking_row;
use crate::store::booking::occupancy;
use crate::store::booking::BookingRow;
use crate::store::db::from_db;
use crate::store::db::schema::{bookings, counselors};
use crate::store::outbox::{enqueue_booking_event, Topic};
use crate::store::{citizens, AnyConnection, Entity, Error, Store};
use chrono::NaiveDateTime;

/// A booking another system made (RegisterBooking), already parsed by the edge.
#[derive(Debug, Clone)]
pub struct RegisterRequest {
    /// The registering system's BookingIdentifier (the idempotency key).
    pub id: BookingId,
    /// The citizen.
    pub cpr: Cpr,
    /// The jobcenter; must be the counselor's.
    pub jobcenter: JobCenterCode,
    /// The counselor.
    pub caseworker: CaseworkerId,
    /// InterviewTypeIdentifier.
    pub interview_type: i32,
    /// InterviewFormTypeIdentifier.
    pub form_type: i32,
    /// InterviewContactTypeIdentifier.
    pub contact_type: i32,
    /// Start and end.
    pub interval: Interval,
    /// Rebook/cancel flags and deadlines (validated: 8125-8127).
    pub changes: ChangeFlags,
    /// CompulsoryAttendance.
    pub compulsory: bool,
    /// GroupMeetingIdentifier.
    pub group_meeting: Option<String>,
    /// DigitalMeetingLink.
    pub digital_link: Option<String>,
    /// CaseworkerSystem or Summons.
    pub channel: Channel,
    /// Who registered it.
    pub originator: Originator,
    /// The caller identity that registered it (may cancel it later).
    pub registered_by: String,
}

/// Seats of a registered group meeting: the registering system decides who attends, so the
/// planner only counts them (to know when the meeting's time is free again).
const REGISTERED_GROUP_SEATS: i32 = 10_000;

pub(crate) fn occupy(
    conn: &mut AnyConnection,
    request: &RegisterRequest,
    counselor: &domain::CounselorId,
) -> Result<String, Error> {
    use crate::store::db::schema::occupancy::dsl as o;
    let Some(group) = &request.group_meeting else {
        return occupancy::occupy_booking(conn, counselor, request.interval);
    };
    // Several citizens of one group meeting share one session row keyed by the meeting id; each
    // citizen takes a seat, and the time is freed when the last seat is given back.
    occupancy::lock_counselor(conn, counselor)?;
    let key = format!("group:{group}");
    let existing: Option<(String, NaiveDateTime, NaiveDateTime)> =
        o::occupancy.find(&key).select((o::counselor_id, o::start_at, o::end_at)).first(conn).optional()?;
    match existing {
        Some((owner, start, end))
            if owner == counselor.as_str()
                && from_db(start) == request.interval.start()
                && from_db(end) == request.interval.end() =>
        {
            diesel::update(o::occupancy.find(&key).filter(o::seats_taken.lt(o::seats)))
                .set(o::seats_taken.eq(o::seats_taken + 1))
                .execute(conn)?;
            Ok(key)
        }
        Some(_) => Err(domain::Error::SlotTaken.into()),
        None => occupancy::NewRow {
            id: key,
            seats: REGISTERED_GROUP_SEATS,
            seats_taken: 1,
            ..occupancy::NewRow::individual(counselor, request.interval, occupancy::OccupancyKind::Group)
        }
        .insert(conn),
    }
}

impl Store {
    /// Stores a booking another system made. Idempotent by its BookingIdentifier: the same id
    /// again returns the stored booking and creates nothing.
    pub fn register_booking(&self, request: &RegisterRequest, now: DateTime<Utc>) -> Result<Booking, Error> {
        request.changes.validate()?;
        self.write(|conn| register_in(conn, &self.vault, request, now))
    }
}

/// Every time of a registration lies within the booking horizon (a mistyped year is refused,
/// never stored).
fn check_horizon(request: &RegisterRequest, now: DateTime<Utc>) -> Result<(), Error> {
    use domain::booking::check_horizon;
    check_horizon("start", request.interval.start(), now)?;
    check_horizon("end", request.interval.end(), now)?;
    if let Some(deadline) = request.changes.rebook_deadline {
        check_horizon("rebook_deadline", deadline, now)?;
    }
    if let Some(deadline) = request.changes.cancel_deadline {
        check_horizon("cancel_deadline", deadline, now)?;
    }
    Ok(())
}

/// [`Store::register_booking`] inside the caller's transaction (the DFDG queue consumer records
/// the message id in the same one). The caller validates the change flags first.
pub(crate) fn register_in(
    conn: &mut AnyConnection,
    vault: &crate::store::CprVault,
    request: &RegisterRequest,
    now: DateTime<Utc>,
) -> Result<Booking, Error> {
    let citizen = citizens::ensure_and_lock(conn, vault, &request.cpr, now)?;
    let existing = bookings::table.find(request.id.as_str()).count().get_result::<i64>(conn)?;
    if existing > 0 {
        let row = load_booking_row(conn, &request.id)?;
        if row.citizen_hash != citizen {
            return Err(domain::Error::NotOwnedByCitizen.into());
        }
        return Booking::try_from(&row);
    }
    domain::booking::check_notice(request.interval.start(), now, chrono::Duration::zero())?;
    check_horizon(request, now)?;
    let counselor = counselor_in(conn, &request.caseworker, &request.jobcenter)?;
    let occupancy_id = occupy(conn, request, &counselor.id)?;
    let booking = Booking {
        id: request.id.clone(),
        counselor: counselor.id.clone(),
        jobcenter: request.jobcenter.clone(),
        offer: None,
        interval: request.interval,
        status: BookingStatus::Booked,
        channel: request.channel,
        originator: request.originator,
        interview_type: request.interview_type,
        form_type: request.form_type,
        contact_type: request.contact_type,
        changes: request.changes,
        compulsory: request.compulsory,
        self_booked: false,
        group_meeting: request.group_meeting.clone(),
        digital_link: request.digital_link.clone(),
        lapsed_reason: None,
        billed: false,
        version: 1,
    };
    let mut row = BookingRow::new(&booking, &citizen, Some(occupancy_id), now);
    row.registered_by = Some(request.registered_by.clone());
    diesel::insert_into(bookings::table).values(&row).execute(conn)?;
    enqueue_booking_event(conn, Topic::BookingCreated, &booking, now)?;
    Ok(booking)
}

/// The counselor with `caseworker` id in `jobcenter`; `NotFound(Counselor)` when there is none,
/// or when the caseworker belongs to another jobcenter.
pub(crate) fn counselor_in(
    conn: &mut crate::store::AnyConnection,
    caseworker: &crate::domain::CaseworkerId,
    jobcenter: &crate::domain::JobCenterCode,
) -> Result<domain::Counselor, Error> {
    let counselor: domain::Counselor = counselors::table
        .filter(counselors::caseworker_id.eq(caseworker.as_str()))
        .select(crate::store::reference::CounselorRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound(Entity::Counselor))?
        .try_into()?;
    if counselor.jobcenter != *jobcenter {
        return Err(Error::NotFound(Entity::Counselor));
    }
    Ok(counselor)
}
