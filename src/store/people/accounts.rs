//! Personal accounts and their grants: reading them, adding a role, disabling and enabling.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::{cluster_row, to_cluster, to_role, People};
use crate::domain::people::{Account, Email, Grant, Role};
use crate::domain::JobCenterCode;
use crate::store::db::schema::{account_grants as grants, accounts};
use crate::store::db::{corrupt, to_db};
use crate::store::{AnyConnection, Entity, Error};

/// What a new account starts with besides its e-mail address (from the invitation).
#[derive(Debug, Clone, Default)]
pub struct NewAccount {
    /// The person's name (1-100 characters).
    pub name: String,
    /// The password's argon2id hash (PHC string), for local sign-in.
    pub password_hash: Option<String>,
    /// The second factor's secret (base32); the store seals it under the data key.
    pub totp_secret: Option<String>,
    /// The identity provider's subject, for single sign-on.
    pub oidc_subject: Option<String>,
    /// The SHA-256 hashes of the account's first recovery codes.
    pub recovery_hashes: Vec<String>,
}

type AccountRow = (String, String, String, bool);

fn grants_of(conn: &mut AnyConnection, id: &str) -> Result<Vec<Grant>, Error> {
    let rows: Vec<(String, String, Option<String>)> = grants::table
        .filter(grants::account_id.eq(id))
        .order((grants::role, grants::jobcenter_code, grants::team_id))
        .select((grants::role, grants::jobcenter_code, grants::team_id))
        .load(conn)?;
    let mut out: Vec<Grant> = Vec::new();
    for (role, jobcenter, team) in rows {
        let role = to_role(&role)?;
        let cluster = to_cluster(&(jobcenter, team))?;
        match out.iter_mut().find(|grant| grant.role == role) {
            Some(grant) => grant.clusters.push(cluster),
            None => out.push(Grant::new(role, vec![cluster]).map_err(|_| corrupt("grant"))?),
        }
    }
    out.sort_by_key(|grant| grant.role);
    Ok(out)
}

fn to_account(conn: &mut AnyConnection, (id, email, name, disabled): AccountRow) -> Result<Account, Error> {
    let grants = grants_of(conn, &id)?;
    Ok(Account {
        email: Email::parse(&email).map_err(|_| corrupt("account e-mail"))?,
        name,
        disabled,
        grants,
        id,
    })
}

const COLUMNS: (accounts::id, accounts::email, accounts::name, accounts::disabled) =
    (accounts::id, accounts::email, accounts::name, accounts::disabled);

/// The account `id`.
pub(super) fn load(conn: &mut AnyConnection, id: &str) -> Result<Account, Error> {
    let row: AccountRow = accounts::table
        .find(id)
        .select(COLUMNS)
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound(Entity::Account))?;
    to_account(conn, row)
}

/// The id of the account signing in as `email`, if any.
pub(super) fn id_of(conn: &mut AnyConnection, email: &Email) -> Result<Option<String>, Error> {
    Ok(accounts::table
        .filter(accounts::email.eq(email.as_str()))
        .select(accounts::id)
        .first(conn)
        .optional()?)
}

/// Creates account `id` for `email` (which must be free); `account.totp_secret` is sealed
/// already.
pub(super) fn create(
    conn: &mut AnyConnection,
    id: String,
    email: &Email,
    account: &NewAccount,
    now: DateTime<Utc>,
) -> Result<String, Error> {
    let length = account.name.trim().chars().count();
    if length == 0 || length > 100 || account.name.chars().any(char::is_control) {
        return Err(crate::domain::Error::InvalidText { field: "name", max: 100 }.into());
    }
    if id_of(conn, email)?.is_some() {
        return Err(crate::domain::Error::AccountExists.into());
    }
    diesel::insert_into(accounts::table)
        .values((
            accounts::id.eq(&id),
            accounts::email.eq(email.as_str()),
            accounts::name.eq(account.name.trim()),
            accounts::disabled.eq(false),
            accounts::created_at.eq(to_db(now)),
            accounts::password_hash.eq(account.password_hash.as_deref()),
            accounts::totp_secret.eq(account.totp_secret.as_deref()),
            accounts::oidc_subject.eq(account.oidc_subject.as_deref()),
        ))
        .execute(conn)?;
    super::factors::replace_codes(conn, &id, &account.recovery_hashes)?;
    Ok(id)
}

/// Adds `grant` to account `id` (clusters it holds already are kept once).
pub(super) fn add_grant(conn: &mut AnyConnection, id: &str, grant: &Grant) -> Result<(), Error> {
    for cluster in &grant.clusters {
        let (jobcenter, team) = cluster_row(cluster);
        let same = grants::table
            .filter(grants::account_id.eq(id))
            .filter(grants::role.eq(grant.role.as_str()))
            .filter(grants::jobcenter_code.eq(&jobcenter))
            .into_boxed();
        let same = match &team {
            Some(team) => same.filter(grants::team_id.eq(team.clone())),
            None => same.filter(grants::team_id.is_null()),
        };
        let held: i64 = same.count().get_result(conn)?;
        if held == 0 {
            diesel::insert_into(grants::table)
                .values((
                    grants::account_id.eq(id),
                    grants::role.eq(grant.role.as_str()),
                    grants::jobcenter_code.eq(&jobcenter),
                    grants::team_id.eq(team.as_deref()),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

impl People<'_> {
    /// The account `id`.
    pub fn account(&self, id: &str) -> Result<Account, Error> {
        let mut conn = self.store.conn()?;
        load(&mut conn, id)
    }

    /// The account signing in as `email`.
    pub fn account_by_email(&self, email: &Email) -> Result<Account, Error> {
        let mut conn = self.store.conn()?;
        let id = id_of(&mut conn, email)?.ok_or(Error::NotFound(Entity::Account))?;
        load(&mut conn, &id)
    }

    /// The accounts holding a role in `jobcenter` (all accounts when `None`), by e-mail address.
    pub fn accounts(&self, jobcenter: Option<&JobCenterCode>) -> Result<Vec<Account>, Error> {
        let mut conn = self.store.conn()?;
        let mut query = accounts::table.select(COLUMNS).order(accounts::email).into_boxed();
        if let Some(code) = jobcenter {
            let holders =
                grants::table.filter(grants::jobcenter_code.eq(code.as_str())).select(grants::account_id);
            query = query.filter(accounts::id.eq_any(holders));
        }
        let rows: Vec<AccountRow> = query.load(&mut conn)?;
        rows.into_iter().map(|row| to_account(&mut conn, row)).collect()
    }

    /// Disables or enables account `id`; a disabled account cannot sign in and its sessions end.
    pub fn set_disabled(&self, id: &str, disabled: bool) -> Result<Account, Error> {
        self.store.write(|conn| {
            let changed = diesel::update(accounts::table.find(id))
                .set(accounts::disabled.eq(disabled))
                .execute(conn)?;
            if changed == 0 {
                return Err(Error::NotFound(Entity::Account));
            }
            load(conn, id)
        })
    }

    /// Removes `role` in `jobcenter` (every cluster of it) from account `id`.
    pub fn remove_role(&self, id: &str, role: Role, jobcenter: &JobCenterCode) -> Result<Account, Error> {
        self.store.write(|conn| {
            load(conn, id)?;
            diesel::delete(
                grants::table
                    .filter(grants::account_id.eq(id))
                    .filter(grants::role.eq(role.as_str()))
                    .filter(grants::jobcenter_code.eq(jobcenter.as_str())),
            )
            .execute(conn)?;
            load(conn, id)
        })
    }
}
