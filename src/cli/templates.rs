//! `planner templates list|add|delete` and `planner counselors attributes`: summons templates
//! and counselors' attributes from the command line, with the rules of
//! `/admin/v1/summons-templates` and `/admin/v1/counselors/{id}/attributes`. A bulk summons
//! starts from a template with `planner summons batch --template ID`.

use anyhow::Context;
use chrono::Utc;
use clap::Subcommand;

use super::open_store;
use super::operators::audit;
use crate::config::Settings;
use crate::domain::summons::Strategy;
use crate::domain::templates::{SummonsTemplate, TemplateOffer};
use crate::domain::{CaseworkerId, CounselorId, JobCenterCode, OfferId, TeamId};
use crate::store::CounselorAttributes;

/// `planner templates ...`
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Print a jobcenter's summons templates: id, name, offer or type, window.
    List {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
    },
    /// Create a summons template; prints its id.
    Add(AddTemplate),
    /// Delete a template (summons made from it stay).
    Delete {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
        /// The template's id.
        id: String,
    },
}

/// `planner templates add` options.
#[derive(Debug, clap::Args)]
pub struct AddTemplate {
    /// Jobcenter code.
    #[arg(long)]
    jobcenter: String,
    /// The name, unique in the jobcenter.
    #[arg(long)]
    name: String,
    /// The offer (or give --interview-type).
    #[arg(long, conflicts_with = "interview_type", required_unless_present = "interview_type")]
    offer: Option<String>,
    /// The interview type: the jobcenter's active offer of it when summoning.
    #[arg(long)]
    interview_type: Option<i32>,
    /// A team (or give --pool).
    #[arg(long, conflicts_with = "pool")]
    team: Option<String>,
    /// Caseworker ids to fill.
    #[arg(long, num_args = 1..)]
    pool: Vec<String>,
    /// The window starts this many days after the summons day.
    #[arg(long, default_value_t = 1)]
    window_start_days: u32,
    /// The window lasts this many days.
    #[arg(long)]
    window_days: u32,
    /// `earliest` or `spread`.
    #[arg(long, default_value = "earliest")]
    strategy: String,
    /// Citizens may rebook until this many hours before.
    #[arg(long)]
    rebook_before: Option<i64>,
    /// Citizens may cancel until this many hours before.
    #[arg(long)]
    cancel_before: Option<i64>,
}

fn jobcenter(code: &str) -> anyhow::Result<JobCenterCode> {
    JobCenterCode::parse(code).with_context(|| format!("invalid jobcenter '{code}'"))
}

fn template(args: AddTemplate) -> anyhow::Result<SummonsTemplate> {
    let offer = match (&args.offer, args.interview_type) {
        (Some(offer), _) => {
            TemplateOffer::Offer(OfferId::parse(offer).with_context(|| format!("invalid --offer '{offer}'"))?)
        }
        (None, Some(t)) => TemplateOffer::InterviewType(t),
        (None, None) => anyhow::bail!("give --offer or --interview-type"),
    };
    let template = SummonsTemplate {
        id: uuid::Uuid::new_v4().to_string(),
        jobcenter: jobcenter(&args.jobcenter)?,
        name: args.name,
        offer,
        team: args.team.as_deref().map(TeamId::parse).transpose().context("invalid --team")?,
        pool: args
            .pool
            .iter()
            .map(|c| CaseworkerId::parse(c))
            .collect::<Result<_, _>>()
            .context("invalid --pool")?,
        window_start_days: args.window_start_days,
        window_days: args.window_days,
        strategy: Strategy::parse(&args.strategy)
            .map_err(|_| anyhow::anyhow!("invalid --strategy; use earliest or spread"))?,
        rebook_before_hours: args.rebook_before,
        cancel_before_hours: args.cancel_before,
    };
    template.validate().context("invalid template")?;
    Ok(template)
}

/// Runs one templates subcommand.
pub fn run(settings: &Settings, command: TemplatesCommand) -> anyhow::Result<()> {
    match command {
        TemplatesCommand::List { jobcenter: code } => {
            let code = jobcenter(&code)?;
            let store = open_store(settings)?;
            for t in store.templates().of_jobcenter(&code)? {
                let offer = match &t.offer {
                    TemplateOffer::Offer(offer) => format!("offer {offer}"),
                    TemplateOffer::InterviewType(n) => format!("type {n}"),
                };
                println!(
                    "{}\t{}\t{offer}\t+{} days, {} days",
                    t.id, t.name, t.window_start_days, t.window_days
                );
            }
        }
        TemplatesCommand::Add(args) => {
            let template = template(args)?;
            let store = open_store(settings)?;
            store
                .templates()
                .save(&template, Utc::now())
                .with_context(|| format!("cannot create template '{}'", template.name))?;
            audit(&store, "cli.templates.add", &template.jobcenter, format!("template.id={}", template.id));
            println!("{}", template.id);
        }
        TemplatesCommand::Delete { jobcenter: code, id } => {
            let code = jobcenter(&code)?;
            let store = open_store(settings)?;
            store.templates().delete(&code, &id).with_context(|| format!("no template '{id}' in {code}"))?;
            audit(&store, "cli.templates.delete", &code, format!("template.id={id}"));
            println!("deleted template {id}");
        }
    }
    Ok(())
}

/// `planner counselors attributes ID [--self-booking BOOL] [--summons BOOL] [--competency C]...`:
/// prints the attributes, changed first when any option is given.
pub fn attributes(
    settings: &Settings,
    id: &str,
    self_booking: Option<bool>,
    summons: Option<bool>,
    competencies: Option<Vec<String>>,
) -> anyhow::Result<()> {
    let id = CounselorId::parse(id).with_context(|| format!("invalid counselor id '{id}'"))?;
    let store = open_store(settings)?;
    let counselor = store.counselor(&id).with_context(|| format!("unknown counselor '{id}'"))?;
    let mut current = store.attributes().of(&id)?;
    if self_booking.is_some() || summons.is_some() || competencies.is_some() {
        current = CounselorAttributes {
            self_booking: self_booking.unwrap_or(current.self_booking),
            summons: summons.unwrap_or(current.summons),
            competencies: competencies.map(|c| c.into_iter().collect()).unwrap_or(current.competencies),
        };
        store
            .attributes()
            .set(&id, &current)
            .context("invalid --competency: each 1-50 characters, at most 50")?;
        audit(&store, "cli.counselors.attributes", &counselor.jobcenter, format!("counselor.id={id}"));
    }
    println!("self_booking={} summons={}", current.self_booking, current.summons);
    for competency in &current.competencies {
        println!("competency {competency}");
    }
    Ok(())
}
