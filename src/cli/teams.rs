//! `planner teams list|add|join|leave`: a jobcenter's teams and their members over time, with
//! the rules of `/admin/v1/teams`. Offers name a team through the admin API (`"team"`), bulk
//! summons with `planner summons batch --team ID`.

use anyhow::Context;
use chrono::{NaiveDate, Utc};
use clap::Subcommand;

use super::open_store;
use super::operators::audit;
use crate::config::Settings;
use crate::domain::team::Team;
use crate::domain::{CounselorId, JobCenterCode, TeamId, ZONE};

/// `planner teams ...`
#[derive(Debug, Subcommand)]
pub enum TeamsCommand {
    /// Print a jobcenter's teams: id, name, current members.
    List {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
    },
    /// Create a team; prints its id.
    Add {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
        /// The name, unique in the jobcenter.
        #[arg(long)]
        name: String,
    },
    /// A counselor joins a team (from today, or `--from`).
    Join {
        /// The team's id.
        team: String,
        /// The counselor's id.
        counselor: String,
        /// The first day, YYYY-MM-DD.
        #[arg(long)]
        from: Option<NaiveDate>,
    },
    /// A counselor leaves a team (today, or `--until`); the membership is kept.
    Leave {
        /// The team's id.
        team: String,
        /// The counselor's id.
        counselor: String,
        /// The last day, YYYY-MM-DD.
        #[arg(long)]
        until: Option<NaiveDate>,
    },
}

fn ids(team: &str, counselor: &str) -> anyhow::Result<(TeamId, CounselorId)> {
    let team = TeamId::parse(team).with_context(|| format!("invalid team id '{team}'"))?;
    let counselor =
        CounselorId::parse(counselor).with_context(|| format!("invalid counselor id '{counselor}'"))?;
    Ok((team, counselor))
}

/// Runs one teams subcommand.
pub fn run(settings: &Settings, command: TeamsCommand) -> anyhow::Result<()> {
    let now = Utc::now();
    let today = now.with_timezone(&ZONE).date_naive();
    match command {
        TeamsCommand::List { jobcenter } => {
            let code = JobCenterCode::parse(&jobcenter)
                .with_context(|| format!("invalid jobcenter '{jobcenter}'"))?;
            let store = open_store(settings)?;
            for (team, memberships) in store.teams().of_jobcenter(&code)? {
                let current: Vec<&str> =
                    memberships.iter().filter(|m| m.until.is_none()).map(|m| m.counselor.as_str()).collect();
                println!("{}\t{}\t{}", team.id, team.name, current.join(" "));
            }
        }
        TeamsCommand::Add { jobcenter, name } => {
            let code = JobCenterCode::parse(&jobcenter)
                .with_context(|| format!("invalid jobcenter '{jobcenter}'"))?;
            let team = Team {
                id: TeamId::from_generated(&uuid::Uuid::new_v4().to_string())?,
                jobcenter: code,
                name,
            };
            team.validate().context("invalid --name")?;
            let store = open_store(settings)?;
            store
                .teams()
                .create(&team, now)
                .with_context(|| format!("cannot create team '{}'", team.name))?;
            audit(&store, "cli.teams.add", &team.jobcenter, format!("team.id={}", team.id));
            println!("{}", team.id);
        }
        TeamsCommand::Join { team, counselor, from } => {
            let (team, counselor) = ids(&team, &counselor)?;
            let store = open_store(settings)?;
            let (stored, _) = store.teams().get(&team).with_context(|| format!("unknown team '{team}'"))?;
            store
                .teams()
                .add_member(&team, &counselor, from.unwrap_or(today))
                .with_context(|| format!("counselor '{counselor}' cannot join team '{team}'"))?;
            audit(
                &store,
                "cli.teams.join",
                &stored.jobcenter,
                format!("team.id={team} counselor.id={counselor}"),
            );
            println!("{counselor} joined {}", stored.name);
        }
        TeamsCommand::Leave { team, counselor, until } => {
            let (team, counselor) = ids(&team, &counselor)?;
            let store = open_store(settings)?;
            let (stored, _) = store.teams().get(&team).with_context(|| format!("unknown team '{team}'"))?;
            store
                .teams()
                .end_member(&team, &counselor, until.unwrap_or(today))
                .with_context(|| format!("counselor '{counselor}' is no member of team '{team}'"))?;
            audit(
                &store,
                "cli.teams.leave",
                &stored.jobcenter,
                format!("team.id={team} counselor.id={counselor}"),
            );
            println!("{counselor} left {}", stored.name);
        }
    }
    Ok(())
}
