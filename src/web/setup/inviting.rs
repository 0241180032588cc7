//! `POST /setup/{jobcenter}/invitations`: an administrator invites a colleague by e-mail to one
//! role bound to the whole jobcenter or to one of its teams, where the administrator's own role
//! applies (403 otherwise).
//!
//! As the admin API does (`admin/invitations.rs`): with a mail server configured the invitation
//! and its mail are written in one transaction (`people().invite_by_mail`, from the first
//! confirmed sender, in the chosen language) and the mail worker sends it; without one the
//! link is shown on the page this once (`people().invite`) for the administrator to hand on.
//! No confirmed sender is a 409 page and nothing is made. The audit row is
//! `web.setup.invitation.create` with the invitation's id, never the address.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::fields::Fields;
use super::people::{covers, render};
use super::{conflict, Subject, Visit};
use crate::domain::mail::Culture;
use crate::domain::people::{Cluster, Email, Grant, Invitation, Role};
use crate::domain::TeamId;
use crate::edge::WebUrl;
use crate::store::{Error, MailPurpose, NewMail, Store};
use crate::web::calendar::{refusal, Refusal};
use crate::web::lang::t;
use crate::web::page::{self, FieldError};

/// What the invite form holds.
#[derive(Debug, Clone, Default)]
pub struct InviteValues {
    /// The colleague's e-mail address.
    pub email: String,
    /// The role's stored name.
    pub role: String,
    /// `jobcenter` or `team:<id>`.
    pub place: String,
    /// `da-DK` or `en-GB`.
    pub language: String,
}

/// The page with the link, when no mail server is configured.
#[derive(Template)]
#[template(path = "web/setup_invited.html")]
struct InvitedPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    link: String,
}

/// The invitation's mail: its link in its language (as the admin API writes it).
fn invitation_mail(web_url: &WebUrl, culture: Culture, invitation: &Invitation, secret: &str) -> NewMail {
    NewMail {
        purpose: MailPurpose::Invitation,
        to: invitation.email.clone(),
        culture,
        text: crate::domain::mail::invitation_mail(
            culture,
            &web_url.invitation_link(secret),
            invitation.grant.role.as_str(),
            invitation.expires_at,
        ),
        invitation_id: Some(invitation.id.clone()),
    }
}

/// The grant the form asks for, or its errors; a team must be one of `visit`'s jobcenter.
fn grant(
    store: &Store,
    visit_jobcenter: &crate::domain::JobCenterCode,
    values: &InviteValues,
) -> Result<Result<Grant, Vec<FieldError>>, Error> {
    let mut errors = Vec::new();
    if Email::parse(values.email.trim()).is_err() {
        errors.push(FieldError::new("inv-email", t("Angiv en e-mailadresse, fx navn@kommune.dk.")));
    }
    let role = Role::parse(&values.role).ok();
    if role.is_none() {
        errors.push(FieldError::new("inv-rolle", t("Vælg en rolle.")));
    }
    let cluster = match values.place.split_once(':') {
        None if values.place == "jobcenter" => Some(Cluster::Jobcenter(visit_jobcenter.clone())),
        Some(("team", id)) => match TeamId::parse(id) {
            Ok(team) => match store.teams().get(&team) {
                Ok((stored, _)) if &stored.jobcenter == visit_jobcenter => {
                    Some(Cluster::Team(stored.jobcenter, team))
                }
                Ok(_) | Err(Error::NotFound(_)) => None,
                Err(error) => return Err(error),
            },
            Err(_) => None,
        },
        _ => None,
    };
    if cluster.is_none() {
        errors.push(FieldError::new("inv-gaelder", t("Vælg, hvor rollen skal gælde.")));
    }
    let (Some(role), Some(cluster)) = (role, cluster) else { return Ok(Err(errors)) };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    match Grant::new(role, vec![cluster]) {
        Ok(grant) => Ok(Ok(grant)),
        Err(_) => Ok(Err(vec![FieldError::new("inv-gaelder", t("Vælg, hvor rollen skal gælde."))])),
    }
}

/// `POST /setup/{jobcenter}/invitations`.
pub async fn invite(
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let operation = "web.setup.invitation.create";
    let visit = Visit::posting(&request, &path, (Subject::People, operation), form.csrf()).await?;
    let values = InviteValues {
        email: form.one("email").to_owned(),
        role: form.one("rolle").to_owned(),
        place: form.one("gaelder").to_owned(),
        language: form.one("sprog").to_owned(),
    };
    let (jobcenter, read) = (visit.jobcenter.clone(), values.clone());
    let checked = visit.context.blocking(move |store| grant(store, &jobcenter, &read)).await?;
    let grant = match checked {
        Ok(grant) => grant,
        Err(errors) => {
            visit.audit(&request, (operation, "invalid"), None).await;
            return render(&visit, StatusCode::UNPROCESSABLE_ENTITY, None, values, errors).await;
        }
    };
    if !covers(&visit.person.account, &grant) {
        visit.refuse(&request, operation, None).await?;
    }
    let Ok(email) = Email::parse(values.email.trim()) else { return Err(super::not_found("/setup")) };
    let settings = &visit.context.settings;
    let web_url = settings.web_url.clone().unwrap_or_else(|| {
        let info = request.connection_info();
        WebUrl(format!("{}://{}", info.scheme(), info.host()))
    });
    let (mailed, now) = (settings.mail, visit.context.clock.now());
    let culture = Culture::or_danish(Some(values.language.as_str()).filter(|l| !l.is_empty()));
    let invited_by = visit.person.account.email.as_str().to_owned();
    let made = visit
        .context
        .blocking(move |store| {
            let people = store.people();
            refusal(if mailed {
                let mail = |invitation: &Invitation, secret: &str| {
                    invitation_mail(&web_url, culture, invitation, secret)
                };
                people.invite_by_mail(&email, &grant, &invited_by, None, mail, now).map(|(i, _)| (i, None))
            } else {
                people
                    .invite(&email, &grant, &invited_by, now)
                    .map(|(i, secret)| (i, Some(web_url.invitation_link(&secret))))
            })
        })
        .await?;
    let back = visit.path("/people");
    match made {
        Ok((invitation, link)) => {
            let detail = Some(format!("invitation.id={}", invitation.id));
            visit.audit(&request, (operation, "ok"), detail).await;
            match link {
                None => Ok(page::see_other(&format!("{back}?done=invited"))),
                Some(link) => {
                    let page =
                        InvitedPage { csrf: &visit.person.csrf, jobcenter: visit.jobcenter.as_str(), link };
                    Ok(page::html(StatusCode::OK, &page))
                }
            }
        }
        Err(Refusal::Conflict(rule)) => {
            visit.audit(&request, (operation, "conflict"), None).await;
            Ok(conflict(&rule, &back))
        }
        Err(Refusal::NotFound) => Err(super::not_found(&back)),
    }
}
