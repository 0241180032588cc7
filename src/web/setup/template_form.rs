//! The summons template form: its values as typed or stored, and the form read field by field
//! into a `SummonsTemplate` (the rules of `SummonsTemplate::validate`, each named at its field).
//!
//! Fields: `navn`; `tilbud` (`offer:{id}` for an offer, `type:{code}` for an interview type, as
//! the admin API's `offer` and `interview_type`); `team` or `vejledere` (the pool, caseworker
//! ids; none: every counselor of the offer); `vindue-start` and `vindue-dage`; `strategi`
//! (`earliest`, `spread`); `ombook-timer` and `aflys-timer` (empty: not at all).

use super::fields::{number, Fields};
use crate::domain::summons::Strategy;
use crate::domain::templates::{SummonsTemplate, TemplateOffer};
use crate::domain::{CaseworkerId, JobCenterCode, OfferId, TeamId};
use crate::web::lang::t;
use crate::web::page::FieldError;

/// What the form holds, as typed or stored.
#[derive(Debug, Clone)]
pub struct TemplateValues {
    /// The name.
    pub name: String,
    /// `offer:{id}` or `type:{code}`.
    pub offer: String,
    /// A team's id, or empty.
    pub team: String,
    /// Caseworker ids of the pool.
    pub pool: Vec<String>,
    /// Days from the summons day to the window's start.
    pub window_start: String,
    /// Days the window lasts.
    pub window_days: String,
    /// `earliest` or `spread`.
    pub strategy: String,
    /// Hours before the meeting citizens may rebook until (empty: not at all).
    pub rebook: String,
    /// Hours before the meeting citizens may cancel until (empty: not at all).
    pub cancel: String,
}

impl Default for TemplateValues {
    fn default() -> Self {
        Self {
            name: String::new(),
            offer: String::new(),
            team: String::new(),
            pool: Vec::new(),
            window_start: "7".into(),
            window_days: "14".into(),
            strategy: Strategy::EarliestFirst.as_str().into(),
            rebook: String::new(),
            cancel: String::new(),
        }
    }
}

impl TemplateValues {
    /// The values of a stored template.
    pub fn of(template: &SummonsTemplate) -> Self {
        let offer = match &template.offer {
            TemplateOffer::Offer(offer) => format!("offer:{}", offer.as_str()),
            TemplateOffer::InterviewType(code) => format!("type:{code}"),
        };
        let hours = |h: Option<i64>| h.map(|h| h.to_string()).unwrap_or_default();
        Self {
            name: template.name.clone(),
            offer,
            team: template.team.as_ref().map(|t| t.as_str().to_owned()).unwrap_or_default(),
            pool: template.pool.iter().map(|c| c.as_str().to_owned()).collect(),
            window_start: template.window_start_days.to_string(),
            window_days: template.window_days.to_string(),
            strategy: template.strategy.as_str().to_owned(),
            rebook: hours(template.rebook_before_hours),
            cancel: hours(template.cancel_before_hours),
        }
    }

    /// The values as posted.
    pub fn posted(form: &Fields) -> Self {
        Self {
            name: form.one("navn").to_owned(),
            offer: form.one("tilbud").to_owned(),
            team: form.one("team").to_owned(),
            pool: form.all("vejledere"),
            window_start: form.one("vindue-start").to_owned(),
            window_days: form.one("vindue-dage").to_owned(),
            strategy: form.one("strategi").to_owned(),
            rebook: form.one("ombook-timer").to_owned(),
            cancel: form.one("aflys-timer").to_owned(),
        }
    }
}

/// Optional hours 0-8760: `Ok(None)` when empty.
fn hours(text: &str) -> Result<Option<i64>, ()> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    number(text, 0..=8760).map(Some).ok_or(())
}

fn offer_of(text: &str) -> Option<TemplateOffer> {
    match text.split_once(':')? {
        ("offer", id) => OfferId::parse(id).ok().map(TemplateOffer::Offer),
        ("type", code) => code.parse::<i32>().ok().filter(|c| *c > 0).map(TemplateOffer::InterviewType),
        _ => None,
    }
}

/// The template the values describe (with `id`, in `jobcenter`), or the errors naming each bad
/// field. Whether the offer and team are the jobcenter's the store checks when saving.
pub fn read(
    values: &TemplateValues,
    id: String,
    jobcenter: JobCenterCode,
) -> Result<SummonsTemplate, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = values.name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        errors.push(FieldError::new("navn", t("Giv skabelonen et navn på 1-100 tegn.")));
    }
    let offer = offer_of(&values.offer);
    if offer.is_none() {
        errors.push(FieldError::new("tilbud", t("Vælg et tilbud eller en samtaletype.")));
    }
    let team = if values.team.is_empty() { Ok(None) } else { TeamId::parse(&values.team).map(Some) };
    let pool: Result<Vec<CaseworkerId>, _> = values.pool.iter().map(|c| CaseworkerId::parse(c)).collect();
    match (&team, &pool) {
        (Ok(Some(_)), Ok(pool)) if !pool.is_empty() => errors.push(FieldError::new(
            "team",
            t("Vælg enten et team eller bestemte vejledere, ikke begge dele."),
        )),
        (Err(_), _) => errors.push(FieldError::new("team", t("Vælg et af jobcentrets teams."))),
        (_, Err(_)) => errors.push(FieldError::new("vejledere", t("Vælg blandt jobcentrets vejledere."))),
        _ => {}
    }
    let start = number(&values.window_start, 0..=365);
    if start.is_none() {
        errors.push(FieldError::new("vindue-start", t("Angiv et helt antal dage: 0-365.")));
    }
    let days = number(&values.window_days, 1..=92);
    if days.is_none() {
        errors.push(FieldError::new("vindue-dage", t("Angiv et helt antal dage: 1-92.")));
    }
    let strategy = Strategy::parse(&values.strategy);
    if strategy.is_err() {
        errors.push(FieldError::new("strategi", t("Vælg, hvordan tiderne fordeles.")));
    }
    let hours_text = t("Angiv et helt antal timer: 0-8760, eller lad feltet stå tomt.");
    let rebook = hours(&values.rebook).map_err(|_| errors.push(FieldError::new("ombook-timer", hours_text)));
    let cancel = hours(&values.cancel).map_err(|_| errors.push(FieldError::new("aflys-timer", hours_text)));
    let (Some(offer), Ok(team), Ok(pool), Some(start), Some(days), Ok(strategy), Ok(rebook), Ok(cancel)) =
        (offer, team, pool, start, days, strategy, rebook, cancel)
    else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let template = SummonsTemplate {
        id,
        jobcenter,
        name: name.to_owned(),
        offer,
        team,
        pool,
        window_start_days: u32::try_from(start).unwrap_or_default(),
        window_days: u32::try_from(days).unwrap_or_default(),
        strategy,
        rebook_before_hours: rebook,
        cancel_before_hours: cancel,
    };
    template.validate().map_err(|_| vec![FieldError::new("navn", t("Skabelonen kunne ikke gemmes."))])?;
    Ok(template)
}
