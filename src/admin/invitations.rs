//! `/admin/v1/invitations`: invite a person by e-mail for a role bound to jobcenters or teams,
//! list invitations with their state, extend and revoke them.
//!
//! The caller must act for every jobcenter an invitation touches. The link (the staff web
//! app's `web_url` and the invitation's secret) goes to the person by mail when a mail server
//! is configured (queued in the invitation's transaction, from a confirmed sender, in the
//! invitation's language, Danish by default); without one, it is answered once, by the create,
//! and the caller hands it to the person. Extending keeps the same link.

use actix_web::{web, HttpResponse};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall, Ctx};
use crate::adapters::mail::MailOn;
use crate::domain::mail::Culture;
use crate::domain::people::{Cluster, Email, Grant, Invitation, Role};
use crate::domain::{JobCenterCode, TeamId};
use crate::edge::input::Query;
use crate::edge::{Problem, WebUrl};
use crate::store::{InvitationRecord, MailPurpose, NewMail};

/// Body of `POST /invitations`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateInvitation {
    /// The person's e-mail address.
    pub email: String,
    /// `administrator`, `summoner`, `counselor` or `reader`.
    pub role: String,
    /// Jobcenters the role covers (5 digits each).
    #[serde(default)]
    pub jobcenters: Vec<String>,
    /// Teams the role covers, by id (a GUID each).
    #[serde(default)]
    pub teams: Vec<String>,
    /// The mail's language: `da-DK` (default) or `en-GB`; anything else is Danish.
    pub language: Option<String>,
    /// The confirmed sender address the mail goes out from; the first confirmed one if not given.
    pub sender: Option<String>,
}

/// Query of the list.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct InvitationsQuery {
    /// The jobcenter, 5 digits.
    pub jobcenter: Option<String>,
}

/// A cluster on the wire: a jobcenter, or a team of it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ClusterResponse {
    /// The jobcenter.
    pub jobcenter: String,
    /// The team's id, or null for the whole jobcenter.
    pub team: Option<String>,
}

/// An invitation on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct InvitationResponse {
    /// Its id.
    pub id: String,
    /// Whom it was sent to.
    pub email: String,
    /// The role it gives.
    pub role: String,
    /// Where the role applies.
    pub clusters: Vec<ClusterResponse>,
    /// `sent`, `accepted`, `expired` or `revoked`.
    pub state: String,
    /// Who invited.
    pub invited_by: String,
    /// When it was sent.
    pub sent_at: String,
    /// Until when it can be used.
    pub expires_at: String,
    /// When it was used.
    pub accepted_at: Option<String>,
    /// When it was revoked.
    pub revoked_at: Option<String>,
    /// The account that accepted it.
    pub account_id: Option<String>,
    /// The link to give the person: in the answer to the create only, never again, and only
    /// when no mail server is configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The mail carrying the link (see `/mail/log`), when a mail server is configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mail_id: Option<String>,
}

/// The wire form of a cluster.
pub(super) fn cluster_response(cluster: &Cluster) -> ClusterResponse {
    match cluster {
        Cluster::Jobcenter(code) => ClusterResponse { jobcenter: code.to_string(), team: None },
        Cluster::Team(code, team) => {
            ClusterResponse { jobcenter: code.to_string(), team: Some(team.to_string()) }
        }
    }
}

fn response(record: &InvitationRecord, ctx: &Ctx<'_>) -> InvitationResponse {
    let invitation = &record.invitation;
    InvitationResponse {
        id: invitation.id.clone(),
        email: invitation.email.as_str().to_owned(),
        role: invitation.grant.role.as_str().to_owned(),
        clusters: invitation.grant.clusters.iter().map(cluster_response).collect(),
        state: invitation.state(ctx.now).as_str().to_owned(),
        invited_by: invitation.invited_by.clone(),
        sent_at: invitation.sent_at.to_rfc3339(),
        expires_at: invitation.expires_at.to_rfc3339(),
        accepted_at: invitation.accepted_at.map(|t| t.to_rfc3339()),
        revoked_at: invitation.revoked_at.map(|t| t.to_rfc3339()),
        account_id: record.account.clone(),
        link: None,
        mail_id: None,
    }
}

/// Checks that the caller acts for every jobcenter of `grant` (403 otherwise).
pub(super) fn check_grant(ctx: &mut Ctx<'_>, grant: &Grant) -> Result<(), Problem> {
    for cluster in &grant.clusters {
        ctx.jobcenter(cluster.jobcenter())?;
    }
    Ok(())
}

/// The role and clusters a body names; a team's jobcenter is looked up.
fn grant(ctx: &mut Ctx<'_>, body: &CreateInvitation) -> Result<Grant, Problem> {
    let role = Role::parse(&body.role)
        .map_err(|_| Problem::invalid("role", "must be administrator, summoner, counselor or reader"))?;
    let mut clusters = Vec::new();
    for (n, code) in body.jobcenters.iter().enumerate() {
        let code = JobCenterCode::parse(code).map_err(|e| Problem::field(&format!("jobcenters[{n}]"), &e))?;
        clusters.push(Cluster::Jobcenter(code));
    }
    for (n, team) in body.teams.iter().enumerate() {
        let field = format!("teams[{n}]");
        let id = TeamId::parse(team).map_err(|_| Problem::invalid(&field, "must be a team id (a GUID)"))?;
        let (stored, _) = ctx.store.teams().get(&id).map_err(|_| Problem::invalid(&field, "no such team"))?;
        clusters.push(Cluster::Team(stored.jobcenter, id));
    }
    let grant = Grant::new(role, clusters)
        .map_err(|_| Problem::invalid("jobcenters", "give at least one jobcenter or team"))?;
    check_grant(ctx, &grant)?;
    Ok(grant)
}

/// Loads invitation `id`, checking the caller acts for every jobcenter it touches.
fn owned(ctx: &mut Ctx<'_>, id: &str) -> Result<InvitationRecord, Problem> {
    ctx.note("invitation.id", id);
    let record = ctx.store.people().invitation(id)?;
    check_grant(ctx, &record.invitation.grant)?;
    Ok(record)
}

/// `GET /invitations?jobcenter=`: newest first.
pub async fn list(call: AdminCall, query: Query<InvitationsQuery>) -> Result<HttpResponse, Problem> {
    let query = query.into_inner();
    let answer = call
        .run("admin.invitations.list", move |ctx| {
            let code = ctx.required_jobcenter(query.jobcenter.as_deref())?;
            let records = ctx.store.people().invitations(Some(&code))?;
            Ok(records.iter().map(|r| response(r, ctx)).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// The invitation's mail: its link in its language.
pub fn invitation_mail(web_url: &WebUrl, culture: Culture, invitation: &Invitation, secret: &str) -> NewMail {
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

/// `POST /invitations`: 201 with the invitation and, when no mail server is configured, this
/// once, its link; with one, the id of the mail that carries it.
pub async fn create(
    call: AdminCall,
    web_url: web::Data<WebUrl>,
    mail_on: Option<web::Data<MailOn>>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let mailed = mail_on.is_some_and(|on| on.0);
    let answer = call
        .run("admin.invitations.create", move |ctx| {
            let body: CreateInvitation = json(&body)?;
            let email = Email::parse(&body.email).map_err(|e| Problem::field("email", &e))?;
            let sender = match &body.sender {
                Some(text) => Some(Email::parse(text).map_err(|e| Problem::field("sender", &e))?),
                None => None,
            };
            let grant = grant(ctx, &body)?;
            let invited_by = ctx.caller.identity.clone();
            let people = ctx.store.people();
            let (invitation, link, mail_id) = if mailed {
                let culture = Culture::or_danish(body.language.as_deref());
                let mail = |invitation: &Invitation, secret: &str| {
                    invitation_mail(&web_url, culture, invitation, secret)
                };
                let (invitation, mail_id) =
                    people.invite_by_mail(&email, &grant, &invited_by, sender.as_ref(), mail, ctx.now)?;
                (invitation, None, Some(mail_id))
            } else {
                let (invitation, secret) = people.invite(&email, &grant, &invited_by, ctx.now)?;
                (invitation, Some(web_url.invitation_link(&secret)), None)
            };
            ctx.note("invitation.id", &invitation.id);
            let record = InvitationRecord { invitation, account: None };
            let mut answer = response(&record, ctx);
            answer.link = link;
            answer.mail_id = mail_id;
            Ok(answer)
        })
        .await?;
    Ok(HttpResponse::Created().json(answer))
}

/// `POST /invitations/{id}/extend`: valid for seven more days, the same link.
pub async fn extend(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let answer = call
        .run("admin.invitations.extend", move |ctx| {
            owned(ctx, &id)?;
            let record = ctx.store.people().extend(&id, ctx.now)?;
            Ok(response(&record, ctx))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `POST /invitations/{id}/revoke`.
pub async fn revoke(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let answer = call
        .run("admin.invitations.revoke", move |ctx| {
            owned(ctx, &id)?;
            let record = ctx.store.people().revoke(&id, ctx.now)?;
            Ok(response(&record, ctx))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
