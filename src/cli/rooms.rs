//! `planner rooms list|add|close|offer` and `planner interview-types list|set`: meeting rooms
//! and interview type rules from the command line, with the rules of `/admin/v1/rooms` and
//! `/admin/v1/interview-types`.

use anyhow::Context;
use chrono::{DateTime, FixedOffset, Utc};
use clap::Subcommand;

use super::open_store;
use super::operators::audit;
use crate::config::Settings;
use crate::domain::room::Room;
use crate::domain::type_rules::{ContactRequirement, TypeRule};
use crate::domain::{Interval, JobCenterCode, OfferId};

/// `planner rooms ...`
#[derive(Debug, Subcommand)]
pub enum RoomsCommand {
    /// Print a jobcenter's rooms: id, name, capacity, address.
    List {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
    },
    /// Create a room; prints its id.
    Add {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
        /// The name, unique in the jobcenter.
        #[arg(long)]
        name: String,
        /// The address.
        #[arg(long)]
        address: String,
        /// Citizens' seats.
        #[arg(long)]
        capacity: u32,
    },
    /// Close a room for a period (works on it).
    Close {
        /// The room's id.
        room: String,
        /// From (RFC 3339).
        #[arg(long)]
        from: DateTime<FixedOffset>,
        /// To (RFC 3339).
        #[arg(long)]
        to: DateTime<FixedOffset>,
        /// Why.
        #[arg(long)]
        note: Option<String>,
    },
    /// Set the rooms an offer draws from (none: the offer needs no room).
    Offer {
        /// The offer's id.
        offer: String,
        /// Room ids.
        rooms: Vec<String>,
    },
}

/// `planner interview-types ...`
#[derive(Debug, Subcommand)]
pub enum TypeRulesCommand {
    /// Print a jobcenter's interview type rules.
    List {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
    },
    /// Set one interview type's rule.
    Set {
        /// Jobcenter code.
        #[arg(long)]
        jobcenter: String,
        /// The InterviewTypeIdentifier.
        interview_type: i32,
        /// Not offered for new summons or self-booking.
        #[arg(long)]
        no_show_follow_up: bool,
        /// Contact data a summons must carry: none, email, phone or email_or_phone.
        #[arg(long, default_value = "none")]
        requires_contact: String,
    },
}

fn jobcenter(code: &str) -> anyhow::Result<JobCenterCode> {
    JobCenterCode::parse(code).with_context(|| format!("invalid jobcenter '{code}'"))
}

/// Runs one rooms subcommand.
pub fn rooms(settings: &Settings, command: RoomsCommand) -> anyhow::Result<()> {
    match command {
        RoomsCommand::List { jobcenter: code } => {
            let code = jobcenter(&code)?;
            let store = open_store(settings)?;
            for room in store.rooms().of_jobcenter(&code)? {
                println!("{}\t{}\t{}\t{}", room.id, room.name, room.capacity, room.address);
            }
        }
        RoomsCommand::Add { jobcenter: code, name, address, capacity } => {
            let room = Room {
                id: uuid::Uuid::new_v4().to_string(),
                jobcenter: jobcenter(&code)?,
                name,
                address,
                capacity,
                active: true,
            };
            room.validate().context("invalid room")?;
            let store = open_store(settings)?;
            store
                .rooms()
                .create(&room, Utc::now())
                .with_context(|| format!("cannot create room '{}'", room.name))?;
            audit(&store, "cli.rooms.add", &room.jobcenter, format!("room.id={}", room.id));
            println!("{}", room.id);
        }
        RoomsCommand::Close { room, from, to, note } => {
            let period = Interval::new(from.with_timezone(&Utc), to.with_timezone(&Utc))
                .map_err(|_| anyhow::anyhow!("invalid --to: it must be after --from"))?;
            let store = open_store(settings)?;
            let stored = store.rooms().get(&room).with_context(|| format!("unknown room '{room}'"))?;
            let id = store.rooms().close(&room, period, note.as_deref())?;
            audit(&store, "cli.rooms.close", &stored.jobcenter, format!("room.id={room}"));
            println!("{id}");
        }
        RoomsCommand::Offer { offer, rooms } => {
            let id = OfferId::parse(&offer).with_context(|| format!("invalid offer id '{offer}'"))?;
            let store = open_store(settings)?;
            let stored = store.offer(&id).with_context(|| format!("unknown offer '{offer}'"))?;
            store
                .rooms()
                .set_offer_rooms(&id, &rooms)
                .context("every room must exist and belong to the offer's jobcenter")?;
            audit(&store, "cli.rooms.offer", &stored.jobcenter, format!("offer.id={offer}"));
            println!("{offer}: {} room(s)", rooms.len());
        }
    }
    Ok(())
}

/// Runs one interview-types subcommand.
pub fn type_rules(settings: &Settings, command: TypeRulesCommand) -> anyhow::Result<()> {
    match command {
        TypeRulesCommand::List { jobcenter: code } => {
            let code = jobcenter(&code)?;
            let store = open_store(settings)?;
            for rule in store.type_rules().of_jobcenter(&code)? {
                let follow_up = if rule.no_show_follow_up { "no-show-follow-up" } else { "-" };
                println!("{}\t{follow_up}\t{}", rule.interview_type, rule.requires_contact.as_str());
            }
        }
        TypeRulesCommand::Set { jobcenter: code, interview_type, no_show_follow_up, requires_contact } => {
            let code = jobcenter(&code)?;
            anyhow::ensure!(
                interview_type > 0,
                "invalid interview type {interview_type}; use a positive number"
            );
            let requires_contact = ContactRequirement::parse(&requires_contact).map_err(|_| {
                anyhow::anyhow!("invalid --requires-contact '{requires_contact}'; use none, email, phone or email_or_phone")
            })?;
            let store = open_store(settings)?;
            store
                .type_rules()
                .set(&code, &TypeRule { interview_type, no_show_follow_up, requires_contact })?;
            audit(&store, "cli.interview_types.set", &code, format!("interview_type={interview_type}"));
            println!("{interview_type}: {}", requires_contact.as_str());
        }
    }
    Ok(())
}
