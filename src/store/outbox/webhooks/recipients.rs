//! Webhook recipients: what operators maintain. The sending side (fan-out, claims, attempts) is
//! in `mod.rs`, the delivery log and redeliver in `log.rs`.
//!
//! A recipient is installation-wide (no jobcenters: added with the CLI, receives every event) or
//! scoped to jobcenters (added through the admin API: receives only events whose payload names
//! one of them). Removing a recipient keeps its row and its log; it only stops sending, and its
//! name stays taken so the log cannot be confused with a later recipient's.
//! Secrets (WebSub HMAC secrets, OAuth2 client secrets) are stored encrypted with the data key
//! that protects CPR numbers (AES-256-GCM, bound to the recipient's name).

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::JobCenterCode;
use crate::store::db::schema::webhook_recipients;
use crate::store::db::{corrupt, from_db, to_db};
use crate::store::outbox::webhooks::RecipientKind;
use crate::store::{CprVault, Error, Store};

/// A webhook recipient. The secret is kept out of `Debug` and out of this type.
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
    /// Which sender delivers to it.
    pub kind: RecipientKind,
    /// The kind's non-secret settings (JSON).
    pub settings: String,
    /// Jobcenters whose events it receives; empty for an installation-wide recipient.
    pub jobcenters: Vec<JobCenterCode>,
    /// Whether new events are fanned out to it and its open deliveries are sent.
    pub enabled: bool,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// When it was removed (it then stays disabled; its log is kept).
    pub removed_at: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for WebhookRecipient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookRecipient")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("url", &self.url)
            .field("topics", &self.topics)
            .field("kind", &self.kind)
            .field("settings", &self.settings)
            .field("jobcenters", &self.jobcenters)
            .field("enabled", &self.enabled)
            .field("removed_at", &self.removed_at)
            .finish_non_exhaustive()
    }
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
    /// Which sender delivers to it: the text of a [`RecipientKind`] (`websub`, `oauth2`, or an
    /// adapter's kind); any other text is refused.
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

/// Marks a secret stored encrypted (rows written before migration 000006 hold it in clear).
const SEALED: &str = "sealed:v1:";

/// Encrypts a recipient's secret with the data key, bound to the recipient's (unchangeable)
/// name, so a database dump alone does not reveal it and it cannot be moved to another row.
fn seal_secret(vault: &CprVault, name: &str, secret: &str) -> Result<String, Error> {
    Ok(format!("{SEALED}{}", vault.seal(&format!("webhook recipient {name}"), secret)?))
}

/// The clear secret of recipient `name` as stored (sealed, or in clear from before sealing).
pub(super) fn open_secret(vault: &CprVault, name: &str, stored: &str) -> Result<String, Error> {
    match stored.strip_prefix(SEALED) {
        Some(sealed) => vault.unseal(&format!("webhook recipient {name}"), sealed),
        None => Ok(stored.to_owned()),
    }
}

/// Why adding a recipient was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddRecipientRefusal {
    /// The name is taken (by a current or a removed recipient).
    NameTaken,
}

/// A recipient row (the secret is not read here).
#[derive(Queryable, Selectable)]
#[diesel(table_name = webhook_recipients)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct RecipientRow {
    id: i64,
    name: String,
    url: String,
    /// Topics joined by commas.
    topics: String,
    kind: RecipientKind,
    settings: String,
    enabled: bool,
    created_at: chrono::NaiveDateTime,
    /// Jobcenter codes joined by commas; empty for an installation-wide recipient.
    jobcenters: String,
    removed_at: Option<chrono::NaiveDateTime>,
}

/// The recipient of `row`, its lists parsed.
fn recipient(row: RecipientRow) -> Result<WebhookRecipient, Error> {
    let jobcenters = row
        .jobcenters
        .split(',')
        .filter(|code| !code.is_empty())
        .map(|code| JobCenterCode::parse(code).map_err(|_| corrupt("webhook recipient jobcenter")))
        .collect::<Result<_, _>>()?;
    Ok(WebhookRecipient {
        id: row.id,
        name: row.name,
        url: row.url,
        topics: row.topics.split(',').map(str::to_owned).collect(),
        kind: row.kind,
        settings: row.settings,
        jobcenters,
        enabled: row.enabled,
        created_at: from_db(row.created_at),
        removed_at: row.removed_at.map(from_db),
    })
}

impl Store {
    /// Adds an enabled, installation-wide WebSub recipient; `topics` are event topics or `*`.
    pub fn add_webhook_recipient(
        &self,
        name: &str,
        url: &str,
        topics: &[String],
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, Error> {
        let recipient =
            NewRecipient { name, url, topics, secret, kind: RecipientKind::WebSub.as_str(), settings: "{}" };
        self.add_recipient(&recipient, now)
    }

    /// Adds an enabled, installation-wide recipient of any kind and returns its id.
    pub fn add_recipient(&self, recipient: &NewRecipient<'_>, now: DateTime<Utc>) -> Result<i64, Error> {
        match self.create_webhook_recipient(recipient, &[], now)? {
            Ok(recipient) => Ok(recipient.id),
            Err(AddRecipientRefusal::NameTaken) => {
                Err(Error::Config(format!("a webhook recipient named '{}' exists already", recipient.name)))
            }
        }
    }

    /// Adds an enabled recipient for `jobcenters` (empty: installation-wide) unless its name is
    /// taken.
    pub fn create_webhook_recipient(
        &self,
        new: &NewRecipient<'_>,
        jobcenters: &[JobCenterCode],
        now: DateTime<Utc>,
    ) -> Result<Result<WebhookRecipient, AddRecipientRefusal>, Error> {
        let jobcenters = jobcenters.iter().map(JobCenterCode::as_str).collect::<Vec<_>>().join(",");
        // `mail` is the planner's own recipient (`store/mail`), never added by operators.
        let kind = RecipientKind::parse(new.kind)
            .ok()
            .filter(|kind| *kind != RecipientKind::Mail)
            .ok_or_else(|| {
                Error::Config(format!("'{}' is not a recipient kind (websub, oauth2, xpert, dfdg)", new.kind))
            })?;
        let secret = seal_secret(&self.vault, new.name, new.secret)?;
        self.write(|conn| {
            let taken: i64 = webhook_recipients::table
                .filter(webhook_recipients::name.eq(new.name))
                .count()
                .get_result(conn)?;
            if taken > 0 {
                return Ok(Err(AddRecipientRefusal::NameTaken));
            }
            diesel::insert_into(webhook_recipients::table)
                .values((
                    webhook_recipients::name.eq(new.name),
                    webhook_recipients::url.eq(new.url),
                    webhook_recipients::topics.eq(new.topics.join(",")),
                    webhook_recipients::secret.eq(&secret),
                    webhook_recipients::enabled.eq(true),
                    webhook_recipients::created_at.eq(to_db(now)),
                    webhook_recipients::kind.eq(kind),
                    webhook_recipients::settings.eq(new.settings),
                    webhook_recipients::jobcenters.eq(&jobcenters),
                ))
                .execute(conn)?;
            let row: RecipientRow = webhook_recipients::table
                .filter(webhook_recipients::name.eq(new.name))
                .select(RecipientRow::as_select())
                .first(conn)?;
            recipient(row).map(Ok)
        })
    }

    /// Every recipient, removed ones included, by name.
    pub fn list_webhook_recipients(&self) -> Result<Vec<WebhookRecipient>, Error> {
        let mut conn = self.conn()?;
        let rows: Vec<RecipientRow> = webhook_recipients::table
            .order(webhook_recipients::name)
            .select(RecipientRow::as_select())
            .load(&mut conn)?;
        rows.into_iter().map(recipient).collect()
    }

    /// One recipient by id, removed or not.
    pub fn webhook_recipient(&self, id: i64) -> Result<Option<WebhookRecipient>, Error> {
        let mut conn = self.conn()?;
        let row: Option<RecipientRow> = webhook_recipients::table
            .find(id)
            .select(RecipientRow::as_select())
            .first(&mut conn)
            .optional()?;
        row.map(recipient).transpose()
    }

    /// One recipient by name, removed or not.
    pub fn webhook_recipient_named(&self, name: &str) -> Result<Option<WebhookRecipient>, Error> {
        let mut conn = self.conn()?;
        let row: Option<RecipientRow> = webhook_recipients::table
            .filter(webhook_recipients::name.eq(name))
            .select(RecipientRow::as_select())
            .first(&mut conn)
            .optional()?;
        row.map(recipient).transpose()
    }

    /// Stops sending to a recipient: no new events are fanned out to it and its open deliveries
    /// are not claimed; its log stays. Returns whether a recipient of that name exists.
    pub fn disable_webhook_recipient(&self, name: &str) -> Result<bool, Error> {
        match self.webhook_recipient_named(name)? {
            Some(recipient) => self.set_webhook_recipient_enabled(recipient.id, false),
            None => Ok(false),
        }
    }

    /// Enables or disables a recipient that is not removed; returns whether one was changed.
    /// Events written while it was disabled are not sent to it later.
    pub fn set_webhook_recipient_enabled(&self, id: i64, enabled: bool) -> Result<bool, Error> {
        self.write(|conn| {
            let n = diesel::update(
                webhook_recipients::table.find(id).filter(webhook_recipients::removed_at.is_null()),
            )
            .set(webhook_recipients::enabled.eq(enabled))
            .execute(conn)?;
            Ok(n > 0)
        })
    }

    /// Removes a recipient: disabled for good, its row, name and log kept. Returns whether a
    /// recipient that was not yet removed was removed.
    pub fn remove_webhook_recipient(&self, id: i64, now: DateTime<Utc>) -> Result<bool, Error> {
        self.write(|conn| {
            let n = diesel::update(
                webhook_recipients::table.find(id).filter(webhook_recipients::removed_at.is_null()),
            )
            .set((webhook_recipients::enabled.eq(false), webhook_recipients::removed_at.eq(Some(to_db(now)))))
            .execute(conn)?;
            Ok(n > 0)
        })
    }
}
