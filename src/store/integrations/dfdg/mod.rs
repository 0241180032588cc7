//! DFDG in the store: applying WSRM queue messages (bookings a caseworker system registered in
//! DFDG) and remembering the DFDG id and registered version of each booking DFDG knows.
//!
//! Each message is applied and its MessageIdentifier recorded in ONE transaction, so a message
//! seen before changes nothing and a message is never marked seen without its change. A message
//! that a business rule refuses (unknown counselor, time taken, wrong citizen) is recorded as
//! rejected with the reason inside that same transaction (after rolling back its savepoint):
//! redelivering it would be refused again, and it must not block the queue. Only failures of the
//! database itself leave the message unrecorded, so the consumer aborts and DFDG redelivers.
//!
//! DFDG's error reports are in `fejlmeldinger`, the WSRM log for operators in `log`.

pub(crate) mod fejlmeldinger;
pub(crate) mod log;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::{self, Action, Booking, BookingId, BookingStatus};
use crate::store::booking::load_booking_row;
use crate::store::booking::register::{occupy, register_in, RegisterRequest};
use crate::store::booking::{changes, occupancy};
use crate::store::db::schema::{bookings, dfdg_bookings, dfdg_messages};
use crate::store::db::text_enum::text_enum;
use crate::store::db::to_db;
use crate::store::outbox::{enqueue_booking_event, Topic};
use crate::store::{citizens, AnyConnection, CprVault, Entity, Error, Store};

/// The change a queue message asks for, already parsed by the adapter's wire module.
#[derive(Debug, Clone)]
pub enum DfdgChange {
    /// A new booking (Aendringstype 1); its id is the DFDG id (IndkaldelseId).
    Create(RegisterRequest),
    /// A changed booking (Aendringstype 2): moved in time or to another counselor, new flags.
    /// An update of a booking not known here creates it.
    Update(RegisterRequest),
    /// A deleted booking (Aendringstype 3): cancelled here, its time freed.
    Delete(BookingId),
    /// A message the wire module could not read; the text names the field, never a value.
    Unreadable(String),
}

impl DfdgChange {
    fn change_type(&self) -> ChangeType {
        match self {
            DfdgChange::Create(_) => ChangeType::Create,
            DfdgChange::Update(_) => ChangeType::Update,
            DfdgChange::Delete(_) => ChangeType::Delete,
            DfdgChange::Unreadable(_) => ChangeType::Unreadable,
        }
    }
}

text_enum! {
    /// What a queue message asked for, as stored in the WSRM log (`dfdg_messages.change_type`).
    pub enum ChangeType ("DFDG change type") {
        /// A new registered booking.
        Create = "create",
        /// A changed registered booking.
        Update = "update",
        /// A deleted booking.
        Delete = "delete",
        /// A message the wire module could not read.
        Unreadable = "unreadable",
    }
}

text_enum! {
    /// How a queue message ended, as stored in the WSRM log (`dfdg_messages.outcome`).
    pub enum MessageOutcome ("DFDG message outcome") {
        /// Its change was committed.
        Applied = "applied",
        /// A business rule refused it (the reason is kept with it).
        Rejected = "rejected",
    }
}

/// One WSRM message as the consumer hands it to the store.
#[derive(Debug, Clone)]
pub struct DfdgMessage {
    /// The idempotency key: the MessageIdentifier as DFDG sent it (a GUID lower-cased), or for a
    /// message without a usable one an `unidentified:` placeholder derived from its content.
    pub id: String,
    /// The message service it came from (ServiceName).
    pub service: String,
    /// What it asks for.
    pub change: DfdgChange,
}

/// What applying one message did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyOutcome {
    /// The change was committed (and the message recorded with it).
    Applied(BookingId),
    /// The message id was recorded before: nothing changed.
    AlreadySeen,
    /// A business rule refused the change; the message is recorded as rejected with the reason.
    Rejected(String),
}

/// A WSRM log row.
#[derive(Queryable, Selectable)]
#[diesel(table_name = dfdg_messages)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub(crate) struct LogRow {
    message_id: String,
    service_name: String,
    change_type: ChangeType,
    booking_id: Option<String>,
    outcome: MessageOutcome,
    detail: Option<String>,
    received_at: chrono::NaiveDateTime,
}

/// Where a booking stands in DFDG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DfdgRegistration {
    /// The DFDG id (IndkaldelseId).
    pub dfdg_id: String,
    /// `queue` (it came from DFDG) or `registration` (the planner registered it).
    pub source: String,
    /// The booking version DFDG has.
    pub version: i64,
    /// DeleteIndkaldelse was sent (or the queue deleted it).
    pub deleted: bool,
}

/// A row of the WSRM log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DfdgMessageRecord {
    /// MessageIdentifier.
    pub message_id: String,
    /// The message service it came from (ServiceName).
    pub service: String,
    /// Create, update, delete or unreadable.
    pub change_type: ChangeType,
    /// The booking it touched.
    pub booking_id: Option<String>,
    /// Applied or rejected.
    pub outcome: MessageOutcome,
    /// Why it was rejected.
    pub detail: Option<String>,
    /// When the planner read it from the queue.
    pub received_at: DateTime<Utc>,
}

impl From<LogRow> for DfdgMessageRecord {
    fn from(row: LogRow) -> Self {
        DfdgMessageRecord {
            message_id: row.message_id,
            service: row.service_name,
            change_type: row.change_type,
            booking_id: row.booking_id,
            outcome: row.outcome,
            detail: row.detail,
            received_at: crate::store::db::from_db(row.received_at),
        }
    }
}

fn find_by_dfdg_id(conn: &mut AnyConnection, dfdg_id: &str) -> Result<Option<BookingId>, Error> {
    let found: Option<String> = dfdg_bookings::table
        .filter(dfdg_bookings::dfdg_id.eq(dfdg_id))
        .select(dfdg_bookings::booking_id)
        .first(conn)
        .optional()?;
    found.map(|id| BookingId::parse(&id).map_err(|_| crate::store::db::corrupt("booking id"))).transpose()
}

fn upsert_registration(
    conn: &mut AnyConnection,
    booking: &BookingId,
    registration: &DfdgRegistration,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let values = (
        dfdg_bookings::dfdg_id.eq(&registration.dfdg_id),
        dfdg_bookings::source.eq(&registration.source),
        dfdg_bookings::registered_version.eq(registration.version),
        dfdg_bookings::deleted.eq(registration.deleted),
        dfdg_bookings::updated_at.eq(to_db(now)),
    );
    let updated = diesel::update(dfdg_bookings::table.find(booking.as_str())).set(values).execute(conn)?;
    if updated == 0 {
        diesel::insert_into(dfdg_bookings::table)
            .values((dfdg_bookings::booking_id.eq(booking.as_str()), values))
            .execute(conn)?;
    }
    Ok(())
}

/// Moves a known booking to the message's time, counselor and flags (UpdateIndkaldelse from KSS).
fn update_in(
    conn: &mut AnyConnection,
    vault: &CprVault,
    id: &BookingId,
    request: &RegisterRequest,
    now: DateTime<Utc>,
) -> Result<Booking, Error> {
    let citizen = citizens::ensure_and_lock(conn, vault, &request.cpr, now)?;
    let mut row = load_booking_row(conn, id)?;
    if row.citizen_hash != citizen {
        return Err(domain::Error::NotOwnedByCitizen.into());
    }
    let mut booking = Booking::try_from(&row)?;
    booking.transition(Action::Reschedule)?;
    let counselor =
        crate::store::booking::register::counselor_in(conn, &request.caseworker, &request.jobcenter)?;
    // The old time is given back before the new one is taken, so a booking can move within its
    // own time; the no-overlap rule still refuses anyone else's.
    if let Some(old) = row.occupancy_id.take() {
        occupancy::release(conn, &old)?;
    }
    row.occupancy_id = Some(occupy(conn, request, &counselor.id)?);
    booking.counselor = counselor.id;
    booking.interval = request.interval;
    booking.interview_type = request.interview_type;
    booking.form_type = request.form_type;
    booking.contact_type = request.contact_type;
    booking.changes = request.changes;
    booking.compulsory = request.compulsory;
    booking.group_meeting = request.group_meeting.clone();
    booking.digital_link = request.digital_link.clone();
    booking.version += 1;
    row.apply(&booking, now);
    diesel::update(bookings::table.find(&row.id)).set(&row).execute(conn)?;
    enqueue_booking_event(conn, Topic::BookingRescheduled, &booking, now)?;
    Ok(booking)
}

/// Cancels a booking DFDG deleted; an already cancelled one stays as it is.
fn delete_in(conn: &mut AnyConnection, id: &BookingId, now: DateTime<Utc>) -> Result<Booking, Error> {
    let mut row = load_booking_row(conn, id)?;
    let booking = Booking::try_from(&row)?;
    if booking.status == BookingStatus::Cancelled {
        return Ok(booking);
    }
    changes::apply(conn, &mut row, booking, Action::Cancel, None, now)
}

/// Applies one change inside the caller's transaction; returns the booking it touched.
fn change_in(
    conn: &mut AnyConnection,
    vault: &CprVault,
    change: &DfdgChange,
    now: DateTime<Utc>,
) -> Result<BookingId, Error> {
    let queued = |booking: &Booking| DfdgRegistration {
        dfdg_id: booking.id.as_str().to_owned(),
        source: "queue".into(),
        version: booking.version,
        deleted: false,
    };
    match change {
        DfdgChange::Create(request) | DfdgChange::Update(request) => {
            request.changes.validate()?;
            let booking = match find_by_dfdg_id(conn, request.id.as_str())? {
                Some(id) if matches!(change, DfdgChange::Update(_)) => {
                    update_in(conn, vault, &id, request, now)?
                }
                Some(id) => Booking::try_from(&load_booking_row(conn, &id)?)?,
                None => register_in(conn, vault, request, now)?,
            };
            upsert_registration(conn, &booking.id, &queued(&booking), now)?;
            Ok(booking.id)
        }
        DfdgChange::Delete(dfdg_id) => {
            let id = find_by_dfdg_id(conn, dfdg_id.as_str())?.ok_or(Error::NotFound(Entity::Booking))?;
            let booking = delete_in(conn, &id, now)?;
            upsert_registration(conn, &id, &DfdgRegistration { deleted: true, ..queued(&booking) }, now)?;
            Ok(id)
        }
        // `apply_dfdg_message` records unreadable messages without calling this.
        DfdgChange::Unreadable(_) => {
            Err(Error::Corrupt("an unreadable DFDG message reached the apply step".into()))
        }
    }
}

/// True when the error is the message's fault (a rule or its content), not the database's.
fn is_rejection(error: &Error) -> bool {
    match error {
        Error::NotFound(_) | Error::Conflict(_) => true,
        Error::Unavailable
        | Error::Corrupt(_)
        | Error::Config(_)
        | Error::Database(_)
        | Error::Migration(_) => false,
    }
}

/// Why a message was not applied: refused for good (recorded), or the database failed (not).
enum Failure {
    Rejection(String),
    Fatal(Error),
}
use Failure::{Fatal, Rejection};

impl Store {
    /// Applies one WSRM message and records its MessageIdentifier in the same transaction.
    /// A message id recorded before changes nothing.
    pub fn apply_dfdg_message(
        &self,
        message: &DfdgMessage,
        now: DateTime<Utc>,
    ) -> Result<ApplyOutcome, Error> {
        self.write(|conn| {
            let seen = dfdg_messages::table.find(&message.id).count().get_result::<i64>(conn)?;
            if seen > 0 {
                return Ok(ApplyOutcome::AlreadySeen);
            }
            let attempt = match &message.change {
                DfdgChange::Unreadable(reason) => Err(Rejection(reason.clone())),
                change => {
                    conn.transaction(|conn| change_in(conn, &self.vault, change, now)).map_err(|error| {
                        if is_rejection(&error) {
                            Rejection(error.to_string())
                        } else {
                            Fatal(error)
                        }
                    })
                }
            };
            let (outcome, booking, detail) = match attempt {
                Ok(id) => (ApplyOutcome::Applied(id.clone()), Some(id), None),
                Err(Rejection(reason)) => (ApplyOutcome::Rejected(reason.clone()), None, Some(reason)),
                Err(Fatal(error)) => return Err(error),
            };
            diesel::insert_into(dfdg_messages::table)
                .values((
                    dfdg_messages::message_id.eq(&message.id),
                    dfdg_messages::service_name.eq(&message.service),
                    dfdg_messages::change_type.eq(message.change.change_type()),
                    dfdg_messages::booking_id.eq(booking.as_ref().map(BookingId::as_str)),
                    dfdg_messages::outcome.eq(if matches!(outcome, ApplyOutcome::Applied(_)) {
                        MessageOutcome::Applied
                    } else {
                        MessageOutcome::Rejected
                    }),
                    dfdg_messages::detail.eq(detail),
                    dfdg_messages::received_at.eq(to_db(now)),
                ))
                .execute(conn)?;
            Ok(outcome)
        })
    }

    /// The WSRM log, newest first.
    pub fn dfdg_messages(&self, limit: i64) -> Result<Vec<DfdgMessageRecord>, Error> {
        let mut conn = self.conn()?;
        let rows: Vec<LogRow> = dfdg_messages::table
            .order((dfdg_messages::received_at.desc(), dfdg_messages::message_id))
            .limit(limit)
            .select(LogRow::as_select())
            .load(&mut conn)?;
        Ok(rows.into_iter().map(DfdgMessageRecord::from).collect())
    }

    /// Where a booking stands in DFDG, if DFDG knows it.
    pub fn dfdg_registration(&self, booking: &BookingId) -> Result<Option<DfdgRegistration>, Error> {
        let mut conn = self.conn()?;
        let row: Option<(String, String, i64, bool)> = dfdg_bookings::table
            .find(booking.as_str())
            .select((
                dfdg_bookings::dfdg_id,
                dfdg_bookings::source,
                dfdg_bookings::registered_version,
                dfdg_bookings::deleted,
            ))
            .first(&mut conn)
            .optional()?;
        Ok(row.map(|(dfdg_id, source, version, deleted)| DfdgRegistration {
            dfdg_id,
            source,
            version,
            deleted,
        }))
    }

    /// Records what DFDG acknowledged for a booking the planner registered.
    pub fn record_dfdg_registration(
        &self,
        booking: &BookingId,
        registration: &DfdgRegistration,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.write(|conn| {
            if bookings::table.find(booking.as_str()).count().get_result::<i64>(conn)? == 0 {
                return Err(Error::NotFound(Entity::Booking));
            }
            upsert_registration(conn, booking, registration, now)
        })
    }
}
