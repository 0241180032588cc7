//! Sessions of people signed in, and failed sign-ins for throttling.
//!
//! A session is started only by a sign-in and gets a fresh random secret then (so a session id
//! planted before sign-in is never honoured), and another when the second factor is passed.
//! The cookie carries the secret; the database keeps its SHA-256. A session is checked on every
//! request: unknown, past its idle time or absolute life, or of a disabled account, it is gone.
//! Its last use is written at most once a minute, so a request costs one read.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use super::{accounts, new_secret, secret_hash, People};
use crate::domain::people::{Account, Email, SessionPolicy, SignInLimits};
use crate::store::db::schema::{accounts as account_rows, sessions, sign_in_failures as failures};
use crate::store::db::{from_db, to_db};
use crate::store::{AnyConnection, Error};

/// How often a session's last use is written.
const TOUCH_EVERY: i64 = 60;

/// What signing in with a password needs to know of an account.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The account's id.
    pub account: String,
    /// Its password hash (none: the account signs in by single sign-on only).
    pub password_hash: Option<String>,
    /// Its second-factor secret, base32 (none: not enrolled).
    pub totp_secret: Option<String>,
    /// The step of the last TOTP code it used.
    pub totp_last_step: Option<u64>,
    /// True when it may not sign in.
    pub disabled: bool,
}

/// A started session: the secret for the cookie and the token forms must echo.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The cookie's value.
    pub secret: String,
    /// The anti-forgery token of this session.
    pub csrf: String,
}

/// A live session and whose it is.
#[derive(Debug, Clone)]
pub struct LiveSession {
    /// The account, as it is now.
    pub account: Account,
    /// The anti-forgery token every state-changing request must carry.
    pub csrf: String,
    /// False until the second factor has been passed.
    pub second_factor: bool,
}

type CredentialsRow = (String, Option<String>, Option<String>, Option<i64>, bool);

type SessionRow = (String, String, bool, chrono::NaiveDateTime, chrono::NaiveDateTime);

/// Writes the row of `session` (started at `now`) of `account`.
fn insert(
    conn: &mut AnyConnection,
    session: &NewSession,
    account: &str,
    second_factor: bool,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::id_hash.eq(secret_hash(&session.secret)),
            sessions::account_id.eq(account),
            sessions::csrf_token.eq(&session.csrf),
            sessions::second_factor.eq(second_factor),
            sessions::created_at.eq(to_db(now)),
            sessions::last_seen_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

impl People<'_> {
    /// What password sign-in needs of the account signing in as `email`, if there is one.
    pub fn credentials(&self, email: &Email) -> Result<Option<Credentials>, Error> {
        let mut conn = self.store.conn()?;
        let row: Option<CredentialsRow> = account_rows::table
            .filter(account_rows::email.eq(email.as_str()))
            .select((
                account_rows::id,
                account_rows::password_hash,
                account_rows::totp_secret,
                account_rows::totp_last_step,
                account_rows::disabled,
            ))
            .first(&mut conn)
            .optional()?;
        drop(conn);
        let Some((account, password_hash, totp_secret, last_step, disabled)) = row else { return Ok(None) };
        let totp_secret = match totp_secret {
            Some(sealed) => Some(super::factors::open_totp(self, &account, &sealed)?),
            None => None,
        };
        Ok(Some(Credentials {
            account,
            password_hash,
            totp_secret,
            totp_last_step: last_step.and_then(|step| u64::try_from(step).ok()),
            disabled,
        }))
    }

    /// Starts a session of `account` at `now`; `second_factor` says whether it is passed.
    pub fn start_session(
        &self,
        account: &str,
        second_factor: bool,
        now: DateTime<Utc>,
    ) -> Result<NewSession, Error> {
        let session = NewSession { secret: new_secret()?, csrf: new_secret()? };
        self.store.write(|conn| insert(conn, &session, account, second_factor, now))?;
        Ok(session)
    }

    /// The live session whose cookie carries `secret` at `now`, under `policy`. A session that
    /// is past its time or whose account is disabled is ended here and answers `None`.
    pub fn session(
        &self,
        secret: &str,
        policy: &SessionPolicy,
        now: DateTime<Utc>,
    ) -> Result<Option<LiveSession>, Error> {
        let hash = secret_hash(secret);
        let mut conn = self.store.conn()?;
        let row: Option<SessionRow> = sessions::table
            .find(&hash)
            .select((
                sessions::account_id,
                sessions::csrf_token,
                sessions::second_factor,
                sessions::created_at,
                sessions::last_seen_at,
            ))
            .first(&mut conn)
            .optional()?;
        let Some((account, csrf, second_factor, created, last_seen)) = row else { return Ok(None) };
        let (created, last_seen) = (from_db(created), from_db(last_seen));
        let account = accounts::load(&mut conn, &account)?;
        if account.disabled || !policy.alive(created, last_seen, now) {
            drop(conn);
            self.end_session(secret)?;
            return Ok(None);
        }
        if now - last_seen >= Duration::seconds(TOUCH_EVERY) {
            drop(conn);
            self.store.write(|conn| {
                diesel::update(sessions::table.find(&hash))
                    .set(sessions::last_seen_at.eq(to_db(now)))
                    .execute(conn)?;
                Ok(())
            })?;
        }
        Ok(Some(LiveSession { account, csrf, second_factor }))
    }

    /// Replaces the session whose cookie carries `secret` by a new one of the same account with
    /// the second factor passed (a new secret: the old one opens nothing any more).
    pub fn pass_second_factor(&self, secret: &str, now: DateTime<Utc>) -> Result<Option<NewSession>, Error> {
        let hash = secret_hash(secret);
        let fresh = NewSession { secret: new_secret()?, csrf: new_secret()? };
        self.store.write(|conn| {
            let account: Option<String> =
                sessions::table.find(&hash).select(sessions::account_id).first(conn).optional()?;
            let Some(account) = account else { return Ok(None) };
            diesel::delete(sessions::table.find(&hash)).execute(conn)?;
            insert(conn, &fresh, &account, true, now)?;
            Ok(Some(fresh.clone()))
        })
    }

    /// Ends the session whose cookie carries `secret` (signing out); unknown secrets are fine.
    pub fn end_session(&self, secret: &str) -> Result<(), Error> {
        let hash = secret_hash(secret);
        self.store.write(|conn| {
            diesel::delete(sessions::table.find(&hash)).execute(conn)?;
            Ok(())
        })
    }

    /// Records a failed sign-in of each of `subjects` (e.g. `account:<e-mail>`,
    /// `address:<IP>`) at `now`, and forgets failures older than a day.
    pub fn record_failure(&self, subjects: &[&str], now: DateTime<Utc>) -> Result<(), Error> {
        self.store.write(|conn| {
            diesel::delete(failures::table.filter(failures::at.lt(to_db(now - Duration::days(1)))))
                .execute(conn)?;
            for subject in subjects {
                diesel::insert_into(failures::table)
                    .values((failures::subject_hash.eq(secret_hash(subject)), failures::at.eq(to_db(now))))
                    .execute(conn)?;
            }
            Ok(())
        })
    }

    /// When the next sign-in of `subject` is let through under `limits` with `limit` failures
    /// allowed (`None`: now).
    pub fn sign_in_wait(
        &self,
        subject: &str,
        limits: &SignInLimits,
        limit: usize,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, Error> {
        let mut conn = self.store.conn()?;
        let at: Vec<chrono::NaiveDateTime> = failures::table
            .filter(failures::subject_hash.eq(secret_hash(subject)))
            .filter(failures::at.gt(to_db(now - limits.window)))
            .select(failures::at)
            .load(&mut conn)?;
        let at: Vec<DateTime<Utc>> = at.into_iter().map(from_db).collect();
        Ok(limits.wait_until(&at, limit, now))
    }
}
