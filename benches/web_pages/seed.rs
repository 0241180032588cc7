//! The benchmark's data: one jobcenter, one team of 20 counselors working Monday-Friday
//! 08:00-16:00, the standard 45 + 15 minute offer, busy time (manual with a note, and from
//! calendar sync) at noon on every workday of the two weeks around "now", and 5,000 bookings
//! placed by one bulk summons spread evenly over the eight weeks around "now" (so they are real
//! bookings with occupancy, outbox rows and a batch report). The meetings that have begun by
//! "now" in those two weeks are marked held (two in three) or no-show, as staff would have.
//! Every instant is fixed: the summons runs at [`SUMMONED_AT`], the web app's clock is [`now`].

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use planner::domain::people::{Cluster, Email, Grant, Role};
use planner::domain::summons::Strategy;
use planner::domain::team::Team;
use planner::domain::{
    Action, BlockSource, BookingStatus, BusyBlock, ChangeRules, Counselor, Cpr, Interval, JobCenterCode,
    Offer, Originator, TeamId, ZONE,
};
use planner::store::{AcceptAs, NewAccount, Store, SummonsBatch, SummonsCitizen};

use crate::fixtures;

/// Counselors in the team.
pub const COUNSELORS: usize = 20;
/// Bookings placed by the bulk summons.
pub const BOOKINGS: usize = 5_000;
/// The key of the bulk summons.
pub const BATCH: &str = "bench-5000";
/// The day of the team day view measured (a Wednesday, the day after "now").
pub const DAY: &str = "2027-03-10";
/// The week of the week view measured (holding "now").
pub const WEEK: &str = "2027-03-08";

/// A local Copenhagen wall-clock time of 2027, in UTC.
fn local(month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    ZONE.with_ymd_and_hms(2027, month, day, hour, 0, 0)
        .single()
        .expect("a plain local time")
        .with_timezone(&Utc)
}

/// The web app's "now": Tuesday 9 March 2027, 08:00 in Copenhagen.
pub fn now() -> DateTime<Utc> {
    local(3, 9, 8)
}

/// The instants of the week measured, [`WEEK`] (Monday 8 March) to the Monday after.
pub fn week() -> Interval {
    Interval::new(local(3, 8, 0), local(3, 15, 0)).expect("week")
}

/// When the bulk summons ran: Friday 29 January 2027, 08:00.
fn summoned_at() -> DateTime<Utc> {
    local(1, 29, 8)
}

/// What the pages are asked about.
pub struct World {
    /// The jobcenter.
    pub jobcenter: JobCenterCode,
    /// The team.
    pub team: TeamId,
    /// Its counselors.
    pub counselors: Vec<Counselor>,
    /// The offer.
    pub offer: Offer,
    /// A booked future meeting of the first counselor in [`WEEK`] (for the move and
    /// follow-up pages).
    pub booking: String,
    /// How many bookings the summons placed.
    pub placed: usize,
}

/// Builds the world in `store` (see the module documentation).
pub fn seed(store: &Store) -> World {
    let jobcenter = JobCenterCode::parse("00101").expect("code");
    store.upsert_jobcenter(&jobcenter, "Jobcenter København").expect("jobcenter");
    let team = Team {
        id: TeamId::parse(&fixtures::new_guid()).expect("team id"),
        jobcenter: jobcenter.clone(),
        name: "Team Nørrebro".into(),
    };
    store.teams().create(&team, summoned_at()).expect("team");
    let week = fixtures::weekdays(8, 16);
    let mut counselors = Vec::new();
    for n in 0..COUNSELORS {
        let name = format!("Rådgiver{n:02}");
        let counselor = fixtures::counselor(&jobcenter, "29189846", &n.to_string(), &name);
        store.create_counselor(&counselor).expect("counselor");
        store.set_working_hours(&counselor.id, &week).expect("hours");
        let from = NaiveDate::from_ymd_opt(2027, 1, 1).expect("date");
        store.teams().add_member(&team.id, &counselor.id, from).expect("member");
        counselors.push(counselor);
    }
    let ids = counselors.iter().map(|c| c.id.clone()).collect();
    let offer = fixtures::offer(&jobcenter, Duration::days(1), Duration::weeks(10), ids);
    store.create_offer(&offer, summoned_at()).expect("offer");
    add_busy_time(store, &counselors);
    let placed = summon(store, &offer, &counselors);
    mark_begun(store, &counselors);
    let booking = store
        .counselor_calendar(&counselors[0].id, Interval::new(now(), local(3, 13, 0)).expect("interval"))
        .expect("calendar")
        .into_iter()
        .find(|booking| booking.status == BookingStatus::Booked && booking.interval.start() > now())
        .expect("a booked meeting ahead")
        .id;
    World { jobcenter, team: team.id, counselors, offer, booking: booking.as_str().to_owned(), placed }
}

/// Noon on every workday of 1-12 March: a manual "Teammøde" on even days, a synced block on
/// odd ones.
fn add_busy_time(store: &Store, counselors: &[Counselor]) {
    for day in (1..=12).filter(|day| ![6, 7].contains(day)) {
        let interval = Interval::new(local(3, day, 12), local(3, day, 13)).expect("interval");
        for counselor in counselors {
            let (source, note) = if day % 2 == 0 {
                (BlockSource::Manual, Some("Teammøde"))
            } else {
                (BlockSource::CalendarSync, None)
            };
            let block = BusyBlock { interval, source };
            store.add_block_noted(&counselor.id, &block, None, note, summoned_at()).expect("block");
        }
    }
}

/// Places [`BOOKINGS`] citizens over the team from 1 February to 29 March; answers how many
/// were placed.
fn summon(store: &Store, offer: &Offer, counselors: &[Counselor]) -> usize {
    let batch = SummonsBatch {
        key: BATCH.into(),
        offer: offer.id.clone(),
        pool: counselors.iter().map(|c| c.caseworker.clone()).collect(),
        window: Interval::new(local(2, 1, 0), local(3, 29, 0)).expect("window"),
        strategy: Strategy::SpreadEvenly,
        dry_run: false,
        changes: ChangeRules::default(),
        originator: Originator { code: 101, type_id: 8 },
        summoner: None,
    };
    let citizens: Vec<SummonsCitizen> = (0..BOOKINGS)
        .map(|n| SummonsCitizen {
            line: n as u32 + 2,
            cpr: Cpr::parse(&format!("{:02}{:02}90{:04}", 1 + n % 28, 1 + n / 10_000, n % 10_000))
                .expect("cpr"),
            contact: Default::default(),
        })
        .collect();
    let report = store.run_summons_batch(&batch, &citizens, summoned_at(), |_, _| {}).expect("summons");
    report.items.iter().filter(|item| item.start.is_some()).count()
}

/// Marks the meetings of 1 March until "now" held (two in three) or no-show.
fn mark_begun(store: &Store, counselors: &[Counselor]) {
    let begun = Interval::new(local(3, 1, 0), now()).expect("interval");
    for counselor in counselors {
        let bookings = store.counselor_calendar(&counselor.id, begun).expect("calendar");
        for (n, booking) in bookings.iter().filter(|b| b.interval.start() < now()).enumerate() {
            let action = if n % 3 == 2 { Action::NoShow } else { Action::Complete };
            store.staff_action(&booking.id, action, None, now()).expect("staff action");
        }
    }
}

/// A session cookie of a new account `email` holding `role` in `cluster`, and its form token
/// (the session is started in the store, as the web tests do; signing in is measured in
/// `benches/sign_in.rs`).
pub fn session(store: &Store, email: &str, role: Role, cluster: Cluster) -> (String, String) {
    let grant = Grant::new(role, vec![cluster]).expect("grant");
    let address = Email::parse(email).expect("email");
    let (_, secret) = store.people().invite(&address, &grant, "bench", now()).expect("invite");
    let new = NewAccount {
        name: email.into(),
        password_hash: Some("$argon2id$unused".into()),
        ..Default::default()
    };
    let account = store.people().accept(&secret, &AcceptAs::New(new), now()).expect("accept");
    let session = store.people().start_session(&account.id, true, now()).expect("session");
    (session.secret, session.csrf)
}
