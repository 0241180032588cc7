//! The jobcenter's teams: `GET /setup/{jobcenter}/teams` lists each team with its memberships
//! (current and ended, by first day), a form that adds a member and one that ends a membership,
//! and the form for a new team. The changes are in [`team_changes`](super::team_changes).
//!
//! Administrators of the whole jobcenter change them; administrators of a team read them;
//! everyone else is refused (`Subject::Settings`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::offers::Choice;
use super::{Subject, Visit};
use crate::domain::{Counselor, ZONE};
use crate::web::calendar::{day_name, full_name};
use crate::web::lang::{fill, t};
use crate::web::page::{self, FieldError};

/// What the forms hold, as typed (the team a membership form was sent for, or none).
#[derive(Debug, Clone, Default)]
pub struct TeamValues {
    /// A new team's name.
    pub name: String,
    /// The team whose membership form was sent.
    pub team: String,
    /// The counselor chosen.
    pub counselor: String,
    /// The date typed.
    pub date: String,
    /// True when the membership form sent was the one that ends a membership.
    pub ending: bool,
}

/// One membership period as listed.
struct MemberLine {
    name: String,
    from: String,
    until: String,
}

/// A team with its memberships and the counselors its forms offer.
struct TeamLine {
    id: String,
    name: String,
    members: Vec<MemberLine>,
    joining: Vec<Choice>,
    leaving: Vec<Choice>,
    /// The date typed in the form that adds a member (after an error), else empty.
    from: String,
    /// The date typed in the form that ends a membership (after an error), else empty.
    until: String,
    /// Show the form that adds a member (someone may join, or it was just sent).
    adding: bool,
    /// Show the form that ends a membership (someone is a member, or it was just sent).
    ending: bool,
}

/// `GET /setup/{jobcenter}/teams`.
#[derive(Template)]
#[template(path = "web/setup_teams.html")]
struct TeamsPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    change: bool,
    notice: Option<&'static str>,
    teams: Vec<TeamLine>,
    values: TeamValues,
    errors: Vec<FieldError>,
}

/// The query of the page.
#[derive(Debug, Deserialize)]
pub struct TeamsQuery {
    /// What was just done (`created`, `added`, `ended`).
    pub done: Option<String>,
}

fn name_of(counselors: &[Counselor], id: &crate::domain::CounselorId) -> String {
    counselors.iter().find(|c| &c.id == id).map_or_else(|| t("Ukendt vejleder").to_owned(), full_name)
}

/// Renders the page with `status`.
pub async fn render(
    visit: &Visit,
    (status, notice): (StatusCode, Option<&'static str>),
    values: TeamValues,
    errors: Vec<FieldError>,
) -> actix_web::Result<HttpResponse> {
    let jobcenter = visit.jobcenter.clone();
    let (teams, counselors) = visit
        .context
        .blocking(move |store| {
            Ok((store.teams().of_jobcenter(&jobcenter)?, store.counselors_of_jobcenter(&jobcenter)?))
        })
        .await?;
    let today = visit.context.clock.now().with_timezone(&ZONE).date_naive();
    let sent = |team: &str, ending: bool| values.team == team && values.ending == ending;
    let chosen = |choices: Vec<Choice>, team: &str, ending: bool| -> Vec<Choice> {
        choices
            .into_iter()
            .map(|c| Choice { checked: sent(team, ending) && c.value == values.counselor, ..c })
            .collect()
    };
    let typed =
        |team: &str, ending: bool| if sent(team, ending) { values.date.clone() } else { String::new() };
    let lines = teams
        .iter()
        .map(|(team, memberships)| {
            let id = team.id.as_str();
            let current =
                |c: &Counselor| memberships.iter().any(|m| m.counselor == c.id && m.until.is_none());
            let joining: Vec<Choice> = counselors
                .iter()
                .filter(|c| c.active && !current(c))
                .map(|c| Choice::new(c.id.as_str(), full_name(c)))
                .collect();
            let leaving: Vec<Choice> = counselors
                .iter()
                .filter(|c| current(c))
                .map(|c| Choice::new(c.id.as_str(), full_name(c)))
                .collect();
            let members = memberships
                .iter()
                .map(|m| MemberLine {
                    name: name_of(&counselors, &m.counselor),
                    from: day_name(m.from),
                    until: match m.until {
                        Some(until) if until < today => day_name(until),
                        Some(until) => fill(t("{} (sidste dag)"), [day_name(until)]),
                        None => t("Medlem nu").to_owned(),
                    },
                })
                .collect();
            let (adding, ending) =
                (!joining.is_empty() || sent(id, false), !leaving.is_empty() || sent(id, true));
            TeamLine {
                adding,
                ending,
                id: id.to_owned(),
                name: team.name.clone(),
                members,
                joining: chosen(joining, id, false),
                leaving: chosen(leaving, id, true),
                from: typed(id, false),
                until: typed(id, true),
            }
        })
        .collect();
    let page = TeamsPage {
        csrf: &visit.person.csrf,
        jobcenter: visit.jobcenter.as_str(),
        change: visit.access.change,
        notice,
        teams: lines,
        values,
        errors,
    };
    Ok(page::html(status, &page))
}

/// `GET /setup/{jobcenter}/teams`.
pub async fn list(
    request: HttpRequest,
    path: web::Path<String>,
    query: web::Query<TeamsQuery>,
) -> actix_web::Result<HttpResponse> {
    let visit = Visit::reading(&request, &path, Subject::Settings).await?;
    let notice = match query.done.as_deref() {
        Some("created") => Some(t("Teamet er oprettet.")),
        Some("added") => Some(t("Vejlederen er med i teamet. Teamets tilbud har fået vejlederen med.")),
        Some("ended") => {
            Some(t("Medlemskabet er afsluttet. Teamets tilbud har ikke længere vejlederen med."))
        }
        _ => None,
    };
    render(&visit, (StatusCode::OK, notice), TeamValues::default(), Vec::new()).await
}
