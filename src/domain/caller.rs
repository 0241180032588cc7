//! Callers: who may call which operations for which jobcenters (contract §4).
//!
//! A caller is identified by its client certificate (the RID in the subject's serialNumber, or
//! another configured attribute) and registered with a role and the jobcenters it acts for.

use super::{Error, JobCenterCode};

/// What a registered caller is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// DFDG, calling for Jobnet: the self-booking operations and error reports.
    Dfdg,
    /// A municipal caseworker system (KSS): registers bookings and reads citizens' bookings.
    CaseworkerSystem,
    /// Operators: everything.
    Admin,
    /// A municipality's calendar connector (Exchange/Outlook sync): only ExternalCalendarService,
    /// only for counselors of its jobcenters. Pushing private appointments is a narrower right
    /// than booking citizens, so it is a role of its own rather than `admin`.
    CalendarConnector,
    /// An occupational-health or case system such as the Xpert Suite: reports absences (SIVI)
    /// and appointment status changes through `/adapters/...`; no SOAP operation.
    CaseSystem,
}

impl Role {
    /// The stored and configured name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Dfdg => "dfdg",
            Role::CaseworkerSystem => "caseworker-system",
            Role::Admin => "admin",
            Role::CalendarConnector => "calendar-connector",
            Role::CaseSystem => "case-system",
        }
    }

    /// Parses the stored and configured name.
    pub fn parse(text: &str) -> Result<Self, Error> {
        match text {
            "dfdg" => Ok(Role::Dfdg),
            "caseworker-system" => Ok(Role::CaseworkerSystem),
            "admin" => Ok(Role::Admin),
            "calendar-connector" => Ok(Role::CalendarConnector),
            "case-system" => Ok(Role::CaseSystem),
            _ => Err(Error::InvalidText { field: "role", max: 18 }),
        }
    }
}

/// Groups of operations with the same permission rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Offers, caseworkers, free times, reserve, book, rebook, cancel, error reports (DFDG).
    SelfService,
    /// Reading a citizen's bookings (DFDG and caseworker systems).
    ReadBookings,
    /// Registering bookings made elsewhere (caseworker systems).
    RegisterBookings,
    /// Cancelling: DFDG for the citizen, a caseworker system for the bookings it registered.
    Cancel,
    /// ExternalCalendarService: pushing counselors' busy time, reading their bookings.
    CalendarSync,
}

/// A registered caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The certificate identity (e.g. `CVR:12345678-FID:1234` or `CVR:...-UUID:...`).
    pub identity: String,
    /// What it is.
    pub role: Role,
    /// The jobcenters it may act for.
    pub jobcenters: Vec<JobCenterCode>,
    /// Disabled callers are refused like unknown ones.
    pub enabled: bool,
}

impl Caller {
    /// May this caller use operations of this kind at all?
    pub fn may(&self, permission: Permission) -> bool {
        if !self.enabled {
            return false;
        }
        match (self.role, permission) {
            (Role::Admin, _) => true,
            (Role::CalendarConnector, permission) => permission == Permission::CalendarSync,
            (_, Permission::CalendarSync) => false,
            (Role::Dfdg, Permission::RegisterBookings) => false,
            (Role::Dfdg, _) => true,
            (Role::CaseworkerSystem, Permission::SelfService) => false,
            (Role::CaseworkerSystem, _) => true,
            (Role::CaseSystem, _) => false,
        }
    }

    /// May this caller act for this jobcenter?
    pub fn acts_for(&self, jobcenter: &JobCenterCode) -> bool {
        self.enabled && self.jobcenters.contains(jobcenter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_table() {
        let caller = |role| Caller {
            identity: "CVR:12345678-FID:1".into(),
            role,
            jobcenters: vec![JobCenterCode::parse("00101").unwrap()],
            enabled: true,
        };
        use Permission::*;
        let cases = [
            (Role::Dfdg, SelfService, true),
            (Role::Dfdg, ReadBookings, true),
            (Role::Dfdg, RegisterBookings, false),
            (Role::Dfdg, Cancel, true),
            (Role::CaseworkerSystem, SelfService, false),
            (Role::CaseworkerSystem, ReadBookings, true),
            (Role::CaseworkerSystem, RegisterBookings, true),
            (Role::CaseworkerSystem, Cancel, true),
            (Role::Admin, SelfService, true),
            (Role::Admin, RegisterBookings, true),
            (Role::Admin, CalendarSync, true),
            (Role::Dfdg, CalendarSync, false),
            (Role::CaseworkerSystem, CalendarSync, false),
            (Role::CalendarConnector, CalendarSync, true),
            (Role::CalendarConnector, SelfService, false),
            (Role::CalendarConnector, ReadBookings, false),
            (Role::CalendarConnector, Cancel, false),
            (Role::CaseSystem, SelfService, false),
            (Role::CaseSystem, ReadBookings, false),
            (Role::CaseSystem, Cancel, false),
        ];
        for (role, permission, expected) in cases {
            assert_eq!(caller(role).may(permission), expected, "{role:?} {permission:?}");
        }
        let mut disabled = caller(Role::Admin);
        disabled.enabled = false;
        assert!(!disabled.may(SelfService));
        assert!(!disabled.acts_for(&JobCenterCode::parse("00101").unwrap()));
        assert!(!caller(Role::Dfdg).acts_for(&JobCenterCode::parse("00147").unwrap()));
        assert_eq!(Role::parse("caseworker-system"), Ok(Role::CaseworkerSystem));
        assert!(Role::parse("root").is_err());
        assert_eq!(Role::parse("calendar-connector"), Ok(Role::CalendarConnector));
    }
}
