//! People who work in the planner: personal accounts, the roles they hold, the jobcenters or
//! teams ("clusters") each role is bound to, and the invitations that hand roles out.
//!
//! Binding is seeing: a role acts only on the clusters it is bound to. A role bound to a
//! jobcenter covers every team of it; a role bound to a team covers that team only (the
//! store knows which team a counselor is in on a day and passes it as [`Target::teams`]).
//! One account may hold several roles. An invitation carries one role with its clusters; it is
//! valid for [`INVITATION_DAYS`] days, can be extended by an administrator while it has not
//! been used or revoked, and is used once.

use super::{Error, JobCenterCode, TeamId};

mod account;
mod email;
mod invitation;
mod session;

pub use account::{Account, CalendarAccess};
pub use email::Email;
pub use invitation::{Invitation, InvitationState};
pub use session::{SessionPolicy, SignInLimits};

#[cfg(test)]
mod tests;

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
