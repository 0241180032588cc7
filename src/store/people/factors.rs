//! Second factors: the TOTP secret kept sealed under the data key, the step of the last code
//! used (a code works once), single-use recovery codes kept as SHA-256 hashes, and the sealed
//! hand-over of an enrolment between two pages of the invitation.
//!
//! The codes themselves are checked by the edge (`edge::credentials`); the store only keeps
//! what must outlive a request and makes each use count exactly once, also when two requests
//! race (the updates are conditional).

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::{secret_hash, People};
use crate::store::db::schema::{accounts, recovery_codes as codes};
use crate::store::db::to_db;
use crate::store::{AnyConnection, Error};

/// The sealing context of account `id`'s TOTP secret.
fn totp_context(id: &str) -> String {
    format!("totp of account {id}")
}

/// Seals `secret` (base32) as the TOTP secret of account `id` for its column.
pub(super) fn seal_totp(people: &People<'_>, id: &str, secret: &str) -> Result<String, Error> {
    people.store.vault.seal(&totp_context(id), secret)
}

/// Opens what [`seal_totp`] wrote for account `id`.
pub(super) fn open_totp(people: &People<'_>, id: &str, sealed: &str) -> Result<String, Error> {
    people.store.vault.unseal(&totp_context(id), sealed)
}

/// Replaces the recovery codes of account `id` by `hashes`.
pub(super) fn replace_codes(conn: &mut AnyConnection, id: &str, hashes: &[String]) -> Result<(), Error> {
    diesel::delete(codes::table.filter(codes::account_id.eq(id))).execute(conn)?;
    for hash in hashes {
        diesel::insert_into(codes::table)
            .values((codes::account_id.eq(id), codes::code_hash.eq(hash)))
            .execute(conn)?;
    }
    Ok(())
}

impl People<'_> {
    /// Records that the TOTP code of `step` was used by account `id`; false when that step or a
    /// later one was used already (a replayed code, or a race of two requests with one code).
    pub fn use_totp_step(&self, id: &str, step: u64) -> Result<bool, Error> {
        let step = i64::try_from(step).map_err(|_| Error::Corrupt("totp step out of range".into()))?;
        self.store.write(|conn| {
            let changed = diesel::update(
                accounts::table
                    .find(id)
                    .filter(accounts::totp_last_step.is_null().or(accounts::totp_last_step.lt(step))),
            )
            .set(accounts::totp_last_step.eq(step))
            .execute(conn)?;
            Ok(changed == 1)
        })
    }

    /// The hashes of account `id`'s recovery codes not used yet.
    pub fn unused_recovery_codes(&self, id: &str) -> Result<Vec<String>, Error> {
        let mut conn = self.store.conn()?;
        Ok(codes::table
            .filter(codes::account_id.eq(id))
            .filter(codes::used_at.is_null())
            .select(codes::code_hash)
            .load(&mut conn)?)
    }

    /// Marks the recovery code whose hash is `hash` used at `now`; false when it was used
    /// already (or is not the account's).
    pub fn use_recovery_code(&self, id: &str, hash: &str, now: DateTime<Utc>) -> Result<bool, Error> {
        self.store.write(|conn| {
            let changed = diesel::update(
                codes::table
                    .filter(codes::account_id.eq(id))
                    .filter(codes::code_hash.eq(hash))
                    .filter(codes::used_at.is_null()),
            )
            .set(codes::used_at.eq(to_db(now)))
            .execute(conn)?;
            Ok(changed == 1)
        })
    }

    /// Gives account `id` a new set of recovery codes (their hashes); the old ones stop working.
    pub fn set_recovery_codes(&self, id: &str, hashes: &[String]) -> Result<(), Error> {
        self.store.write(|conn| replace_codes(conn, id, hashes))
    }

    /// Seals `state` for a page to carry to the next one while someone enrols through the
    /// invitation whose link carries `secret`: only this installation can open it, and only
    /// for that invitation.
    pub fn seal_enrolment(&self, secret: &str, state: &str) -> Result<String, Error> {
        self.store.vault.seal(&enrolment_context(secret), state)
    }

    /// Opens what [`People::seal_enrolment`] sealed for the same invitation; `None` when it was
    /// sealed for another one, by another installation, or changed on the way.
    pub fn open_enrolment(&self, secret: &str, sealed: &str) -> Option<String> {
        self.store.vault.unseal(&enrolment_context(secret), sealed).ok()
    }
}

fn enrolment_context(secret: &str) -> String {
    format!("enrolment through invitation {}", secret_hash(secret))
}
