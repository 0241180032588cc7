//! iCalendar feed tokens (one or more per counselor) and polled ICS import URLs.
//!
//! A feed token is a bearer secret in a URL (`/calendar/{token}.ics`), so only its SHA-256 is
//! stored: a database dump does not open anyone's feed. Tokens are shown once, when created.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::domain::CounselorId;
use crate::store::db::schema::{calendar_feeds, calendar_imports};
use crate::store::db::{corrupt, from_db, to_db};
use crate::store::reference::ensure_counselor;
use crate::store::{Error, Store};

/// A feed token as listed (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarFeed {
    /// The feed's id (for revoking).
    pub id: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A counselor's polled ICS URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarImport {
    /// The counselor.
    pub counselor: CounselorId,
    /// Where the busy time is fetched from.
    pub url: String,
    /// The last poll.
    pub last_polled_at: Option<DateTime<Utc>>,
    /// The last poll's error, if it failed.
    pub last_error: Option<String>,
}

/// The stored form of a token: hex SHA-256.
pub fn token_hash(token: &str) -> String {
    hex::encode(openssl::sha::sha256(token.as_bytes()))
}

impl Store {
    /// Creates a feed for `counselor`; returns its id and the token (shown only now).
    pub fn create_calendar_feed(
        &self,
        counselor: &CounselorId,
        now: DateTime<Utc>,
    ) -> Result<(String, String), Error> {
        let mut secret = [0u8; 32];
        openssl::rand::rand_bytes(&mut secret).map_err(|e| Error::Config(format!("no randomness: {e}")))?;
        let token = hex::encode(secret);
        let id = uuid::Uuid::new_v4().to_string();
        self.write(|conn| {
            ensure_counselor(conn, counselor)?;
            diesel::insert_into(calendar_feeds::table)
                .values((
                    calendar_feeds::id.eq(&id),
                    calendar_feeds::token_hash.eq(token_hash(&token)),
                    calendar_feeds::counselor_id.eq(counselor.as_str()),
                    calendar_feeds::created_at.eq(to_db(now)),
                ))
                .execute(conn)?;
            Ok(())
        })?;
        Ok((id, token))
    }

    /// A counselor's feeds, oldest first.
    pub fn calendar_feeds(&self, counselor: &CounselorId) -> Result<Vec<CalendarFeed>, Error> {
        let mut conn = self.conn()?;
        let rows: Vec<(String, NaiveDateTime, Option<NaiveDateTime>)> = calendar_feeds::table
            .filter(calendar_feeds::counselor_id.eq(counselor.as_str()))
            .order((calendar_feeds::created_at, calendar_feeds::id))
            .select((calendar_feeds::id, calendar_feeds::created_at, calendar_feeds::revoked_at))
            .load(&mut conn)?;
        Ok(rows
            .into_iter()
            .map(|(id, created, revoked)| CalendarFeed {
                id,
                created_at: from_db(created),
                revoked_at: revoked.map(from_db),
            })
            .collect())
    }

    /// Revokes a counselor's feed; `false` when the counselor has no such live feed.
    pub fn revoke_calendar_feed(
        &self,
        counselor: &CounselorId,
        feed: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, Error> {
        self.write(|conn| {
            let n = diesel::update(
                calendar_feeds::table
                    .filter(calendar_feeds::id.eq(feed))
                    .filter(calendar_feeds::counselor_id.eq(counselor.as_str()))
                    .filter(calendar_feeds::revoked_at.is_null()),
            )
            .set(calendar_feeds::revoked_at.eq(to_db(now)))
            .execute(conn)?;
            Ok(n > 0)
        })
    }

    /// The counselor whose live feed has this token.
    pub fn feed_counselor(&self, token: &str) -> Result<Option<CounselorId>, Error> {
        let mut conn = self.conn()?;
        let id: Option<String> = calendar_feeds::table
            .filter(calendar_feeds::token_hash.eq(token_hash(token)))
            .filter(calendar_feeds::revoked_at.is_null())
            .select(calendar_feeds::counselor_id)
            .first(&mut conn)
            .optional()?;
        id.map(|id| CounselorId::parse(&id).map_err(|_| corrupt("feed counselor"))).transpose()
    }

    /// Sets (or with `None` removes) the ICS URL polled for a counselor's busy time.
    pub fn set_calendar_import(&self, counselor: &CounselorId, url: Option<&str>) -> Result<(), Error> {
        self.write(|conn| {
            ensure_counselor(conn, counselor)?;
            diesel::delete(calendar_imports::table.find(counselor.as_str())).execute(conn)?;
            if let Some(url) = url {
                diesel::insert_into(calendar_imports::table)
                    .values((
                        calendar_imports::counselor_id.eq(counselor.as_str()),
                        calendar_imports::url.eq(url),
                    ))
                    .execute(conn)?;
            }
            Ok(())
        })
    }

    /// Every polled ICS URL.
    pub fn calendar_imports(&self) -> Result<Vec<CalendarImport>, Error> {
        let mut conn = self.conn()?;
        let rows: Vec<(String, String, Option<NaiveDateTime>, Option<String>)> = calendar_imports::table
            .order(calendar_imports::counselor_id)
            .select((
                calendar_imports::counselor_id,
                calendar_imports::url,
                calendar_imports::last_polled_at,
                calendar_imports::last_error,
            ))
            .load(&mut conn)?;
        rows.into_iter()
            .map(|(counselor, url, polled, error)| {
                Ok(CalendarImport {
                    counselor: CounselorId::parse(&counselor).map_err(|_| corrupt("import counselor"))?,
                    url,
                    last_polled_at: polled.map(from_db),
                    last_error: error,
                })
            })
            .collect()
    }

    /// Records a poll's outcome.
    pub fn record_calendar_poll(
        &self,
        counselor: &CounselorId,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.write(|conn| {
            diesel::update(calendar_imports::table.find(counselor.as_str()))
                .set((
                    calendar_imports::last_polled_at.eq(to_db(now)),
                    calendar_imports::last_error.eq(error),
                ))
                .execute(conn)?;
            Ok(())
        })
    }
}
