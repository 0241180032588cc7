//! Plan-link nonces: each signed link may be opened once. A used nonce is kept until its link
//! expires (after that the expiry check refuses the link anyway), then swept. And the CPR of
//! the person a link names (the absence intake's person id), for the summons form it opens.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::Cpr;
use crate::store::db::conn::on_backend;
use crate::store::db::schema::{absence_persons, citizens, planlink_nonces};
use crate::store::db::to_db;
use crate::store::{Error, Store};

impl Store {
    /// Marks `nonce` used until `expires_at`; false when it was used before (a replay).
    /// Expired nonces are swept in the same transaction.
    pub fn use_planlink_nonce(
        &self,
        nonce: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool, Error> {
        self.write(|conn| {
            diesel::delete(planlink_nonces::table.filter(planlink_nonces::expires_at.lt(to_db(now))))
                .execute(conn)?;
            let insert = diesel::insert_into(planlink_nonces::table)
                .values((planlink_nonces::nonce.eq(nonce), planlink_nonces::expires_at.eq(to_db(expires_at))))
                .on_conflict_do_nothing();
            let inserted = on_backend!(conn, conn => insert.execute(conn)?);
            Ok(inserted == 1)
        })
    }

    /// The CPR of the absence intake's person `person` (a plan-link's person reference); `None`
    /// when no person has this id or the person has no CPR (a Dutch BSN only).
    pub fn planlink_person_cpr(&self, person: &str) -> Result<Option<Cpr>, Error> {
        let mut conn = self.conn()?;
        let hash: Option<Option<String>> = absence_persons::table
            .find(person)
            .select(absence_persons::citizen_hash)
            .first(&mut conn)
            .optional()?;
        let Some(Some(hash)) = hash else { return Ok(None) };
        let cipher: Option<String> =
            citizens::table.find(&hash).select(citizens::cpr_cipher).first(&mut conn).optional()?;
        cipher.map(|cipher| self.vault.decrypt(&cipher, &hash)).transpose()
    }
}
