//! The mail log (every mail with its delivery's state, newest first), its redeliver, and the
//! mail lane's claim.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::{MailHandle, MailLogEntry, MailPurpose};
use crate::store::db::from_db;
use crate::store::db::schema::{mail_messages, mail_senders, webhook_deliveries, webhook_recipients};
use crate::store::outbox::webhooks::RecipientKind;
use crate::store::{ClaimedDelivery, DeliveryStatus, Entity, Error, Lane, Redelivery};

/// What a mail redeliver did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailRedelivery {
    /// Queued again, due now, with a new retry round.
    Queued,
    /// It is still waiting or retrying; nothing changed.
    StillOpen,
    /// The mail server accepted it already (its body is gone); nothing changed.
    AlreadySent,
}

type MailRow = (
    String,
    MailPurpose,
    String,
    String,
    String,
    String,
    Option<String>,
    chrono::NaiveDateTime,
    Option<chrono::NaiveDateTime>,
);

type DeliveryRow = (i64, String, DeliveryStatus, i32, Option<String>, chrono::NaiveDateTime);

fn entry(mail: MailRow, delivery: &DeliveryRow) -> MailLogEntry {
    let (id, purpose, from, to, subject, culture, invitation_id, created_at, sent_at) = mail;
    let (delivery_id, _, status, attempts, last_error, next_attempt_at) = delivery;
    MailLogEntry {
        id,
        delivery_id: *delivery_id,
        purpose,
        from,
        to,
        subject,
        culture,
        invitation_id,
        status: *status,
        attempts: *attempts,
        last_error: last_error.clone(),
        created_at: from_db(created_at),
        sent_at: sent_at.map(from_db),
        next_attempt_at: from_db(*next_attempt_at),
    }
}

impl MailHandle<'_> {
    /// Up to `limit` mails, newest first, with their delivery state.
    pub fn log(&self, limit: i64) -> Result<Vec<MailLogEntry>, Error> {
        self.entries(None, limit)
    }

    /// Mail `id` with its delivery state.
    pub fn entry(&self, id: &str) -> Result<MailLogEntry, Error> {
        self.entries(Some(id), 1)?.pop().ok_or(Error::NotFound(Entity::Mail))
    }

    fn entries(&self, id: Option<&str>, limit: i64) -> Result<Vec<MailLogEntry>, Error> {
        let mut conn = self.store.conn()?;
        let mut query = webhook_deliveries::table
            .inner_join(webhook_recipients::table)
            .filter(webhook_recipients::kind.eq(RecipientKind::Mail))
            .order(webhook_deliveries::id.desc())
            .limit(limit)
            .select((
                webhook_deliveries::id,
                webhook_deliveries::aggregate_id,
                webhook_deliveries::status,
                webhook_deliveries::attempts,
                webhook_deliveries::last_error,
                webhook_deliveries::next_attempt_at,
            ))
            .into_boxed();
        if let Some(id) = id {
            query = query.filter(webhook_deliveries::aggregate_id.eq(id));
        }
        let deliveries: Vec<DeliveryRow> = query.load(&mut conn)?;
        let ids: Vec<&str> = deliveries.iter().map(|d| d.1.as_str()).collect();
        let mails: Vec<MailRow> = mail_messages::table
            .inner_join(mail_senders::table)
            .filter(mail_messages::id.eq_any(&ids))
            .select((
                mail_messages::id,
                mail_messages::purpose,
                mail_senders::address,
                mail_messages::to_address,
                mail_messages::subject,
                mail_messages::culture,
                mail_messages::invitation_id,
                mail_messages::created_at,
                mail_messages::sent_at,
            ))
            .load(&mut conn)?;
        let mut by_id: std::collections::HashMap<String, MailRow> =
            mails.into_iter().map(|mail| (mail.0.clone(), mail)).collect();
        Ok(deliveries.iter().filter_map(|d| by_id.remove(&d.1).map(|mail| entry(mail, d))).collect())
    }

    /// Queues a mail the mail server never accepted (its retries given up) again: due now,
    /// with a new retry round.
    pub fn redeliver(&self, id: &str, now: DateTime<Utc>) -> Result<MailRedelivery, Error> {
        let entry = self.entry(id)?;
        if entry.sent_at.is_some() {
            return Ok(MailRedelivery::AlreadySent);
        }
        match self.store.redeliver_webhook(entry.delivery_id, now)? {
            Redelivery::Queued => Ok(MailRedelivery::Queued),
            Redelivery::NotFound => Err(Error::NotFound(Entity::Mail)),
            Redelivery::StillOpen | Redelivery::RecipientDisabled => Ok(MailRedelivery::StillOpen),
        }
    }

    /// Claims up to `limit` due mails for one attempt each (the mail lane of the outbox).
    pub fn claim(
        &self,
        now: DateTime<Utc>,
        lease: Duration,
        limit: usize,
    ) -> Result<Vec<ClaimedDelivery>, Error> {
        self.store.claim_lane(Lane::Mail, now, lease, limit)
    }
}
