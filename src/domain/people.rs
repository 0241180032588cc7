//! People who work in the planner: personal accounts, the roles they hold, the jobcenters or
//! teams ("clusters") each role is bound to, and the invitations that hand roles out.
//!
//! Binding is seeing: a role acts only on the clusters it is bound to. A role bound to a
//! jobcenter covers every team of it; a role bound to a team covers that team only (the
//! store knows which team a counselor is in on a day and passes it as [`Target::teams`]).
//! One account may hold several roles. An invitation carries one role with its clusters; it is
//! valid for [`INVITATION_DAYS`] days, can be extended by an administrator while it has not
//! been used or revoked, and is used once.

use chrono::{DateTime, Duration, Utc};

use super::{Action, Booking, Error, JobCenterCode, TeamId};

/// How long an invitation stays valid, from sending or from its last extension.
pub const INVITATION_DAYS: i64 = 7;

/// What a person may do in a jobcenter (STAR's Planner roles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Jobcenter settings, accounts and integrations (administrator / superbruger).
    Administrator,
    /// Summons, bookings and the calendars of their clusters (indkalder).
    Summoner,
    /// Their own calendar: holding interviews, no-shows, busy time (vejleder).
    Counselor,
    /// Reports only.
    Reader,
}

impl Role {
    /// Every role, in the order screens list them.
    pub const ALL: [Role; 4] = [Role::Administrator, Role::Summoner, Role::Counselor, Role::Reader];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Summoner => "summoner",
            Role::Counselor => "counselor",
            Role::Reader => "reader",
        }
    }

    /// Parses a wire name.
    pub fn parse(text: &str) -> Result<Self, Error> {
        Role::ALL.into_iter().find(|role| role.as_str() == text).ok_or(Error::CodeNotAllowed("role"))
    }

    /// True when the role grants `capability`.
    pub fn grants(self, capability: Capability) -> bool {
        use Capability as C;
        match self {
            Role::Administrator => matches!(
                capability,
                C::ManageAccounts | C::ManageSettings | C::ViewCalendars | C::ReadReports
            ),
            Role::Summoner => matches!(
                capability,
                C::Summon | C::ViewCalendars | C::ChangeBookings | C::RevealCpr | C::ReadReports
            ),
            Role::Counselor => matches!(capability, C::OwnCalendar | C::RevealCpr),
            Role::Reader => matches!(capability, C::ReadReports),
        }
    }
}

/// Something a person may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Invite people, change their roles, disable accounts.
    ManageAccounts,
    /// Teams, rooms, closing days, templates, offers, integrations.
    ManageSettings,
    /// Summon citizens (one or many).
    Summon,
    /// See counselors' calendars and bookings.
    ViewCalendars,
    /// Move, cancel, complete bookings of others.
    ChangeBookings,
    /// Work in one's own calendar only.
    OwnCalendar,
    /// Show a citizen's full CPR (each reveal audited).
    RevealCpr,
    /// Read reports.
    ReadReports,
}

/// What a role is bound to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cluster {
    /// A whole jobcenter, with every team of it.
    Jobcenter(JobCenterCode),
    /// One team, given with the jobcenter it belongs to.
    Team(JobCenterCode, TeamId),
}

impl Cluster {
    /// The jobcenter the cluster lies in.
    pub fn jobcenter(&self) -> &JobCenterCode {
        match self {
            Cluster::Jobcenter(code) | Cluster::Team(code, _) => code,
        }
    }

    /// True when the cluster covers `target`.
    pub fn covers(&self, target: &Target) -> bool {
        match self {
            Cluster::Jobcenter(code) => code == &target.jobcenter,
            Cluster::Team(code, team) => code == &target.jobcenter && target.teams.contains(team),
        }
    }
}

/// One role bound to one or more clusters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The role.
    pub role: Role,
    /// Where it applies (at least one).
    pub clusters: Vec<Cluster>,
}

impl Grant {
    /// A role bound to `clusters`, which must not be empty; duplicates are dropped.
    pub fn new(role: Role, mut clusters: Vec<Cluster>) -> Result<Self, Error> {
        clusters.sort();
        clusters.dedup();
        if clusters.is_empty() {
            return Err(Error::NoCluster);
        }
        Ok(Self { role, clusters })
    }
}

/// What an action touches: a jobcenter and the teams involved on the day (for a counselor's
/// calendar, the teams the counselor is in; none for jobcenter-wide settings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The jobcenter.
    pub jobcenter: JobCenterCode,
    /// The teams involved.
    pub teams: Vec<TeamId>,
}

impl Target {
    /// A jobcenter-wide target (no team).
    pub fn jobcenter(jobcenter: JobCenterCode) -> Self {
        Self { jobcenter, teams: Vec::new() }
    }
}

/// A checked, lower-cased e-mail address (one `@`, a dot in the domain, no spaces or control
/// characters, at most 254 characters).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// Parses an address; surrounding whitespace is an error, not trimmed.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let valid = text.len() <= 254
            && !text.chars().any(|c| c.is_whitespace() || c.is_control())
            && text.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if valid {
            Ok(Self(text.to_lowercase()))
        } else {
            Err(Error::InvalidText { field: "email", max: 254 })
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A personal account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Its id (a GUID).
    pub id: String,
    /// The person's e-mail address (their sign-in name).
    pub email: Email,
    /// The person's name, as shown to colleagues.
    pub name: String,
    /// A disabled account cannot sign in, and its open sessions end at their next request.
    pub disabled: bool,
    /// The roles it holds.
    pub grants: Vec<Grant>,
}

impl Account {
    /// True when one of the account's roles grants `capability` on `target`.
    pub fn may(&self, capability: Capability, target: &Target) -> bool {
        !self.disabled
            && self
                .grants
                .iter()
                .any(|grant| grant.role.grants(capability) && grant.clusters.iter().any(|c| c.covers(target)))
    }

    /// The jobcenters where some role of the account grants `capability` (on all or part of it).
    pub fn jobcenters_for(&self, capability: Capability) -> Vec<JobCenterCode> {
        let mut codes: Vec<JobCenterCode> = self
            .grants
            .iter()
            .filter(|grant| !self.disabled && grant.role.grants(capability))
            .flat_map(|grant| grant.clusters.iter().map(|c| c.jobcenter().clone()))
            .collect();
        codes.sort();
        codes.dedup();
        codes
    }
}

/// What a person may do with one counselor's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CalendarAccess {
    /// See it (its bookings, with the CPR hidden).
    pub view: bool,
    /// Show a booking's CPR (each time audited).
    pub reveal_cpr: bool,
    /// Mark a meeting held or the citizen absent, and correct a no-show.
    pub attendance: bool,
    /// Change bookings: mark one lapsed, cancel it as staff, move it.
    pub change_bookings: bool,
    /// Add and remove manual busy time.
    pub busy_time: bool,
}

impl CalendarAccess {
    /// The booking actions in the order screens offer them.
    pub const ACTIONS: [Action; 6] = [
        Action::Complete,
        Action::NoShow,
        Action::CorrectNoShow,
        Action::MarkLapsed,
        Action::Cancel,
        Action::Reschedule,
    ];

    /// True when the person's roles allow `action` on this calendar's bookings, whatever the
    /// booking's state: attendance (held, no-show and its correction) or changing bookings
    /// (lapse, cancel, move).
    pub fn may(&self, action: Action) -> bool {
        match action {
            Action::Complete | Action::NoShow | Action::CorrectNoShow => self.attendance,
            Action::MarkLapsed | Action::Cancel | Action::Reschedule => self.change_bookings,
        }
    }

    /// The actions to offer on `booking`: those the roles allow ([`CalendarAccess::may`]) and
    /// the booking's state allows ([`Booking::transition`]: a completed booking cannot be moved,
    /// a billed one can only lapse, ...), in the order of [`CalendarAccess::ACTIONS`].
    pub fn offered(&self, booking: &Booking, now: DateTime<Utc>) -> Vec<Action> {
        Self::ACTIONS
            .into_iter()
            .filter(|action| self.may(*action) && booking.check_staff(*action, now).is_ok())
            .collect()
    }
}

impl Account {
    /// What the account may do with the calendar of the counselor whose e-mail address is
    /// `counselor_email`, who is in `target` (the counselor's jobcenter and teams today):
    ///
    /// - a summoner or an administrator sees the calendars of their clusters, a counselor only
    ///   their own (by e-mail address); a reader none;
    /// - the CPR is shown to summoners and to the counselor the meeting is with, never to
    ///   administrators or readers;
    /// - attendance (held, no-show, its correction): summoners of the clusters, and the
    ///   counselor in their own calendar;
    /// - lapse, cancel and move: summoners of the clusters only;
    /// - manual busy time: summoners and administrators of the clusters (setting up a
    ///   calendar), and the counselor in their own calendar.
    pub fn calendar_access(&self, counselor_email: &str, target: &Target) -> CalendarAccess {
        let own = self.email.as_str().eq_ignore_ascii_case(counselor_email.trim())
            && self.may(Capability::OwnCalendar, target);
        let colleague = self.may(Capability::ViewCalendars, target);
        let view = own || colleague;
        let change_bookings = view && self.may(Capability::ChangeBookings, target);
        CalendarAccess {
            view,
            reveal_cpr: view && self.may(Capability::RevealCpr, target),
            attendance: own || change_bookings,
            change_bookings,
            busy_time: own || change_bookings || (view && self.may(Capability::ManageSettings, target)),
        }
    }

    /// True when the account may see the day view of a whole team (`target` names the team's
    /// jobcenter and the team): whoever sees the calendars of colleagues there (summoners and
    /// administrators bound to the jobcenter or to that team). A counselor, who sees only
    /// their own calendar, and a reader may not.
    pub fn team_day_access(&self, target: &Target) -> bool {
        self.may(Capability::ViewCalendars, target)
    }
}

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

/// How long a signed-in session lives: it ends after `idle` without a request, and `absolute`
/// after sign-in whatever happens (defaults 30 minutes and 10 hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// The longest pause between two requests.
    pub idle: Duration,
    /// The longest life of one sign-in.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self { idle: Duration::minutes(30), absolute: Duration::hours(10) }
    }
}

impl SessionPolicy {
    /// True when a session signed in at `created` and last used at `last_seen` is alive at `now`.
    pub fn alive(&self, created: DateTime<Utc>, last_seen: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now < created + self.absolute && now < last_seen + self.idle
    }
}

/// How many failed sign-ins are let through within a sliding window, per account and per
/// source address. Beyond them sign-in waits until the oldest failure leaves the window: a
/// person is slowed down, never locked out for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInLimits {
    /// The window failures are counted in.
    pub window: Duration,
    /// Failures per account (by e-mail address) within the window.
    pub per_account: usize,
    /// Failures per source address within the window.
    pub per_address: usize,
}

impl Default for SignInLimits {
    fn default() -> Self {
        Self { window: Duration::minutes(15), per_account: 5, per_address: 50 }
    }
}

impl SignInLimits {
    /// When the next attempt is let through, given the failures within the window (any order)
    /// and the limit for that subject; `None` when it is let through now.
    pub fn wait_until(
        &self,
        failures: &[DateTime<Utc>],
        limit: usize,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let mut recent: Vec<DateTime<Utc>> =
            failures.iter().copied().filter(|at| *at > now - self.window).collect();
        if recent.len() < limit {
            return None;
        }
        recent.sort();
        // The attempt is let through once enough failures have left the window.
        let leaving = recent[recent.len() - limit];
        Some(leaving + self.window)
    }
}

#[cfg(test)]
#[path = "people_tests.rs"]
mod tests;
