//! Invitations: sending one (its secret is answered once, to be mailed), listing them with
//! their state, extending, revoking, and accepting one by its secret.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::accounts::{self, NewAccount};
use super::{check_clusters, cluster_row, new_secret, secret_hash, to_cluster, to_role, People};
use crate::domain::people::{Account, Email, Grant, Invitation};
use crate::domain::JobCenterCode;
use crate::store::db::schema::{invitation_clusters as clusters, invitations};
use crate::store::db::{corrupt, from_db, to_db};
use crate::store::mail::{queue, usable_sender};
use crate::store::{AnyConnection, Entity, Error, NewMail};

/// Who accepts an invitation.
#[derive(Debug, Clone)]
pub enum AcceptAs {
    /// A new account for the invitation's e-mail address.
    New(NewAccount),
    /// The signed-in person's existing account (by id), which gains the role.
    Existing(String),
}

/// An invitation with the account that accepted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRecord {
    /// The invitation.
    pub invitation: Invitation,
    /// The account that accepted it.
    pub account: Option<String>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = invitations)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct InvitationRow {
    id: String,
    email: String,
    role: String,
    invited_by: String,
    sent_at: chrono::NaiveDateTime,
    expires_at: chrono::NaiveDateTime,
    accepted_at: Option<chrono::NaiveDateTime>,
    revoked_at: Option<chrono::NaiveDateTime>,
    account_id: Option<String>,
}

fn to_record(conn: &mut AnyConnection, row: InvitationRow) -> Result<InvitationRecord, Error> {
    let InvitationRow {
        id,
        email,
        role,
        invited_by,
        sent_at,
        expires_at,
        accepted_at,
        revoked_at,
        account_id: account,
    } = row;
    let rows: Vec<(String, Option<String>)> = clusters::table
        .filter(clusters::invitation_id.eq(&id))
        .select((clusters::jobcenter_code, clusters::team_id))
        .load(conn)?;
    let clusters = rows.iter().map(to_cluster).collect::<Result<Vec<_>, _>>()?;
    let grant = Grant::new(to_role(&role)?, clusters).map_err(|_| corrupt("invitation"))?;
    let invitation = Invitation {
        id,
        email: Email::parse(&email).map_err(|_| corrupt("invitation e-mail"))?,
        grant,
        invited_by,
        sent_at: from_db(sent_at),
        expires_at: from_db(expires_at),
        accepted_at: accepted_at.map(from_db),
        revoked_at: revoked_at.map(from_db),
    };
    Ok(InvitationRecord { invitation, account })
}

fn load(conn: &mut AnyConnection, id: &str) -> Result<InvitationRecord, Error> {
    let row: InvitationRow = invitations::table
        .find(id)
        .select(InvitationRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound(Entity::Invitation))?;
    to_record(conn, row)
}

fn id_by_secret(conn: &mut AnyConnection, secret: &str) -> Result<String, Error> {
    invitations::table
        .filter(invitations::token_hash.eq(secret_hash(secret)))
        .select(invitations::id)
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound(Entity::Invitation))
}

/// Locks invitation `id` until the transaction ends (PostgreSQL; SQLite writers are serialised
/// already), so two accepts of one link take turns and the second sees it used.
fn lock(conn: &mut AnyConnection, id: &str) -> Result<(), Error> {
    if let AnyConnection::Postgresql(pg) = conn {
        diesel::sql_query("SELECT id FROM invitations WHERE id = $1 FOR UPDATE")
            .bind::<diesel::sql_types::Text, _>(id)
            .execute(pg)?;
    }
    Ok(())
}

/// Writes the invitation's times and acceptance back.
fn save(conn: &mut AnyConnection, invitation: &Invitation, account: Option<&str>) -> Result<(), Error> {
    diesel::update(invitations::table.find(&invitation.id))
        .set((
            invitations::expires_at.eq(to_db(invitation.expires_at)),
            invitations::accepted_at.eq(invitation.accepted_at.map(to_db)),
            invitations::revoked_at.eq(invitation.revoked_at.map(to_db)),
            invitations::account_id.eq(account),
        ))
        .execute(conn)?;
    Ok(())
}

/// A new invitation and the secret its link carries.
fn new_invitation(
    email: &Email,
    grant: &Grant,
    invited_by: &str,
    now: DateTime<Utc>,
) -> Result<(Invitation, String), Error> {
    let secret = new_secret()?;
    let invitation = Invitation::new(
        uuid::Uuid::new_v4().to_string(),
        email.clone(),
        grant.clone(),
        invited_by.into(),
        now,
    );
    Ok((invitation, secret))
}

/// Writes `invitation` (its clusters checked) with the hash of `secret`.
fn insert(conn: &mut AnyConnection, invitation: &Invitation, secret: &str) -> Result<(), Error> {
    let grant = &invitation.grant;
    check_clusters(conn, grant)?;
    diesel::insert_into(invitations::table)
        .values((
            invitations::id.eq(&invitation.id),
            invitations::token_hash.eq(secret_hash(secret)),
            invitations::email.eq(invitation.email.as_str()),
            invitations::role.eq(grant.role.as_str()),
            invitations::invited_by.eq(&invitation.invited_by),
            invitations::sent_at.eq(to_db(invitation.sent_at)),
            invitations::expires_at.eq(to_db(invitation.expires_at)),
        ))
        .execute(conn)?;
    for cluster in &grant.clusters {
        let (jobcenter, team) = cluster_row(cluster);
        diesel::insert_into(clusters::table)
            .values((
                clusters::invitation_id.eq(&invitation.id),
                clusters::jobcenter_code.eq(jobcenter),
                clusters::team_id.eq(team),
            ))
            .execute(conn)?;
    }
    Ok(())
}

impl People<'_> {
    /// Sends (records) an invitation of `email` to `grant` at `now`; answers it with the secret
    /// its link carries, which is not kept and cannot be read again.
    pub fn invite(
        &self,
        email: &Email,
        grant: &Grant,
        invited_by: &str,
        now: DateTime<Utc>,
    ) -> Result<(Invitation, String), Error> {
        let (invitation, secret) = new_invitation(email, grant, invited_by, now)?;
        self.store.write(|conn| insert(conn, &invitation, &secret))?;
        Ok((invitation, secret))
    }

    /// Sends an invitation as [`People::invite`] does and, in the same transaction, queues its
    /// mail from sender `from` (a confirmed sender; the one confirmed first when `None`).
    /// `mail` renders the mail from the invitation and its secret (the link is in the mail
    /// only). Returns the invitation and the mail's id.
    pub fn invite_by_mail(
        &self,
        email: &Email,
        grant: &Grant,
        invited_by: &str,
        from: Option<&Email>,
        mail: impl FnOnce(&Invitation, &str) -> NewMail,
        now: DateTime<Utc>,
    ) -> Result<(Invitation, String), Error> {
        let (invitation, secret) = new_invitation(email, grant, invited_by, now)?;
        let mail = mail(&invitation, &secret);
        let mail_id = self.store.write(|conn| {
            let sender = usable_sender(conn, from)?;
            insert(conn, &invitation, &secret)?;
            queue(conn, &self.store.vault, sender, &mail, now)
        })?;
        Ok((invitation, mail_id))
    }

    /// The invitations touching `jobcenter` (all when `None`), newest first.
    pub fn invitations(&self, jobcenter: Option<&JobCenterCode>) -> Result<Vec<InvitationRecord>, Error> {
        let mut conn = self.store.conn()?;
        let mut query = invitations::table
            .select(InvitationRow::as_select())
            .order((invitations::sent_at.desc(), invitations::id))
            .into_boxed();
        if let Some(code) = jobcenter {
            let touching = clusters::table
                .filter(clusters::jobcenter_code.eq(code.as_str()))
                .select(clusters::invitation_id);
            query = query.filter(invitations::id.eq_any(touching));
        }
        let rows: Vec<InvitationRow> = query.load(&mut conn)?;
        rows.into_iter().map(|row| to_record(&mut conn, row)).collect()
    }

    /// The invitation `id`.
    pub fn invitation(&self, id: &str) -> Result<InvitationRecord, Error> {
        let mut conn = self.store.conn()?;
        load(&mut conn, id)
    }

    /// The invitation whose link carries `secret` (an unknown secret is not found).
    pub fn invitation_by_secret(&self, secret: &str) -> Result<InvitationRecord, Error> {
        let mut conn = self.store.conn()?;
        let id = id_by_secret(&mut conn, secret)?;
        load(&mut conn, &id)
    }

    /// Makes invitation `id` valid for seven days from `now` again; its link stays the same.
    pub fn extend(&self, id: &str, now: DateTime<Utc>) -> Result<InvitationRecord, Error> {
        self.change(id, |invitation| invitation.extend(now))
    }

    /// Withdraws invitation `id`.
    pub fn revoke(&self, id: &str, now: DateTime<Utc>) -> Result<InvitationRecord, Error> {
        self.change(id, |invitation| invitation.revoke(now))
    }

    fn change(
        &self,
        id: &str,
        rule: impl FnOnce(&mut Invitation) -> Result<(), crate::domain::Error>,
    ) -> Result<InvitationRecord, Error> {
        self.store.write(|conn| {
            lock(conn, id)?;
            let mut record = load(conn, id)?;
            rule(&mut record.invitation)?;
            save(conn, &record.invitation, record.account.as_deref())?;
            Ok(record)
        })
    }

    /// Uses the invitation whose link carries `secret` at `now`: a new account for its e-mail
    /// address, or the given existing one, gains its role. Answers the account as it is now.
    pub fn accept(&self, secret: &str, who: &AcceptAs, now: DateTime<Utc>) -> Result<Account, Error> {
        let new_id = uuid::Uuid::new_v4().to_string();
        let sealed = match who {
            AcceptAs::New(NewAccount { totp_secret: Some(secret), .. }) => {
                Some(super::factors::seal_totp(self, &new_id, secret)?)
            }
            _ => None,
        };
        self.store.write(|conn| {
            let id = id_by_secret(conn, secret)?;
            lock(conn, &id)?;
            let mut record = load(conn, &id)?;
            record.invitation.accept(now)?;
            let account = match who {
                AcceptAs::New(new) => {
                    let new = NewAccount { totp_secret: sealed.clone(), ..new.clone() };
                    accounts::create(conn, new_id.clone(), &record.invitation.email, &new, now)?
                }
                AcceptAs::Existing(account) => {
                    let existing = accounts::load(conn, account)?;
                    if existing.disabled {
                        return Err(Error::NotFound(Entity::Account));
                    }
                    existing.id
                }
            };
            check_clusters(conn, &record.invitation.grant)?;
            accounts::add_grant(conn, &account, &record.invitation.grant)?;
            save(conn, &record.invitation, Some(&account))?;
            accounts::load(conn, &account)
        })
    }
}
