//! Webhook recipients and their delivery log: what operators maintain and read. The sending
//! side (fan-out, claims, attempts) is in `mod.rs`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::super::rows::{from_db, to_db};
use super::super::schema::{webhook_deliveries, webhook_recipients};
use super::super::{Error, Store};

/// A webhook recipient. The secret is kept out of `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookRecipient {
    /// Row id.
    pub id: i64,
    /// Unique name operators use.
    pub name: String,
    /// Where events are POSTed.
    pub url: String,
    /// Topics it receives (`*` for all).
    pub topics: Vec<String>,
    /// Which sender delivers to it (`websub`, ...).
    pub kind: String,
    /// Whether new events are fanned out to it.
    pub enabled: bool,
    /// When it was added.
    pub created_at: DateTime<Utc>,
}

impl std::fmt::Debug for WebhookRecipient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookRecipient")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("url", &self.url)
            .field("topics", &self.topics)
            .field("kind", &self.kind)
            .field("enabled", &self.enabled)
            .finish_non_exhaustive()
    }
}

/// One line of a recipient's delivery log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryLogEntry {
    /// Delivery id.
    pub id: i64,
    /// Outbox event id.
    pub event_id: i64,
    /// Event topic.
    pub topic: String,
    /// pending, delivered, failed (will retry) or given_up.
    pub status: String,
    /// The last HTTP status, if any answer came.
    pub http_status: Option<i32>,
    /// Attempts made.
    pub attempts: i32,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// When the next attempt is due (meaningless once delivered or given up).
    pub next_attempt_at: DateTime<Utc>,
    /// The last error, if any.
    pub last_error: Option<String>,
    /// The JSON body sent.
    pub body: String,
}

/// A recipient to add. The secret is kept out of `Debug`.
#[derive(Clone)]
pub struct NewRecipient<'a> {
    /// Unique name operators use.
    pub name: &'a str,
    /// Where deliveries go (for adapter kinds: the system's base URL).
    pub url: &'a str,
    /// Event topics, or `*`.
    pub topics: &'a [String],
    /// The kind's secret (WebSub HMAC secret, OAuth2 client secret, ...).
    pub secret: &'a str,
    /// Which sender delivers to it: `websub`, or an adapter's kind.
    pub kind: &'a str,
    /// The kind's non-secret settings as JSON (`{}` when none).
    pub settings: &'a str,
}

impl std::fmt::Debug for NewRecipient<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewRecipient")
            .field("name", &self.name)
            .field("url", &self.url)
            .field("topics", &self.topics)
            .field("kind", &self.kind)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Adds an enabled WebSub recipient; `topics` are event topics or `*`.
    pub fn add_webhook_recipient(
        &self,
        name: &str,
        url: &str,
        topics: &[String],
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, Error> {
        let recipient = NewRecipient { name, url, topics, secret, kind: "websub", settings: "{}" };
        self.add_recipient(&recipient, now)
    }

    /// Adds an enabled recipient of any kind and returns its id.
    pub fn add_recipient(&self, recipient: &NewRecipient<'_>, now: DateTime<Utc>) -> Result<i64, Error> {
        self.write(|conn| {
            diesel::insert_into(webhook_recipients::table)
                .values((
                    webhook_recipients::name.eq(recipient.name),
                    webhook_recipients::url.eq(recipient.url),
                    webhook_recipients::topics.eq(recipient.topics.join(",")),
                    webhook_recipients::secret.eq(recipient.secret),
                    webhook_recipients::enabled.eq(true),
                    webhook_recipients::created_at.eq(to_db(now)),
                    webhook_recipients::kind.eq(recipient.kind),
                    webhook_recipients::settings.eq(recipient.settings),
                ))
                .execute(conn)?;
            let id = webhook_recipients::table
                .filter(webhook_recipients::name.eq(recipient.name))
                .select(webhook_recipients::id)
                .first(conn)?;
            Ok(id)
        })
    }

    /// Every recipient, by name.
    pub fn list_webhook_recipients(&self) -> Result<Vec<WebhookRecipient>, Error> {
        let mut conn = self.conn()?;
        type Row = (i64, String, String, String, String, bool, chrono::NaiveDateTime);
        let rows: Vec<Row> = webhook_recipients::table
            .order(webhook_recipients::name)
            .select((
                webhook_recipients::id,
                webhook_recipients::name,
                webhook_recipients::url,
                webhook_recipients::topics,
                webhook_recipients::kind,
                webhook_recipients::enabled,
                webhook_recipients::created_at,
            ))
            .load(&mut conn)?;
        Ok(rows
            .into_iter()
            .map(|(id, name, url, topics, kind, enabled, created_at)| WebhookRecipient {
                id,
                name,
                url,
                topics: topics.split(',').map(str::to_owned).collect(),
                kind,
                enabled,
                created_at: from_db(created_at),
            })
            .collect())
    }

    /// Stops sending to a recipient: no new events are fanned out to it and its open deliveries
    /// are not claimed; its log stays. Returns whether a recipient of that name exists.
    pub fn disable_webhook_recipient(&self, name: &str) -> Result<bool, Error> {
        self.write(|conn| {
            let n = diesel::update(webhook_recipients::table.filter(webhook_recipients::name.eq(name)))
                .set(webhook_recipients::enabled.eq(false))
                .execute(conn)?;
            Ok(n > 0)
        })
    }

    /// A recipient's delivery log, newest first; `None` when no recipient has that name.
    pub fn webhook_log(&self, name: &str, limit: i64) -> Result<Option<Vec<DeliveryLogEntry>>, Error> {
        let mut conn = self.conn()?;
        let recipient: Option<i64> = webhook_recipients::table
            .filter(webhook_recipients::name.eq(name))
            .select(webhook_recipients::id)
            .first(&mut conn)
            .optional()?;
        let Some(recipient) = recipient else { return Ok(None) };
        type Row = (
            i64,
            i64,
            String,
            String,
            Option<i32>,
            i32,
            chrono::NaiveDateTime,
            chrono::NaiveDateTime,
            Option<String>,
            String,
        );
        let rows: Vec<Row> = webhook_deliveries::table
            .filter(webhook_deliveries::recipient_id.eq(recipient))
            .order(webhook_deliveries::id.desc())
            .limit(limit)
            .select((
                webhook_deliveries::id,
                webhook_deliveries::event_id,
                webhook_deliveries::topic,
                webhook_deliveries::status,
                webhook_deliveries::http_status,
                webhook_deliveries::attempts,
                webhook_deliveries::updated_at,
                webhook_deliveries::next_attempt_at,
                webhook_deliveries::last_error,
                webhook_deliveries::body,
            ))
            .load(&mut conn)?;
        Ok(Some(
            rows.into_iter()
                .map(
                    |(
                        id,
                        event_id,
                        topic,
                        status,
                        http_status,
                        attempts,
                        updated_at,
                        next,
                        last_error,
                        body,
                    )| {
                        DeliveryLogEntry {
                            id,
                            event_id,
                            topic,
                            status,
                            http_status,
                            attempts,
                            updated_at: from_db(updated_at),
                            next_attempt_at: from_db(next),
                            last_error,
                            body,
                        }
                    },
                )
                .collect(),
        ))
    }
}
