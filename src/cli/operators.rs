//! Operator commands, the admin API's operations through the library rather than over HTTP:
//! `planner counselors list|add|hours`, `planner offers list|add|deactivate` and
//! `planner report bookings`.
//!
//! Arguments are parsed into domain types before the database is opened, so a typo fails with
//! one line and touches nothing. Every change writes an audit row with the caller
//! `cli:<user>` (the `USER` environment variable), like an admin call does.

use anyhow::{bail, Context};
use chrono::{Duration, NaiveDate, NaiveTime, Utc, Weekday};
use clap::Subcommand;

use super::open_store;
use crate::config::Settings;
use crate::domain::{
    CaseworkerId, ChangeRules, Counselor, CounselorId, Eligibility, InterviewForm, JobCenterCode,
    LocalPeriod, Offer, OfferId, SlotRules, WeeklyHours,
};
use crate::store::{days_period, report_csv, AuditEntry, ReportGroup, Store};

/// `planner counselors ...`
#[derive(Debug, Subcommand)]
pub enum CounselorsCommand {
    /// Print a jobcenter's counselors.
    List {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
    },
    /// Create a counselor.
    Add {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
        /// CaseWorkerIdentifier (RID).
        #[arg(long)]
        caseworker_id: String,
        /// Given name.
        #[arg(long)]
        given_name: String,
        /// Surname.
        #[arg(long)]
        surname: String,
        /// E-mail (the calendar resource).
        #[arg(long)]
        email: String,
    },
    /// Print a counselor's attributes (self-booking, summons, competencies), or change them.
    Attributes {
        /// The counselor id.
        id: String,
        /// Holds self-booking times (true/false).
        #[arg(long)]
        self_booking: Option<bool>,
        /// May be given summons (true/false).
        #[arg(long)]
        summons: Option<bool>,
        /// Competencies; replaces them all (give `--competency` with no value to clear).
        #[arg(long = "competency", num_args = 0..)]
        competencies: Option<Vec<String>>,
    },
    /// Print a counselor's weekly hours and breaks, or replace them with `--set` (and `--break`).
    Hours {
        /// The counselor id.
        id: String,
        /// Periods such as `mon 08:00-12:00`; repeat for each period. Replaces the whole week.
        #[arg(long = "set", value_name = "DAY HH:MM-HH:MM")]
        set: Vec<String>,
        /// Breaks (pauser) such as `mon 12:00-12:30`, taken out of the periods given with `--set`.
        #[arg(long = "break", value_name = "DAY HH:MM-HH:MM", requires = "set")]
        breaks: Vec<String>,
    },
}

/// `planner offers ...`
#[derive(Debug, Subcommand)]
pub enum OffersCommand {
    /// Print a jobcenter's offers.
    List {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
    },
    /// Create an individual offer (or a group offer with `--seats`).
    Add {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
        /// Short name.
        #[arg(long)]
        name: String,
        /// InterviewTypeIdentifier.
        #[arg(long, default_value_t = 7)]
        interview_type: i32,
        /// Meeting length in minutes.
        #[arg(long, default_value_t = 45)]
        duration: i64,
        /// Free minutes after each meeting.
        #[arg(long, default_value_t = 15)]
        buffer: i64,
        /// Minimum notice in minutes.
        #[arg(long, default_value_t = 60)]
        notice: i64,
        /// How many days ahead times are offered.
        #[arg(long, default_value_t = 21)]
        horizon_days: i64,
        /// Seats: makes it a group offer.
        #[arg(long)]
        seats: Option<u32>,
        /// Allowed contact types.
        #[arg(long = "contact-type", default_values_t = [1])]
        contact_types: Vec<i32>,
        /// Counselor ids (at least one).
        #[arg(long = "counselor", required = true, num_args = 1..)]
        counselors: Vec<String>,
    },
    /// Hide an offer from now on (bookings stay).
    Deactivate {
        /// The offer id.
        id: String,
    },
}

/// `planner report ...`
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Booking counts per day, offer, counselor or channel over a period of local dates.
    Bookings {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
        /// First date, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// Last date (included), YYYY-MM-DD.
        #[arg(long)]
        to: String,
        /// `day`, `offer`, `counselor` or `channel`.
        #[arg(long, default_value = "day")]
        group_by: String,
        /// Print CSV instead of a table.
        #[arg(long)]
        csv: bool,
    },
}

fn jobcenter(code: &str) -> anyhow::Result<JobCenterCode> {
    JobCenterCode::parse(code)
        .map_err(|_| anyhow::anyhow!("invalid jobcenter code '{code}'; use 5 digits such as '00101'"))
}

fn counselor_id(text: &str) -> anyhow::Result<CounselorId> {
    CounselorId::parse(text)
        .map_err(|_| anyhow::anyhow!("invalid counselor id '{text}'; see 'planner counselors list'"))
}

pub(super) fn audit(store: &Store, operation: &str, jobcenter: &JobCenterCode, detail: String) {
    let user = std::env::var("USER").unwrap_or_else(|_| "operator".to_owned());
    let entry = AuditEntry {
        correlation_id: uuid::Uuid::new_v4().to_string(),
        caller: format!("cli:{user}"),
        request_user: None,
        operation: operation.to_owned(),
        jobcenter: Some(jobcenter.as_str().to_owned()),
        outcome: "ok".to_owned(),
        detail: Some(detail),
    };
    if let Err(error) = store.append_audit(&entry, Utc::now()) {
        log::error!("audit write failed: {error}");
    }
}

/// Parses `mon 08:00-12:00`.
fn period(text: &str) -> anyhow::Result<(Weekday, LocalPeriod)> {
    let fail = || anyhow::anyhow!("invalid period '{text}'; use 'mon 08:00-12:00'");
    let (day, times) = text.trim().split_once(' ').ok_or_else(fail)?;
    let day: Weekday = day.parse().map_err(|_| fail())?;
    let (start, end) = times.trim().split_once('-').ok_or_else(fail)?;
    let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|_| fail());
    let period = LocalPeriod::new(time(start)?, time(end)?)
        .map_err(|_| anyhow::anyhow!("invalid period '{text}'; the end must be after the start"))?;
    Ok((day, period))
}

/// Runs `planner counselors ...`.
pub fn counselors(settings: &Settings, command: CounselorsCommand) -> anyhow::Result<()> {
    match command {
        CounselorsCommand::List { jobcenter: code } => {
            let code = jobcenter(&code)?;
            let store = open_store(settings)?;
            for c in store.counselors_of_jobcenter(&code).context("cannot read the counselors")? {
                let state = if c.active { "active" } else { "inactive" };
                println!("{}\t{}\t{} {}\t{}\t{state}", c.id, c.caseworker, c.given_name, c.surname, c.email);
            }
        }
        CounselorsCommand::Add { jobcenter: code, caseworker_id, given_name, surname, email } => {
            let counselor = Counselor {
                id: CounselorId::from_generated(&uuid::Uuid::new_v4().to_string())?,
                caseworker: CaseworkerId::parse(&caseworker_id)
                    .map_err(|e| anyhow::anyhow!("invalid --caseworker-id: {e}"))?,
                given_name,
                middle_name: None,
                surname,
                email,
                jobcenter: jobcenter(&code)?,
                active: true,
            };
            counselor.validate().map_err(|e| anyhow::anyhow!("invalid counselor: {e}"))?;
            let store = open_store(settings)?;
            store.create_counselor(&counselor).with_context(|| {
                format!("cannot create the counselor (is jobcenter '{code}' known and the e-mail unused?)")
            })?;
            audit(
                &store,
                "cli.counselors.add",
                &counselor.jobcenter,
                format!("counselor.id={}", counselor.id),
            );
            println!("{}", counselor.id);
        }
        CounselorsCommand::Attributes { id, self_booking, summons, competencies } => {
            return super::templates::attributes(settings, &id, self_booking, summons, competencies);
        }
        CounselorsCommand::Hours { id, set, breaks } => {
            let id = counselor_id(&id)?;
            let week = if set.is_empty() {
                None
            } else {
                let entries = set.iter().map(|p| period(p)).collect::<anyhow::Result<Vec<_>>>()?;
                for (later, (day, p)) in entries.iter().enumerate() {
                    let overlaps = entries[..later]
                        .iter()
                        .any(|(d, q)| d == day && q.start() < p.end() && p.start() < q.end());
                    if overlaps {
                        bail!("invalid --set '{}'; it overlaps another period of the same day", set[later]);
                    }
                }
                let week = WeeklyHours::new(entries).map_err(|e| anyhow::anyhow!("invalid --set: {e}"))?;
                let pauses = breaks.iter().map(|p| period(p)).collect::<anyhow::Result<Vec<_>>>()?;
                Some(week.without_breaks(&pauses).map_err(|index| {
                    anyhow::anyhow!(
                        "invalid --break '{}'; it must lie within that day's working hours",
                        breaks[index]
                    )
                })?)
            };
            let store = open_store(settings)?;
            if let Some(week) = &week {
                let counselor = store.counselor(&id).with_context(|| format!("unknown counselor '{id}'"))?;
                store.set_working_hours(&id, week).context("cannot store the working hours")?;
                audit(&store, "cli.counselors.hours", &counselor.jobcenter, format!("counselor.id={id}"));
            }
            let week = store.working_hours(&id).with_context(|| format!("unknown counselor '{id}'"))?;
            for day in [
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
                Weekday::Sat,
                Weekday::Sun,
            ] {
                for p in week.periods(day) {
                    println!(
                        "{} {}-{}",
                        day.to_string().to_lowercase(),
                        p.start().format("%H:%M"),
                        p.end().format("%H:%M")
                    );
                }
            }
            for (day, p) in week.breaks() {
                println!(
                    "break {} {}-{}",
                    day.to_string().to_lowercase(),
                    p.start().format("%H:%M"),
                    p.end().format("%H:%M")
                );
            }
        }
    }
    Ok(())
}

/// Runs `planner offers ...`.
pub fn offers(settings: &Settings, command: OffersCommand) -> anyhow::Result<()> {
    match command {
        OffersCommand::List { jobcenter: code } => {
            let code = jobcenter(&code)?;
            let store = open_store(settings)?;
            for o in store.offers_of_jobcenter(&code).context("cannot read the offers")? {
                let state = if o.active { "active" } else { "inactive" };
                let seats =
                    o.form.seats().map(|s| format!("group of {s}")).unwrap_or_else(|| "individual".into());
                let minutes = o.slots.duration.num_minutes();
                println!(
                    "{}\t{}\t{seats}\t{minutes} min\t{} counselors\t{state}",
                    o.id,
                    o.name,
                    o.counselors.len()
                );
            }
        }
        OffersCommand::Add {
            jobcenter: code,
            name,
            interview_type,
            duration,
            buffer,
            notice,
            horizon_days,
            seats,
            contact_types,
            counselors,
        } => {
            let offer = Offer {
                id: OfferId::from_generated(&uuid::Uuid::new_v4().to_string())?,
                jobcenter: jobcenter(&code)?,
                name,
                interview_type,
                form: seats.map_or(InterviewForm::Individual, |seats| InterviewForm::Group { seats }),
                contact_types,
                location: None,
                slots: SlotRules::new(
                    Duration::minutes(duration),
                    Duration::minutes(buffer),
                    Duration::minutes(notice),
                    Duration::days(horizon_days),
                    None,
                    None,
                )
                .map_err(|e| anyhow::anyhow!("invalid offer: {e}"))?,
                changes: ChangeRules::default(),
                eligibility: Eligibility::default(),
                compulsory: true,
                active: true,
                counselors: counselors.iter().map(|c| counselor_id(c)).collect::<anyhow::Result<_>>()?,
            };
            offer.validate().map_err(|e| anyhow::anyhow!("invalid offer: {e}"))?;
            let store = open_store(settings)?;
            store.create_offer(&offer, Utc::now()).with_context(|| {
                format!("cannot create the offer (do all counselors exist in jobcenter '{code}'?)")
            })?;
            audit(&store, "cli.offers.add", &offer.jobcenter, format!("offer.id={}", offer.id));
            println!("{}", offer.id);
        }
        OffersCommand::Deactivate { id } => {
            let id = OfferId::parse(&id)
                .map_err(|_| anyhow::anyhow!("invalid offer id '{id}'; see 'planner offers list'"))?;
            let store = open_store(settings)?;
            let offer =
                store.deactivate_offer(&id).with_context(|| format!("cannot deactivate offer '{id}'"))?;
            audit(&store, "cli.offers.deactivate", &offer.jobcenter, format!("offer.id={id}"));
            println!("deactivated {id}");
        }
    }
    Ok(())
}

/// Runs `planner report ...`.
pub fn report(settings: &Settings, command: ReportCommand) -> anyhow::Result<()> {
    let ReportCommand::Bookings { jobcenter: code, from, to, group_by, csv } = command;
    let code = jobcenter(&code)?;
    let date = |flag: &str, text: &str| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| anyhow::anyhow!("invalid --{flag} '{text}'; use a date such as 2026-03-01"))
    };
    let period = days_period(date("from", &from)?, date("to", &to)?)
        .map_err(|_| anyhow::anyhow!("--to '{to}' is before --from '{from}'"))?;
    let Some(group) = ReportGroup::parse(&group_by) else {
        bail!("invalid --group-by '{group_by}'; use day, offer, counselor or channel");
    };
    let store = open_store(settings)?;
    let lines = store.booking_report(&code, period, group).context("cannot read the bookings")?;
    if csv {
        print!("{}", report_csv(group, &lines));
        return Ok(());
    }
    println!(
        "{:<38} {:>6} {:>6} {:>9} {:>7} {:>9} {:>6}",
        group_by, "total", "booked", "completed", "no_show", "cancelled", "lapsed"
    );
    for l in &lines {
        println!(
            "{:<38} {:>6} {:>6} {:>9} {:>7} {:>9} {:>6}",
            l.key, l.total, l.booked, l.completed, l.no_show, l.cancelled, l.lapsed
        );
    }
    let total: i64 = lines.iter().map(|l| l.total).sum();
    println!("{:<38} {total:>6}", "all");
    Ok(())
}
