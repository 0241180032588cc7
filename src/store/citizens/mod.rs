//! Citizens: known to the store only by keyed hash and ciphertext, and locked per citizen so
//! that one citizen's concurrent requests are applied one after the other on PostgreSQL.
//!
//! CPR numbers at rest are protected by `vault`.

pub(crate) mod vault;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::domain::Cpr;
use crate::store::db::conn::on_backend;
use crate::store::db::schema::citizens;
use crate::store::db::to_db;
use crate::store::{AnyConnection, CprVault, Error};

/// Makes sure the citizen row exists and locks it for the rest of the transaction; returns the
/// citizen's lookup hash. (SQLite needs no row lock: `BEGIN IMMEDIATE` serialises writers.)
pub(crate) fn ensure_and_lock(
    conn: &mut AnyConnection,
    vault: &CprVault,
    cpr: &Cpr,
    now: DateTime<Utc>,
) -> Result<String, Error> {
    let hash = ensure(conn, vault, cpr, now)?;
    lock(conn, &hash)?;
    Ok(hash)
}

/// Makes sure the citizen row exists (without locking it); returns the lookup hash.
pub(crate) fn ensure(
    conn: &mut AnyConnection,
    vault: &CprVault,
    cpr: &Cpr,
    now: DateTime<Utc>,
) -> Result<String, Error> {
    let hash = vault.hash(cpr);
    let exists: i64 = citizens::table.find(&hash).count().get_result(conn)?;
    if exists == 0 {
        let insert = diesel::insert_into(citizens::table)
            .values((
                citizens::cpr_hash.eq(&hash),
                citizens::cpr_cipher.eq(vault.encrypt(cpr)?),
                citizens::created_at.eq(to_db(now)),
            ))
            .on_conflict_do_nothing();
        // Two first requests of one citizen may race to create the row: the loser does nothing.
        on_backend!(conn, conn => insert.execute(conn)?);
    }
    Ok(hash)
}

/// Locks an existing citizen row for the rest of the transaction (PostgreSQL only; SQLite's
/// `BEGIN IMMEDIATE` serialises writers already).
pub(crate) fn lock(conn: &mut AnyConnection, hash: &str) -> Result<(), Error> {
    if let AnyConnection::Postgresql(pg) = conn {
        diesel::sql_query("SELECT cpr_hash FROM citizens WHERE cpr_hash = $1 FOR UPDATE")
            .bind::<Text, _>(hash)
            .execute(pg)?;
    }
    Ok(())
}

/// Locks existing citizen rows for the rest of the transaction, in hash order so that two
/// batches never wait for each other in a cycle (PostgreSQL only, like [`lock`]).
pub(crate) fn lock_many(conn: &mut AnyConnection, hashes: &[String]) -> Result<(), Error> {
    if let AnyConnection::Postgresql(pg) = conn {
        diesel::sql_query(
            "SELECT cpr_hash FROM citizens WHERE cpr_hash = ANY($1) ORDER BY cpr_hash FOR UPDATE",
        )
        .bind::<diesel::sql_types::Array<Text>, _>(hashes)
        .execute(pg)?;
    }
    Ok(())
}
