//! The values the offer form shows, as text: a new offer's defaults, a stored offer's values,
//! or what was posted (shown again with the errors); and the code lists the form chooses from.

use std::collections::BTreeSet;

use chrono::Duration;

use super::fields::{local_value, Fields};
use crate::domain::codes::INTERVIEW_TYPES;
use crate::domain::{CounselorId, Offer, TeamId};
use crate::web::lang::{fill, t};

/// STAR's interview types by code (SamtaleType), in the order of `INTERVIEW_TYPES`, named in
/// the request's language.
pub fn interview_type_names() -> [&'static str; 12] {
    [
        t("Opfølgningssamtale"),
        t("Jobsamtale"),
        t("Henvisning"),
        t("Informationsmøde"),
        t("CV-samtale"),
        t("Formidlingssamtale"),
        t("Anden samtale"),
        t("Informationsmøde uden mødepligt"),
        t("Rådighedssamtale"),
        t("Jobsamtale med a-kasse"),
        t("Fælles jobsamtale med dagpengemodtager"),
        t("A-kasse-forsøgssamtale"),
    ]
}

/// The contact forms the form offers as check boxes (the planner's own codes, as in the demo),
/// named in the request's language.
pub fn contact_types() -> [(i32, &'static str); 3] {
    [(1, t("Personligt fremmøde")), (2, t("Telefon")), (3, t("Video"))]
}

/// The name of interview type `code` in the request's language.
pub fn interview_type_name(code: i32) -> String {
    INTERVIEW_TYPES
        .iter()
        .position(|known| *known == code)
        .and_then(|at| interview_type_names().get(at).copied())
        .map_or_else(|| fill(t("Samtaletype {}"), [code.to_string()]), str::to_owned)
}

/// What names an offer's counselors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The counselors ticked.
    List(Vec<CounselorId>),
    /// A team's current members.
    Team(TeamId),
    /// The holders of all these competencies.
    Competencies(BTreeSet<String>),
}

/// The values the offer form shows, as text.
#[derive(Debug, Clone, Default)]
#[allow(missing_docs)]
pub struct OfferValues {
    pub name: String,
    pub interview_type: String,
    pub group: bool,
    pub seats: String,
    pub contact_types: Vec<String>,
    /// `vejledere`, `team` or `kompetencer`.
    pub source: String,
    pub counselors: Vec<String>,
    pub team: String,
    pub competencies: String,
    pub rooms: Vec<String>,
    pub duration: String,
    pub buffer: String,
    pub notice: String,
    pub horizon: String,
    pub first: String,
    pub last: String,
    pub street: String,
    pub building: String,
    pub floor: String,
    pub suite: String,
    pub post_code: String,
    pub district: String,
    pub place: String,
    pub contact_groups: String,
    pub categories: String,
    pub person_groups: String,
    pub rebook: bool,
    pub rebook_deadline: String,
    pub cancel: bool,
    pub cancel_deadline: String,
    pub compulsory: bool,
}

/// A list of numbers as the form shows it.
fn joined(list: &[i32]) -> String {
    list.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

impl OfferValues {
    /// A new offer's defaults: a 45-minute individual interview, bookable 60 days ahead.
    pub fn fresh() -> Self {
        Self {
            interview_type: "7".into(),
            contact_types: vec!["1".into()],
            source: "vejledere".into(),
            duration: "45".into(),
            buffer: "0".into(),
            notice: "0".into(),
            horizon: "60".into(),
            ..Self::default()
        }
    }

    /// The values of a stored offer, with what names its counselors and its rooms.
    pub fn of(
        offer: &Offer,
        team: Option<&TeamId>,
        competencies: &BTreeSet<String>,
        rooms: Vec<String>,
    ) -> Self {
        let minutes = |d: Duration| d.num_minutes().to_string();
        let location = offer.location.clone().unwrap_or_default();
        let source = match (team, competencies.is_empty()) {
            (Some(_), _) => "team",
            (None, false) => "kompetencer",
            (None, true) => "vejledere",
        };
        Self {
            name: offer.name.clone(),
            interview_type: offer.interview_type.to_string(),
            group: offer.form.seats().is_some(),
            seats: offer.form.seats().map(|s| s.to_string()).unwrap_or_default(),
            contact_types: offer.contact_types.iter().map(ToString::to_string).collect(),
            source: source.into(),
            counselors: offer.counselors.iter().map(|c| c.as_str().to_owned()).collect(),
            team: team.map(|t| t.as_str().to_owned()).unwrap_or_default(),
            competencies: competencies.iter().cloned().collect::<Vec<_>>().join(", "),
            rooms,
            duration: minutes(offer.slots.duration),
            buffer: minutes(offer.slots.buffer),
            notice: minutes(offer.slots.min_notice),
            horizon: offer.slots.horizon.num_days().to_string(),
            first: offer.slots.first.map(local_value).unwrap_or_default(),
            last: offer.slots.last.map(local_value).unwrap_or_default(),
            street: location.street_name,
            building: location.building,
            floor: location.floor.unwrap_or_default(),
            suite: location.suite.unwrap_or_default(),
            post_code: location.post_code,
            district: location.district,
            place: location.description.unwrap_or_default(),
            contact_groups: joined(&offer.eligibility.contact_groups),
            categories: joined(&offer.eligibility.categories),
            person_groups: offer.eligibility.person_groups.join(", "),
            rebook: offer.changes.rebook_possible,
            rebook_deadline: offer.changes.rebook_deadline_before.map(minutes).unwrap_or_default(),
            cancel: offer.changes.cancel_possible,
            cancel_deadline: offer.changes.cancel_deadline_before.map(minutes).unwrap_or_default(),
            compulsory: offer.compulsory,
        }
    }

    /// The values as posted.
    pub fn posted(fields: &Fields) -> Self {
        let text = |name: &str| fields.one(name).to_owned();
        Self {
            name: text("navn"),
            interview_type: text("samtaletype"),
            group: fields.one("moedeform") == "gruppe",
            seats: text("pladser"),
            contact_types: fields.all("kontaktform"),
            source: text("kilde"),
            counselors: fields.all("vejledere"),
            team: text("team"),
            competencies: text("kompetencer"),
            rooms: fields.all("lokaler"),
            duration: text("varighed"),
            buffer: text("buffer"),
            notice: text("varsel"),
            horizon: text("horisont"),
            first: text("foerste"),
            last: text("sidste"),
            street: text("gade"),
            building: text("husnr"),
            floor: text("etage"),
            suite: text("doer"),
            post_code: text("postnr"),
            district: text("by"),
            place: text("sted"),
            contact_groups: text("kontaktgrupper"),
            categories: text("kategorier"),
            person_groups: text("persongrupper"),
            rebook: fields.ticked("ombook"),
            rebook_deadline: text("ombook-frist"),
            cancel: fields.ticked("aflys"),
            cancel_deadline: text("aflys-frist"),
            compulsory: fields.ticked("pligt"),
        }
    }
}
