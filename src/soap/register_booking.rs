//! RegisterBooking: a caseworker system (KSS) registers a booking it made, so the planner
//! keeps the counselor's time occupied and shows the booking in GetBookings (contract §3 row 6).
//!
//! The booking takes the counselor's time directly, without an offer, its grid or a
//! reservation; the registering system decides the codes, the time and whether the citizen may
//! rebook or cancel. Idempotent by the registering system's BookingIdentifier: the same id again
//! returns the stored booking (8107 when it belongs to another citizen). The jobcenter is
//! authorized before anything is looked up or written.

use super::answer::Answer;
use super::fault::Fault;
use super::fields::Fields;
use super::operations::{Call, Note};
use crate::domain::{
    codes, BookingId, CaseworkerId, ChangeFlags, Channel, GroupMeetingId, Interval, JobCenterCode, Originator,
};
use crate::store::RegisterRequest;
use crate::xml::Element;

/// STAR's OrganisationTypeIdentifier for a jobcenter (contract §3).
const JOBCENTER_ORGANISATION_TYPE: i32 = 8;

/// The request fields, in the XSD's order.
const FIELDS: [&str; 16] = [
    "BookingIdentifier",
    "PersonCivilRegistrationIdentifier",
    "JobCenterCode",
    "CaseWorkerIdentifier",
    "InterviewTypeIdentifier",
    "InterviewFormTypeIdentifier",
    "InterviewContactTypeIdentifier",
    "StartTime",
    "EndTime",
    "ReBookingPossible",
    "ReBookingDeadline",
    "CancellationPossible",
    "CancellationDeadline",
    "CompulsoryAttendance",
    "GroupMeetingIdentifier",
    "DigitalMeetingLink",
];

/// Request: the fields of [`FIELDS`]. Response: RegisterBookingResponse with BookingDetails.
pub fn handle(call: &Call, request: &Element, note: &mut Note) -> Result<Answer, Fault> {
    let fields = Fields::new(request, &FIELDS)?;
    let id = fields.parsed("BookingIdentifier", BookingId::parse)?;
    let cpr = fields.cpr("PersonCivilRegistrationIdentifier")?;
    let jobcenter = fields.parsed("JobCenterCode", JobCenterCode::parse)?;
    let caseworker = fields.parsed("CaseWorkerIdentifier", CaseworkerId::parse)?;
    let interview_type = fields.int("InterviewTypeIdentifier")?;
    let form_type = fields.int("InterviewFormTypeIdentifier")?;
    let contact_type = fields.int("InterviewContactTypeIdentifier")?;
    let start = fields.datetime("StartTime")?;
    let end = fields.datetime("EndTime")?;
    let changes = ChangeFlags {
        rebook_possible: fields.bool("ReBookingPossible")?,
        rebook_deadline: fields.opt_datetime("ReBookingDeadline")?,
        cancel_possible: fields.bool("CancellationPossible")?,
        cancel_deadline: fields.opt_datetime("CancellationDeadline")?,
    };
    let compulsory = fields.bool("CompulsoryAttendance")?;
    let group_meeting = fields.opt_parsed("GroupMeetingIdentifier", GroupMeetingId::parse)?;
    let digital_link = fields.opt_string("DigitalMeetingLink", 2000)?;
    note.detail = Some(format!("booking={id}"));
    call.authorize(&jobcenter, note)?;
    let domain_fault = |e: crate::domain::Error| Fault::from_domain(&e);
    codes::check_interview_type(interview_type).map_err(domain_fault)?;
    codes::check_form_type(form_type).map_err(domain_fault)?;
    codes::check_contact_type(contact_type).map_err(domain_fault)?;
    let interval = Interval::new(start, end).map_err(domain_fault)?;
    let originator =
        Originator { code: organisation_code(&jobcenter)?, type_id: JOBCENTER_ORGANISATION_TYPE };
    let registration = RegisterRequest {
        id,
        cpr,
        jobcenter,
        caseworker,
        interview_type,
        form_type,
        contact_type,
        interval,
        changes,
        compulsory,
        group_meeting: group_meeting.map(|g| g.as_str().to_owned()),
        digital_link,
        channel: Channel::CaseworkerSystem,
        originator,
        registered_by: call.caller.identity.clone(),
    };
    let booking = call.store.register_booking(&registration, call.now).map_err(|e| call.fault(&e))?;
    call.booking_response("RegisterBookingResponse", &booking, true, |_| {})
}

/// The jobcenter code as STAR's OrganisationCode (an `xs:int`: `00101` is 101).
fn organisation_code(jobcenter: &JobCenterCode) -> Result<i64, Fault> {
    jobcenter.as_str().parse().map_err(|_| Fault::invalid("'JobCenterCode' must be five digits"))
}
