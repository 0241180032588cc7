//! `store.type_rules()`: the rules a jobcenter sets per interview type (no-show follow-up,
//! required contact data), and the one lookup every new-booking path asks
//! ([`rule_of`]: free times, reservations, summons of one citizen and in bulk).

use diesel::prelude::*;

use crate::domain::type_rules::{ContactRequirement, TypeRule};
use crate::domain::JobCenterCode;
use crate::store::db::corrupt;
use crate::store::db::schema::interview_type_rules as rules;
use crate::store::{AnyConnection, Error, Store};

/// The type-rule operations of a [`Store`]; see [`Store::type_rules`].
#[derive(Debug, Clone, Copy)]
pub struct TypeRules<'a> {
    store: &'a Store,
}

impl Store {
    /// The interview type rules: `store.type_rules().set(..)`.
    pub fn type_rules(&self) -> TypeRules<'_> {
        TypeRules { store: self }
    }
}

fn to_rule((interview_type, no_show_follow_up, requires): (i32, bool, String)) -> Result<TypeRule, Error> {
    let requires_contact =
        ContactRequirement::parse(&requires).map_err(|_| corrupt("interview type rule"))?;
    Ok(TypeRule { interview_type, no_show_follow_up, requires_contact })
}

/// The rule of `interview_type` in `jobcenter` (no rule: the default).
pub(crate) fn rule_of(
    conn: &mut AnyConnection,
    jobcenter: &JobCenterCode,
    interview_type: i32,
) -> Result<TypeRule, Error> {
    let row: Option<(i32, bool, String)> = rules::table
        .find((jobcenter.as_str(), interview_type))
        .select((rules::interview_type, rules::no_show_follow_up, rules::requires_contact))
        .first(conn)
        .optional()?;
    match row {
        Some(row) => to_rule(row),
        None => Ok(TypeRule { interview_type, ..TypeRule::default() }),
    }
}

impl TypeRules<'_> {
    /// The jobcenter's rules by interview type.
    pub fn of_jobcenter(&self, jobcenter: &JobCenterCode) -> Result<Vec<TypeRule>, Error> {
        let mut conn = self.store.conn()?;
        let rows: Vec<(i32, bool, String)> = rules::table
            .filter(rules::jobcenter_code.eq(jobcenter.as_str()))
            .order(rules::interview_type)
            .select((rules::interview_type, rules::no_show_follow_up, rules::requires_contact))
            .load(&mut conn)?;
        rows.into_iter().map(to_rule).collect()
    }

    /// The rule of one type (the default when none is set).
    pub fn get(&self, jobcenter: &JobCenterCode, interview_type: i32) -> Result<TypeRule, Error> {
        let mut conn = self.store.conn()?;
        rule_of(&mut conn, jobcenter, interview_type)
    }

    /// Sets (replaces) the rule of one interview type in `jobcenter`.
    pub fn set(&self, jobcenter: &JobCenterCode, rule: &TypeRule) -> Result<(), Error> {
        self.store.write(|conn| {
            crate::store::reference::require_jobcenter(conn, jobcenter)?;
            diesel::delete(rules::table.find((jobcenter.as_str(), rule.interview_type))).execute(conn)?;
            diesel::insert_into(rules::table)
                .values((
                    rules::jobcenter_code.eq(jobcenter.as_str()),
                    rules::interview_type.eq(rule.interview_type),
                    rules::no_show_follow_up.eq(rule.no_show_follow_up),
                    rules::requires_contact.eq(rule.requires_contact.as_str()),
                ))
                .execute(conn)?;
            Ok(())
        })
    }
}
