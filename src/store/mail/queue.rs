//! Queueing a mail in the caller's transaction (mail row, outbox row, delivery row), the
//! planner's own `mail` outbox recipient, and what the mail worker reads and writes per mail.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::{MailHandle, NewMail, OutgoingMail};
use crate::domain::people::Email;
use crate::store::db::schema::{mail_messages, mail_senders, outbox, webhook_deliveries, webhook_recipients};
use crate::store::db::{corrupt, from_db, to_db};
use crate::store::outbox::webhooks::RecipientKind;
use crate::store::{AnyConnection, CprVault, DeliveryStatus, Entity, Error, Topic};

/// The name (and kind) of the outbox recipient all mail is delivered to.
pub const RECIPIENT: &str = "mail";

/// What a mail's body is sealed to: its own id.
fn context(id: &str) -> String {
    format!("mail {id}")
}

/// The `mail` recipient's id, added on the first mail.
fn recipient_id(conn: &mut AnyConnection, now: DateTime<Utc>) -> Result<i64, Error> {
    let found: Option<(i64, RecipientKind)> = webhook_recipients::table
        .filter(webhook_recipients::name.eq(RECIPIENT))
        .select((webhook_recipients::id, webhook_recipients::kind))
        .first(conn)
        .optional()?;
    match found {
        Some((id, RecipientKind::Mail)) => return Ok(id),
        Some(_) => {
            return Err(Error::Config(format!(
                "a webhook recipient is named '{RECIPIENT}'; remove it and add it under another name"
            )))
        }
        None => {}
    }
    diesel::insert_into(webhook_recipients::table)
        .values((
            webhook_recipients::name.eq(RECIPIENT),
            webhook_recipients::url.eq("smtp:"),
            webhook_recipients::topics.eq(Topic::MailQueued.as_str()),
            webhook_recipients::secret.eq(""),
            webhook_recipients::enabled.eq(true),
            webhook_recipients::created_at.eq(to_db(now)),
            webhook_recipients::kind.eq(RecipientKind::Mail),
            webhook_recipients::settings.eq("{}"),
            webhook_recipients::jobcenters.eq(""),
        ))
        .execute(conn)?;
    Ok(webhook_recipients::table
        .filter(webhook_recipients::name.eq(RECIPIENT))
        .select(webhook_recipients::id)
        .first(conn)?)
}

/// Queues `mail` from sender `sender_id` in the caller's transaction; returns the mail's id.
pub(crate) fn queue(
    conn: &mut AnyConnection,
    vault: &CprVault,
    sender_id: i64,
    mail: &NewMail,
    now: DateTime<Utc>,
) -> Result<String, Error> {
    let id = uuid::Uuid::new_v4().to_string();
    let sealed = vault.seal(&context(&id), &mail.text.body)?;
    diesel::insert_into(mail_messages::table)
        .values((
            mail_messages::id.eq(&id),
            mail_messages::purpose.eq(mail.purpose),
            mail_messages::sender_id.eq(sender_id),
            mail_messages::to_address.eq(mail.to.as_str()),
            mail_messages::culture.eq(mail.culture.as_str()),
            mail_messages::subject.eq(&mail.text.subject),
            mail_messages::sealed_body.eq(Some(sealed)),
            mail_messages::invitation_id.eq(mail.invitation_id.as_deref()),
            mail_messages::created_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    let payload = serde_json::json!({ "mail_id": id }).to_string();
    // Handed over at once: the fan-out never sees it, so no webhook recipient gets it.
    diesel::insert_into(outbox::table)
        .values((
            outbox::created_at.eq(to_db(now)),
            outbox::topic.eq(Topic::MailQueued),
            outbox::aggregate_id.eq(&id),
            outbox::payload.eq(&payload),
            outbox::available_at.eq(to_db(now)),
            outbox::delivered_at.eq(Some(to_db(now))),
        ))
        .execute(conn)?;
    let event_id: i64 = outbox::table
        .filter(outbox::aggregate_id.eq(&id))
        .filter(outbox::topic.eq(Topic::MailQueued))
        .select(outbox::id)
        .first(conn)?;
    let recipient = recipient_id(conn, now)?;
    diesel::insert_into(webhook_deliveries::table)
        .values((
            webhook_deliveries::recipient_id.eq(recipient),
            webhook_deliveries::event_id.eq(event_id),
            webhook_deliveries::topic.eq(Topic::MailQueued.as_str()),
            webhook_deliveries::status.eq(DeliveryStatus::Pending),
            webhook_deliveries::attempts.eq(0),
            webhook_deliveries::next_attempt_at.eq(to_db(now)),
            webhook_deliveries::body.eq(&payload),
            webhook_deliveries::aggregate_id.eq(&id),
            webhook_deliveries::created_at.eq(to_db(now)),
            webhook_deliveries::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(id)
}

type OutgoingRow = (String, String, String, String, String, Option<String>, Option<chrono::NaiveDateTime>);

impl MailHandle<'_> {
    /// Queues `mail` as sender `from` (a confirmed sender), or as the oldest confirmed sender.
    pub fn queue(&self, from: Option<&Email>, mail: &NewMail, now: DateTime<Utc>) -> Result<String, Error> {
        self.store.write(|conn| {
            let sender = super::usable_sender(conn, from)?;
            queue(conn, &self.store.vault, sender, mail, now)
        })
    }

    /// The mail `id` as the worker sends it, its body opened.
    pub fn outgoing(&self, id: &str) -> Result<OutgoingMail, Error> {
        let mut conn = self.store.conn()?;
        let row: OutgoingRow = mail_messages::table
            .inner_join(mail_senders::table)
            .filter(mail_messages::id.eq(id))
            .select((
                mail_messages::id,
                mail_senders::address,
                mail_senders::display_name,
                mail_messages::to_address,
                mail_messages::subject,
                mail_messages::sealed_body,
                mail_messages::sent_at,
            ))
            .first(&mut conn)
            .optional()?
            .ok_or(Error::NotFound(Entity::Mail))?;
        let (id, from, from_name, to, subject, sealed, sent_at) = row;
        let body = match sealed {
            Some(sealed) => Some(self.store.vault.unseal(&context(&id), &sealed)?),
            None => None,
        };
        Ok(OutgoingMail {
            from: Email::parse(&from).map_err(|_| corrupt("mail sender"))?,
            from_name,
            to: Email::parse(&to).map_err(|_| corrupt("mail recipient"))?,
            subject,
            body,
            sent_at: sent_at.map(from_db),
            id,
        })
    }

    /// Records that the mail server accepted mail `id` at `now` and erases its body; a second
    /// call changes nothing.
    pub fn mark_sent(&self, id: &str, now: DateTime<Utc>) -> Result<(), Error> {
        self.store.write(|conn| {
            diesel::update(mail_messages::table.find(id).filter(mail_messages::sent_at.is_null()))
                .set((
                    mail_messages::sent_at.eq(Some(to_db(now))),
                    mail_messages::sealed_body.eq(None::<String>),
                ))
                .execute(conn)?;
            Ok(())
        })
    }

    /// How many mails the mail server accepted after `since` (the sending limits count
    /// these).
    pub fn sent_since(&self, since: DateTime<Utc>) -> Result<u64, Error> {
        let mut conn = self.store.conn()?;
        let count: i64 = mail_messages::table
            .filter(mail_messages::sent_at.gt(to_db(since)))
            .count()
            .get_result(&mut conn)?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}
