//! Demo data: a realistic jobcenter to run and try the service against (`planner demo-data`).
//!
//! Loads Jobcenter København (00101) with 20 counselors, their working hours, five interview
//! offers of several types, contact groups and forms, and some bookings made through the same
//! store methods the SOAP operations use, and one person per role for the staff web app
//! (`demo/people.rs`). Running it again changes nothing and prints the same kind of summary. The CPR numbers used are fictitious test numbers.

mod people;

use anyhow::Context;
use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc, Weekday};
use serde_json::{json, Value};

use crate::domain::closing::{ClosedPart, ClosingDay, Recurrence};
use crate::domain::room::Room;
use crate::domain::team::Team;
use crate::domain::{
    CaseworkerId, ChangeFlags, ChangeRules, Channel, Counselor, CounselorId, Cpr, Eligibility, Interval,
    InterviewForm, JobCenterCode, LocalPeriod, Location, Offer, OfferId, Originator, SlotRules, TeamId,
    WeeklyHours, ZONE,
};
use crate::store::{RegisterRequest, ReserveRequest, Store};

/// The demo jobcenter's code.
pub const JOBCENTER: &str = "00101";
const NAMES: [(&str, &str); 20] = [
    ("Anne", "Jensen"),
    ("Mads", "Nielsen"),
    ("Sofie", "Hansen"),
    ("Lars", "Pedersen"),
    ("Mette", "Andersen"),
    ("Jonas", "Christensen"),
    ("Ida", "Larsen"),
    ("Peter", "Sørensen"),
    ("Camilla", "Rasmussen"),
    ("Henrik", "Jørgensen"),
    ("Louise", "Petersen"),
    ("Søren", "Madsen"),
    ("Maria", "Kristensen"),
    ("Thomas", "Olsen"),
    ("Julie", "Thomsen"),
    ("Rasmus", "Poulsen"),
    ("Line", "Johansen"),
    ("Mikkel", "Møller"),
    ("Karen", "Mortensen"),
    ("Anders", "Knudsen"),
];
/// Contact form codes used by the demo (STAR has not published its ids; these are ours).
const CONTACT_TYPES: [(i32, &str); 3] = [(1, "Personligt fremmøde"), (2, "Telefon"), (3, "Video")];
/// Contact groups used by the demo's search rules.
const CONTACT_GROUPS: [(i32, &str); 3] =
    [(1, "Dagpengemodtager"), (2, "Jobparat kontanthjælpsmodtager"), (3, "Sygedagpengemodtager")];

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

fn counselor(idx: usize) -> anyhow::Result<Counselor> {
    let (given, surname) = NAMES[idx];
    Ok(Counselor {
        id: CounselorId::parse(&format!("00000000-0000-4000-8000-{:012}", 101_000 + idx))?,
        caseworker: CaseworkerId::parse(&format!(
            "CVR:64942212-UUID:5e1c0000-0000-4000-8000-{:012}",
            idx + 1
        ))?,
        given_name: given.into(),
        middle_name: None,
        surname: surname.into(),
        email: format!("{}.{}@jobcenter.kk.dk", ascii_mail(given), ascii_mail(surname)),
        jobcenter: JobCenterCode::parse(JOBCENTER)?,
        active: true,
    })
}

fn weekly(idx: usize) -> anyhow::Result<WeeklyHours> {
    let mut entries = Vec::new();
    let days = if idx % 5 == 4 { 4 } else { 5 }; // every fifth counselor works four days
    for day in [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri].into_iter().take(days) {
        let end = if day == Weekday::Fri { t(13, 0) } else { t(15, 30) };
        entries.push((day, LocalPeriod::new(t(8, 30), t(12, 0))?));
        entries.push((day, LocalPeriod::new(t(12, 30), end)?));
    }
    Ok(WeeklyHours::new(entries)?)
}

struct OfferSpec {
    name: &'static str,
    interview_type: i32,
    form: InterviewForm,
    contact_types: &'static [i32],
    minutes: i64,
    buffer: i64,
    contact_groups: &'static [i32],
    counselors: std::ops::Range<usize>,
    compulsory: bool,
}

const OFFERS: [OfferSpec; 5] = [
    OfferSpec {
        name: "Jobsamtale",
        interview_type: 7,
        form: InterviewForm::Individual,
        contact_types: &[1, 2, 3],
        minutes: 45,
        buffer: 15,
        contact_groups: &[1, 2],
        counselors: 0..10,
        compulsory: true,
    },
    OfferSpec {
        name: "Opfølgningssamtale",
        interview_type: 4,
        form: InterviewForm::Individual,
        contact_types: &[1, 2],
        minutes: 30,
        buffer: 0,
        contact_groups: &[3],
        counselors: 10..16,
        compulsory: true,
    },
    OfferSpec {
        name: "CV-samtale",
        interview_type: 10,
        form: InterviewForm::Individual,
        contact_types: &[1, 3],
        minutes: 60,
        buffer: 15,
        contact_groups: &[1, 2, 3],
        counselors: 16..20,
        compulsory: false,
    },
    OfferSpec {
        name: "Informationsmøde",
        interview_type: 9,
        form: InterviewForm::Group { seats: 12 },
        contact_types: &[1],
        minutes: 90,
        buffer: 30,
        contact_groups: &[1, 2],
        counselors: 18..20,
        compulsory: true,
    },
    OfferSpec {
        name: "Rådighedssamtale",
        interview_type: 15,
        form: InterviewForm::Individual,
        contact_types: &[1, 2],
        minutes: 45,
        buffer: 15,
        contact_groups: &[1],
        counselors: 4..8,
        compulsory: true,
    },
];

fn offer(idx: usize, spec: &OfferSpec) -> anyhow::Result<Offer> {
    let counselors =
        spec.counselors.clone().map(|i| counselor(i).map(|c| c.id)).collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Offer {
        id: OfferId::parse(&format!("0ffe0000-0000-4000-8000-{:012}", idx + 1))?,
        jobcenter: JobCenterCode::parse(JOBCENTER)?,
        name: spec.name.into(),
        interview_type: spec.interview_type,
        form: spec.form,
        contact_types: spec.contact_types.to_vec(),
        location: Some(Location {
            description: Some("Jobcenter København, Kultorvet".into()),
            street_name: "Kultorvet".into(),
            building: "2".into(),
            floor: Some("ST".into()),
            suite: None,
            post_code: "1175".into(),
            district: "København K".into(),
        }),
        slots: SlotRules::new(
            Duration::minutes(spec.minutes),
            Duration::minutes(spec.buffer),
            Duration::hours(24),
            Duration::weeks(8),
            None,
            None,
        )?,
        changes: ChangeRules {
            rebook_possible: true,
            rebook_deadline_before: Some(Duration::hours(24)),
            cancel_possible: true,
            cancel_deadline_before: Some(Duration::hours(24)),
        },
        eligibility: Eligibility {
            contact_groups: spec.contact_groups.to_vec(),
            categories: vec![],
            person_groups: vec![],
        },
        compulsory: spec.compulsory,
        active: true,
        counselors,
    })
}

/// Demo CPR number `n` (fictitious; day 01-28 keeps it valid).
fn demo_cpr(n: usize) -> anyhow::Result<Cpr> {
    Ok(Cpr::parse(&format!("{:02}0{}85{:04}", 1 + n % 28, 1 + n % 9, 1000 + n))?)
}

/// Local Copenhagen time `h:m` on the `n`th weekday after `now`'s date.
fn weekday_at(now: DateTime<Utc>, n: i64, h: u32, m: u32) -> Option<DateTime<Utc>> {
    let mut date = now.with_timezone(&ZONE).date_naive();
    let mut left = n;
    // Holidays and customary closing days are not working days (the staff afternoon is).
    let closed = crate::domain::closing::ClosingCalendar::default();
    while left > 0 {
        date = date.succ_opt()?;
        if date.weekday().number_from_monday() <= 5 && closed.closures(date, date).is_empty() {
            left -= 1;
        }
    }
    ZONE.from_local_datetime(&date.and_time(t(h, m))).earliest().map(|d| d.with_timezone(&Utc))
}

fn seed(store: &Store, now: DateTime<Utc>) -> anyhow::Result<()> {
    let jobcenter = JobCenterCode::parse(JOBCENTER)?;
    store.upsert_jobcenter(&jobcenter, "Jobcenter København")?;
    store.closing().add(&jobcenter, staff_day(now)?, now)?;
    for idx in 0..NAMES.len() {
        let c = counselor(idx)?;
        store.create_counselor(&c)?;
        store.set_working_hours(&c.id, &weekly(idx)?)?;
    }
    for (idx, spec) in OFFERS.iter().enumerate() {
        store.create_offer(&offer(idx, spec)?, now)?;
    }
    // Two meeting rooms: the information meetings in the hall, the CV talks in either room.
    let mut room_ids = Vec::new();
    for (n, (name, capacity)) in ROOMS.iter().enumerate() {
        let room = Room {
            id: format!("500a0000-0000-4000-8000-{:012}", n + 1),
            jobcenter: jobcenter.clone(),
            name: (*name).into(),
            address: "Kultorvet 2, 1175 København K".into(),
            capacity: *capacity,
            active: true,
        };
        store.rooms().create(&room, now)?;
        room_ids.push(room.id);
    }
    store.rooms().set_offer_rooms(&offer(2, &OFFERS[2])?.id, &room_ids)?;
    store.rooms().set_offer_rooms(&offer(3, &OFFERS[3])?.id, &room_ids[..1])?;
    // Two teams: the first ten counselors in Team Nord, the rest in Team Syd.
    let today = now.with_timezone(&ZONE).date_naive();
    for (n, name) in TEAMS.iter().enumerate() {
        let team = Team {
            id: TeamId::parse(&format!("7ea70000-0000-4000-8000-{:012}", n + 1))?,
            jobcenter: jobcenter.clone(),
            name: (*name).into(),
        };
        store.teams().create(&team, now)?;
        for idx in (n * 10..(n + 1) * 10).filter(|i| *i < NAMES.len()) {
            store.teams().add_member(&team.id, &counselor(idx)?.id, today)?;
        }
    }
    let originator = Originator { code: 101, type_id: 8 };
    // Caseworker-system bookings: counselors 0-9, mornings of the next ten working days.
    for n in 0..30usize {
        let start = weekday_at(now, 1 + (n / 3) as i64, 9 + (n % 3) as u32, 0).context("demo date")?;
        let c = counselor(n % 10)?;
        store.register_booking(
            &RegisterRequest {
                id: crate::domain::BookingId::parse(&format!("b0000000-0000-4000-8000-{:012}", n + 1))?,
                cpr: demo_cpr(100 + n)?,
                jobcenter: jobcenter.clone(),
                caseworker: c.caseworker,
                interview_type: 7,
                form_type: 1,
                contact_type: 1,
                interval: Interval::new(start, start + Duration::minutes(45))?,
                changes: ChangeFlags::default(),
                compulsory: true,
                group_meeting: None,
                digital_link: None,
                channel: Channel::CaseworkerSystem,
                originator,
                registered_by: "demo".into(),
            },
            now,
        )?;
    }
    // A few self-bookings through reserve + confirm, on the first free times of "Jobsamtale".
    let jobsamtale = offer(0, &OFFERS[0])?;
    let window = Interval::new(now, now + Duration::weeks(2))?;
    for (n, time) in
        store.free_times(&jobsamtale.id, window, None, now)?.iter().step_by(7).take(5).enumerate()
    {
        let cpr = demo_cpr(200 + n)?;
        let caseworker = store.counselor(&time.counselor)?.caseworker;
        let held = store.reserve(
            &ReserveRequest {
                cpr: cpr.clone(),
                offer: Some(jobsamtale.id.clone()),
                caseworker,
                start: time.interval.start(),
                contact_type: Some(1),
                rebooking: None,
            },
            now,
        )?;
        store.confirm(&cpr, &held.id, originator, now)?;
    }
    Ok(())
}

/// The demo jobcenter's meeting rooms and their capacity.
const ROOMS: [(&str, u32); 2] = [("Salen", 20), ("Mødelokale 1", 6)];

/// The demo jobcenter's teams.
const TEAMS: [&str; 2] = ["Team Nord", "Team Syd"];

/// The demo jobcenter's own closing day: a staff afternoon (from 12:00) on the first Friday at
/// least three weeks ahead. Public holidays and the customary days need no data.
fn staff_day(now: DateTime<Utc>) -> anyhow::Result<ClosingDay> {
    let mut day = (now + Duration::days(21)).with_timezone(&crate::domain::ZONE).date_naive();
    while day.weekday() != Weekday::Fri {
        day = day.succ_opt().context("date out of range")?;
    }
    Ok(ClosingDay {
        id: String::new(),
        name: "Personaledag".into(),
        recurrence: Recurrence::Once(day),
        part: ClosedPart::new(NaiveTime::from_hms_opt(12, 0, 0), None)?,
    })
}

/// This year's and next year's closures of the demo jobcenter, for the summary.
fn closures(store: &Store, jobcenter: &JobCenterCode, now: DateTime<Utc>) -> anyhow::Result<Vec<Value>> {
    let year = now.with_timezone(&crate::domain::ZONE).year();
    let first = chrono::NaiveDate::from_ymd_opt(year, 1, 1).context("date out of range")?;
    let last = chrono::NaiveDate::from_ymd_opt(year + 1, 12, 31).context("date out of range")?;
    let calendar = store.closing().calendar(jobcenter)?;
    Ok(calendar
        .closures(first, last)
        .iter()
        .filter(|c| c.date >= now.with_timezone(&crate::domain::ZONE).date_naive())
        .take(12)
        .map(|c| json!({"date": c.date.to_string(), "name": c.name, "source": c.source.as_str()}))
        .collect())
}

/// Loads the demo jobcenter (once) and returns what a client needs to call the service.
pub fn load(store: &Store, now: DateTime<Utc>) -> anyhow::Result<Value> {
    let jobcenter = JobCenterCode::parse(JOBCENTER)?;
    let loaded = store.counselor(&counselor(0)?.id).is_ok();
    if !loaded {
        seed(store, now).context("loading demo data")?;
    }
    let people = people::seed(store, &jobcenter, now).context("loading the demo people")?;
    let offers = store.offers_of_jobcenter(&jobcenter)?;
    let mut offer_list = Vec::new();
    for offer in &offers {
        let counselors = store.counselors_of_offer(&offer.id)?;
        offer_list.push(json!({
            "id": offer.id.as_str(),
            "name": offer.name,
            "interview_type": offer.interview_type,
            "form_type": offer.form.code(),
            "seats": offer.form.seats(),
            "contact_types": offer.contact_types,
            "contact_groups": offer.eligibility.contact_groups,
            "duration_minutes": offer.slots.duration.num_minutes(),
            "caseworker_ids": counselors.iter().map(|c| c.caseworker.as_str()).collect::<Vec<_>>(),
        }));
    }
    let counselors = (0..NAMES.len())
        .map(|i| counselor(i).map(|c| json!({"caseworker_id": c.caseworker.as_str(), "name": format!("{} {}", c.given_name, c.surname), "email": c.email})))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(json!({
        "jobcenters": [{"code": JOBCENTER, "name": "Jobcenter København"}],
        "offers": offer_list,
        "counselors": counselors,
        "contact_types": CONTACT_TYPES.iter().map(|(c, n)| json!({"code": c, "name": n})).collect::<Vec<_>>(),
        "contact_groups": CONTACT_GROUPS.iter().map(|(c, n)| json!({"code": c, "name": n})).collect::<Vec<_>>(),
        "rooms": store.rooms().of_jobcenter(&jobcenter)?.iter().map(|r| json!({"id": r.id, "name": r.name, "capacity": r.capacity})).collect::<Vec<_>>(),
        "teams": store.teams().of_jobcenter(&jobcenter)?.iter().map(|(t, m)| json!({"id": t.id.as_str(), "name": t.name, "members": m.iter().filter(|m| m.until.is_none()).count()})).collect::<Vec<_>>(),
        "next_closed_days": closures(store, &jobcenter, now)?,
        "web_app": {
            "people": people,
            "password": people::PASSWORD,
            "authenticator_key": people::TOTP_KEY,
        },
        "sample_citizen_cprs": (0..3).map(|n| demo_cpr(300 + n).map(|c| c.expose_for_admin().to_owned())).collect::<anyhow::Result<Vec<_>>>()?,
    }))
}

/// A name as it appears in a mail address: lower case, Danish letters spelled out.
fn ascii_mail(name: &str) -> String {
    name.to_lowercase().replace('ø', "oe").replace('æ', "ae").replace('å', "aa")
}
