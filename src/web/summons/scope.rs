//! Whom a person may summon into whose calendars: the domain's rule
//! (`Account::may(Capability::Summon, ..)`, summoners only) applied to the counselors a summons
//! would fill. A summoner bound to a jobcenter may fill any pool of it (all of an offer's
//! counselors too); a summoner bound to a team only pools whose every counselor is in one of
//! their teams today, so they pick their team or one of its counselors.
//!
//! The choices a form offers are the same rule read the other way: the offers and templates of
//! the jobcenters the person summons in, and the teams and counselors their roles cover.

use chrono::NaiveDate;

use crate::domain::people::{Account, Capability, Target};
use crate::domain::templates::TemplateOffer;
use crate::domain::{CaseworkerId, Counselor, JobCenterCode, TeamId};
use crate::store::{Entity, Error, Store};
use crate::web::calendar::full_name;
use crate::web::lang::{fill, t};

/// One option of a select: its value and what its text is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The value the form sends (`tilbud:<id>`, `team:<id>`, ...).
    pub value: String,
    /// The name of the offer, template, team or counselor.
    pub name: String,
    /// The interview type a template summons into (rather than an offer).
    pub interview: Option<String>,
    /// The jobcenter's code, when the person summons in more than one.
    pub jobcenter: Option<String>,
}

impl Choice {
    /// What the person reads, in the request's language (the choices are read on the blocking
    /// pool, so the words are put together where the page is made).
    pub fn label(&self) -> String {
        let mut label = self.name.clone();
        if let Some(kind) = &self.interview {
            label.push_str(&fill(t(", mødetype {}"), [kind]));
        }
        if let Some(code) = &self.jobcenter {
            label.push_str(&fill(t(" (jobcenter {})"), [code]));
        }
        label
    }
}

/// What a summons form offers the person.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// Active offers, `tilbud:<id>`.
    pub offers: Vec<Choice>,
    /// Summons templates, `skabelon:<id>`.
    pub templates: Vec<Choice>,
    /// Teams the person covers, `team:<id>`.
    pub teams: Vec<Choice>,
    /// Active counselors the person covers, `vejleder:<id>`.
    pub counselors: Vec<Choice>,
    /// True when the person may summon into all of an offer's counselors (bound to a jobcenter).
    pub whole_offer: bool,
}

/// The jobcenters where `account` may summon (bound to all or part of them).
pub fn jobcenters(account: &Account) -> Vec<JobCenterCode> {
    account.jobcenters_for(Capability::Summon)
}

/// True when `account` may summon into `counselor`'s calendar on `today`.
pub fn covers_counselor(
    store: &Store,
    account: &Account,
    counselor: &Counselor,
    today: NaiveDate,
) -> Result<bool, Error> {
    let teams = store.teams().of_counselor(&counselor.id, today)?;
    Ok(account.may(Capability::Summon, &Target { jobcenter: counselor.jobcenter.clone(), teams }))
}

/// True when `account` may summon into team `team` of `jobcenter`.
pub fn covers_team(account: &Account, jobcenter: &JobCenterCode, team: &TeamId) -> bool {
    account.may(Capability::Summon, &Target { jobcenter: jobcenter.clone(), teams: vec![team.clone()] })
}

/// True when `account` may summon into every calendar of `pool` (caseworker ids) in
/// `jobcenter` on `today`; an empty pool means every counselor of the offer, which takes a
/// role bound to the whole jobcenter.
pub fn covers_pool(
    store: &Store,
    account: &Account,
    jobcenter: &JobCenterCode,
    pool: &[CaseworkerId],
    today: NaiveDate,
) -> Result<bool, Error> {
    if account.may(Capability::Summon, &Target::jobcenter(jobcenter.clone())) {
        return Ok(true);
    }
    if pool.is_empty() {
        return Ok(false);
    }
    for caseworker in pool {
        let counselor = match store.counselor_by_caseworker(caseworker) {
            Ok(counselor) => counselor,
            Err(Error::NotFound(Entity::Counselor)) => return Ok(false),
            Err(error) => return Err(error),
        };
        if &counselor.jobcenter != jobcenter || !covers_counselor(store, account, &counselor, today)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The choices of a summons form for `account` on `today`.
pub fn choices(store: &Store, account: &Account, today: NaiveDate) -> Result<Choices, Error> {
    let codes = jobcenters(account);
    let several = codes.len() > 1;
    let named = |code: &JobCenterCode, value: String, name: String| Choice {
        value,
        name,
        interview: None,
        jobcenter: several.then(|| code.as_str().to_owned()),
    };
    let mut choices = Choices::default();
    for code in &codes {
        choices.whole_offer |= account.may(Capability::Summon, &Target::jobcenter(code.clone()));
        for offer in store.offers_of_jobcenter(code)?.into_iter().filter(|offer| offer.active) {
            let value = format!("tilbud:{}", offer.id.as_str());
            choices.offers.push(named(code, value, offer.name));
        }
        for template in store.templates().of_jobcenter(code)? {
            let interview = match template.offer {
                TemplateOffer::Offer(_) => None,
                TemplateOffer::InterviewType(kind) => Some(kind.to_string()),
            };
            let value = format!("skabelon:{}", template.id);
            choices.templates.push(Choice { interview, ..named(code, value, template.name) });
        }
        for (team, _) in store.teams().of_jobcenter(code)? {
            if covers_team(account, code, &team.id) {
                let value = format!("team:{}", team.id.as_str());
                choices.teams.push(named(code, value, team.name));
            }
        }
        for counselor in store.counselors_of_jobcenter(code)?.into_iter().filter(|c| c.active) {
            if covers_counselor(store, account, &counselor, today)? {
                let value = format!("vejleder:{}", counselor.id.as_str());
                choices.counselors.push(named(code, value, full_name(&counselor)));
            }
        }
    }
    Ok(choices)
}
