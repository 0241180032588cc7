//! The diesel store: SQLite embedded by default, PostgreSQL when several instances share one
//! database. Use-case methods open a transaction, load rows, call the pure rules in `domain`,
//! write the rows (with audit and outbox rows where the change calls for them) and commit.
//!
//! The store is laid out by subject; each subject's `mod.rs` says what its files hold:
//! - `db`: connections and pool, schema, migrations, the error type, row helpers;
//! - `booking`: reserve/confirm/reschedule, changes, registered bookings, staff moves, the
//!   occupied-time table, booking readers and reports, the booking row and its loader;
//! - `calendar`: what availability reads for counselors over a window, and the connector view;
//! - `read_model`: what listings keep in memory between administrators' changes, by version;
//! - `citizens`: citizens by keyed hash, the per-citizen lock, the CPR vault;
//! - `closing`: a jobcenter's closing days and the bookings that lie on closed time;
//! - `teams`: teams, their members over time, offers that name a team;
//! - `attributes`: whether counselors take self-bookings and summons, competencies, offers that
//!   require competencies;
//! - `type_rules`: per interview type, no-show follow-up and required contact data;
//! - `templates`: summons templates a summons starts from;
//! - `people`: personal accounts, their roles bound to jobcenters or teams, invitations;
//! - `rooms`: meeting rooms, their closures, offers' room pools, the holds of a room;
//! - `summons`: summons of one citizen, bulk summons (`summons::batch`), who summoned;
//! - `reference`: jobcenters, counselors, working hours, blocks, offers, callers, and their
//!   maintenance by operators;
//! - `outbox`: events written with their change, and their webhook deliveries;
//! - `audit`: the audit log and its group-commit writer;
//! - `integrations`: what the store keeps for DFDG, the Xpert Suite, SIVI, calendar sync and
//!   plan links.
//!
//! Code outside the store names only what this file re-exports (`crate::store::X`).
//!
//! Narrow handles: a subject's operations are reached through a handle that borrows the store,
//! `store.bookings().confirm(..)` ([`Bookings`], in `booking/handle.rs`). The handle holds the
//! subject's operations; `Store` keeps forwarding methods of the same names until their callers
//! have moved. New operations go on a handle, not on `Store`; the next subjects to follow are
//! summons (`store.summons()`), reference data and the outbox.
//!
//! Architecture invariant: the store is the only module that knows which backend runs, and the
//! only one that reads diesel errors (`db/error.rs`). Row structs are private; methods take and
//! return domain types.

mod attributes;
mod audit;
mod booking;
mod calendar;
mod citizens;
mod closing;
mod db;
mod integrations;
mod mail;
mod outbox;
mod people;
mod read_model;
pub use read_model::Numbers;
mod reference;
mod rooms;
mod summons;
mod teams;
mod templates;
mod type_rules;

pub use attributes::{check_competencies as attributes_check, Attributes, CounselorAttributes};
pub use audit::{AuditEntry, AuditRecord, AuditSearch};
pub use booking::changes::Canceller;
pub use booking::queries::OfferTimes;
pub use booking::register::RegisterRequest;
pub use booking::reports::{days_period, report_csv, BookingFilter, ReportGroup, ReportLine};
pub use booking::reserve::ReserveRequest;
pub use booking::staff_move::StaffMove;
pub use booking::utilisation::TeamWeekUse;
pub use booking::{Bookings, Listing};
pub use calendar::team_day::{CounselorDay, Meeting, MeetingKind, TeamDay};
pub use calendar::view::{CounselorBlock, CounselorBooking};
pub use citizens::vault::{CprVault, DataKey};
pub use closing::Closing;
pub use db::conn::{AnyConnection, Backend, DatabaseUrl};
pub use db::error::{Entity, Error};
pub use db::text_enum::Unreadable;
pub use integrations::calendar_sync::conflicts::CalendarConflict;
pub use integrations::calendar_sync::feeds::{CalendarFeed, CalendarImport};
pub use integrations::calendar_sync::import::ImportSummary;
pub use integrations::calendar_sync::PushMode;
pub use integrations::dfdg::fejlmeldinger::{ErrorReport, ErrorReportQuery, ErrorReportRecord};
pub use integrations::dfdg::log::DfdgLogQuery;
pub use integrations::dfdg::{
    ApplyOutcome, ChangeType, DfdgChange, DfdgMessage, DfdgMessageRecord, DfdgRegistration, MessageOutcome,
};
pub use integrations::sivi::absence::{AbsenceCaseView, AbsenceMessage, EmployerSummons, IntakeOutcome};
pub use integrations::xpert::moves::XPERT_ORIGIN;
pub use integrations::xpert::{InboundAnswer, SentAppointment};
pub use mail::{MailHandle, MailLogEntry, MailPurpose, MailRedelivery, MailSender, NewMail, OutgoingMail};
pub use outbox::webhooks::{
    AddRecipientRefusal, AttemptOutcome, ClaimedDelivery, DeliveryLogEntry, DeliveryStatus, Lane,
    NewRecipient, Redelivery, RetryFrom, WebhookRecipient,
};
pub use outbox::{OutboxEvent, Topic};
pub use people::{AcceptAs, Credentials, InvitationRecord, LiveSession, NewAccount, NewSession, People};
pub use reference::maintenance::StoredBlock;
pub use rooms::Rooms;
pub use summons::batch::{
    BatchStatus, BatchSummary, ItemStatus, SummonsBatch, SummonsCitizen, SummonsItem, SummonsReport, CHUNK,
};
pub use summons::citizens_csv;
pub use summons::proposals::{Proposals, ProposedTime};
pub use summons::summoner::Summoner;
pub use summons::{OfferChoice, SummonRequest};
pub use teams::Teams;
pub use templates::Templates;
pub use type_rules::TypeRules;

use diesel::connection::SimpleConnection;

/// Waits for the SQLite write turn (none on PostgreSQL). A poisoned lock is still a turn: the
/// panicking writer's transaction was rolled back with its connection.
pub(crate) fn take_turn(turn: Option<&WriterTurn>) -> Option<std::sync::MutexGuard<'_, ()>> {
    turn.map(|lock| lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
}

/// Settings the store needs.
#[derive(Debug, Clone)]
pub struct StoreConfig {
    /// The database location; its scheme picks the backend.
    pub url: DatabaseUrl,
    /// The key protecting CPR numbers.
    pub data_key: DataKey,
    /// Connections in the pool.
    pub pool_size: u32,
    /// How long a reservation holds its time.
    pub reservation_ttl: chrono::Duration,
}

/// A handle to the database; cheap to clone, shared by every request.
#[derive(Clone)]
pub struct Store {
    pool: db::conn::Pool,
    vault: CprVault,
    backend: Backend,
    reservation_ttl: chrono::Duration,
    audit: audit::writer::AuditWriter,
    /// SQLite only: the turn to write (see [`Store::write`]).
    sqlite_writer: Option<WriterTurn>,
    /// What listings keep in memory between administrators' changes (`read_model.rs`).
    read_model: std::sync::Arc<read_model::ReadModel>,
}

/// A lock that hands out the single SQLite write slot in this process.
pub(crate) type WriterTurn = std::sync::Arc<std::sync::Mutex<()>>;

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("backend", &self.backend).finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the pool (no schema change; see [`Store::migrate`]).
    pub fn open(config: &StoreConfig) -> Result<Self, Error> {
        let pool = db::conn::pool(&config.url, config.pool_size)?;
        let sqlite_writer = (config.url.backend() == Backend::Sqlite).then(WriterTurn::default);
        Ok(Self {
            audit: audit::writer::AuditWriter::start(config.url.clone(), sqlite_writer.clone())?,
            sqlite_writer,
            pool,
            vault: CprVault::new(&config.data_key)?,
            backend: config.url.backend(),
            reservation_ttl: config.reservation_ttl,
            read_model: Default::default(),
        })
    }

    /// Creates or upgrades the schema; returns how many migrations ran.
    pub fn migrate(&self) -> Result<usize, Error> {
        let mut conn = self.pool.get()?;
        db::conn::run_migrations(&mut conn)
    }

    /// Checks that the database answers (readiness).
    pub fn ping(&self) -> Result<(), Error> {
        self.read(|conn| conn.batch_execute("SELECT 1").map_err(Error::from))
    }

    /// Writes a consistent copy of a SQLite database to `file` (`VACUUM INTO`: one read
    /// transaction, so a running service keeps serving and the copy holds only committed rows).
    /// The file must not exist. PostgreSQL databases are backed up with `pg_dump` instead.
    pub fn backup_to(&self, file: &std::path::Path) -> Result<(), Error> {
        use diesel::RunQueryDsl;
        let target = file.to_str().ok_or_else(|| Error::Config("the backup path is not UTF-8".into()))?;
        let mut conn = self.pool.get()?;
        let AnyConnection::Sqlite(sqlite) = &mut *conn else {
            return Err(Error::Config(
                "a PostgreSQL database is backed up with pg_dump, not by planner".into(),
            ));
        };
        diesel::sql_query("VACUUM INTO ?")
            .bind::<diesel::sql_types::Text, _>(target)
            .execute(sqlite)
            .map(drop)
            .map_err(Error::from)
    }

    /// Which backend this store runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether a read never waits on a network or another process's lock: SQLite, a file of
    /// this machine, whose WAL readers do not wait for writers. An asynchronous caller may then
    /// run a short read on its own thread instead of handing it to the blocking pool.
    pub fn reads_are_local(&self) -> bool {
        self.backend == Backend::Sqlite
    }

    fn conn(&self) -> Result<diesel::r2d2::PooledConnection<db::conn::Manager>, Error> {
        Ok(self.pool.get()?)
    }

    /// Runs `f`, a read, on one pooled connection. The pool does not test connections on
    /// checkout, so a connection the database ended (a restart, a failover, an administrator)
    /// is found here: when `f` fails and its connection is broken, that connection is dropped
    /// (r2d2 discards a broken one) and `f` runs once more on another. Only reads may be run
    /// again like this: a write could have committed before its connection was lost.
    fn read<T>(&self, f: impl Fn(&mut AnyConnection) -> Result<T, Error>) -> Result<T, Error> {
        use diesel::r2d2::R2D2Connection;
        let mut conn = self.conn()?;
        match f(&mut conn) {
            Err(_) if conn.is_broken() => {
                drop(conn);
                f(&mut *self.conn()?)
            }
            done => done,
        }
    }

    /// Runs `f` in a write transaction (`db::conn::write_tx`). On SQLite, writers of this process
    /// first take their turn on an in-process lock: SQLite has one writer at a time anyway, and
    /// queueing here does not sleep, whereas SQLite's busy handler sleeps up to 100 ms between
    /// tries, which shows as latency spikes under load. The busy timeout still guards against
    /// other processes.
    fn write<T>(&self, f: impl FnOnce(&mut AnyConnection) -> Result<T, Error>) -> Result<T, Error> {
        let _turn = take_turn(self.sqlite_writer.as_ref());
        let mut conn = self.conn()?;
        db::conn::write_tx(&mut conn, f)
    }
}
