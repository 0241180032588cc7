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
