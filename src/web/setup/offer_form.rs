//! The offer form: what it shows ([`OfferValues`], from a stored offer or as posted) and how a
//! post is read into a domain offer ([`read`]) with an error per field, by the admin API's
//! rules: minutes 0-525600, a horizon of 1-730 days, `SlotRules::new` and `Offer::validate`.
//! Whom the offer's counselors are (listed, a team's members, the holders of competencies) and
//! its rooms are checked against the store by the handler (`offers::resolve`).

use std::collections::BTreeSet;

use chrono::Duration;

use super::fields::{local_instant, number, numbers, words};
pub use super::offer_values::{
    contact_types, interview_type_name, interview_type_names, OfferValues, Source,
};
use crate::domain::codes::INTERVIEW_TYPES;
use crate::domain::{
    ChangeRules, CounselorId, Eligibility, InterviewForm, JobCenterCode, Location, Offer, OfferId, SlotRules,
    TeamId,
};
use crate::web::lang::{fill, t};
use crate::web::page::FieldError;

/// The longest time in minutes the admin API accepts (a year).
const MAX_MINUTES: i64 = 525_600;

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
            None => self
                .fail(field, &fill(t("Angiv {} i hele minutter, 0-{}."), [what, &MAX_MINUTES.to_string()])),
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
        r.fail::<()>("navn", t("Giv tilbuddet et navn på 1-100 tegn."));
    }
    let interview_type = values
        .interview_type
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|t| INTERVIEW_TYPES.contains(t) || Some(*t) == stored_type)
        .or_else(|| r.fail("samtaletype", t("Vælg en samtaletype fra listen.")));
    let form = if values.group {
        match number(&values.seats, 1..=10_000).and_then(|n| u32::try_from(n).ok()) {
            Some(seats) => Some(InterviewForm::Group { seats }),
            None => r.fail("pladser", t("Et gruppemøde skal have 1-10000 pladser.")),
        }
    } else if values.seats.trim().is_empty() {
        Some(InterviewForm::Individual)
    } else {
        r.fail("pladser", t("Kun gruppemøder har pladser: lad feltet stå tomt, eller vælg gruppemøde."))
    };
    let mut contact_types: Vec<i32> = values.contact_types.iter().filter_map(|c| c.parse().ok()).collect();
    contact_types.retain(|c| *c > 0);
    contact_types.sort_unstable();
    contact_types.dedup();
    if contact_types.is_empty() || contact_types.len() != values.contact_types.len() {
        r.fail::<()>("kontaktform-1", t("Vælg mindst én kontaktform."));
    }
    let source = read_source(&mut r, values);
    let duration = r.minutes("varighed", &values.duration, t("mødets længde"));
    let buffer = r.minutes("buffer", &values.buffer, t("pausen efter hvert møde"));
    let notice = r.minutes("varsel", &values.notice, t("varslet"));
    let horizon = number(&values.horizon, 1..=730)
        .map(Duration::days)
        .or_else(|| r.fail("horisont", t("Angiv, hvor mange dage frem der kan bookes: 1-730.")));
    let instant = |r: &mut Reader, field: &'static str, text: &str| {
        if text.trim().is_empty() {
            return Some(None);
        }
        match local_instant(text) {
            Some(at) => Some(Some(at)),
            None => r.fail(field, t("Angiv dato og klokkeslæt som åååå-mm-dd tt:mm, fx 2027-03-10 09:00.")),
        }
    };
    let first = instant(&mut r, "foerste", &values.first);
    let last = instant(&mut r, "sidste", &values.last);
    if duration == Some(Duration::zero()) {
        r.fail::<()>("varighed", t("Et møde skal vare mindst ét minut."));
    }
    let slots = match (duration, buffer, notice, horizon, first, last) {
        (Some(d), Some(b), Some(n), Some(h), Some(f), Some(l)) if d > Duration::zero() => {
            SlotRules::new(d, b, n, h, f, l)
                .ok()
                .or_else(|| r.fail("sidste", t("Den sidste mødetid skal ligge efter den første.")))
        }
        _ => None,
    };
    let location = read_location(&mut r, values);
    let contact_groups = numbers(&values.contact_groups, 1..=i64::from(i32::MAX))
        .or_else(|| r.fail("kontaktgrupper", t("Skriv kontaktgrupperne som tal adskilt af komma, fx 1, 2.")));
    let categories = numbers(&values.categories, 1..=i64::from(i32::MAX))
        .or_else(|| r.fail("kategorier", t("Skriv kategorierne som tal adskilt af komma, fx 1, 2.")));
    let person_groups: Vec<String> =
        words(&values.person_groups).iter().map(|p| p.to_ascii_lowercase()).collect();
    let rebook_deadline =
        r.optional_minutes("ombook-frist", &values.rebook_deadline, t("fristen for ombooking"));
    let cancel_deadline = r.optional_minutes("aflys-frist", &values.cancel_deadline, t("fristen for afbud"));
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
        return Err(vec![FieldError::new("navn", t("Tilbuddet kunne ikke godkendes; tjek felterne."))]);
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
                        .or_else(|| r.fail("vejledere", t("Vælg vejlederne på listen.")))?,
                );
            }
            // Stored offers list their counselors by id; a repeated id means the same counselor.
            list.sort_by(|a, b| a.as_str().cmp(b.as_str()));
            list.dedup();
            if list.is_empty() {
                return r
                    .fail("vejledere", t("Vælg mindst én vejleder, eller vælg et team eller kompetencer."));
            }
            Some(Source::List(list))
        }
        "team" => match TeamId::parse(values.team.trim()) {
            Ok(team) => Some(Source::Team(team)),
            Err(_) => r.fail("team", t("Vælg et team.")),
        },
        "kompetencer" => {
            let required: BTreeSet<String> = words(&values.competencies).into_iter().collect();
            if required.is_empty() || crate::store::attributes_check(&required).is_err() {
                return r
                    .fail("kompetencer", t("Skriv 1-50 kompetencer adskilt af komma, hver på 1-50 tegn."));
            }
            Some(Source::Competencies(required))
        }
        _ => r.fail("kilde-vejledere", t("Vælg, hvem der holder møderne.")),
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
    need(
        r,
        "gade",
        &values.street,
        40,
        t("Angiv vejnavnet (højst 40 tegn), eller lad hele adressen stå tom."),
    );
    need(r, "husnr", &values.building, 10, t("Angiv husnummeret, fx 12A."));
    need(r, "by", &values.district, 20, t("Angiv byen (højst 20 tegn)."));
    if !(values.post_code.trim().len() == 4 && values.post_code.trim().bytes().all(|b| b.is_ascii_digit())) {
        complete = false;
        r.fail::<()>("postnr", t("Angiv postnummeret med fire cifre, fx 2300."));
    }
    if values.place.trim().chars().count() > 200 {
        complete = false;
        r.fail::<()>("sted", t("Skriv højst 200 tegn om stedet."));
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
