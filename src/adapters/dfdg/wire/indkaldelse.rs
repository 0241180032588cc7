//! IndkaldelseService (docs/contract/adapters.md §8): the Indkaldelse payload, written for
//! Create/UpdateIndkaldelse and read from WSRM queue messages, and the three operations' requests
//! and responses.

use chrono::{DateTime, Utc};

use super::duration::meeting_length;
use super::{
    bool_text, envelope, opt_text, parse_bool, text, Headers, SoapRequest, INDKALDELSE_NS, INDKALDELSE_PATH,
};
use crate::domain::{
    Booking, BookingId, CaseworkerId, ChangeFlags, Channel, Cpr, Interval, JobCenterCode, Originator,
};
use crate::store::RegisterRequest;
use crate::xml::{format_datetime, parse_datetime};
use crate::xml::{Element, XmlOut};

/// RequestUserMetadata and ActiveOrganisationHeader of the summoner a registration acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummonerMetadata {
    /// OrganisationCode of the summoning authority.
    pub organisation_code: i64,
    /// OrganisationTypeIdentifier of the summoning authority.
    pub organisation_type: i32,
    /// UserIdentifier: the summoner's RID or system identity (never a CPR: SelfBooked is false).
    pub user_identifier: String,
    /// UserFullName.
    pub user_name: String,
    /// RequestUserTypeIdentifier (1 citizen, 2 employee, 3 system; ours is 2 or 3).
    pub user_type: i32,
    /// RegistrationDateTime.
    pub registered_at: String,
}

/// Which IndkaldelseService operation a request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndkaldelseCall {
    /// CreateIndkaldelse.
    Create,
    /// UpdateIndkaldelse.
    Update,
    /// DeleteIndkaldelse.
    Delete,
}

impl IndkaldelseCall {
    /// The operation name.
    pub fn operation(self) -> &'static str {
        match self {
            IndkaldelseCall::Create => "CreateIndkaldelse",
            IndkaldelseCall::Update => "UpdateIndkaldelse",
            IndkaldelseCall::Delete => "DeleteIndkaldelse",
        }
    }

    fn action(self) -> String {
        format!("{INDKALDELSE_NS}/{}", self.operation())
    }
}

/// EjersystemTypeCodeList: the planner (only it may change what it registered).
const KILDESYSTEM_PLANNER: &str = "Planner";

/// Writes an `Indkaldelse` for a booking the planner made (summons).
fn write_indkaldelse(out: &mut XmlOut, booking: &Booking) {
    let minutes = (booking.interval.end() - booking.interval.start()).num_minutes().to_string();
    out.open("Indkaldelse", &[]);
    out.leaf("IndkaldelseId", booking.id.as_str());
    out.leaf("JobCenterCode", booking.jobcenter.as_str());
    out.leaf("KildesystemType", KILDESYSTEM_PLANNER);
    out.leaf("SamtaleType", &booking.interview_type.to_string());
    out.leaf("MoedeGruppeType", &booking.form_type.to_string());
    out.leaf("KontaktformType", &booking.contact_type.to_string());
    out.leaf("Starttidspunkt", &format_datetime(booking.interval.start()));
    out.leaf("Sluttidspunkt", &format_datetime(booking.interval.end()));
    out.leaf("Varighed", &minutes);
    out.leaf("OmbookingMulig", bool_text(booking.changes.rebook_possible));
    out.opt_leaf("OmbookingFrist", booking.changes.rebook_deadline.map(format_datetime).as_deref());
    out.leaf("AflysningMulig", bool_text(booking.changes.cancel_possible));
    out.opt_leaf("Aflysningsfrist", booking.changes.cancel_deadline.map(format_datetime).as_deref());
    out.leaf("Selvbooket", bool_text(booking.self_booked));
    out.leaf("ObligatoriskFremmoede", bool_text(booking.compulsory));
    out.opt_leaf("MoedeGruppeId", booking.group_meeting.as_deref());
    out.opt_leaf("DigitaltMoedelink", booking.digital_link.as_deref());
    out.close("Indkaldelse");
}

/// CreateIndkaldelse or UpdateIndkaldelse of a summons booking, the CPR in a header.
pub fn upsert_request(
    call: IndkaldelseCall,
    booking: &Booking,
    cpr: &Cpr,
    summoner: &SummonerMetadata,
) -> SoapRequest {
    let mut out = XmlOut::default();
    let element = format!("{}Request", call.operation());
    out.open(&element, &[("xmlns", INDKALDELSE_NS)]);
    write_indkaldelse(&mut out, booking);
    out.close(&element);
    let headers = Headers { summoner: Some(summoner), cpr: Some(cpr.expose_for_admin()) };
    SoapRequest {
        target: INDKALDELSE_PATH.into(),
        action: call.action(),
        body: envelope(&headers, &out.into_string()),
    }
}

/// DeleteIndkaldelse of a summons booking DFDG knows by `dfdg_id`.
pub fn delete_request(dfdg_id: &str, cpr: &Cpr, summoner: &SummonerMetadata) -> SoapRequest {
    let mut out = XmlOut::default();
    out.open("DeleteIndkaldelseRequest", &[("xmlns", INDKALDELSE_NS)]);
    out.leaf("IndkaldelseId", dfdg_id);
    out.close("DeleteIndkaldelseRequest");
    let headers = Headers { summoner: Some(summoner), cpr: Some(cpr.expose_for_admin()) };
    SoapRequest {
        target: INDKALDELSE_PATH.into(),
        action: IndkaldelseCall::Delete.action(),
        body: envelope(&headers, &out.into_string()),
    }
}

/// Reads `<Op>Response`; returns the IndkaldelseId DFDG holds (absent for Delete).
pub fn indkaldelse_response(call: IndkaldelseCall, body: &Element) -> Result<Option<String>, String> {
    let expected = format!("{}Response", call.operation());
    if !body.is(INDKALDELSE_NS, &expected) {
        return Err(format!("DFDG answered {} where {expected} was expected", body.name));
    }
    Ok(opt_text(body, INDKALDELSE_NS, "IndkaldelseId").map(str::to_owned))
}

/// Who registered a queued booking, from the message's metadata.
#[derive(Debug, Clone)]
pub(crate) struct Registrant {
    /// RegisteringAuthority.
    pub originator: Originator,
    /// ClientSystemIdentifier (the registering system, e.g. a KSS).
    pub system: String,
}

fn time(element: &Element, name: &str) -> Result<DateTime<Utc>, String> {
    parse_datetime(text(element, INDKALDELSE_NS, name)?)
        .ok_or_else(|| format!("{name} is not an xs:dateTime"))
}

fn opt_time(element: &Element, name: &str) -> Result<Option<DateTime<Utc>>, String> {
    opt_text(element, INDKALDELSE_NS, name)
        .map(|t| parse_datetime(t).ok_or_else(|| format!("{name} is not an xs:dateTime")))
        .transpose()
}

fn int(element: &Element, name: &str) -> Result<i32, String> {
    text(element, INDKALDELSE_NS, name)?.parse().map_err(|_| format!("{name} must be an integer"))
}

/// Starttidspunkt to Sluttidspunkt, or (without Sluttidspunkt) Starttidspunkt plus Varighed.
/// Sluttidspunkt wins when both are given; one of them is required (the XSD's choice).
fn read_interval(element: &Element) -> Result<Interval, String> {
    let start = time(element, "Starttidspunkt")?;
    if let Some(end) = opt_time(element, "Sluttidspunkt")? {
        return Interval::new(start, end)
            .map_err(|_| "Sluttidspunkt must be after Starttidspunkt".to_owned());
    }
    let varighed = opt_text(element, INDKALDELSE_NS, "Varighed")
        .ok_or_else(|| "Sluttidspunkt or Varighed is missing in Indkaldelse".to_owned())?;
    let end = start
        .checked_add_signed(meeting_length(varighed)?)
        .ok_or_else(|| "Starttidspunkt plus Varighed is past the end of time".to_owned())?;
    Interval::new(start, end).map_err(|_| "Varighed must be longer than zero".to_owned())
}

/// The IndkaldelseId of a queued `Indkaldelse`.
pub(crate) fn read_id(element: &Element) -> Result<BookingId, String> {
    BookingId::parse(text(element, INDKALDELSE_NS, "IndkaldelseId")?)
        .map_err(|_| "IndkaldelseId must be a guid".to_owned())
}

/// A queued `Indkaldelse` as a caseworker-system booking. Errors name the field, never a value.
pub(crate) fn read_booking(element: &Element, registrant: &Registrant) -> Result<RegisterRequest, String> {
    let cpr = Cpr::parse(super::exact_text(element, INDKALDELSE_NS, "PersonCivilRegistrationIdentifier")?)
        .map_err(|_| "PersonCivilRegistrationIdentifier is not a CPR number".to_owned())?;
    let interval = read_interval(element)?;
    let optional_flag =
        |name| opt_text(element, INDKALDELSE_NS, name).map(|t| parse_bool(t, name)).transpose();
    Ok(RegisterRequest {
        id: read_id(element)?,
        cpr,
        jobcenter: JobCenterCode::parse(text(element, INDKALDELSE_NS, "JobCenterCode")?)
            .map_err(|_| "JobCenterCode must be 5 digits".to_owned())?,
        caseworker: CaseworkerId::parse(text(element, INDKALDELSE_NS, "CaseWorkerIdentifier")?)
            .map_err(|_| "CaseWorkerIdentifier is not a caseworker identifier".to_owned())?,
        interview_type: int(element, "SamtaleType")?,
        form_type: int(element, "MoedeGruppeType")?,
        contact_type: int(element, "KontaktformType")?,
        interval,
        // Contract §4: not rebookable or cancellable by the citizen unless the message says so.
        changes: ChangeFlags {
            rebook_possible: optional_flag("OmbookingMulig")?.unwrap_or(false),
            rebook_deadline: opt_time(element, "OmbookingFrist")?,
            cancel_possible: optional_flag("AflysningMulig")?.unwrap_or(false),
            cancel_deadline: opt_time(element, "Aflysningsfrist")?,
        },
        compulsory: optional_flag("ObligatoriskFremmoede")?.unwrap_or(true),
        group_meeting: opt_text(element, INDKALDELSE_NS, "MoedeGruppeId").map(str::to_owned),
        digital_link: opt_text(element, INDKALDELSE_NS, "DigitaltMoedelink").map(str::to_owned),
        channel: Channel::CaseworkerSystem,
        originator: registrant.originator,
        registered_by: format!("dfdg:{}", registrant.system),
    })
}
