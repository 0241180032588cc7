//! CreateFejlmelding: DFDG reports an error it found in our answers (contract §3 #7, 2022 draft).
//!
//! The report is stored (`Store::record_error_report`), logged as a warning with its code and
//! ids and counted by FejlOphav in `/metrics`, because an error report means a citizen may have
//! seen a broken answer and operators must notice; they list the reports with
//! `GET /admin/v1/dfdg/fejlmeldinger` or `planner dfdg fejlmeldinger`. An offer or booking named in the report must exist and belong to one of the caller's
//! jobcenters, so a caller cannot probe other jobcenters' ids. Fejltekst is free text that may
//! hold personal data: it is stored, never logged.

use super::answer::Answer;
use super::fault::Fault;
use super::fields::Fields;
use super::operations::{Call, Note};
use super::NAMESPACE;
use crate::domain::{BookingId, OfferId};
use crate::store::ErrorReport;
use crate::xml::{Element, XmlOut};

/// FejlOphav values STAR allows: 30 DFDG, 32 Jobnet.
const ORIGINS: [i32; 2] = [30, 32];

/// Fejltekst's maximum length in characters.
const MAX_TEXT: usize = 500;

/// Request: InterviewOptionIdentifier?, BookingIdentifier?, Fejlkode, Fejltekst?, FejlOphav,
/// FejlTidspunkt. Response: an empty CreateFejlmeldingResponse.
pub fn handle(call: &Call, request: &Element, note: &mut Note) -> Result<Answer, Fault> {
    let fields = Fields::new(
        request,
        &[
            "InterviewOptionIdentifier",
            "BookingIdentifier",
            "Fejlkode",
            "Fejltekst",
            "FejlOphav",
            "FejlTidspunkt",
        ],
    )?;
    let offer_id = fields.opt_parsed("InterviewOptionIdentifier", OfferId::parse)?;
    let booking_id = fields.opt_parsed("BookingIdentifier", BookingId::parse)?;
    let code = fields.int("Fejlkode")?;
    let text = fields.opt_string("Fejltekst", MAX_TEXT)?;
    let origin = fields.int("FejlOphav")?;
    if !ORIGINS.contains(&origin) {
        return Err(Fault::invalid("'FejlOphav' must be 30 (DFDG) or 32 (Jobnet)"));
    }
    let reported_at = fields.datetime("FejlTidspunkt")?;
    let ids = [
        offer_id.as_ref().map(|id| format!("offer={id}")),
        booking_id.as_ref().map(|id| format!("booking={id}")),
    ];
    let ids = ids.into_iter().flatten().collect::<Vec<_>>().join(" ");
    note.detail = Some(format!("fejlkode={code} {ids}").trim_end().to_owned());
    if let Some(id) = &offer_id {
        let offer = call.store.offer(id).map_err(|e| call.fault(&e))?;
        call.authorize(&offer.jobcenter, note)?;
    }
    if let Some(id) = &booking_id {
        let booking = call.store.booking(id, None).map_err(|e| call.fault(&e))?;
        call.authorize(&booking.jobcenter, note)?;
    }
    let report = ErrorReport { offer: offer_id, booking: booking_id, code, text, origin, reported_at };
    let report_id = call
        .store
        .record_error_report(&call.caller.identity, &report, call.now)
        .map_err(|e| call.fault(&e))?;
    note.error_report_origin = Some(origin);
    log::warn!(
        "fejlmelding received: fejlmelding.code={code} fejlmelding.origin={origin} offer.id={} booking.id={} fejlmelding.id={report_id} caller={} correlation_id={}",
        report.offer.as_ref().map_or("-", OfferId::as_str),
        report.booking.as_ref().map_or("-", BookingId::as_str),
        call.caller.identity,
        call.correlation_id
    );
    let mut out = XmlOut::default();
    out.empty("CreateFejlmeldingResponse", &[("xmlns", NAMESPACE)]);
    Ok(out.into())
}
