//! Mapping the provider's person to an account, in the store: by the subject kept on the
//! account, or by a verified e-mail address when so configured (the subject is then kept the
//! first time); accepting an invitation with the provider's identity. Nothing here makes an
//! account without an invitation.

use chrono::{DateTime, Utc};

use super::settings::SubjectClaim;
use super::token::Identity;
use crate::domain::people::{Account, Email, InvitationState};
use crate::store::{AcceptAs, Entity, Error, NewAccount, NewSession, Store};

/// The account key of `identity`: the issuer and the subject.
pub(super) fn subject_key(issuer: &str, identity: &Identity) -> String {
    format!("{issuer} {}", identity.subject)
}

/// The verified e-mail address of `identity`, if it has one.
pub(super) fn verified_email(identity: &Identity) -> Option<Email> {
    identity.email.as_deref().filter(|_| identity.email_verified).and_then(|email| Email::parse(email).ok())
}

/// The account `identity` signs in as, under `claim`; links the subject the first time an
/// e-mail address finds an account.
pub(super) fn account_for(
    store: &Store,
    claim: SubjectClaim,
    key: &str,
    identity: &Identity,
) -> Result<Result<Account, &'static str>, Error> {
    let people = store.people();
    if let Some(account) = people.account_by_subject(key)? {
        return Ok(if account.disabled { Err("disabled") } else { Ok(account) });
    }
    if claim == SubjectClaim::Subject {
        return Ok(Err("no_account"));
    }
    let Some(email) = verified_email(identity) else { return Ok(Err("no_verified_email")) };
    let account = match people.account_by_email(&email) {
        Ok(account) => account,
        Err(Error::NotFound(_)) => return Ok(Err("no_account")),
        Err(error) => return Err(error),
    };
    if account.disabled {
        return Ok(Err("disabled"));
    }
    if !people.link_subject(&account.id, key)? {
        return Ok(Err("another_subject"));
    }
    Ok(Ok(account))
}

/// Ends the browser's `old` session and starts a full one of `account`.
pub(super) fn full_session(
    store: &Store,
    account: &str,
    old: Option<String>,
    now: DateTime<Utc>,
) -> Result<NewSession, Error> {
    if let Some(old) = old {
        store.people().end_session(&old)?;
    }
    store.people().start_session(account, true, now)
}

/// The name a new account gets: the token's, or the e-mail address.
pub(super) fn name_of(identity: &Identity, email: &Email) -> String {
    identity
        .name
        .as_deref()
        .map(str::trim)
        .filter(|name| (1..=100).contains(&name.chars().count()) && !name.chars().any(char::is_control))
        .unwrap_or(email.as_str())
        .to_owned()
}

/// What accepting an invitation by single sign-on came to.
pub(super) type Acceptance = Result<(Account, NewSession, String), &'static str>;

/// Accepts invitation `secret` for the provider's person `identity` (subject `key`).
pub(super) fn accept(
    store: &Store,
    (secret, claim, key): (&str, SubjectClaim, &str),
    identity: &Identity,
    old: Option<String>,
    now: DateTime<Utc>,
) -> Result<Acceptance, Error> {
    let people = store.people();
    let invitation = match people.invitation_by_secret(secret) {
        Ok(record) => record.invitation,
        Err(Error::NotFound(Entity::Invitation)) => return Ok(Err("invitation_unknown")),
        Err(error) => return Err(error),
    };
    if invitation.state(now) != InvitationState::Sent {
        return Ok(Err("invitation_unusable"));
    }
    // The provider must not vouch for another address than the invitation's.
    match (verified_email(identity), claim) {
        (Some(email), _) if email != invitation.email => return Ok(Err("invitation_other_email")),
        (None, SubjectClaim::Email) => return Ok(Err("no_verified_email")),
        _ => {}
    }
    let who = match people.account_by_subject(key)? {
        Some(account) if account.email == invitation.email => AcceptAs::Existing(account.id),
        Some(_) => return Ok(Err("another_account")),
        None => AcceptAs::New(NewAccount {
            name: name_of(identity, &invitation.email),
            oidc_subject: Some(key.to_owned()),
            ..NewAccount::default()
        }),
    };
    let account = match people.accept(secret, &who, now) {
        Ok(account) => account,
        Err(Error::Conflict(crate::domain::Error::AccountExists)) => return Ok(Err("account_exists")),
        Err(Error::Conflict(_)) => return Ok(Err("invitation_unusable")),
        Err(error) => return Err(error),
    };
    let session = full_session(store, &account.id, old, now)?;
    Ok(Ok((account, session, invitation.id)))
}
