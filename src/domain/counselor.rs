//! Counselors (sagsbehandlere/jobkonsulenter): the people whose calendars hold the bookings.

use super::{CaseworkerId, CounselorId, Error, JobCenterCode};

/// A counselor as DFDG sees it (Supervisor) plus what the planner keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counselor {
    /// Internal identifier.
    pub id: CounselorId,
    /// CaseWorkerIdentifier (RID), unique.
    pub caseworker: CaseworkerId,
    /// CaseWorkerGivenName, 1-50.
    pub given_name: String,
    /// CaseWorkerMiddleName, 1-40.
    pub middle_name: Option<String>,
    /// CaseWorkerSurname, 1-40.
    pub surname: String,
    /// E-mail address: identifies the counselor as a calendar resource.
    pub email: String,
    /// The jobcenter the counselor works for.
    pub jobcenter: JobCenterCode,
    /// Inactive counselors get no new bookings.
    pub active: bool,
}

fn check_text(value: &str, field: &'static str, max: usize) -> Result<(), Error> {
    let n = value.chars().count();
    if n == 0 || n > max || value.trim() != value {
        return Err(Error::InvalidText { field, max });
    }
    Ok(())
}

impl Counselor {
    /// Checks the name lengths of STAR's CaseWorkerStructureType and a plausible e-mail address.
    pub fn validate(&self) -> Result<(), Error> {
        check_text(&self.given_name, "given_name", 50)?;
        if let Some(middle) = &self.middle_name {
            check_text(middle, "middle_name", 40)?;
        }
        check_text(&self.surname, "surname", 40)?;
        check_text(&self.email, "email", 254)?;
        let at = self.email.find('@').unwrap_or(0);
        if at == 0 || at + 1 >= self.email.len() || self.email.contains(char::is_whitespace) {
            return Err(Error::InvalidText { field: "email", max: 254 });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counselor(given: &str, email: &str) -> Counselor {
        Counselor {
            id: CounselorId::parse("0f8fad5b-d9cb-469f-a165-70867728950e").unwrap(),
            caseworker: CaseworkerId::parse("CVR:29189846-UUID:1").unwrap(),
            given_name: given.into(),
            middle_name: None,
            surname: "Jensen".into(),
            email: email.into(),
            jobcenter: JobCenterCode::parse("00101").unwrap(),
            active: true,
        }
    }

    #[test]
    fn validation_table() {
        assert!(counselor("Anne", "anne@kk.dk").validate().is_ok());
        assert!(counselor("", "anne@kk.dk").validate().is_err());
        assert!(counselor(&"a".repeat(51), "anne@kk.dk").validate().is_err());
        assert!(counselor("Anne", "anne").validate().is_err());
        assert!(counselor("Anne", "@kk.dk").validate().is_err());
        assert!(counselor("Anne", "anne@").validate().is_err());
    }
}
