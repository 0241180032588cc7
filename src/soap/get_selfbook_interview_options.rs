//! GetSelfbookInterviewOptions: the offers a citizen may book now (contract §3 #1, §4 eligibility).
//!
//! An offer is listed when it matches the citizen's jobcenter, contact group, category and
//! person-group markers, is active, has at least one free time inside its window, and the citizen
//! does not already hold a future booking of it (one future booking per offer). FirstTimeslot
//! and LastTimeslot are the earliest and latest free starts found. Nothing fitting is an empty
//! InterviewOptionCollection, not a fault.
//!
//! BookingCollection (the citizen's bookings as DFDG knows them) is accepted and ignored: the
//! planner keeps its own bookings and trusts those. The deprecated HasExternalOperatorReferral
//! and AbsenceCollection are accepted and ignored as well. This module never changes anything.

use std::collections::HashSet;

use super::answer::Answer;
use super::fault::Fault;
use super::fields::Fields;
use super::operations::{Call, Note};
use super::wire;
use super::NAMESPACE;
use crate::domain::availability::FreeTime;
use crate::domain::{CitizenProfile, Cpr, JobCenterCode, Offer, OfferId};
use crate::xml::format_datetime;
use crate::xml::{Element, XmlOut};

const CATEGORY: &str = "PersonCategory";
const MARKERS: &str = "PersonGroupProjectIdentifierCollection";
const MARKER: &str = "PersonGroupProjectIdentifier";

/// Request: PersonCivilRegistrationIdentifier, JobCenterCode, ContactGroupTypeIdentifier,
/// PersonCategory?, PersonGroupProjectIdentifierCollection?, BookingCollection? (ignored),
/// HasExternalOperatorReferral? and AbsenceCollection? (deprecated, ignored).
/// Response: InterviewOptionCollection of InterviewOption (empty when nothing fits).
pub fn handle(call: &Call, request: &Element, note: &mut Note) -> Result<Answer, Fault> {
    let fields = Fields::new(
        request,
        &[
            "PersonCivilRegistrationIdentifier",
            "JobCenterCode",
            "ContactGroupTypeIdentifier",
            CATEGORY,
            MARKERS,
            "BookingCollection",
            "HasExternalOperatorReferral",
            "AbsenceCollection",
        ],
    )?;
    let cpr = fields.cpr("PersonCivilRegistrationIdentifier")?;
    let jobcenter = fields.parsed("JobCenterCode", JobCenterCode::parse)?;
    let contact_group = fields.int("ContactGroupTypeIdentifier")?;
    let category = match fields.opt_element(CATEGORY)? {
        Some(element) => read_category(element)?,
        None => None,
    };
    let person_groups = match fields.opt_element(MARKERS)? {
        Some(element) => read_markers(element)?,
        None => Vec::new(),
    };
    if fields.opt_text("HasExternalOperatorReferral")?.is_some() {
        // Deprecated and ignored, but still an xs:boolean when sent.
        fields.bool("HasExternalOperatorReferral")?;
    }
    call.authorize(&jobcenter, note)?;
    let citizen = CitizenProfile { jobcenter, contact_group, category, person_groups };
    let held = offers_with_future_booking(call, &cpr, &citizen.jobcenter)?;
    let options: Vec<(Offer, Vec<FreeTime>)> = call
        .store
        .eligible_offers(&citizen, call.now)
        .map_err(|e| call.fault(&e))?
        .into_iter()
        .filter(|(offer, _)| !held.contains(&offer.id))
        .collect();
    let listed: Vec<&str> = options.iter().map(|(offer, _)| offer.id.as_str()).collect();
    note.detail = Some(format!("contact_group={contact_group} offers=[{}]", listed.join(",")));
    let mut out = XmlOut::default();
    out.open("GetSelfbookInterviewOptionsResponse", &[("xmlns", NAMESPACE)]);
    out.open("InterviewOptionCollection", &[]);
    for (offer, times) in &options {
        write_option(&mut out, offer, times);
    }
    out.close("InterviewOptionCollection");
    out.close("GetSelfbookInterviewOptionsResponse");
    Ok(out.into())
}

/// PersonCategory: PersonCategoryTypeIdentifier? (xs:int) and IncidentDate (xs:dateTime, required
/// by the schema and checked, but not used for eligibility).
fn read_category(element: &Element) -> Result<Option<i32>, Fault> {
    let fields = Fields::new(element, &["PersonCategoryTypeIdentifier", "IncidentDate"])?;
    let category = fields.opt_int("PersonCategoryTypeIdentifier")?;
    fields.datetime("IncidentDate")?;
    Ok(category)
}

/// PersonGroupProjectIdentifier* as lower-case GUIDs (the form offers store them in).
fn read_markers(element: &Element) -> Result<Vec<String>, Fault> {
    Fields::new(element, &[MARKER])?;
    element
        .children
        .iter()
        .map(|marker| {
            let text = marker.text.as_str();
            // STAR's guid pattern is the hyphenated 36-character form only.
            match uuid::Uuid::try_parse(text) {
                Ok(guid) if text.len() == 36 => Ok(guid.to_string()),
                _ => {
                    Err(Fault::invalid(format!("'{MARKER}' must be a GUID (8-4-4-4-12 hexadecimal digits)")))
                }
            }
        })
        .collect()
}

/// Offers of which the citizen already holds a future Booked booking (contract §4: at most one
/// future booking per offer). The unknown CPR `0000000000` stands for no one and holds none.
fn offers_with_future_booking(
    call: &Call,
    cpr: &Cpr,
    jobcenter: &JobCenterCode,
) -> Result<HashSet<OfferId>, Fault> {
    if cpr.is_unknown() {
        return Ok(HashSet::new());
    }
    let bookings = call.store.bookings_of(cpr, Some(jobcenter), None).map_err(|e| call.fault(&e))?;
    Ok(bookings.into_iter().filter(|b| b.is_future_active(call.now)).filter_map(|b| b.offer).collect())
}

/// One InterviewOption, in the schema's order.
fn write_option(out: &mut XmlOut, offer: &Offer, times: &[FreeTime]) {
    out.open("InterviewOption", &[]);
    out.leaf("InterviewOptionIdentifier", offer.id.as_str());
    out.leaf("InterviewTypeIdentifier", &offer.interview_type.to_string());
    out.leaf("InterviewFormTypeIdentifier", &offer.form.code().to_string());
    wire::contact_types(out, &offer.contact_types);
    if let Some(location) = &offer.location {
        wire::location(out, location);
    }
    out.leaf("MeetingDurationMinutes", &offer.slots.duration.num_minutes().to_string());
    out.leaf("IsCompulsory", wire::bool_text(offer.compulsory));
    // Times come sorted per counselor, so the overall first and last need a scan.
    let starts = times.iter().map(|time| time.interval.start());
    out.opt_leaf("FirstTimeslot", starts.clone().min().map(format_datetime).as_deref());
    out.opt_leaf("LastTimeslot", starts.max().map(format_datetime).as_deref());
    out.close("InterviewOption");
}
