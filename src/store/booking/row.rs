//! The booking row, its conversions to and from the domain's `Booking`, and the one loader of a
//! booking row by id that every booking change starts from.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::domain::{
    Booking, BookingId, BookingStatus, ChangeFlags, Channel, CounselorId, Interval, JobCenterCode, OfferId,
    Originator,
};
use crate::store::db::schema::bookings;
use crate::store::db::{corrupt, from_db, to_db};
use crate::store::{AnyConnection, Entity, Error};

#[derive(Queryable, Selectable, Insertable, AsChangeset, Clone)]
#[diesel(table_name = bookings)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(treat_none_as_null = true)]
pub(crate) struct BookingRow {
    pub id: String,
    pub citizen_hash: String,
    pub counselor_id: String,
    pub jobcenter_code: String,
    pub offer_id: Option<String>,
    pub occupancy_id: Option<String>,
    pub start_at: NaiveDateTime,
    pub end_at: NaiveDateTime,
    pub status: String,
    pub channel: String,
    pub originator_code: i64,
    pub originator_type: i32,
    pub interview_type: i32,
    pub form_type: i32,
    pub contact_type: i32,
    pub rebook_possible: bool,
    pub rebook_deadline: Option<NaiveDateTime>,
    pub cancel_possible: bool,
    pub cancel_deadline: Option<NaiveDateTime>,
    pub compulsory: bool,
    pub self_booked: bool,
    pub group_meeting_id: Option<String>,
    pub digital_link: Option<String>,
    pub lapsed_reason: Option<String>,
    pub billed: bool,
    pub registered_by: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub summoned_by: Option<String>,
    pub summoned_by_user: Option<String>,
}

impl BookingRow {
    /// Copies the domain fields of `booking` into this row (keeps citizen, occupancy, audit fields).
    pub(crate) fn apply(&mut self, booking: &Booking, now: DateTime<Utc>) {
        self.counselor_id = booking.counselor.as_str().to_owned();
        self.jobcenter_code = booking.jobcenter.as_str().to_owned();
        self.offer_id = booking.offer.as_ref().map(|o| o.as_str().to_owned());
        self.start_at = to_db(booking.interval.start());
        self.end_at = to_db(booking.interval.end());
        self.status = booking.status.as_str().to_owned();
        self.channel = booking.channel.as_str().to_owned();
        self.originator_code = booking.originator.code;
        self.originator_type = booking.originator.type_id;
        self.interview_type = booking.interview_type;
        self.form_type = booking.form_type;
        self.contact_type = booking.contact_type;
        self.rebook_possible = booking.changes.rebook_possible;
        self.rebook_deadline = booking.changes.rebook_deadline.map(to_db);
        self.cancel_possible = booking.changes.cancel_possible;
        self.cancel_deadline = booking.changes.cancel_deadline.map(to_db);
        self.compulsory = booking.compulsory;
        self.self_booked = booking.self_booked;
        self.group_meeting_id = booking.group_meeting.clone();
        self.digital_link = booking.digital_link.clone();
        self.lapsed_reason = booking.lapsed_reason.clone();
        self.billed = booking.billed;
        self.version = booking.version;
        self.updated_at = to_db(now);
    }

    /// A new row for `booking`, owned by the citizen with `citizen_hash`.
    pub(crate) fn new(
        booking: &Booking,
        citizen_hash: &str,
        occupancy_id: Option<String>,
        now: DateTime<Utc>,
    ) -> Self {
        let mut row = Self {
            id: booking.id.as_str().to_owned(),
            citizen_hash: citizen_hash.to_owned(),
            counselor_id: String::new(),
            jobcenter_code: String::new(),
            offer_id: None,
            occupancy_id,
            start_at: to_db(now),
            end_at: to_db(now),
            status: String::new(),
            channel: String::new(),
            originator_code: 0,
            originator_type: 0,
            interview_type: 0,
            form_type: 0,
            contact_type: 0,
            rebook_possible: false,
            rebook_deadline: None,
            cancel_possible: false,
            cancel_deadline: None,
            compulsory: false,
            self_booked: false,
            group_meeting_id: None,
            digital_link: None,
            lapsed_reason: None,
            billed: false,
            registered_by: None,
            version: 1,
            created_at: to_db(now),
            updated_at: to_db(now),
            summoned_by: None,
            summoned_by_user: None,
        };
        row.apply(booking, now);
        row
    }
}

impl TryFrom<&BookingRow> for Booking {
    type Error = Error;
    fn try_from(row: &BookingRow) -> Result<Self, Error> {
        Ok(Booking {
            id: BookingId::parse(&row.id).map_err(|_| corrupt("booking id"))?,
            counselor: CounselorId::parse(&row.counselor_id).map_err(|_| corrupt("counselor id"))?,
            jobcenter: JobCenterCode::parse(&row.jobcenter_code).map_err(|_| corrupt("jobcenter"))?,
            offer: row
                .offer_id
                .as_deref()
                .map(OfferId::parse)
                .transpose()
                .map_err(|_| corrupt("offer id"))?,
            interval: Interval::new(from_db(row.start_at), from_db(row.end_at))
                .map_err(|_| corrupt("booking time"))?,
            status: BookingStatus::parse(&row.status).map_err(|_| corrupt("booking status"))?,
            channel: Channel::parse(&row.channel).map_err(|_| corrupt("booking channel"))?,
            originator: Originator { code: row.originator_code, type_id: row.originator_type },
            interview_type: row.interview_type,
            form_type: row.form_type,
            contact_type: row.contact_type,
            changes: ChangeFlags {
                rebook_possible: row.rebook_possible,
                rebook_deadline: row.rebook_deadline.map(from_db),
                cancel_possible: row.cancel_possible,
                cancel_deadline: row.cancel_deadline.map(from_db),
            },
            compulsory: row.compulsory,
            self_booked: row.self_booked,
            group_meeting: row.group_meeting_id.clone(),
            digital_link: row.digital_link.clone(),
            lapsed_reason: row.lapsed_reason.clone(),
            billed: row.billed,
            version: row.version,
        })
    }
}

/// The booking row with `id`; `NotFound(Booking)` when there is none.
pub(crate) fn load_booking_row(conn: &mut AnyConnection, id: &BookingId) -> Result<BookingRow, Error> {
    bookings::table
        .find(id.as_str())
        .select(BookingRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound(Entity::Booking))
}
