//! A personal account: the roles it holds and what they let it do, on calendars too.

use chrono::{DateTime, Utc};

use super::*;
use crate::domain::{Action, Booking, JobCenterCode};

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

    /// True when some role of the account is bound to `jobcenter` or to one of its teams: the
    /// person works there, so its calendars are not hidden from them, only perhaps refused.
    pub fn works_in(&self, jobcenter: &JobCenterCode) -> bool {
        !self.disabled
            && self.grants.iter().any(|grant| grant.clusters.iter().any(|c| c.jobcenter() == jobcenter))
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
