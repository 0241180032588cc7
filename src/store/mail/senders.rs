//! Sender addresses: adding one mails a code to it (only the code's SHA-256 is kept), and it
//! can be used only once an administrator has entered that code. Wrong codes count; a code
//! expires after [`crate::domain::mail::CODE_HOURS`] hours or [`crate::domain::mail::CODE_TRIES`]
//! wrong tries, and adding the address again mails a new one.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::{queue, MailHandle, MailPurpose, MailSender, NewMail};
use crate::domain::mail::{sender_code_mail, Culture, PendingCode, SenderState};
use crate::domain::people::Email;
use crate::domain::Error as Rule;
use crate::store::db::schema::mail_senders;
use crate::store::db::{corrupt, from_db, to_db};
use crate::store::{AnyConnection, Entity, Error};

#[derive(Queryable, Selectable)]
#[diesel(table_name = mail_senders)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct SenderRow {
    id: i64,
    address: String,
    display_name: String,
    state: String,
    code_hash: Option<String>,
    code_expires_at: Option<chrono::NaiveDateTime>,
    code_failures: i32,
    created_at: chrono::NaiveDateTime,
    confirmed_at: Option<chrono::NaiveDateTime>,
}

impl SenderRow {
    fn sender(&self) -> Result<MailSender, Error> {
        Ok(MailSender {
            id: self.id,
            address: Email::parse(&self.address).map_err(|_| corrupt("mail sender address"))?,
            display_name: self.display_name.clone(),
            state: SenderState::parse(&self.state).ok_or_else(|| corrupt("mail sender state"))?,
            created_at: from_db(self.created_at),
            confirmed_at: self.confirmed_at.map(from_db),
            code_expires_at: self.code_expires_at.map(from_db),
        })
    }
}

/// What the database keeps of a code: SHA-256 over the address and the code, in hex.
fn code_hash(address: &Email, code: &str) -> String {
    let text = format!("mail sender {} {}", address.as_str(), code.trim());
    hex::encode(ring::digest::digest(&ring::digest::SHA256, text.as_bytes()))
}

/// A fresh code of 8 digits.
fn new_code() -> Result<String, Error> {
    let mut bytes = [0u8; 8];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes)
        .map_err(|_| Error::Config("the system's random source failed".into()))?;
    Ok(format!("{:08}", u64::from_le_bytes(bytes) % 100_000_000))
}

fn by_address(conn: &mut AnyConnection, address: &Email) -> Result<Option<SenderRow>, Error> {
    Ok(mail_senders::table
        .filter(mail_senders::address.eq(address.as_str()))
        .select(SenderRow::as_select())
        .first(conn)
        .optional()?)
}

fn by_id(conn: &mut AnyConnection, id: i64) -> Result<SenderRow, Error> {
    mail_senders::table
        .find(id)
        .select(SenderRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound(Entity::MailSender))
}

/// The sender mail may go out as: `address` if it is a confirmed sender, or the sender confirmed
/// first when no address is named.
pub(crate) fn usable_sender(conn: &mut AnyConnection, address: Option<&Email>) -> Result<i64, Error> {
    match address {
        Some(address) => {
            let row = by_address(conn, address)?.ok_or(Error::NotFound(Entity::MailSender))?;
            if row.state == SenderState::Confirmed.as_str() {
                Ok(row.id)
            } else {
                Err(Error::Conflict(Rule::SenderNotConfirmed))
            }
        }
        None => mail_senders::table
            .filter(mail_senders::state.eq(SenderState::Confirmed.as_str()))
            .order((mail_senders::confirmed_at, mail_senders::id))
            .select(mail_senders::id)
            .first(conn)
            .optional()?
            .ok_or(Error::Conflict(Rule::NoConfirmedSender)),
    }
}

impl MailHandle<'_> {
    /// Adds `address` as a pending sender (or gives a pending one a new code) and queues the
    /// mail carrying its code, in `culture`, to the address itself. Returns the sender and the
    /// id of that mail; the code is in the mail only. A confirmed address is refused.
    pub fn add_sender(
        &self,
        address: &Email,
        display_name: &str,
        culture: Culture,
        now: DateTime<Utc>,
    ) -> Result<(MailSender, String), Error> {
        let code = new_code()?;
        let pending = PendingCode::new(now);
        let hash = code_hash(address, &code);
        self.store.write(|conn| {
            match by_address(conn, address)? {
                Some(row) if row.state == SenderState::Confirmed.as_str() => {
                    return Err(Error::Conflict(Rule::SenderConfirmed))
                }
                Some(row) => {
                    diesel::update(mail_senders::table.find(row.id))
                        .set((
                            mail_senders::display_name.eq(display_name),
                            mail_senders::code_hash.eq(Some(&hash)),
                            mail_senders::code_expires_at.eq(Some(to_db(pending.expires_at))),
                            mail_senders::code_failures.eq(0),
                        ))
                        .execute(conn)?;
                }
                None => {
                    diesel::insert_into(mail_senders::table)
                        .values((
                            mail_senders::address.eq(address.as_str()),
                            mail_senders::display_name.eq(display_name),
                            mail_senders::state.eq(SenderState::Pending.as_str()),
                            mail_senders::code_hash.eq(Some(&hash)),
                            mail_senders::code_expires_at.eq(Some(to_db(pending.expires_at))),
                            mail_senders::code_failures.eq(0),
                            mail_senders::created_at.eq(to_db(now)),
                        ))
                        .execute(conn)?;
                }
            }
            let row = by_address(conn, address)?.ok_or(Error::NotFound(Entity::MailSender))?;
            let mail = NewMail {
                purpose: MailPurpose::SenderCode,
                to: address.clone(),
                culture,
                text: sender_code_mail(culture, address.as_str(), &code, pending.expires_at),
                invitation_id: None,
            };
            let mail_id = queue(conn, &self.store.vault, row.id, &mail, now)?;
            Ok((row.sender()?, mail_id))
        })
    }

    /// Confirms sender `id` with the `code` mailed to it. A wrong code is refused and counted;
    /// an expired (or too often tried) code is refused whatever is entered.
    pub fn confirm_sender(&self, id: i64, code: &str, now: DateTime<Utc>) -> Result<MailSender, Error> {
        let outcome = self.store.write(|conn| {
            let row = by_id(conn, id)?;
            if row.state == SenderState::Confirmed.as_str() {
                return Err(Error::Conflict(Rule::SenderConfirmed));
            }
            let (Some(hash), Some(expires_at)) = (&row.code_hash, row.code_expires_at) else {
                return Err(Error::Conflict(Rule::SenderCodeExpired));
            };
            let address = Email::parse(&row.address).map_err(|_| corrupt("mail sender address"))?;
            let entered = code_hash(&address, code);
            let matches =
                entered.len() == hash.len() && openssl::memcmp::eq(entered.as_bytes(), hash.as_bytes());
            let pending = PendingCode { expires_at: from_db(expires_at), failures: row.code_failures };
            match pending.check(matches, now) {
                Ok(()) => {
                    diesel::update(mail_senders::table.find(id))
                        .set((
                            mail_senders::state.eq(SenderState::Confirmed.as_str()),
                            mail_senders::confirmed_at.eq(Some(to_db(now))),
                            mail_senders::code_hash.eq(None::<String>),
                            mail_senders::code_expires_at.eq(None::<chrono::NaiveDateTime>),
                        ))
                        .execute(conn)?;
                    Ok(Ok(by_id(conn, id)?.sender()?))
                }
                // The wrong try is kept (committed) before the refusal is answered.
                Err(rule @ Rule::WrongSenderCode) => {
                    diesel::update(mail_senders::table.find(id))
                        .set(mail_senders::code_failures.eq(row.code_failures + 1))
                        .execute(conn)?;
                    Ok(Err(Error::Conflict(rule)))
                }
                Err(rule) => Ok(Err(Error::Conflict(rule))),
            }
        })?;
        outcome
    }

    /// Every sender address, by address.
    pub fn senders(&self) -> Result<Vec<MailSender>, Error> {
        let mut conn = self.store.conn()?;
        let rows: Vec<SenderRow> = mail_senders::table
            .order(mail_senders::address)
            .select(SenderRow::as_select())
            .load(&mut conn)?;
        rows.iter().map(SenderRow::sender).collect()
    }

    /// Sender `id`.
    pub fn sender(&self, id: i64) -> Result<MailSender, Error> {
        let mut conn = self.store.conn()?;
        by_id(&mut conn, id)?.sender()
    }
}
