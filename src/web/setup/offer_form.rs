//! The offer form: what it shows ([`OfferValues`], from a stored offer or as posted) and how a
//! post is read into a domain offer ([`read`]) with an error per field, by the admin API's
//! rules: minutes 0-525600, a horizon of 1-730 days, `SlotRules::new` and `Offer::validate`.
//! Whom the offer's counselors are (listed, a team's members, the holders of competencies) and
//! its rooms are checked against the store by the handler (`offers::resolve`).

use std::collections::BTreeSet;

use chrono::Duration;

use super::fields::{local_instant, local_value, number, numbers, words, Fields};
use crate::domain::codes::INTERVIEW_TYPES;
use crate::domain::{
    ChangeRules, CounselorId, Eligibility, InterviewForm, JobCenterCode, Location, Offer, OfferId, SlotRules,
    TeamId,
};
use crate::web::page::FieldError;

/// STAR's interview types by code (SamtaleType), in the order of `INTERVIEW_TYPES`.
pub const INTERVIEW_TYPE_NAMES: [&str; 12] = [
    "Opfølgningssamtale",
    "Jobsamtale",
    "Henvisning",
    "Informationsmøde",
    "CV-samtale",
    "Formidlingssamtale",
    "Anden samtale",
    "Informationsmøde uden mødepligt",
    "Rådighedssamtale",
    "Jobsamtale med a-kasse",
    "Fælles jobsamtale med dagpengemodtager",
    "A-kasse-forsøgssamtale",
];

/// The contact forms the form offers as check boxes (the planner's own codes, as in the demo).
pub const CONTACT_TYPES: [(i32, &str); 3] = [(1, "Personligt fremmøde"), (2, "Telefon"), (3, "Video")];

/// The Danish name of interview type `code`.
pub fn interview_type_name(code: i32) -> String {
    INTERVIEW_TYPES
        .iter()
        .position(|known| *known == code)
        .and_then(|at| INTERVIEW_TYPE_NAMES.get(at))
        .map_or_else(|| format!("Samtaletype {code}"), |name| (*name).to_owned())
}

/// The longest time in minutes the admin API accepts (a year).
const MAX_MINUTES: i64 = 525_600;

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

/// An offer read from the form: the offer (its counselors filled by the handler unless listed),
/// what names its counselors, and its rooms.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The offer.
    pub offer: Offer,
    /// Whom it is with.
    pub source: Source,
    /// Its room pool (room ids).
    pub rooms: Vec<String>,
}

/// Collects field errors while reading.
struct Reader {
    errors: Vec<FieldError>,
}

impl Reader {
    fn fail<T>(&mut self, field: &'static str, message: &str) -> Option<T> {
        self.errors.push(FieldError::new(field, message));
        None
    }

    fn minutes(&mut self, field: &'static str, text: &str, what: &str) -> Option<Duration> {
        match number(text, 0..=MAX_MINUTES) {
            Some(n) => Some(Duration::minutes(n)),
            None => self.fail(field, &format!("Angiv {what} i hele minutter, 0-{MAX_MINUTES}.")),
        }
    }

    fn optional_minutes(&mut self, field: &'static str, text: &str, what: &str) -> Option<Option<Duration>> {
        if text.trim().is_empty() {
            return Some(None);
        }
        self.minutes(field, text, what).map(Some)
    }
}

/// Reads `values` into an offer `id` of `jobcenter` (`stored_type`: an edited offer's interview
/// type, kept even if STAR's list no longer has it), or says what to fix, field by field.
pub fn read(
    values: &OfferValues,
    id: OfferId,
    jobcenter: JobCenterCode,
    (active, stored_type): (bool, Option<i32>),
) -> Result<Draft, Vec<FieldError>> {
    let mut r = Reader { errors: Vec::new() };
    let name = values.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        r.fail::<()>("navn", "Giv tilbuddet et navn på 1-100 tegn.");
    }
    let interview_type = values
        .interview_type
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|t| INTERVIEW_TYPES.contains(t) || Some(*t) == stored_type)
        .or_else(|| r.fail("samtaletype", "Vælg en samtaletype fra listen."));
    let form = if values.group {
        match number(&values.seats, 1..=10_000).and_then(|n| u32::try_from(n).ok()) {
            Some(seats) => Some(InterviewForm::Group { seats }),
            None => r.fail("pladser", "Et gruppemøde skal have 1-10000 pladser."),
        }
    } else if values.seats.trim().is_empty() {
        Some(InterviewForm::Individual)
    } else {
        r.fail("pladser", "Kun gruppemøder har pladser: lad feltet stå tomt, eller vælg gruppemøde.")
    };
    let mut contact_types: Vec<i32> = values.contact_types.iter().filter_map(|c| c.parse().ok()).collect();
    contact_types.retain(|c| *c > 0);
    contact_types.sort_unstable();
    contact_types.dedup();
    if contact_types.is_empty() || contact_types.len() != values.contact_types.len() {
        r.fail::<()>("kontaktform-1", "Vælg mindst én kontaktform.");
    }
    let source = read_source(&mut r, values);
    let duration = r.minutes("varighed", &values.duration, "mødets længde");
    let buffer = r.minutes("buffer", &values.buffer, "pausen efter hvert møde");
    let notice = r.minutes("varsel", &values.notice, "varslet");
    let horizon = number(&values.horizon, 1..=730)
        .map(Duration::days)
        .or_else(|| r.fail("horisont", "Angiv, hvor mange dage frem der kan bookes: 1-730."));
    let instant = |r: &mut Reader, field: &'static str, text: &str| {
        if text.trim().is_empty() {
            return Some(None);
        }
        match local_instant(text) {
            Some(at) => Some(Some(at)),
            None => r.fail(field, "Angiv dato og klokkeslæt som åååå-mm-dd tt:mm, fx 2027-03-10 09:00."),
        }
    };
    let first = instant(&mut r, "foerste", &values.first);
    let last = instant(&mut r, "sidste", &values.last);
    if duration == Some(Duration::zero()) {
        r.fail::<()>("varighed", "Et møde skal vare mindst ét minut.");
    }
    let slots = match (duration, buffer, notice, horizon, first, last) {
        (Some(d), Some(b), Some(n), Some(h), Some(f), Some(l)) if d > Duration::zero() => {
            SlotRules::new(d, b, n, h, f, l)
                .ok()
                .or_else(|| r.fail("sidste", "Den sidste mødetid skal ligge efter den første."))
        }
        _ => None,
    };
    let location = read_location(&mut r, values);
    let contact_groups = numbers(&values.contact_groups, 1..=i64::from(i32::MAX))
        .or_else(|| r.fail("kontaktgrupper", "Skriv kontaktgrupperne som tal adskilt af komma, fx 1, 2."));
    let categories = numbers(&values.categories, 1..=i64::from(i32::MAX))
        .or_else(|| r.fail("kategorier", "Skriv kategorierne som tal adskilt af komma, fx 1, 2."));
    let person_groups: Vec<String> =
        words(&values.person_groups).iter().map(|p| p.to_ascii_lowercase()).collect();
    let rebook_deadline =
        r.optional_minutes("ombook-frist", &values.rebook_deadline, "fristen for ombooking");
    let cancel_deadline = r.optional_minutes("aflys-frist", &values.cancel_deadline, "fristen for afbud");
    let (
        Some(interview_type),
        Some(form),
        Some(source),
        Some(slots),
        Some(location),
        Some(contact_groups),
        Some(categories),
        Some(rebook_deadline),
        Some(cancel_deadline),
    ) = (
        interview_type,
        form,
        source,
        slots,
        location,
        contact_groups,
        categories,
        rebook_deadline,
        cancel_deadline,
    )
    else {
        return Err(r.errors);
    };
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    let counselors = match &source {
        Source::List(list) => list.clone(),
        Source::Team(_) | Source::Competencies(_) => Vec::new(),
    };
    let offer = Offer {
        id,
        jobcenter,
        name,
        interview_type,
        form,
        contact_types,
        location,
        slots,
        changes: ChangeRules {
            rebook_possible: values.rebook,
            rebook_deadline_before: rebook_deadline,
            cancel_possible: values.cancel,
            cancel_deadline_before: cancel_deadline,
        },
        eligibility: Eligibility { contact_groups, categories, person_groups },
        compulsory: values.compulsory,
        active,
        counselors,
    };
    if offer.validate().is_err() {
        return Err(vec![FieldError::new("navn", "Tilbuddet kunne ikke godkendes; tjek felterne.")]);
    }
    let mut rooms = values.rooms.clone();
    rooms.sort();
    rooms.dedup();
    Ok(Draft { offer, source, rooms })
}

/// Whom the offer is with, by the chosen source.
fn read_source(r: &mut Reader, values: &OfferValues) -> Option<Source> {
    match values.source.as_str() {
        "vejledere" => {
            let mut list = Vec::new();
            for counselor in &values.counselors {
                list.push(
                    CounselorId::parse(counselor)
                        .ok()
                        .or_else(|| r.fail("vejledere", "Vælg vejlederne på listen."))?,
                );
            }
            // Stored offers list their counselors by id; a repeated id means the same counselor.
            list.sort_by(|a, b| a.as_str().cmp(b.as_str()));
            list.dedup();
            if list.is_empty() {
                return r.fail("vejledere", "Vælg mindst én vejleder, eller vælg et team eller kompetencer.");
            }
            Some(Source::List(list))
        }
        "team" => match TeamId::parse(values.team.trim()) {
            Ok(team) => Some(Source::Team(team)),
            Err(_) => r.fail("team", "Vælg et team."),
        },
        "kompetencer" => {
            let required: BTreeSet<String> = words(&values.competencies).into_iter().collect();
            if required.is_empty() || crate::store::attributes_check(&required).is_err() {
                return r.fail("kompetencer", "Skriv 1-50 kompetencer adskilt af komma, hver på 1-50 tegn.");
            }
            Some(Source::Competencies(required))
        }
        _ => r.fail("kilde-vejledere", "Vælg, hvem der holder møderne."),
    }
}

/// The offer's address: none, or street, number, post code and town at least.
fn read_location(r: &mut Reader, values: &OfferValues) -> Option<Option<Location>> {
    let parts = [
        &values.street,
        &values.building,
        &values.floor,
        &values.suite,
        &values.post_code,
        &values.district,
        &values.place,
    ];
    if parts.iter().all(|part| part.trim().is_empty()) {
        return Some(None);
    }
    let optional = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let mut complete = true;
    let mut need = |r: &mut Reader, field: &'static str, text: &str, max: usize, message: &str| {
        let text = text.trim();
        if text.is_empty() || text.chars().count() > max {
            complete = false;
            r.fail::<()>(field, message);
        }
    };
    need(r, "gade", &values.street, 40, "Angiv vejnavnet (højst 40 tegn), eller lad hele adressen stå tom.");
    need(r, "husnr", &values.building, 10, "Angiv husnummeret, fx 12A.");
    need(r, "by", &values.district, 20, "Angiv byen (højst 20 tegn).");
    if !(values.post_code.trim().len() == 4 && values.post_code.trim().bytes().all(|b| b.is_ascii_digit())) {
        complete = false;
        r.fail::<()>("postnr", "Angiv postnummeret med fire cifre, fx 2300.");
    }
    if values.place.trim().chars().count() > 200 {
        complete = false;
        r.fail::<()>("sted", "Skriv højst 200 tegn om stedet.");
    }
    complete.then(|| {
        Some(Location {
            description: optional(&values.place),
            street_name: values.street.trim().to_owned(),
            building: values.building.trim().to_owned(),
            floor: optional(&values.floor),
            suite: optional(&values.suite),
            post_code: values.post_code.trim().to_owned(),
            district: values.district.trim().to_owned(),
        })
    })
}
