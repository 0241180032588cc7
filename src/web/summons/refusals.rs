//! Why a summons was refused, in Danish: as the field to fix (missing contact data, a window
//! too far ahead, a counselor who does not have the offer) or as a message above the form (the
//! interview type is for no-show follow-up, the citizen is booked already, nothing is free,
//! the jobcenter is closed, the time was taken meanwhile).

use chrono::Duration;

use crate::domain::closing::{Closure, ClosureSource};
use crate::domain::{self, Interval, JobCenterCode, ZONE};
use crate::store::{Entity, Error, Store};
use crate::web::lang::{fill, t};
use crate::web::page::FieldError;
use crate::web::setup::closing::holiday_name;

/// A refusal as the person reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A field to fix (422).
    Field(FieldError),
    /// A rule that refused the summons as asked (409), said above the form.
    Rule(String),
    /// Nothing is free in the period (409), which holds these closing days: said above the form
    /// by [`nothing_free`] where the page is made, since the days are read on the blocking pool.
    NothingFree(Vec<Closure>),
}

/// `error` as a refusal, or back as the store's failure (or a `NotFound` of something the
/// person named, which the caller answers as 404).
pub fn refusal(error: Error) -> Result<Refusal, Error> {
    use domain::Error as E;
    let rule = |text: &str| Ok(Refusal::Rule(text.to_owned()));
    match error {
        Error::Conflict(E::TypeNotOffered) => rule(t(
            "Mødetypen bruges kun til opfølgning på udeblivelser og kan ikke bruges til nye indkaldelser. \
             Vælg et andet tilbud.",
        )),
        Error::Conflict(E::ContactMissing(what)) => {
            let (field, text) = match what {
                "mobile number" => ("mobil", t("Mødetypen kræver borgerens mobilnummer. Skriv det her.")),
                "e-mail address" => ("email", t("Mødetypen kræver borgerens e-mailadresse. Skriv den her.")),
                _ => ("email", t("Mødetypen kræver borgerens e-mailadresse eller mobilnummer. Skriv en af dem.")),
            };
            Ok(Refusal::Field(FieldError::new(field, text)))
        }
        Error::Conflict(E::AlreadyBooked) => rule(
            t("Borgeren har allerede en kommende tid i dette tilbud. Find tiden i kalenderen, hvis den skal flyttes."),
        ),
        Error::Conflict(E::NoBookingOptions) => rule(
            t("Der er ingen ledige tider i perioden hos de valgte vejledere. Vælg en længere periode eller andre vejledere."),
        ),
        Error::Conflict(E::SlotTaken) => {
            rule(t("Tiden er ikke længere ledig. Vælg en af de ledige tider, der vises nu."))
        }
        Error::Conflict(E::StartTooSoon) => {
            rule(t("Tiden ligger før tilbuddets varsel. Vælg en senere tid."))
        }
        Error::Conflict(E::Closed) => {
            rule(t("Jobcentret har lukket på det tidspunkt (helligdag eller lukkedag). Vælg en anden tid."))
        }
        Error::Conflict(E::BeyondHorizon(_)) => Ok(Refusal::Field(FieldError::new(
            "til",
            fill(t("Perioden må højst slutte {} dage fra i dag."), [domain::booking::HORIZON_DAYS.to_string()]),
        ))),
        Error::NotFound(Entity::Counselor) => Ok(Refusal::Field(FieldError::new(
            "hvem",
            t("En af de valgte vejledere har ikke tilbuddet. Vælg et team eller en anden vejleder."),
        ))),
        Error::NotFound(Entity::Offer) => {
            Ok(Refusal::Field(FieldError::new("hvad", t("Tilbuddet findes ikke længere. Vælg et andet."))))
        }
        Error::Conflict(_) => rule(t("Reglerne for tilbuddet tillader ikke indkaldelsen, som den er valgt.")),
        other => Err(other),
    }
}

/// When nothing is free: the closing days in `window` of `jobcenter`.
pub fn closures_in(
    store: &Store,
    jobcenter: &JobCenterCode,
    window: Interval,
) -> Result<Vec<Closure>, Error> {
    let first = window.start().with_timezone(&ZONE).date_naive();
    let last = (window.end() - Duration::seconds(1)).with_timezone(&ZONE).date_naive();
    Ok(store.closing().calendar(jobcenter)?.closures(first, last))
}

/// The refusal when nothing is free, in the request's language, with the closing days of the
/// period if there are any: "… Jobcentret har lukket i perioden: Skærtorsdag 25.03.2027,
/// Langfredag 26.03.2027." (a jobcenter's own closing day keeps the name it was given).
pub fn nothing_free(closures: &[Closure]) -> String {
    let rule = t("Der er ingen ledige tider i perioden hos de valgte vejledere. Vælg en længere periode eller andre vejledere.");
    if closures.is_empty() {
        return rule.to_owned();
    }
    let named: Vec<String> = closures
        .iter()
        .map(|closure| {
            let name = match closure.source {
                ClosureSource::Local => closure.name.as_str(),
                ClosureSource::Holiday | ClosureSource::Customary => holiday_name(&closure.name),
            };
            format!("{name} {}", closure.date.format("%d.%m.%Y"))
        })
        .collect();
    format!("{rule} {}", fill(t("Jobcentret har lukket i perioden: {}."), [named.join(", ")]))
}
