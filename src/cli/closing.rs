//! `planner closing-days list|add|delete|customary|to-move`: a jobcenter's closing calendar
//! from the command line, with the same rules and answers as `/admin/v1/closing-days`. A closing
//! day added over bookings prints them; none is cancelled.

use anyhow::Context;
use chrono::{Datelike, NaiveDate, Utc};
use clap::Subcommand;

use super::open_store;
use super::operators::audit;
use crate::admin::closing_days::{parse_day, CreateClosingDay};
use crate::config::Settings;
use crate::domain::closing::CUSTOMARY;
use crate::domain::{Booking, JobCenterCode, ZONE};

/// `planner closing-days ...`
#[derive(Debug, Subcommand)]
pub enum ClosingCommand {
    /// Print a year's closed days: public holidays, customary days, the jobcenter's own.
    List {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
        /// The year (this year when left out).
        #[arg(long)]
        year: Option<i32>,
    },
    /// Add one of the jobcenter's own closing days (exactly one of --date, --yearly, --easter-offset).
    Add {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
        /// What staff see.
        #[arg(long)]
        name: String,
        /// One date, YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
        /// Every year on MM-DD.
        #[arg(long)]
        yearly: Option<String>,
        /// Every year this many days after Easter Sunday (negative: before).
        #[arg(long, allow_negative_numbers = true)]
        easter_offset: Option<i32>,
        /// Closed from HH:MM (from midnight when left out).
        #[arg(long)]
        from: Option<String>,
        /// Closed until HH:MM (until midnight when left out).
        #[arg(long)]
        until: Option<String>,
    },
    /// Delete one of the jobcenter's own closing days.
    Delete {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
        /// The closing day's id (see `list`).
        id: String,
    },
    /// Keep a customary closing day closed (`--closed`) or open it (`--open`).
    Customary {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
        /// The day's key: grundlovsdag, juleaftensdag, nytaarsaftensdag, fredag-efter-kristi-himmelfart.
        key: String,
        /// Open the day.
        #[arg(long, conflicts_with = "closed", required_unless_present = "closed")]
        open: bool,
        /// Close the day (the default).
        #[arg(long)]
        closed: bool,
    },
    /// Print the bookings on a holiday or closing day, for staff to move.
    ToMove {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
    },
}

fn jobcenter(code: &str) -> anyhow::Result<JobCenterCode> {
    JobCenterCode::parse(code).map_err(|e| anyhow::anyhow!("invalid jobcenter '{code}': {e}"))
}

fn print_bookings(bookings: &[Booking]) {
    for booking in bookings {
        let start = booking.interval.start().with_timezone(&ZONE);
        println!(
            "{}\t{}\t{}",
            booking.id.as_str(),
            start.format("%Y-%m-%d %H:%M"),
            booking.counselor.as_str()
        );
    }
}

/// Runs one closing-days subcommand.
pub fn run(settings: &Settings, command: ClosingCommand) -> anyhow::Result<()> {
    let now = Utc::now();
    match command {
        ClosingCommand::List { jobcenter: code, year } => {
            let code = jobcenter(&code)?;
            let year = year.unwrap_or_else(|| now.with_timezone(&ZONE).year());
            let (first, last) = NaiveDate::from_ymd_opt(year, 1, 1)
                .zip(NaiveDate::from_ymd_opt(year, 12, 31))
                .context("the year is out of range")?;
            let store = open_store(settings)?;
            let calendar = store.closing().calendar(&code)?;
            for closure in calendar.closures(first, last) {
                let part = match (closure.part.from(), closure.part.until()) {
                    (None, None) => "whole day".to_owned(),
                    (from, until) => format!(
                        "{}-{}",
                        from.map_or("00:00".into(), |t| t.format("%H:%M").to_string()),
                        until.map_or("24:00".into(), |t| t.format("%H:%M").to_string())
                    ),
                };
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    closure.date,
                    closure.source.as_str(),
                    closure.key,
                    part,
                    closure.name
                );
            }
            for day in CUSTOMARY.iter().filter(|c| calendar.customary_off.contains(c.key)) {
                println!("open\tcustomary\t{}\t\t{}", day.key, day.name);
            }
        }
        ClosingCommand::Add { jobcenter: code, name, date, yearly, easter_offset, from, until } => {
            let body =
                CreateClosingDay { jobcenter: code.clone(), name, date, yearly, easter_offset, from, until };
            let day = parse_day(&body).map_err(|problem| anyhow::anyhow!("{problem}"))?;
            let code = jobcenter(&code)?;
            let store = open_store(settings)?;
            let (day, affected) = store.closing().add(&code, day, now)?;
            audit(&store, "cli.closing_days.add", &code, format!("closing_day.id={}", day.id));
            println!("added closing day {} ({})", day.id, day.name);
            if !affected.is_empty() {
                println!("{} booking(s) on it, none cancelled; move them:", affected.len());
                print_bookings(&affected);
            }
        }
        ClosingCommand::Delete { jobcenter: code, id } => {
            let code = jobcenter(&code)?;
            let store = open_store(settings)?;
            store
                .closing()
                .delete(&code, &id)
                .with_context(|| format!("cannot delete closing day '{id}'"))?;
            audit(&store, "cli.closing_days.delete", &code, format!("closing_day.id={id}"));
            println!("deleted closing day {id}");
        }
        ClosingCommand::Customary { jobcenter: code, key, open, closed: _ } => {
            let code = jobcenter(&code)?;
            let store = open_store(settings)?;
            let affected = store
                .closing()
                .set_customary(&code, &key, !open, now)
                .with_context(|| format!("no customary closing day '{key}'"))?;
            audit(&store, "cli.closing_days.customary", &code, format!("closing_day.key={key}"));
            println!("{key}: {}", if open { "open" } else { "closed" });
            if !affected.is_empty() {
                println!("{} booking(s) on closed time, none cancelled; move them:", affected.len());
                print_bookings(&affected);
            }
        }
        ClosingCommand::ToMove { jobcenter: code } => {
            let code = jobcenter(&code)?;
            let store = open_store(settings)?;
            print_bookings(&store.closing().bookings_to_move(&code, now)?);
        }
    }
    Ok(())
}
