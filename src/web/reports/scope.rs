//! What a report covers: a whole jobcenter or one team of it, and which of those a person may
//! read. Binding is seeing, as for calendars: a role that reads reports (administrator,
//! summoner, reader) bound to a jobcenter reads the jobcenter and each of its teams; bound to
//! a team, that team only. Anything else is not offered, and asking for it answers as for
//! something that does not exist.

use crate::domain::people::{Account, Capability, Target};
use crate::domain::team::Team;
use crate::domain::JobCenterCode;
use crate::store::{Error, Store};
use crate::web::lang::{fill, t};

/// What a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// A whole jobcenter.
    Jobcenter(JobCenterCode),
    /// One team.
    Team(Team),
}

impl Scope {
    /// The jobcenter it lies in.
    pub fn jobcenter(&self) -> &JobCenterCode {
        match self {
            Scope::Jobcenter(code) => code,
            Scope::Team(team) => &team.jobcenter,
        }
    }

    /// Its value in the form and the address (`jobcenter:<code>` or `team:<id>`).
    pub fn value(&self) -> String {
        match self {
            Scope::Jobcenter(code) => format!("jobcenter:{code}"),
            Scope::Team(team) => format!("team:{}", team.id.as_str()),
        }
    }

    /// The audit detail naming it (ids only).
    pub fn detail(&self) -> String {
        match self {
            Scope::Jobcenter(code) => format!("jobcenter.code={code}"),
            Scope::Team(team) => format!("team.id={}", team.id.as_str()),
        }
    }
}

/// A scope a person may choose, with what names it on screens.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The scope.
    pub scope: Scope,
    /// The name of its jobcenter, when the store has one.
    pub jobcenter_name: Option<String>,
}

impl Choice {
    /// Its name on screens, in the request's language (so made where the page is, not on the
    /// blocking pool): "Jobcenter København (hele jobcentret)", "Team A (Jobcenter København)".
    pub fn name(&self) -> String {
        let code = self.scope.jobcenter().as_str();
        let jobcenter = self.jobcenter_name.clone().unwrap_or_else(|| fill(t("Jobcenter {}"), [code]));
        match &self.scope {
            Scope::Jobcenter(_) => fill(t("{} (hele jobcentret)"), [jobcenter]),
            Scope::Team(team) => format!("{} ({jobcenter})", team.name),
        }
    }
}

/// True when `account` reads reports somewhere.
pub fn reads_reports(account: &Account) -> bool {
    !account.jobcenters_for(Capability::ReadReports).is_empty()
}

/// The scopes `account` may read reports of, jobcenter by jobcenter, each jobcenter before its
/// teams (by name).
pub fn choices(store: &Store, account: &Account) -> Result<Vec<Choice>, Error> {
    let names = store.jobcenters()?;
    let mut found = Vec::new();
    for code in account.jobcenters_for(Capability::ReadReports) {
        let jobcenter_name = names.iter().find(|(known, _)| known == &code).map(|(_, name)| name.clone());
        let whole = account.may(Capability::ReadReports, &Target::jobcenter(code.clone()));
        if whole {
            let (scope, jobcenter_name) = (Scope::Jobcenter(code.clone()), jobcenter_name.clone());
            found.push(Choice { scope, jobcenter_name });
        }
        for (team, _) in store.teams().of_jobcenter(&code)? {
            let target = Target { jobcenter: code.clone(), teams: vec![team.id.clone()] };
            if whole || account.may(Capability::ReadReports, &target) {
                found.push(Choice { scope: Scope::Team(team), jobcenter_name: jobcenter_name.clone() });
            }
        }
    }
    Ok(found)
}
