//! `LOADBENCH_SEED=large` (issue 19): after `demo-data`, the measured offer's data made large
//! with this build's `planner` CLI only. The CLI cannot add counselors to an existing offer, so a
//! new offer like the demo one (`LOADBENCH_OFFER_NAME`: its interview type, length, contact
//! types and seats) is served by the demo offer's counselors and new ones, 50 in all, each new
//! one working weekdays 08:00-16:00 with a break 12:00-12:30; the new offer needs no room. Then
//! bulk summons place 5,000 bookings among them, one batch per working day from tomorrow
//! (Copenhagen) on, at most 200 citizens a day: a day's times are about 330, so every day,
//! tomorrow too, keeps free times for the measured request.

use super::*;

/// How the measured offer's data is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Seed {
    /// The demo data as `planner demo-data` loads it.
    Demo,
    /// The demo data, then an offer of [`COUNSELORS`] counselors with [`BOOKINGS`] bookings.
    Large,
}

impl Seed {
    /// `LOADBENCH_SEED`: `demo` (or unset) or `large`.
    pub(super) fn from_env() -> anyhow::Result<Self> {
        match std::env::var("LOADBENCH_SEED").ok().filter(|value| !value.is_empty()).as_deref() {
            None | Some("demo") => Ok(Self::Demo),
            Some("large") => Ok(Self::Large),
            Some(other) => bail!("invalid LOADBENCH_SEED '{other}'; use 'demo' or 'large'"),
        }
    }
}

impl std::fmt::Display for Seed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Demo => "demo",
            Self::Large => "large",
        })
    }
}

/// Counselors who serve the large seed's offer, the demo offer's included.
const COUNSELORS: usize = 50;
/// Bookings the large seed places among them.
const BOOKINGS: usize = 5_000;
/// Citizens summoned per working day, well below a day's times.
const PER_DAY: usize = 200;
/// The new offer's horizon, and how far ahead the summons go at most (holidays included).
const HORIZON_DAYS: i64 = 84;
/// The new counselors' week.
const HOURS: [&str; 5] =
    ["mon 08:00-16:00", "tue 08:00-16:00", "wed 08:00-16:00", "thu 08:00-16:00", "fri 08:00-16:00"];
/// Their breaks.
const BREAKS: [&str; 5] =
    ["mon 12:00-12:30", "tue 12:00-12:30", "wed 12:00-12:30", "thu 12:00-12:30", "fri 12:00-12:30"];

/// What the large seed made.
struct Seeded {
    offer: String,
    counselors: usize,
    from_demo: usize,
    bookings: usize,
    batches: usize,
    days: Vec<NaiveDate>,
}

/// Makes the large data in the database of `root` after `demo-data` printed `demo`, modelled
/// on the demo offer `base`; prints what it made in one line and returns the new offer's id.
pub(super) fn large(
    root: &Path,
    demo: &serde_json::Value,
    base: &serde_json::Value,
) -> anyhow::Result<String> {
    let started = Instant::now();
    let jobcenter = demo["jobcenters"][0]["code"].as_str().context("the demo data names no jobcenter")?;
    let mut ids = demo_counselors(root, jobcenter, base)?;
    let from_demo = ids.len();
    for n in from_demo..COUNSELORS {
        ids.push(new_counselor(root, jobcenter, n)?);
    }
    let offer = new_offer(root, jobcenter, base, &ids)?;
    let (bookings, batches, days) = summon(root, &offer)?;
    let seeded = Seeded { offer, counselors: ids.len(), from_demo, bookings, batches, days };
    println!("{}", seeded.line(base, started.elapsed()));
    Ok(seeded.offer)
}

impl Seeded {
    fn line(&self, base: &serde_json::Value, elapsed: Duration) -> String {
        let span = match (self.days.first(), self.days.last()) {
            (Some(first), Some(last)) => format!("{first}..{last}"),
            _ => "no day".into(),
        };
        format!(
            "seed large: offer {} like '{}' with {} counselors ({} of the demo's, {} new with weekday hours), \
             {} bookings on {} working days {span} ({} summons batches), {:.1} s",
            self.offer,
            base["name"].as_str().unwrap_or("?"),
            self.counselors,
            self.from_demo,
            self.counselors - self.from_demo,
            self.bookings,
            self.days.len(),
            self.batches,
            elapsed.as_secs_f64(),
        )
    }
}

/// The counselor ids (as `planner counselors list` prints them) of the demo offer's caseworkers.
fn demo_counselors(root: &Path, jobcenter: &str, base: &serde_json::Value) -> anyhow::Result<Vec<String>> {
    let listed =
        checked(planner(root).args(["counselors", "list", "--jobcenter", jobcenter]), "counselors list")?;
    let listed = String::from_utf8(listed).context("counselors list printed no UTF-8")?;
    let caseworkers = base["caseworker_ids"].as_array().context("the demo offer names no counselors")?;
    caseworkers
        .iter()
        .map(|caseworker| {
            let caseworker = caseworker.as_str().context("a caseworker id is no string")?;
            listed
                .lines()
                .map(|line| line.split('\t').collect::<Vec<_>>())
                .find(|fields| fields.get(1) == Some(&caseworker))
                .map(|fields| fields[0].to_owned())
                .with_context(|| format!("counselors list has no caseworker {caseworker}"))
        })
        .collect()
}

/// Adds counselor number `n` with the weekday hours; its id.
fn new_counselor(root: &Path, jobcenter: &str, n: usize) -> anyhow::Result<String> {
    let caseworker = format!("CVR:64942212-UUID:10adbe0c-0000-4000-8000-{n:012}");
    let email = format!("belastning{n}@jobcenter.kk.dk");
    let surname = format!("Belastning {n}");
    let id = checked(
        planner(root).args([
            "counselors",
            "add",
            "--jobcenter",
            jobcenter,
            "--caseworker-id",
            &caseworker,
            "--given-name",
            "Rådgiver",
            "--surname",
            &surname,
            "--email",
            &email,
        ]),
        "counselors add",
    )?;
    let id = String::from_utf8(id).context("counselors add printed no UTF-8")?.trim().to_owned();
    let mut hours = planner(root);
    hours.args(["counselors", "hours", &id]);
    for (set, pause) in HOURS.iter().zip(BREAKS) {
        hours.args(["--set", set, "--break", pause]);
    }
    checked(&mut hours, "counselors hours")?;
    Ok(id)
}

/// Adds the offer like `base` served by `counselors`; its id.
fn new_offer(
    root: &Path,
    jobcenter: &str,
    base: &serde_json::Value,
    counselors: &[String],
) -> anyhow::Result<String> {
    let number = |field: &str| base[field].as_u64().with_context(|| format!("the demo offer has no {field}"));
    let name = format!("{} ({COUNSELORS} rådgivere)", base["name"].as_str().unwrap_or("Belastning"));
    let mut add = planner(root);
    add.args(["offers", "add", "--jobcenter", jobcenter, "--name", &name])
        .args(["--interview-type", &number("interview_type")?.to_string()])
        .args(["--duration", &number("duration_minutes")?.to_string()])
        .args(["--horizon-days", &HORIZON_DAYS.to_string()]);
    if let Some(seats) = base["seats"].as_u64() {
        add.args(["--seats", &seats.to_string()]);
    }
    for contact_type in base["contact_types"].as_array().into_iter().flatten() {
        add.args(["--contact-type", &contact_type.to_string()]);
    }
    add.arg("--counselor").args(counselors);
    let id = checked(&mut add, "offers add")?;
    Ok(String::from_utf8(id).context("offers add printed no UTF-8")?.trim().to_owned())
}

/// Summons [`BOOKINGS`] citizens into `offer`, [`PER_DAY`] a working day from tomorrow on (a
/// closed day places none); the bookings made, the batches run and the days that got bookings.
fn summon(root: &Path, offer: &str) -> anyhow::Result<(usize, usize, Vec<NaiveDate>)> {
    let today = Utc::now().with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
    let (mut placed, mut batches, mut citizens) = (0, 0, 0);
    let mut days = Vec::new();
    for day in (1..HORIZON_DAYS).filter_map(|ahead| today.checked_add_days(chrono::Days::new(ahead as u64))) {
        if placed == BOOKINGS {
            break;
        }
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        let count = PER_DAY.min(BOOKINGS - placed);
        let file = root.join(format!("citizens-{day}.csv"));
        std::fs::write(&file, citizens_csv(citizens, count))?;
        citizens += count;
        let summary = checked(
            planner(root)
                .args([
                    "summons",
                    "batch",
                    "--offer",
                    offer,
                    "--strategy",
                    "spread",
                    "--summoner",
                    "loadbench",
                ])
                .args(["--from", &day.to_string(), "--to", &day.to_string(), "--file"])
                .arg(&file),
            "summons batch",
        )?;
        batches += 1;
        let day_placed = placed_in(&summary)?;
        if day_placed > 0 {
            days.push(day);
        }
        placed += day_placed;
    }
    ensure!(placed == BOOKINGS, "the summons placed {placed} of {BOOKINGS} bookings in {HORIZON_DAYS} days");
    Ok((placed, batches, days))
}

/// A CSV of `count` citizens from number `first` on, each with a valid test CPR of its own.
fn citizens_csv(first: usize, count: usize) -> String {
    let mut csv = String::from("cpr\n");
    for n in first..first + count {
        // Day 1-28, month 1-12, year 90-99, and the number itself: distinct for n < 100,000.
        csv.push_str(&format!(
            "{:02}{:02}{:02}{:04}\n",
            1 + n % 28,
            1 + n / 28 % 12,
            90 + n / 10_000 % 10,
            n % 10_000
        ));
    }
    csv
}

/// The `placed` count of a `summons batch` summary.
fn placed_in(summary: &[u8]) -> anyhow::Result<usize> {
    String::from_utf8_lossy(summary)
        .lines()
        .find_map(|line| line.strip_prefix("placed "))
        .and_then(|count| count.trim().parse().ok())
        .context("summons batch printed no 'placed' count")
}
