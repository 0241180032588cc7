//! GetResources: the counselors a connector may sync (those of its jobcenters, or of the
//! ActiveOrganisationHeader's), identified by e-mail, with their weekly working hours.
//!
//! Request: JobCenterCode? (narrows to one jobcenter). Response: `ResourceCollection` /
//! `Resource` (ResourceEmail, CaseWorkerIdentifier, GivenName, Surname, JobCenterCode, Active,
//! `WorkingHours` / `Period` (Weekday 1-7 from Monday, StartTime, EndTime as local xs:time)).

use super::service::scope;
use super::NAMESPACE;
use chrono::Weekday::{Fri, Mon, Sat, Sun, Thu, Tue, Wed};

use crate::domain::JobCenterCode;
use crate::soap::answer::Answer;
use crate::soap::fault::Fault;
use crate::soap::fields::Fields;
use crate::soap::operations::{Call, Note};
use crate::xml::{Element, XmlOut};

/// GetResources.
pub fn handle(call: &Call, request: &Element, note: &mut Note) -> Result<Answer, Fault> {
    let fields = Fields::new_in(NAMESPACE, request, &["JobCenterCode"])?;
    let wanted = fields.opt_parsed("JobCenterCode", JobCenterCode::parse)?;
    let jobcenters = match wanted {
        Some(jobcenter) => {
            call.authorize(&jobcenter, note)?;
            vec![jobcenter]
        }
        None => scope(call),
    };
    note.jobcenter = Some(jobcenters.iter().map(|j| j.as_str()).collect::<Vec<_>>().join(","));
    let mut out = XmlOut::default();
    out.open("GetResourcesResponse", &[("xmlns", NAMESPACE)]);
    out.open("ResourceCollection", &[]);
    for jobcenter in &jobcenters {
        let counselors = call.store.counselors_of_jobcenter(jobcenter).map_err(|e| call.fault(&e))?;
        for counselor in counselors {
            let hours = call.store.working_hours(&counselor.id).map_err(|e| call.fault(&e))?;
            out.open("Resource", &[]);
            out.leaf("ResourceEmail", &counselor.email);
            out.leaf("CaseWorkerIdentifier", counselor.caseworker.as_str());
            out.leaf("GivenName", &counselor.given_name);
            out.leaf("Surname", &counselor.surname);
            out.leaf("JobCenterCode", counselor.jobcenter.as_str());
            out.leaf("Active", if counselor.active { "true" } else { "false" });
            out.open("WorkingHours", &[]);
            let days = [Mon, Tue, Wed, Thu, Fri, Sat, Sun];
            for (weekday, period) in days.iter().flat_map(|d| hours.periods(*d).iter().map(move |p| (d, p))) {
                out.open("Period", &[]);
                out.leaf("Weekday", &weekday.number_from_monday().to_string());
                out.leaf("StartTime", &period.start().format("%H:%M:%S").to_string());
                out.leaf("EndTime", &period.end().format("%H:%M:%S").to_string());
                out.close("Period");
            }
            out.close("WorkingHours");
            out.close("Resource");
        }
    }
    out.close("ResourceCollection");
    out.close("GetResourcesResponse");
    Ok(out.into())
}
