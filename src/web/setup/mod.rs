//! The set-up pages of the staff web app, one file per subject, each under
//! `/setup/{jobcenter}/...`:
//!
//! - [`index`]: `GET /setup` (the jobcenters a person may set up) and `GET /setup/{jobcenter}`
//!   (the subjects);
//! - [`offers`] with [`offer_values`], [`offer_form`] and [`offer_save`]: the jobcenter's
//!   offers, created, edited and deactivated;
//!   [`offer_times`]: the free times a citizen would see of an offer in a week;
//! - [`people`]: the accounts and invitations of the jobcenter, an account disabled or enabled,
//!   an invitation revoked; [`inviting`]: a colleague invited (the mail queued when a mail
//!   server is configured, the link shown once otherwise);
//! - [`rooms`]: the jobcenter's meeting rooms;
//! - [`closing`] with [`closing_changes`]: the year's public holidays, the customary closing
//!   days kept or opened, the jobcenter's own closing days added and removed;
//! - [`hours`] with [`hours_form`] and [`exceptions`]: a counselor's weekly template edited as
//!   a table, and dated exceptions (a day off, other hours);
//! - [`counselors`]: the counselors with their teams and attributes (self-booking, may be
//!   summoned into meetings, competencies); [`teams`] with [`team_changes`]: teams created,
//!   memberships added and ended;
//! - [`templates`] with [`template_form`]: summons templates listed, created and edited;
//! - [`calendars`] with [`calendar_import`]: counselors' iCalendar feeds (the token shown once)
//!   and the ICS address polled for their busy time;
//! - [`webhooks`] with [`webhook_changes`]: the jobcenter's webhook recipients (the secret
//!   shown once), paused, resumed and removed.
//!
//! Who may (decided per subject, [`Subject`]): administrators bound to the whole jobcenter
//! change its settings; summoners of the jobcenter (or a team of it) read its offers, since
//! they summon into them, and change nothing; administrators bound to a team only read. The
//! accounts and invitations are the administrators': an invitation may give a role only where
//! the inviting administrator's own role applies, and an account is disabled only by an
//! administrator whose role covers every place the account holds a role (as in the admin
//! API). Anyone else is refused with a 403 page, and a refused change is audited.
//!
//! The changes go through the store functions and domain rules the admin API uses
//! (`Store::create_offer`, `update_offer`, `deactivate_offer`, `people().invite_by_mail`, ...);
//! forms are read field by field into domain types here, and a bad field is named on the page
//! again (422) with nothing changed. Each change writes one audit row `web.setup.<subject>.<what>`
//! with the jobcenter and the ids it touched, never an e-mail address.

pub mod calendar_import;
pub mod calendars;
pub mod closing;
pub mod closing_changes;
pub mod counselors;
pub mod exceptions;
pub mod fields;
pub mod hours;
pub mod hours_form;
pub mod index;
pub mod inviting;
mod later;
pub mod offer_form;
pub mod offer_save;
pub mod offer_times;
pub mod offer_values;
pub mod offers;
pub mod people;
pub mod rooms;
pub mod team_changes;
pub mod teams;
pub mod template_form;
pub mod templates;
pub mod webhook_changes;
pub mod webhooks;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use super::lang::{fill, t};
use super::page::{self, stop};
use super::session::{self, account_caller, Context, SignedIn};
use crate::domain::people::{Account, Capability, Target};
use crate::domain::JobCenterCode;

/// The routes of the set-up pages.
pub fn routes(config: &mut web::ServiceConfig) {
    let offer = "/setup/{jobcenter}/offers/{offer}";
    config
        .route("/setup", web::get().to(index::jobcenters))
        .route("/setup/{jobcenter}", web::get().to(index::subjects))
        .route("/setup/{jobcenter}/offers", web::get().to(offers::list))
        .route("/setup/{jobcenter}/offers", web::post().to(offers::create))
        .route("/setup/{jobcenter}/offers/new", web::get().to(offers::new))
        .route(offer, web::get().to(offers::edit))
        .route(offer, web::post().to(offers::update))
        .route(&format!("{offer}/deactivate"), web::post().to(offers::deactivate))
        .route(&format!("{offer}/times"), web::get().to(offer_times::preview))
        .route("/setup/{jobcenter}/people", web::get().to(people::list))
        .route("/setup/{jobcenter}/people/{account}/disable", web::post().to(people::disable))
        .route("/setup/{jobcenter}/people/{account}/enable", web::post().to(people::enable))
        .route("/setup/{jobcenter}/invitations", web::post().to(inviting::invite))
        .route("/setup/{jobcenter}/invitations/{invitation}/revoke", web::post().to(people::revoke))
        .route("/setup/{jobcenter}/rooms", web::get().to(rooms::list))
        .route("/setup/{jobcenter}/rooms", web::post().to(rooms::create))
        .route("/setup/{jobcenter}/rooms/{room}/closures", web::post().to(rooms::close))
        .configure(later::routes);
}

/// A subject of the set-up pages, as far as who may read and change it differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Offers and summons templates: administrators change, summoners read.
    Offers,
    /// Jobcenter settings other than offers (rooms, ...): administrators only.
    Settings,
    /// Accounts and invitations: administrators (capability to manage accounts).
    People,
}

/// What a person may do with a subject of one jobcenter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Access {
    /// See the pages.
    pub read: bool,
    /// Change things (further checks per change where a role may be bound to a team).
    pub change: bool,
}

/// What `account` may do with `subject` in `jobcenter`.
pub fn access(account: &Account, subject: Subject, jobcenter: &JobCenterCode) -> Access {
    let somewhere = |capability| account.jobcenters_for(capability).contains(jobcenter);
    let whole = |capability| account.may(capability, &Target::jobcenter(jobcenter.clone()));
    match subject {
        Subject::Offers => Access {
            read: somewhere(Capability::ManageSettings) || somewhere(Capability::Summon),
            change: whole(Capability::ManageSettings),
        },
        Subject::Settings => {
            Access { read: somewhere(Capability::ManageSettings), change: whole(Capability::ManageSettings) }
        }
        Subject::People => {
            let read = somewhere(Capability::ManageAccounts);
            Access { read, change: read }
        }
    }
}

/// The jobcenters where `account` may read some set-up subject.
pub fn setup_jobcenters(account: &Account) -> Vec<JobCenterCode> {
    let mut codes = account.jobcenters_for(Capability::ManageSettings);
    codes.extend(account.jobcenters_for(Capability::ManageAccounts));
    codes.extend(account.jobcenters_for(Capability::Summon));
    codes.sort();
    codes.dedup();
    codes
}

/// The page for a set-up page the person's roles do not open, or a change they do not allow.
pub fn forbidden(jobcenter: &str) -> HttpResponse {
    page::message(
        StatusCode::FORBIDDEN,
        t("Det har du ikke adgang til"),
        &fill(t("Dine roller giver ikke adgang til denne del af opsætningen af jobcenter {}."), [jobcenter]),
        Some(("/setup", t("Til opsætningen"))),
    )
}

/// The page for something that does not exist in the jobcenter (an offer, an account, ...).
pub fn not_found(back: &str) -> actix_web::Error {
    stop(page::message(
        StatusCode::NOT_FOUND,
        t("Findes ikke"),
        t("Det findes ikke i dette jobcenter, eller det er fjernet."),
        Some((back, t("Tilbage"))),
    ))
}

/// The 409 page of a change a rule refused, saying why (in the request's language).
pub fn conflict(rule: &crate::domain::Error, back: &str) -> HttpResponse {
    use crate::domain::Error as E;
    let text = match rule {
        E::InvitationUsed => t("Invitationen er allerede brugt eller tilbagekaldt."),
        E::InvitationExpired => t("Invitationen er udløbet."),
        E::NoConfirmedSender | E::SenderNotConfirmed => {
            t("Der er ingen bekræftet afsenderadresse til mails. \
             Bed driften om at bekræfte jobcentrets afsenderadresse, og prøv igen. Der er ikke sendt nogen \
             invitation.")
        }
        _ => t("Reglerne tillader ikke ændringen. Hent siden igen, og prøv en gang til."),
    };
    page::message(StatusCode::CONFLICT, t("Ændringen blev ikke gennemført"), text, Some((back, t("Tilbage"))))
}

/// A signed-in person on a set-up page of the jobcenter the path names, with what they may do.
pub struct Visit {
    /// The request's context.
    pub context: Context,
    /// The person.
    pub person: SignedIn,
    /// The jobcenter.
    pub jobcenter: JobCenterCode,
    /// What they may do with the page's subject.
    pub access: Access,
}

impl Visit {
    /// The person on a page of `subject` (GET): signed in, and allowed to read it (403 page
    /// otherwise; a path that is no jobcenter code is a 404).
    pub async fn reading(
        request: &HttpRequest,
        jobcenter: &str,
        subject: Subject,
    ) -> actix_web::Result<Self> {
        let context = Context::of(request)?;
        let person = session::signed_in(request, &context).await?;
        Self::checked(context, person, jobcenter, subject)
    }

    /// The person behind a form post for `operation` on a page of `subject`, after the
    /// anti-forgery check; allowed to read it (403, audited as `forbidden`, otherwise). Whether
    /// they may change it is [`Visit::changing`].
    pub async fn posting(
        request: &HttpRequest,
        jobcenter: &str,
        (subject, operation): (Subject, &str),
        csrf: &str,
    ) -> actix_web::Result<Self> {
        let context = Context::of(request)?;
        let person = session::posted_by(request, &context, csrf).await?;
        let code = JobCenterCode::parse(jobcenter).map_err(|_| not_found("/setup"))?;
        let access = access(&person.account, subject, &code);
        let visit = Self { context, person, jobcenter: code, access };
        if !access.read {
            visit.refuse(request, operation, None).await?;
        }
        Ok(visit)
    }

    fn checked(
        context: Context,
        person: SignedIn,
        jobcenter: &str,
        subject: Subject,
    ) -> actix_web::Result<Self> {
        let code = JobCenterCode::parse(jobcenter).map_err(|_| not_found("/setup"))?;
        let access = access(&person.account, subject, &code);
        if !access.read {
            return Err(stop(forbidden(code.as_str())));
        }
        Ok(Self { context, person, jobcenter: code, access })
    }

    /// Refuses (403, audited as `operation` with outcome `forbidden`) unless the person may
    /// change the subject.
    pub async fn changing(&self, request: &HttpRequest, operation: &str) -> actix_web::Result<()> {
        if self.access.change {
            return Ok(());
        }
        self.refuse(request, operation, None).await
    }

    /// [`Visit::posting`] followed by [`Visit::changing`]: the person behind a form post who may
    /// change the subject.
    pub async fn posting_change(
        request: &HttpRequest,
        jobcenter: &str,
        (subject, operation): (Subject, &str),
        csrf: &str,
    ) -> actix_web::Result<Self> {
        let visit = Self::posting(request, jobcenter, (subject, operation), csrf).await?;
        visit.changing(request, operation).await?;
        Ok(visit)
    }

    /// As [`Visit::changing`], with `detail` (ids only) on the refusal's audit row.
    pub async fn changing_with(
        &self,
        request: &HttpRequest,
        operation: &str,
        detail: &Option<String>,
    ) -> actix_web::Result<()> {
        if self.access.change {
            return Ok(());
        }
        self.refuse(request, operation, detail.clone()).await
    }

    /// Audits `operation` as `ok` with `detail` and sends the browser on (303) to the set-up
    /// page `rest` of this jobcenter (as [`Visit::path`]).
    pub async fn done(
        &self,
        request: &HttpRequest,
        operation: &str,
        detail: Option<String>,
        rest: &str,
    ) -> HttpResponse {
        self.audit(request, (operation, "ok"), detail).await;
        page::see_other(&self.path(rest))
    }

    /// Audits `operation` as `forbidden` with `detail` and ends the request with the 403 page.
    pub async fn refuse(
        &self,
        request: &HttpRequest,
        operation: &str,
        detail: Option<String>,
    ) -> actix_web::Result<()> {
        self.audit(request, (operation, "forbidden"), detail).await;
        Err(stop(forbidden(self.jobcenter.as_str())))
    }

    /// Writes the one audit row of a change (`detail`: ids only).
    pub async fn audit(
        &self,
        request: &HttpRequest,
        (operation, outcome): (&str, &str),
        detail: Option<String>,
    ) {
        let caller = account_caller(&self.person.account);
        let jobcenter = Some(self.jobcenter.as_str().to_owned());
        self.context.audit_in(request, caller, (operation, outcome), jobcenter, detail).await;
    }

    /// The path of a set-up page of this jobcenter (`rest` starts with a slash, or is empty).
    pub fn path(&self, rest: &str) -> String {
        format!("/setup/{}{rest}", self.jobcenter.as_str())
    }
}
