//! The offers' wire types: the body staff write, the answer, and their mapping to domain
//! offers (durations in minutes, fields named in every problem).

use chrono::Duration;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::admin::hours::instant;
use crate::domain::{
    ChangeRules, CounselorId, Eligibility, InterviewForm, JobCenterCode, Location, Offer, OfferId, SlotRules,
};
use crate::edge::Problem;

/// Where an offer takes place.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationBody {
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// Street name.
    pub street_name: String,
    /// House number.
    pub building: String,
    /// Floor.
    #[serde(default)]
    pub floor: Option<String>,
    /// Door.
    #[serde(default)]
    pub suite: Option<String>,
    /// Four-digit post code.
    pub post_code: String,
    /// Town.
    pub district: String,
}

/// An offer as written by the client (create and replace) and as answered (with id and active).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferBody {
    /// Jobcenter code; cannot change on replace.
    pub jobcenter: String,
    /// Short name, 1-100.
    pub name: String,
    /// InterviewTypeIdentifier.
    pub interview_type: i32,
    /// `individual` or `group`.
    pub form: String,
    /// Seats of a group offer.
    #[serde(default)]
    pub seats: Option<u32>,
    /// Allowed contact types, at least one.
    pub contact_types: Vec<i32>,
    /// Where, if physical.
    #[serde(default)]
    pub location: Option<LocationBody>,
    /// Meeting length.
    pub duration_minutes: i64,
    /// Free time after each meeting.
    #[serde(default)]
    pub buffer_minutes: i64,
    /// Minimum notice.
    #[serde(default)]
    pub min_notice_minutes: i64,
    /// How far ahead times are offered.
    pub horizon_days: i64,
    /// No time before this instant (RFC 3339).
    #[serde(default)]
    pub first_timeslot: Option<String>,
    /// No time starting after this instant (RFC 3339).
    #[serde(default)]
    pub last_timeslot: Option<String>,
    /// Contact groups it is for (empty = any).
    #[serde(default)]
    pub contact_groups: Vec<i32>,
    /// Categories it is for (empty = any).
    #[serde(default)]
    pub categories: Vec<i32>,
    /// Person-group markers (empty = any).
    #[serde(default)]
    pub person_groups: Vec<String>,
    /// Citizens may rebook.
    #[serde(default)]
    pub rebook_possible: bool,
    /// Rebooking closes this long before the start.
    #[serde(default)]
    pub rebook_deadline_minutes: Option<i64>,
    /// Citizens may cancel.
    #[serde(default)]
    pub cancel_possible: bool,
    /// Cancellation closes this long before the start.
    #[serde(default)]
    pub cancel_deadline_minutes: Option<i64>,
    /// Compulsory attendance.
    #[serde(default)]
    pub compulsory: bool,
    /// Counselor ids of the offer's jobcenter, at least one, unless `team` is given.
    #[serde(default)]
    pub counselors: Vec<String>,
    /// A team of the offer's jobcenter instead of `counselors`: the offer's counselors are then
    /// the team's current members, and follow the team as members join and leave.
    #[serde(default)]
    pub team: Option<String>,
    /// Competencies the offer requires instead of `counselors` or `team`: its counselors are
    /// every active counselor of its jobcenter holding all of them, and follow as they change.
    #[serde(default)]
    pub competencies: Vec<String>,
    /// Meeting rooms of the jobcenter the offer draws from (room ids); a free time then needs a
    /// free room of enough capacity, and each booking or group session holds one.
    #[serde(default)]
    pub rooms: Vec<String>,
}

/// An offer as answered.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OfferResponse {
    /// InterviewOptionIdentifier.
    pub id: String,
    /// False once deactivated.
    pub active: bool,
    /// The rest.
    #[serde(flatten)]
    pub body: OfferBody,
}

fn minutes(field: &'static str, value: i64) -> Result<Duration, Problem> {
    if !(0..=525_600).contains(&value) {
        return Err(Problem::invalid(field, "must be between 0 and 525600 minutes"));
    }
    Ok(Duration::minutes(value))
}

/// Builds the domain offer with `id` from a body; every field error names its field.
pub(super) fn to_offer(id: OfferId, body: OfferBody, active: bool) -> Result<Offer, Problem> {
    let jobcenter = JobCenterCode::parse(&body.jobcenter).map_err(|e| Problem::field("jobcenter", &e))?;
    let form = match (body.form.as_str(), body.seats) {
        ("individual", None) => InterviewForm::Individual,
        ("group", Some(seats)) if seats > 0 => InterviewForm::Group { seats },
        ("individual", Some(_)) => return Err(Problem::invalid("seats", "individual offers have no seats")),
        ("group", _) => return Err(Problem::invalid("seats", "group offers need at least one seat")),
        _ => return Err(Problem::invalid("form", "must be 'individual' or 'group'")),
    };
    if body.counselors.is_empty() {
        return Err(Problem::invalid("counselors", "an offer needs at least one counselor"));
    }
    let mut counselors = body
        .counselors
        .iter()
        .enumerate()
        .map(|(i, c)| CounselorId::parse(c).map_err(|e| Problem::field(&format!("counselors[{i}]"), &e)))
        .collect::<Result<Vec<_>, _>>()?;
    // Stored offers list their counselors by id; a repeated id means the same counselor.
    counselors.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    counselors.dedup();
    let first = body.first_timeslot.as_deref().map(|t| instant("first_timeslot", t)).transpose()?;
    let last = body.last_timeslot.as_deref().map(|t| instant("last_timeslot", t)).transpose()?;
    if body.horizon_days <= 0 || body.horizon_days > 730 {
        return Err(Problem::invalid("horizon_days", "must be 1-730"));
    }
    let slots = SlotRules::new(
        minutes("duration_minutes", body.duration_minutes)?,
        minutes("buffer_minutes", body.buffer_minutes)?,
        minutes("min_notice_minutes", body.min_notice_minutes)?,
        Duration::days(body.horizon_days),
        first,
        last,
    )
    .map_err(|e| match e {
        crate::domain::Error::NotPositive(field) => {
            Problem::invalid(&format!("{field}_minutes"), e.to_string())
        }
        other => Problem::invalid("last_timeslot", other.to_string()),
    })?;
    let deadline = |field, value: Option<i64>| value.map(|v| minutes(field, v)).transpose();
    let offer = Offer {
        id,
        jobcenter,
        name: body.name,
        interview_type: body.interview_type,
        form,
        contact_types: body.contact_types,
        location: body.location.map(|l| Location {
            description: l.description,
            street_name: l.street_name,
            building: l.building,
            floor: l.floor,
            suite: l.suite,
            post_code: l.post_code,
            district: l.district,
        }),
        slots,
        changes: ChangeRules {
            rebook_possible: body.rebook_possible,
            rebook_deadline_before: deadline("rebook_deadline_minutes", body.rebook_deadline_minutes)?,
            cancel_possible: body.cancel_possible,
            cancel_deadline_before: deadline("cancel_deadline_minutes", body.cancel_deadline_minutes)?,
        },
        eligibility: Eligibility {
            contact_groups: body.contact_groups,
            categories: body.categories,
            person_groups: body.person_groups.iter().map(|p| p.to_ascii_lowercase()).collect(),
        },
        compulsory: body.compulsory,
        active,
        counselors,
    };
    offer.validate().map_err(|e| match e {
        crate::domain::Error::CodeNotAllowed(_) => Problem::invalid("contact_types", e.to_string()),
        other => Problem::from(other),
    })?;
    Ok(offer)
}

/// The wire form of a domain offer.
pub fn offer_response(offer: &Offer) -> OfferResponse {
    let minutes_of = |d: Duration| d.num_minutes();
    OfferResponse {
        id: offer.id.as_str().to_owned(),
        active: offer.active,
        body: OfferBody {
            jobcenter: offer.jobcenter.as_str().to_owned(),
            name: offer.name.clone(),
            interview_type: offer.interview_type,
            form: match offer.form {
                InterviewForm::Individual => "individual".to_owned(),
                InterviewForm::Group { .. } => "group".to_owned(),
            },
            seats: offer.form.seats(),
            contact_types: offer.contact_types.clone(),
            location: offer.location.as_ref().map(|l| LocationBody {
                description: l.description.clone(),
                street_name: l.street_name.clone(),
                building: l.building.clone(),
                floor: l.floor.clone(),
                suite: l.suite.clone(),
                post_code: l.post_code.clone(),
                district: l.district.clone(),
            }),
            duration_minutes: minutes_of(offer.slots.duration),
            buffer_minutes: minutes_of(offer.slots.buffer),
            min_notice_minutes: minutes_of(offer.slots.min_notice),
            horizon_days: offer.slots.horizon.num_days(),
            first_timeslot: offer.slots.first.map(|t| t.to_rfc3339()),
            last_timeslot: offer.slots.last.map(|t| t.to_rfc3339()),
            contact_groups: offer.eligibility.contact_groups.clone(),
            categories: offer.eligibility.categories.clone(),
            person_groups: offer.eligibility.person_groups.clone(),
            rebook_possible: offer.changes.rebook_possible,
            rebook_deadline_minutes: offer.changes.rebook_deadline_before.map(minutes_of),
            cancel_possible: offer.changes.cancel_possible,
            cancel_deadline_minutes: offer.changes.cancel_deadline_before.map(minutes_of),
            compulsory: offer.compulsory,
            counselors: offer.counselors.iter().map(|c| c.as_str().to_owned()).collect(),
            team: None,
            competencies: Vec::new(),
            rooms: Vec::new(),
        },
    }
}
