//! The people of a jobcenter: `GET /setup/{jobcenter}/people` lists the accounts holding a
//! role there and the invitations touching it, with the form that invites a colleague
//! ([`super::inviting`]); `POST .../people/{account}/disable` and `/enable` stop or allow an
//! account's sign-in (its open sessions end at their next request), and
//! `POST .../invitations/{invitation}/revoke` withdraws an invitation.
//!
//! Administrators only. As in the admin API, an administrator changes an account or an
//! invitation only when their role covers every place it holds a role in (an administrator of
//! one team cannot lock out a colleague of the whole jobcenter); nobody disables their own
//! account here. The store functions are the admin API's (`people().set_disabled`,
//! `people().revoke`); audit rows `web.setup.account.{disable, enable}` and
//! `web.setup.invitation.revoke`, naming ids only.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::fields::Fields;
use super::inviting::InviteValues;
use super::{conflict, not_found, Subject, Visit};
use crate::domain::people::{Account, Capability, Cluster, Grant, InvitationState, Role, Target};
use crate::domain::{TeamId, ZONE};
use crate::store::{Error, InvitationRecord};
use crate::web::calendar::{refusal, Refusal};
use crate::web::home::role_name;
use crate::web::lang::{fill, t};
use crate::web::page::{self, FieldError};

/// One account in the list.
struct AccountLine {
    id: String,
    name: String,
    email: String,
    roles: Vec<String>,
    disabled: bool,
    /// The person may disable or enable it.
    changeable: bool,
}

/// One invitation in the list.
struct InvitationLine {
    id: String,
    email: String,
    role: String,
    state: &'static str,
    expires: String,
    /// The person may revoke it (sent or expired, and theirs to manage).
    revocable: bool,
}

/// Where an invitation may give a role: the whole jobcenter or a team (the form's choices).
pub struct Place {
    /// `jobcenter` or `team:<id>`.
    pub value: String,
    /// What the person reads.
    pub label: String,
    /// Chosen.
    pub selected: bool,
}

/// `GET /setup/{jobcenter}/people`.
#[derive(Template)]
#[template(path = "web/setup_people.html")]
struct PeoplePage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    notice: Option<&'static str>,
    accounts: Vec<AccountLine>,
    invitations: Vec<InvitationLine>,
    errors: Vec<FieldError>,
    invite: InviteValues,
    roles: Vec<(&'static str, &'static str)>,
    places: Vec<Place>,
}

/// The query of the page.
#[derive(Debug, Deserialize)]
pub struct PeopleQuery {
    /// What was just done.
    pub done: Option<String>,
}

/// The target a role bound to `cluster` acts on.
fn target(cluster: &Cluster) -> Target {
    match cluster {
        Cluster::Jobcenter(code) => Target::jobcenter(code.clone()),
        Cluster::Team(code, team) => Target { jobcenter: code.clone(), teams: vec![team.clone()] },
    }
}

/// True when `account` may manage people wherever `grant` applies.
pub fn covers(account: &Account, grant: &Grant) -> bool {
    grant.clusters.iter().all(|cluster| account.may(Capability::ManageAccounts, &target(cluster)))
}

/// A cluster on screens, with team names from `teams`.
fn place_name(cluster: &Cluster, teams: &[(TeamId, String)]) -> String {
    match cluster {
        Cluster::Jobcenter(code) => fill(t("hele jobcenter {}"), [code.as_str()]),
        Cluster::Team(code, team) => {
            let name =
                teams.iter().find(|(id, _)| id == team).map_or(t("et team"), |(_, name)| name.as_str());
            fill(t("{} i jobcenter {}"), [name, code.as_str()])
        }
    }
}

/// A role and where it applies.
fn grant_text(grant: &Grant, teams: &[(TeamId, String)]) -> String {
    let places: Vec<String> = grant.clusters.iter().map(|c| place_name(c, teams)).collect();
    format!("{}: {}", role_name(grant.role), places.join(", "))
}

fn state_name(state: InvitationState) -> &'static str {
    match state {
        InvitationState::Sent => t("Sendt"),
        InvitationState::Accepted => t("Accepteret"),
        InvitationState::Expired => t("Udløbet"),
        InvitationState::Revoked => t("Tilbagekaldt"),
    }
}

/// A local date and time on screens.
fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&ZONE).format("%d.%m.%Y %H:%M").to_string()
}

/// Renders the page with `status`, the invite form holding `invite` and `errors`.
pub async fn render(
    visit: &Visit,
    status: StatusCode,
    notice: Option<&'static str>,
    invite: InviteValues,
    errors: Vec<FieldError>,
) -> actix_web::Result<HttpResponse> {
    let jobcenter = visit.jobcenter.clone();
    let (accounts, invitations, teams) = visit
        .context
        .blocking(move |store| {
            let accounts = store.people().accounts(Some(&jobcenter))?;
            let invitations = store.people().invitations(Some(&jobcenter))?;
            let teams: Vec<(TeamId, String)> =
                store.teams().of_jobcenter(&jobcenter)?.into_iter().map(|(t, _)| (t.id, t.name)).collect();
            Ok((accounts, invitations, teams))
        })
        .await?;
    let me = &visit.person.account;
    let now = visit.context.clock.now();
    let accounts = accounts
        .iter()
        .map(|account| AccountLine {
            id: account.id.clone(),
            name: account.name.clone(),
            email: account.email.as_str().to_owned(),
            roles: account.grants.iter().map(|g| grant_text(g, &teams)).collect(),
            disabled: account.disabled,
            changeable: account.id != me.id && account.grants.iter().all(|g| covers(me, g)),
        })
        .collect();
    let invitations = invitations
        .iter()
        .map(|InvitationRecord { invitation, .. }| {
            let state = invitation.state(now);
            InvitationLine {
                id: invitation.id.clone(),
                email: invitation.email.as_str().to_owned(),
                role: grant_text(&invitation.grant, &teams),
                state: state_name(state),
                expires: local(invitation.expires_at),
                revocable: matches!(state, InvitationState::Sent | InvitationState::Expired)
                    && covers(me, &invitation.grant),
            }
        })
        .collect();
    let mut places = Vec::new();
    let whole = Cluster::Jobcenter(visit.jobcenter.clone());
    if me.may(Capability::ManageAccounts, &target(&whole)) {
        let label = fill(t("Hele jobcenter {}"), [visit.jobcenter.as_str()]);
        places.push(Place { value: "jobcenter".into(), label, selected: false });
    }
    for (id, name) in &teams {
        if me.may(Capability::ManageAccounts, &target(&Cluster::Team(visit.jobcenter.clone(), id.clone()))) {
            places.push(Place {
                value: format!("team:{}", id.as_str()),
                label: fill(t("Team {}"), [name]),
                selected: false,
            });
        }
    }
    for place in &mut places {
        place.selected = place.value == invite.place;
    }
    let roles = Role::ALL.iter().map(|role| (role.as_str(), role_name(*role))).collect();
    let page = PeoplePage {
        csrf: &visit.person.csrf,
        jobcenter: visit.jobcenter.as_str(),
        notice,
        accounts,
        invitations,
        errors,
        invite,
        roles,
        places,
    };
    Ok(page::html(status, &page))
}

/// `GET /setup/{jobcenter}/people`.
pub async fn list(
    request: HttpRequest,
    path: web::Path<String>,
    query: web::Query<PeopleQuery>,
) -> actix_web::Result<HttpResponse> {
    let visit = Visit::reading(&request, &path, Subject::People).await?;
    let notice = match query.done.as_deref() {
        Some("invited") => Some(t("Invitationen er sendt med mail.")),
        Some("revoked") => Some(t("Invitationen er tilbagekaldt. Linket kan ikke længere bruges.")),
        Some("disabled") => Some(t("Kontoen er spærret. Personen er logget ud og kan ikke logge ind.")),
        Some("enabled") => Some(t("Kontoen er åbnet igen.")),
        _ => None,
    };
    render(&visit, StatusCode::OK, notice, InviteValues::default(), Vec::new()).await
}

/// `POST /setup/{jobcenter}/people/{account}/disable`.
pub async fn disable(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    set_disabled(request, path.into_inner(), form.into_inner(), true).await
}

/// `POST /setup/{jobcenter}/people/{account}/enable`.
pub async fn enable(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    set_disabled(request, path.into_inner(), form.into_inner(), false).await
}

async fn set_disabled(
    request: HttpRequest,
    (jobcenter, id): (String, String),
    form: Fields,
    disabled: bool,
) -> actix_web::Result<HttpResponse> {
    let (operation, done) = if disabled {
        ("web.setup.account.disable", "disabled")
    } else {
        ("web.setup.account.enable", "enabled")
    };
    let visit = Visit::posting(&request, &jobcenter, (Subject::People, operation), form.csrf()).await?;
    let back = visit.path("/people");
    let (code, wanted) = (visit.jobcenter.clone(), id.clone());
    let found = visit
        .context
        .blocking(move |store| {
            let accounts = store.people().accounts(Some(&code))?;
            Ok(accounts.into_iter().find(|account| account.id == wanted))
        })
        .await?;
    let account = found.ok_or_else(|| not_found(&back))?;
    let detail = Some(format!("account.id={}", account.id));
    let me = &visit.person.account;
    if account.id == me.id || !account.grants.iter().all(|g| covers(me, g)) {
        visit.refuse(&request, operation, detail.clone()).await?;
    }
    visit.context.blocking(move |store| store.people().set_disabled(&id, disabled)).await?;
    visit.audit(&request, (operation, "ok"), detail).await;
    Ok(page::see_other(&format!("{back}?done={done}")))
}

/// `POST /setup/{jobcenter}/invitations/{invitation}/revoke`.
pub async fn revoke(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let operation = "web.setup.invitation.revoke";
    let visit = Visit::posting(&request, &jobcenter, (Subject::People, operation), form.csrf()).await?;
    let back = visit.path("/people");
    let wanted = id.clone();
    let found = visit
        .context
        .blocking(move |store| match store.people().invitation(&wanted) {
            Ok(record) => Ok(Some(record)),
            Err(Error::NotFound(_)) => Ok(None),
            Err(error) => Err(error),
        })
        .await?;
    let touches = |record: &InvitationRecord| {
        record.invitation.grant.clusters.iter().any(|c| c.jobcenter() == &visit.jobcenter)
    };
    let record = found.filter(touches).ok_or_else(|| not_found(&back))?;
    let detail = Some(format!("invitation.id={}", record.invitation.id));
    if !covers(&visit.person.account, &record.invitation.grant) {
        visit.refuse(&request, operation, detail.clone()).await?;
    }
    let now = visit.context.clock.now();
    let revoked = visit.context.blocking(move |store| refusal(store.people().revoke(&id, now))).await?;
    match revoked {
        Ok(_) => {
            visit.audit(&request, (operation, "ok"), detail).await;
            Ok(page::see_other(&format!("{back}?done=revoked")))
        }
        Err(Refusal::Conflict(rule)) => {
            visit.audit(&request, (operation, "conflict"), detail).await;
            Ok(conflict(&rule, &back))
        }
        Err(Refusal::NotFound) => Err(not_found(&back)),
    }
}
