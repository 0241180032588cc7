//! GetSelfbookCaseWorkers: the counselors a citizen can book an offer with.

use super::answer::Answer;
use super::fault::Fault;
use super::fields::Fields;
use super::operations::{Call, Note};
use super::wire;
use super::NAMESPACE;
use crate::domain::OfferId;
use crate::xml::{Element, XmlOut};

/// Request: PersonCivilRegistrationIdentifier, InterviewOptionIdentifier.
/// Response: CaseWorkerCollection of Supervisor.
pub fn handle(call: &Call, request: &Element, note: &mut Note) -> Result<Answer, Fault> {
    let fields = Fields::new(request, &["PersonCivilRegistrationIdentifier", "InterviewOptionIdentifier"])?;
    fields.cpr("PersonCivilRegistrationIdentifier")?;
    let offer_id = fields.parsed("InterviewOptionIdentifier", OfferId::parse)?;
    note.detail = Some(format!("offer={offer_id}"));
    let offer = call.store.offer(&offer_id).map_err(|e| call.fault(&e))?;
    call.authorize(&offer.jobcenter, note)?;
    let counselors = if offer.active {
        call.store.counselors_of_offer(&offer.id).map_err(|e| call.fault(&e))?
    } else {
        Vec::new()
    };
    let mut out = XmlOut::default();
    out.open("GetSelfbookCaseWorkersResponse", &[("xmlns", NAMESPACE)]);
    out.open("CaseWorkerCollection", &[]);
    for counselor in &counselors {
        wire::supervisor(&mut out, counselor);
    }
    out.close("CaseWorkerCollection");
    out.close("GetSelfbookCaseWorkersResponse");
    Ok(out.into())
}
