//! The caller registry: certificate identity -> role and jobcenters.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::{Caller, JobCenterCode, Role};
use crate::store::db::schema::callers;
use crate::store::db::{corrupt, to_db};
use crate::store::{Error, Store};

type CallerRow = (String, String, String, bool);

fn to_caller((identity, role, jobcenters, enabled): CallerRow) -> Result<Caller, Error> {
    Ok(Caller {
        identity,
        role: Role::parse(&role).map_err(|_| corrupt("caller role"))?,
        jobcenters: jobcenters
            .split(',')
            .filter(|code| !code.is_empty())
            .map(|code| JobCenterCode::parse(code).map_err(|_| corrupt("caller jobcenter")))
            .collect::<Result<_, _>>()?,
        enabled,
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

    /// The registered caller with this identity, if any.
    pub fn caller(&self, identity: &str) -> Result<Option<Caller>, Error> {
        let mut conn = self.conn()?;
        let row: Option<CallerRow> = callers::table
            .find(identity)
            .select((callers::identity, callers::role, callers::jobcenters, callers::enabled))
            .first(&mut conn)
            .optional()?;
        row.map(to_caller).transpose()
    }

    /// Every registered caller, by identity.
    pub fn callers(&self) -> Result<Vec<Caller>, Error> {
        let mut conn = self.conn()?;
        let rows: Vec<CallerRow> = callers::table
            .order(callers::identity)
            .select((callers::identity, callers::role, callers::jobcenters, callers::enabled))
            .load(&mut conn)?;
        rows.into_iter().map(to_caller).collect()
    }
}
