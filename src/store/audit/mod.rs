//! The append-only audit log (contract §5): what was called, by whom, with what outcome; never
//! personal data. Rows are written by one group-commit thread (`writer`).

pub(crate) mod writer;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::store::db::from_db;
use crate::store::db::schema::audit_log;
use crate::store::{Error, Store};

/// One audited call (contract §5). Never holds a CPR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// The request's correlation id.
    pub correlation_id: String,
    /// The caller's certificate identity (or the operator for CLI work).
    pub caller: String,
    /// RequestUserMetadata's user, if given.
    pub request_user: Option<String>,
    /// The operation name.
    pub operation: String,
    /// The jobcenter acted for, if known.
    pub jobcenter: Option<String>,
    /// "ok" or the error code.
    pub outcome: String,
    /// Ids involved (booking, offer), never personal data.
    pub detail: Option<String>,
}

/// An audited call as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// Position in the log.
    pub id: i64,
    /// When it was written.
    pub at: DateTime<Utc>,
    /// What was written.
    pub entry: AuditEntry,
}

/// An audit row as read back.
#[derive(Queryable, Selectable)]
#[diesel(table_name = audit_log)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct AuditRow {
    id: i64,
    at: chrono::NaiveDateTime,
    correlation_id: String,
    caller: String,
    request_user: Option<String>,
    operation: String,
    jobcenter_code: Option<String>,
    outcome: String,
    detail: Option<String>,
}

impl AuditRow {
    fn into_record(self) -> AuditRecord {
        AuditRecord {
            id: self.id,
            at: from_db(self.at),
            entry: AuditEntry {
                correlation_id: self.correlation_id,
                caller: self.caller,
                request_user: self.request_user,
                operation: self.operation,
                jobcenter: self.jobcenter_code,
                outcome: self.outcome,
                detail: self.detail,
            },
        }
    }
}

impl Store {
    /// Appends one audit row and returns once it is committed (group commit, see
    /// `writer.rs`).
    pub fn append_audit(&self, entry: &AuditEntry, at: DateTime<Utc>) -> Result<(), Error> {
        self.audit.append(entry, at)
    }

    /// Hands one audit row to the group commit now; what it returns resolves once the row is
    /// committed (for asynchronous callers, which await it without holding a thread).
    pub fn append_audit_later(
        &self,
        entry: AuditEntry,
        at: DateTime<Utc>,
    ) -> impl std::future::Future<Output = Result<(), Error>> + Send + 'static {
        self.audit.append_later(entry, at)
    }

    /// The newest `limit` audit rows, oldest first.
    pub fn audit_tail(&self, limit: i64) -> Result<Vec<AuditRecord>, Error> {
        let mut conn = self.conn()?;
        let mut rows: Vec<AuditRow> = audit_log::table
            .order(audit_log::id.desc())
            .limit(limit)
            .select(AuditRow::as_select())
            .load(&mut conn)?;
        rows.reverse();
        Ok(rows.into_iter().map(AuditRow::into_record).collect())
    }
}

/// What an audit search looks for; every field given must match. The rows are limited to the
/// `scope` jobcenters, plus the rows of caller `own` (an admin sees its own calls).
#[derive(Debug, Clone, Default)]
pub struct AuditSearch {
    /// From this instant (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Before this instant.
    pub to: Option<DateTime<Utc>>,
    /// The caller identity.
    pub caller: Option<String>,
    /// The person the caller acted for.
    pub request_user: Option<String>,
    /// The operation; a trailing `*` matches a prefix (`admin.bookings.*`).
    pub operation: Option<String>,
    /// One jobcenter (within the scope).
    pub jobcenter: Option<String>,
    /// Rows naming this booking.
    pub booking: Option<crate::domain::BookingId>,
    /// `ok`, or an error code or status.
    pub outcome: Option<String>,
    /// Rows naming a booking of this citizen (found by the keyed hash; the CPR is not kept).
    pub citizen: Option<crate::domain::Cpr>,
    /// The jobcenters the searcher acts for.
    pub scope: Vec<String>,
    /// The searcher's own identity, whose rows are in scope too.
    pub own: Option<String>,
    /// Only rows before this position in the log (the last id of the previous page).
    pub before: Option<i64>,
}

impl Store {
    /// The newest `limit` audit rows matching `search`, newest first.
    pub fn audit_search(&self, search: &AuditSearch, limit: i64) -> Result<Vec<AuditRecord>, Error> {
        use crate::store::db::schema::bookings;
        let mut conn = self.conn()?;
        let mut query = audit_log::table.into_boxed();
        let own = search.own.clone().unwrap_or_default();
        query = query
            .filter(audit_log::jobcenter_code.eq_any(search.scope.clone()).or(audit_log::caller.eq(own)));
        if let Some(before) = search.before {
            query = query.filter(audit_log::id.lt(before));
        }
        if let Some(from) = search.from {
            query = query.filter(audit_log::at.ge(crate::store::db::to_db(from)));
        }
        if let Some(to) = search.to {
            query = query.filter(audit_log::at.lt(crate::store::db::to_db(to)));
        }
        if let Some(caller) = &search.caller {
            query = query.filter(audit_log::caller.eq(caller.clone()));
        }
        if let Some(user) = &search.request_user {
            query = query.filter(audit_log::request_user.eq(user.clone()));
        }
        if let Some(operation) = &search.operation {
            query = match operation.strip_suffix('*') {
                Some(prefix) => {
                    query.filter(audit_log::operation.like(format!("{}%", prefix.replace(['%', '_'], ""))))
                }
                None => query.filter(audit_log::operation.eq(operation.clone())),
            };
        }
        if let Some(jobcenter) = &search.jobcenter {
            query = query.filter(audit_log::jobcenter_code.eq(jobcenter.clone()));
        }
        if let Some(outcome) = &search.outcome {
            query = query.filter(audit_log::outcome.eq(outcome.clone()));
        }
        if let Some(booking) = &search.booking {
            query = query.filter(audit_log::detail.like(format!("%booking.id={}%", booking.as_str())));
        }
        if let Some(cpr) = &search.citizen {
            let ids: Vec<String> = bookings::table
                .filter(bookings::citizen_hash.eq(self.vault.hash(cpr)))
                .order(bookings::start_at.desc())
                .limit(200)
                .select(bookings::id)
                .load(&mut conn)?;
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let mut any = Box::new(audit_log::detail.like(format!("%booking.id={}%", ids[0])))
                as Box<
                    dyn BoxableExpression<
                        audit_log::table,
                        _,
                        SqlType = diesel::sql_types::Nullable<diesel::sql_types::Bool>,
                    >,
                >;
            for id in &ids[1..] {
                any = Box::new(any.or(audit_log::detail.like(format!("%booking.id={id}%"))));
            }
            query = query.filter(any);
        }
        let rows: Vec<AuditRow> =
            query.order(audit_log::id.desc()).limit(limit).select(AuditRow::as_select()).load(&mut conn)?;
        Ok(rows.into_iter().map(AuditRow::into_record).collect())
    }
}
