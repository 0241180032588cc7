//! The audit search's form: what was typed (a POST body, since the actor may be a person's
//! e-mail address, which never goes into an address), read into the criteria of
//! `Store::audit_search` or the errors of its fields. Each field is checked here for its shape
//! only; who an e-mail address belongs to is looked up by the handler.

use chrono::{Days, NaiveDate};
use serde::Deserialize;

use crate::domain::people::Email;
use crate::domain::JobCenterCode;
use crate::web::calendar::midnight;
use crate::web::lang::t;
use crate::web::page::FieldError;

/// The longest action or actor typed.
const LONGEST: usize = 200;

/// The search as typed (every field optional but the form's token).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuditQuery {
    /// The anti-forgery token.
    #[serde(default)]
    pub csrf: String,
    /// The first day, `YYYY-MM-DD`.
    #[serde(default)]
    pub from: String,
    /// The last day, included.
    #[serde(default)]
    pub to: String,
    /// An operation, or a prefix ending in `*`.
    #[serde(default)]
    pub operation: String,
    /// `ok`, or an error code or status.
    #[serde(default)]
    pub outcome: String,
    /// A person's e-mail address, or a machine's certificate identity.
    #[serde(default)]
    pub actor: String,
    /// One of the person's jobcenters.
    #[serde(default)]
    pub jobcenter: String,
    /// Only rows before this position (the last of the previous page).
    #[serde(default)]
    pub before: String,
}

/// Who did it, as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// Anybody.
    Anybody,
    /// A person, by their e-mail address.
    Person(Email),
    /// A machine (or any caller) by its identity as audited.
    Identity(String),
}

/// The criteria read from the form.
#[derive(Debug, Clone)]
pub struct Criteria {
    /// From this instant (midnight in Copenhagen of the first day).
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    /// Before this instant (midnight after the last day).
    pub to: Option<chrono::DateTime<chrono::Utc>>,
    /// The operation or prefix.
    pub operation: Option<String>,
    /// The outcome.
    pub outcome: Option<String>,
    /// Who.
    pub actor: Actor,
    /// The jobcenter.
    pub jobcenter: Option<JobCenterCode>,
    /// Where the page starts.
    pub before: Option<i64>,
}

impl AuditQuery {
    /// The criteria as typed, trimmed, without the page (the hidden fields of the buttons
    /// between pages, which post the search again).
    pub fn trimmed(&self) -> AuditQuery {
        AuditQuery {
            csrf: String::new(),
            from: self.from.trim().to_owned(),
            to: self.to.trim().to_owned(),
            operation: self.operation.trim().to_owned(),
            outcome: self.outcome.trim().to_owned(),
            actor: self.actor.trim().to_owned(),
            jobcenter: self.jobcenter.trim().to_owned(),
            before: String::new(),
        }
    }

    /// The names of the criteria given, for the audit row (never their values).
    pub fn given(&self) -> String {
        let fields = [
            ("from", &self.from),
            ("to", &self.to),
            ("operation", &self.operation),
            ("outcome", &self.outcome),
            ("actor", &self.actor),
            ("jobcenter", &self.jobcenter),
        ];
        let given: Vec<&str> =
            fields.iter().filter(|(_, value)| !value.trim().is_empty()).map(|(name, _)| *name).collect();
        format!("criteria={}", if given.is_empty() { "none".to_owned() } else { given.join(",") })
    }

    /// The criteria, when every field reads, among the jobcenters `allowed`.
    pub fn criteria(&self, allowed: &[JobCenterCode]) -> Result<Criteria, Vec<FieldError>> {
        let mut errors = Vec::new();
        let from = day(&self.from, "from", &mut errors);
        let to = day(&self.to, "to", &mut errors);
        if let (Some(first), Some(last)) = (from, to) {
            if last < first {
                errors.push(FieldError::new("to", t("Den sidste dag må ikke ligge før den første.")));
            }
        }
        let operation = optional(&self.operation).filter(|text| {
            let shape = text.strip_suffix('*').unwrap_or(text);
            let fits = text.len() <= LONGEST
                && shape.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
            if !fits {
                let message =
                    t("Skriv en handling som fx web.booking.complete, eller web.booking.* for alle, \
                               der begynder sådan.");
                errors.push(FieldError::new("operation", message));
            }
            fits
        });
        let outcome = optional(&self.outcome).filter(|text| {
            let fits = text.len() <= 40 && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !fits {
                errors.push(FieldError::new("outcome", t("Skriv et udfald som fx ok, forbidden eller 403.")));
            }
            fits
        });
        let actor = actor(&self.actor, &mut errors);
        let jobcenter = optional(&self.jobcenter).and_then(|code| {
            let found = JobCenterCode::parse(&code).ok().filter(|code| allowed.contains(code));
            if found.is_none() {
                errors.push(FieldError::new("jobcenter", t("Vælg et af de jobcentre, du administrerer.")));
            }
            found
        });
        let before = self.before.trim().parse::<i64>().ok();
        if !errors.is_empty() {
            return Err(errors);
        }
        let from = from.and_then(midnight);
        let to = to.and_then(|last| last.checked_add_days(Days::new(1))).and_then(midnight);
        Ok(Criteria { from, to, operation, outcome, actor, jobcenter, before })
    }
}

/// The trimmed text, when there is any.
fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|text| !text.is_empty())
}

/// The day typed in `field`, if any (its error when it does not read).
fn day(text: &str, field: &'static str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let text = optional(text)?;
    let parsed = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
    if parsed.is_none() {
        errors.push(FieldError::new(field, t("Skriv datoen som fx 2027-03-01, eller lad feltet stå tomt.")));
    }
    parsed
}

/// Who was asked for: an e-mail address when it has an `@`, an identity otherwise.
fn actor(text: &str, errors: &mut Vec<FieldError>) -> Actor {
    let Some(text) = optional(text) else { return Actor::Anybody };
    if text.chars().count() > LONGEST || text.chars().any(char::is_control) {
        errors.push(FieldError::new("actor", t("Skriv en e-mailadresse eller et systems identitet.")));
        return Actor::Anybody;
    }
    if !text.contains('@') {
        return Actor::Identity(text);
    }
    match Email::parse(&text) {
        Ok(email) => Actor::Person(email),
        Err(_) => {
            errors.push(FieldError::new("actor", t("Skriv e-mailadressen som fx navn@kommune.dk.")));
            Actor::Anybody
        }
    }
}
