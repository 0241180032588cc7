//! Invitations: one role with its clusters, valid for [`INVITATION_DAYS`] days, used once.

use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::domain::Error;

/// Where an invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationState {
    /// Sent and still valid.
    Sent,
    /// Turned into an account or added to one.
    Accepted,
    /// Not used in time; an administrator can extend it.
    Expired,
    /// Withdrawn by an administrator.
    Revoked,
}

impl InvitationState {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            InvitationState::Sent => "sent",
            InvitationState::Accepted => "accepted",
            InvitationState::Expired => "expired",
            InvitationState::Revoked => "revoked",
        }
    }
}

/// An invitation to hold one role in some clusters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// Its id (a GUID; not the secret the link carries).
    pub id: String,
    /// Whom it was sent to.
    pub email: Email,
    /// The role and its clusters.
    pub grant: Grant,
    /// Who invited (an account's e-mail address or a machine caller's identity).
    pub invited_by: String,
    /// When it was sent.
    pub sent_at: DateTime<Utc>,
    /// Until when it can be used.
    pub expires_at: DateTime<Utc>,
    /// When it was used.
    pub accepted_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Invitation {
    /// A new invitation sent at `now`, valid for [`INVITATION_DAYS`] days.
    pub fn new(id: String, email: Email, grant: Grant, invited_by: String, now: DateTime<Utc>) -> Self {
        Self {
            id,
            email,
            grant,
            invited_by,
            sent_at: now,
            expires_at: now + Duration::days(INVITATION_DAYS),
            accepted_at: None,
            revoked_at: None,
        }
    }

    /// Its state at `now`.
    pub fn state(&self, now: DateTime<Utc>) -> InvitationState {
        if self.revoked_at.is_some() {
            InvitationState::Revoked
        } else if self.accepted_at.is_some() {
            InvitationState::Accepted
        } else if now >= self.expires_at {
            InvitationState::Expired
        } else {
            InvitationState::Sent
        }
    }

    /// Uses it at `now`: only a sent, unexpired invitation can be used, once.
    pub fn accept(&mut self, now: DateTime<Utc>) -> Result<(), Error> {
        match self.state(now) {
            InvitationState::Sent => {
                self.accepted_at = Some(now);
                Ok(())
            }
            InvitationState::Expired => Err(Error::InvitationExpired),
            InvitationState::Accepted | InvitationState::Revoked => Err(Error::InvitationUsed),
        }
    }

    /// Makes it valid for [`INVITATION_DAYS`] days from `now` again (sent or expired only).
    pub fn extend(&mut self, now: DateTime<Utc>) -> Result<(), Error> {
        match self.state(now) {
            InvitationState::Sent | InvitationState::Expired => {
                self.expires_at = now + Duration::days(INVITATION_DAYS);
                Ok(())
            }
            InvitationState::Accepted | InvitationState::Revoked => Err(Error::InvitationUsed),
        }
    }

    /// Withdraws it (sent or expired only).
    pub fn revoke(&mut self, now: DateTime<Utc>) -> Result<(), Error> {
        match self.state(now) {
            InvitationState::Sent | InvitationState::Expired => {
                self.revoked_at = Some(now);
                Ok(())
            }
            InvitationState::Accepted | InvitationState::Revoked => Err(Error::InvitationUsed),
        }
    }
}
