//! What single sign-on (OpenID Connect, `web/sso`) keeps: the identity provider's subject on an
//! account (`accounts.oidc_subject`, unique), and the sealed hand-over of a sign-on's state
//! (state, nonce, PKCE verifier) between the redirect to the provider and its callback.
//!
//! The subject is stored as the web layer gives it (the issuer and the subject together, so
//! that one issuer's subject never matches another's). Linking never creates an account or a
//! role: an account exists only through an invitation.

use diesel::prelude::*;

use super::{accounts, People};
use crate::domain::people::Account;
use crate::store::db::schema::accounts as account_rows;
use crate::store::Error;

/// The sealing context of a sign-on's state.
const SIGN_ON_CONTEXT: &str = "single sign-on state";

impl People<'_> {
    /// The account whose single sign-on subject is `subject`, if one has it (disabled or not).
    pub fn account_by_subject(&self, subject: &str) -> Result<Option<Account>, Error> {
        let mut conn = self.store.conn()?;
        let id: Option<String> = account_rows::table
            .filter(account_rows::oidc_subject.eq(subject))
            .select(account_rows::id)
            .first(&mut conn)
            .optional()?;
        id.map(|id| accounts::load(&mut conn, &id)).transpose()
    }

    /// The single sign-on subject of account `id`, if it has one.
    pub fn subject_of(&self, id: &str) -> Result<Option<String>, Error> {
        let mut conn = self.store.conn()?;
        let subject: Option<Option<String>> =
            account_rows::table.find(id).select(account_rows::oidc_subject).first(&mut conn).optional()?;
        Ok(subject.flatten())
    }

    /// Links account `id` to single sign-on `subject`. False, and nothing changes, when another
    /// account holds that subject or this one holds another subject already; linking the same
    /// subject again is fine.
    pub fn link_subject(&self, id: &str, subject: &str) -> Result<bool, Error> {
        self.store.write(|conn| {
            let holder: Option<String> = account_rows::table
                .filter(account_rows::oidc_subject.eq(subject))
                .select(account_rows::id)
                .first(conn)
                .optional()?;
            match holder {
                Some(holder) => return Ok(holder == id),
                None => accounts::load(conn, id)?,
            };
            let changed =
                diesel::update(account_rows::table.find(id).filter(account_rows::oidc_subject.is_null()))
                    .set(account_rows::oidc_subject.eq(subject))
                    .execute(conn)?;
            Ok(changed == 1)
        })
    }

    /// Seals a sign-on's `state` for the browser to carry to the callback: only this
    /// installation can open it, and nobody can read or change it on the way.
    pub fn seal_sign_on(&self, state: &str) -> Result<String, Error> {
        self.store.vault.seal(SIGN_ON_CONTEXT, state)
    }

    /// Opens what [`People::seal_sign_on`] sealed; `None` when it was changed or sealed by
    /// another installation.
    pub fn open_sign_on(&self, sealed: &str) -> Option<String> {
        self.store.vault.unseal(SIGN_ON_CONTEXT, sealed).ok()
    }
}
