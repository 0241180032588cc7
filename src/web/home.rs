//! The start page (`GET /`): who is signed in, with which roles bound to which jobcenters and
//! teams. The calendars, summons and reports of the staff web app will start from here.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use super::lang::{fill, t};
use super::page;
use super::session::{self, Context};
use crate::domain::people::{Cluster, Role};

/// One role as the start page lists it.
pub struct RoleLine {
    /// The role's Danish name.
    pub role: &'static str,
    /// What it is bound to, in Danish.
    pub clusters: Vec<String>,
}

/// The start page.
#[derive(Template)]
#[template(path = "web/home.html")]
struct HomePage<'a> {
    name: &'a str,
    email: &'a str,
    csrf: &'a str,
    roles: Vec<RoleLine>,
    /// True when single sign-on is configured (the page offers to link the account).
    sso: bool,
    /// True when the person may open some set-up page (the page links to it).
    setup: bool,
    /// True when the person administers a whole jobcenter (the page links the logs).
    administers: bool,
}

/// A role's name on screens (STAR's Planner's words).
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Administrator => t("Administrator"),
        Role::Summoner => t("Indkalder"),
        Role::Counselor => t("Vejleder"),
        Role::Reader => t("Læser"),
    }
}

/// A cluster on screens.
pub fn cluster_name(cluster: &Cluster) -> String {
    match cluster {
        Cluster::Jobcenter(code) => fill(t("hele jobcenter {}"), [code.as_str()]),
        Cluster::Team(code, team) => fill(t("team {} i jobcenter {}"), [team.as_str(), code.as_str()]),
    }
}

/// `GET /`: the start page, or the way to sign in.
pub async fn home(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    let account = &person.account;
    let roles = account
        .grants
        .iter()
        .map(|grant| RoleLine {
            role: role_name(grant.role),
            clusters: grant.clusters.iter().map(cluster_name).collect(),
        })
        .collect();
    let sso = context.settings.sso.is_some();
    let setup = super::setup::index::any_setup(account);
    let administers = !super::follow_up::administered(account).is_empty();
    let page = HomePage {
        name: &account.name,
        email: account.email.as_str(),
        csrf: &person.csrf,
        roles,
        sso,
        setup,
        administers,
    };
    Ok(page::html(StatusCode::OK, &page))
}
