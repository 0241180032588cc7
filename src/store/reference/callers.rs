//! The caller registry: certificate identity -> role and jobcenters.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::{Caller, JobCenterCode, Role};
use crate::store::db::schema::callers;
use crate::store::db::{corrupt, to_db};
use crate::store::{Error, Numbers, Store};

/// A caller row.
#[derive(Queryable, Selectable)]
#[diesel(table_name = callers)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct CallerRow {
    identity: String,
    role: String,
    /// Jobcenter codes joined by commas.
    jobcenters: String,
    enabled: bool,
}

/// The caller of `row`: role and jobcenters parsed.
fn to_caller(row: CallerRow) -> Result<Caller, Error> {
    Ok(Caller {
        identity: row.identity,
        role: Role::parse(&row.role).map_err(|_| corrupt("caller role"))?,
        jobcenters: row
            .jobcenters
            .split(',')
            .filter(|code| !code.is_empty())
            .map(|code| JobCenterCode::parse(code).map_err(|_| corrupt("caller jobcenter")))
            .collect::<Result<_, _>>()?,
        enabled: row.enabled,
    })
}

impl Store {
    /// Registers a caller, or replaces its role, jobcenters and enabled flag.
    pub fn upsert_caller(&self, caller: &Caller, now: DateTime<Utc>) -> Result<(), Error> {
        let jobcenters = caller.jobcenters.iter().map(JobCenterCode::as_str).collect::<Vec<_>>().join(",");
        self.write(|conn| {
            diesel::delete(callers::table.find(&caller.identity)).execute(conn)?;
            diesel::insert_into(callers::table)
                .values((
                    callers::identity.eq(&caller.identity),
                    callers::role.eq(caller.role.as_str()),
                    callers::jobcenters.eq(&jobcenters),
                    callers::enabled.eq(caller.enabled),
                    callers::created_at.eq(to_db(now)),
                ))
                .execute(conn)?;
            Ok(())
        })
    }

    /// The read model's numbers now (one query): a call reads them once and asks
    /// [`Store::caller_as_of`] and [`Store::offer_listing`] with them.
    pub fn numbers(&self) -> Result<Numbers, Error> {
        self.read(Numbers::read)
    }

    /// The registered caller with this identity, if any, as of `numbers`: from memory when it
    /// was read at the same version (every write of `callers` raises it), else from the
    /// database, then kept.
    pub fn caller_as_of(&self, numbers: Numbers, identity: &str) -> Result<Option<Caller>, Error> {
        if let Some(kept) = self.read_model.at_numbers(numbers).caller(identity) {
            return Ok(kept);
        }
        let (model, row) = self.read(|conn| {
            conn.transaction(|conn| {
                let model = self.read_model.at(conn)?;
                let row: Option<CallerRow> =
                    callers::table.find(identity).select(CallerRow::as_select()).first(conn).optional()?;
                Ok((model, row))
            })
        })?;
        let caller = row.map(to_caller).transpose()?;
        model.keep_caller(identity, caller.clone());
        Ok(caller)
    }

    /// The registered caller with this identity, if any, now ([`Store::caller_as_of`] with the
    /// numbers read now).
    pub fn caller(&self, identity: &str) -> Result<Option<Caller>, Error> {
        self.caller_as_of(self.numbers()?, identity)
    }

    /// Every registered caller, by identity.
    pub fn callers(&self) -> Result<Vec<Caller>, Error> {
        let mut conn = self.conn()?;
        let rows: Vec<CallerRow> =
            callers::table.order(callers::identity).select(CallerRow::as_select()).load(&mut conn)?;
        rows.into_iter().map(to_caller).collect()
    }
}
