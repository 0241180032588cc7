//! The part of a summons form both flows share (what, whom, when and the citizen's rebook and
//! cancel rights), read into a [`Plan`] the store can run, or the fields to fix.
//!
//! What is not the person's to use (another jobcenter's offer or template, a team or counselor
//! outside their clusters) is [`Resolved::NotFound`], as if it did not exist; what they may
//! use but did not fill in right is [`Resolved::Invalid`] with the fields named. Dates are
//! typed as `åååå-mm-dd` (text fields, so every browser shows the same Danish format); the
//! window runs from the first day's local midnight to the midnight after the last day.

use chrono::{Duration, NaiveDate};
use serde::Deserialize;

use super::scope::{covers_counselor, covers_pool, covers_team, jobcenters};
use crate::domain::people::Account;
use crate::domain::summons::{rules_from_hours, Strategy};
use crate::domain::templates::SummonsTemplate;
use crate::domain::{CaseworkerId, ChangeRules, CounselorId, Interval, Offer, OfferId, TeamId, ZONE};
use crate::store::{Error, Store};
use crate::web::calendar::{full_name, midnight};
use crate::web::lang::{fill, t};
use crate::web::page::FieldError;

/// Longest "hours before" a rebook or cancel deadline may lie (one year), as in the admin API.
const MAX_HOURS: i64 = 8_760;

/// The shared fields, as the form sends them (all text, checked by [`resolve`]).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PlanFields {
    /// `tilbud:<offer id>` or `skabelon:<template id>`.
    #[serde(default)]
    pub hvad: String,
    /// Empty (every counselor of the offer, or the template's), `team:<id>` or `vejleder:<id>`.
    #[serde(default)]
    pub hvem: String,
    /// The first day, `åååå-mm-dd` (empty with a template: the template's window).
    #[serde(default)]
    pub fra: String,
    /// The last day, `åååå-mm-dd`.
    #[serde(default)]
    pub til: String,
    /// Citizens may move the meeting until this many hours before (empty: not at all, or the
    /// template's rule).
    #[serde(default)]
    pub flyt_timer: String,
    /// Citizens may cancel until this many hours before.
    #[serde(default)]
    pub aflys_timer: String,
    /// Bulk only: `earliest` or `spread` (empty: the template's, else earliest).
    #[serde(default)]
    pub fordeling: String,
}

/// A checked plan: what the store needs to summon.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The offer.
    pub offer: Offer,
    /// The template it started from.
    pub template: Option<SummonsTemplate>,
    /// The counselors to fill (caseworker ids); empty: every counselor of the offer.
    pub pool: Vec<CaseworkerId>,
    /// Whom, in words ("Team A", a counselor's name, or every counselor of the offer).
    pub who: String,
    /// The window.
    pub window: Interval,
    /// Its first and last local day, as the next page carries them.
    pub days: (NaiveDate, NaiveDate),
    /// The citizen's rebook and cancel rights, counted back from each meeting.
    pub rules: ChangeRules,
    /// The rules as typed or taken from the template, hours (`None`: not at all).
    pub hours: (Option<i64>, Option<i64>),
    /// How a batch spreads citizens.
    pub strategy: Strategy,
}

/// What the shared fields came to.
#[derive(Debug)]
pub enum Resolved {
    /// A plan the store can run.
    Plan(Box<Plan>),
    /// Something named is not the person's (or does not exist): a 404.
    NotFound,
    /// Fields to fix: a 422.
    Invalid(Vec<FieldError>),
}

/// A day typed as `åååå-mm-dd` (surrounding spaces allowed).
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// `Ok(None)` for an empty field, the hours for a whole number 0-8760, else the error.
fn hours(field: &'static str, text: &str) -> Result<Option<i64>, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<i64>() {
        Ok(hours) if (0..=MAX_HOURS).contains(&hours) => Ok(Some(hours)),
        _ => Err(FieldError::new(
            field,
            fill(
                t("Skriv et helt antal timer fra 0 til {}, eller lad feltet stå tomt."),
                [MAX_HOURS.to_string()],
            ),
        )),
    }
}

/// The offer (and template) `hvad` names, if the person may use it.
fn what(
    store: &Store,
    account: &Account,
    hvad: &str,
) -> Result<Result<(Offer, Option<SummonsTemplate>), Resolved>, Error> {
    let mine = jobcenters(account);
    let invalid = |message: &str| Ok(Err(Resolved::Invalid(vec![FieldError::new("hvad", message)])));
    let (offer, template) = if let Some(id) = hvad.strip_prefix("tilbud:") {
        let Ok(id) = OfferId::parse(id) else { return Ok(Err(Resolved::NotFound)) };
        (not_found_is_none(store.offer(&id))?, None)
    } else if let Some(id) = hvad.strip_prefix("skabelon:") {
        if uuid::Uuid::parse_str(id).is_err() {
            return Ok(Err(Resolved::NotFound));
        }
        let Some(template) = not_found_is_none(store.templates().get(id))? else {
            return Ok(Err(Resolved::NotFound));
        };
        if !mine.contains(&template.jobcenter) {
            return Ok(Err(Resolved::NotFound));
        }
        let Some(offer) = not_found_is_none(store.templates().offer_of(&template))? else {
            return invalid(t("Skabelonens mødetype har intet aktivt tilbud. Vælg et tilbud i stedet."));
        };
        (not_found_is_none(store.offer(&offer))?, Some(template))
    } else {
        return invalid(t("Vælg et tilbud eller en skabelon."));
    };
    match offer {
        Some(offer) if mine.contains(&offer.jobcenter) => {
            if !offer.active {
                return invalid(t("Tilbuddet er ikke aktivt. Vælg et andet."));
            }
            Ok(Ok((offer, template)))
        }
        _ => Ok(Err(Resolved::NotFound)),
    }
}

/// `None` for a store's `NotFound`.
fn not_found_is_none<T>(result: Result<T, Error>) -> Result<Option<T>, Error> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(Error::NotFound(_)) => Ok(None),
        Err(error) => Err(error),
    }
}

/// The current members of `team` who serve `offer`, as caseworker ids.
fn team_pool(store: &Store, team: &TeamId, offer: &Offer) -> Result<Vec<CaseworkerId>, Error> {
    Ok(store
        .teams()
        .current_members(team)?
        .into_iter()
        .filter(|member| member.active && offer.counselors.contains(&member.id))
        .map(|member| member.caseworker)
        .collect())
}

/// The pool `hvem` names (with its words), if the person may use it.
fn whom(
    store: &Store,
    account: &Account,
    (hvem, offer, template): (&str, &Offer, Option<&SummonsTemplate>),
    today: NaiveDate,
) -> Result<Result<(Vec<CaseworkerId>, String), Resolved>, Error> {
    let jobcenter = &offer.jobcenter;
    let invalid = |message: &str| Ok(Err(Resolved::Invalid(vec![FieldError::new("hvem", message)])));
    let empty_team = t("Holdet har ingen aktive vejledere, der har tilbuddet. Vælg en anden.");
    if let Some(id) = hvem.strip_prefix("team:") {
        let Ok(id) = TeamId::parse(id) else { return Ok(Err(Resolved::NotFound)) };
        let Some((team, _)) = not_found_is_none(store.teams().get(&id))? else {
            return Ok(Err(Resolved::NotFound));
        };
        if &team.jobcenter != jobcenter || !covers_team(account, jobcenter, &team.id) {
            return Ok(Err(Resolved::NotFound));
        }
        let pool = team_pool(store, &team.id, offer)?;
        if pool.is_empty() {
            return invalid(empty_team);
        }
        return Ok(Ok((pool, team.name)));
    }
    if let Some(id) = hvem.strip_prefix("vejleder:") {
        let Ok(id) = CounselorId::parse(id) else { return Ok(Err(Resolved::NotFound)) };
        let Some(counselor) = not_found_is_none(store.counselor(&id))? else {
            return Ok(Err(Resolved::NotFound));
        };
        if &counselor.jobcenter != jobcenter || !covers_counselor(store, account, &counselor, today)? {
            return Ok(Err(Resolved::NotFound));
        }
        if !counselor.active || !offer.counselors.contains(&counselor.id) {
            return invalid(t("Vejlederen har ikke tilbuddet. Vælg en anden vejleder eller et team."));
        }
        let name = full_name(&counselor);
        return Ok(Ok((vec![counselor.caseworker], name)));
    }
    if !hvem.is_empty() {
        return Ok(Err(Resolved::NotFound));
    }
    let (pool, who) = match template {
        Some(template) => match &template.team {
            Some(team) => {
                let pool = team_pool(store, team, offer)?;
                if pool.is_empty() {
                    return invalid(empty_team);
                }
                let name = not_found_is_none(store.teams().get(team))?.map(|(team, _)| team.name);
                (pool, name.unwrap_or_else(|| t("Skabelonens team").into()))
            }
            None if !template.pool.is_empty() => (template.pool.clone(), t("Skabelonens vejledere").into()),
            None => (Vec::new(), t("Alle vejledere på tilbuddet").into()),
        },
        None => (Vec::new(), t("Alle vejledere på tilbuddet").into()),
    };
    if !covers_pool(store, account, jobcenter, &pool, today)? {
        return invalid(t("Vælg dit team eller en af dets vejledere."));
    }
    Ok(Ok((pool, who)))
}

/// The window the fields (or the template) give, with its local days.
fn when(
    fields: &PlanFields,
    template: Option<&SummonsTemplate>,
    today: NaiveDate,
) -> Result<(Interval, (NaiveDate, NaiveDate)), Vec<FieldError>> {
    if fields.fra.trim().is_empty() && fields.til.trim().is_empty() {
        if let Some(window) = template.and_then(|template| template.window(today)) {
            let first = window.start().with_timezone(&ZONE).date_naive();
            let last = (window.end() - Duration::seconds(1)).with_timezone(&ZONE).date_naive();
            return Ok((window, (first, last)));
        }
    }
    let mut errors = Vec::new();
    let first = parse_day(&fields.fra);
    if first.is_none() {
        errors.push(FieldError::new(
            "fra",
            t("Skriv den første dag. Skriv datoen som åååå-mm-dd, fx 2027-03-15."),
        ));
    }
    let last = parse_day(&fields.til);
    if last.is_none() {
        errors.push(FieldError::new(
            "til",
            t("Skriv den sidste dag. Skriv datoen som åååå-mm-dd, fx 2027-03-15."),
        ));
    }
    let (Some(first), Some(last)) = (first, last) else { return Err(errors) };
    if last < first {
        return Err(vec![FieldError::new("til", t("Den sidste dag må ikke ligge før den første."))]);
    }
    let window = last
        .succ_opt()
        .and_then(midnight)
        .zip(midnight(first))
        .and_then(|(end, start)| Interval::new(start, end).ok());
    match window {
        Some(window) => Ok((window, (first, last))),
        None => Err(vec![FieldError::new("til", t("Datoen ligger uden for kalenderen."))]),
    }
}

/// Reads `fields` for `account` on `today`.
pub fn resolve(
    store: &Store,
    account: &Account,
    fields: &PlanFields,
    today: NaiveDate,
) -> Result<Resolved, Error> {
    let (offer, template) = match what(store, account, fields.hvad.trim())? {
        Ok(found) => found,
        Err(refused) => return Ok(refused),
    };
    let (pool, who) = match whom(store, account, (fields.hvem.trim(), &offer, template.as_ref()), today)? {
        Ok(found) => found,
        Err(refused) => return Ok(refused),
    };
    let mut errors = Vec::new();
    let window = when(fields, template.as_ref(), today).map_err(|found| errors.extend(found)).ok();
    let rebook = hours("flyt_timer", &fields.flyt_timer).map_err(|e| errors.push(e)).ok().flatten();
    let cancel = hours("aflys_timer", &fields.aflys_timer).map_err(|e| errors.push(e)).ok().flatten();
    let strategy = match (fields.fordeling.trim(), &template) {
        ("", Some(template)) => Some(template.strategy),
        ("", None) => Some(Strategy::EarliestFirst),
        (given, _) => Strategy::parse(given)
            .map_err(|_| errors.push(FieldError::new("fordeling", t("Vælg, hvordan borgerne fordeles."))))
            .ok(),
    };
    let (Some((window, days)), Some(strategy), true) = (window, strategy, errors.is_empty()) else {
        return Ok(Resolved::Invalid(errors));
    };
    let from_template = |given: Option<i64>, text: &str, pick: fn(&SummonsTemplate) -> Option<i64>| {
        if text.trim().is_empty() {
            template.as_ref().and_then(pick)
        } else {
            given
        }
    };
    let rebook = from_template(rebook, &fields.flyt_timer, |t| t.rebook_before_hours);
    let cancel = from_template(cancel, &fields.aflys_timer, |t| t.cancel_before_hours);
    Ok(Resolved::Plan(Box::new(Plan {
        offer,
        template,
        pool,
        who,
        window,
        days,
        rules: rules_from_hours(rebook, cancel),
        hours: (rebook, cancel),
        strategy,
    })))
}
