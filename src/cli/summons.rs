//! `planner summons batch`: bulk summons from a CSV file, with a progress line on stderr and a
//! summary table on stdout (and, with `--report FILE`, the per-citizen report as CSV).
//!
//! The file is read as Excel saves it (`citizens_csv`: BOM, `,` or `;`, quotes, Windows-1252);
//! the encoding and separator used are named on stderr.
//! The whole file is validated before anything is written: one bad line and nothing is placed.
//! Output names citizens by line number only; a CPR never leaves the operator's own file.
//! The batch key defaults to a hash of the file and the arguments, so running the same command
//! again after a crash resumes the batch instead of starting a second one.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context;
use chrono::{NaiveDate, TimeZone, Utc};
use clap::{Subcommand, ValueEnum};

use super::citizens_csv;
use crate::config::Settings;
use crate::domain::summons::{self, Strategy};
use crate::domain::{CaseworkerId, Interval, OfferId, ZONE};
use crate::store::{ItemStatus, Summoner, SummonsBatch, SummonsReport};

/// The caseworker ids of `team`'s current members who serve `offer`.
fn team_pool(
    store: &crate::store::Store,
    team: &str,
    offer: &crate::domain::Offer,
) -> anyhow::Result<Vec<CaseworkerId>> {
    let id = crate::domain::TeamId::parse(team).with_context(|| format!("invalid --team '{team}'"))?;
    let members = store.teams().current_members(&id).with_context(|| format!("unknown team '{team}'"))?;
    let pool: Vec<CaseworkerId> = members
        .into_iter()
        .filter(|m| m.active && offer.counselors.contains(&m.id))
        .map(|m| m.caseworker)
        .collect();
    if pool.is_empty() {
        anyhow::bail!("team '{team}' has no active member who serves the offer");
    }
    Ok(pool)
}

/// At most this many bad lines are named in the one-line error.
const ERRORS_SHOWN: usize = 20;

/// `planner summons ...`
#[derive(Debug, Subcommand)]
pub enum SummonsCommand {
    /// Summon every citizen of a CSV file (header `cpr[,name,phone,email]`) into an offer.
    Batch(BatchArgs),
}

/// Placement strategy on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StrategyArg {
    /// The earliest free time left, with any counselor of the pool.
    Earliest,
    /// The counselor with the fewest placements so far, at their earliest free time.
    Spread,
}

/// Arguments of `planner summons batch`.
#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// The citizens: a CSV file with the header `cpr[,name,phone,email]`, separated by `,` or
    /// `;`, in UTF-8 (a BOM is fine) or else read as Windows-1252.
    #[arg(long, value_name = "FILE")]
    pub file: PathBuf,
    /// A summons template: it gives the offer, team or pool, window (from today), strategy and
    /// deadlines that the other options leave out.
    #[arg(long, value_name = "TEMPLATE_ID")]
    pub template: Option<String>,
    /// The offer (InterviewOptionIdentifier).
    #[arg(long, value_name = "ID", required_unless_present = "template")]
    pub offer: Option<String>,
    /// First day of the window (YYYY-MM-DD, Copenhagen).
    #[arg(long, value_name = "DATE", required_unless_present = "template", requires = "to")]
    pub from: Option<NaiveDate>,
    /// Last day of the window, included (YYYY-MM-DD, Copenhagen).
    #[arg(long, value_name = "DATE", required_unless_present = "template", requires = "from")]
    pub to: Option<NaiveDate>,
    /// How to spread the citizens over the pool (default: earliest, or the template's).
    #[arg(long, value_enum)]
    pub strategy: Option<StrategyArg>,
    /// Counselors to fill (caseworker ids); default: every counselor of the offer.
    #[arg(long = "pool", value_name = "CASEWORKER_ID", num_args = 1..)]
    pub pool: Vec<String>,
    /// A team instead of `--pool`: its current members who serve the offer.
    #[arg(long, value_name = "TEAM_ID", conflicts_with = "pool")]
    pub team: Option<String>,
    /// The batch key (idempotency); default: a hash of the file contents and the arguments.
    #[arg(long, value_name = "KEY")]
    pub key: Option<String>,
    /// Compute and print the report without booking anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Let citizens rebook until this many hours before the meeting (default: not rebookable).
    #[arg(long, value_name = "HOURS")]
    pub rebook_before: Option<i64>,
    /// Let citizens cancel until this many hours before the meeting (default: not cancellable).
    #[arg(long, value_name = "HOURS")]
    pub cancel_before: Option<i64>,
    /// Write the per-citizen report (line, status, start, caseworker, reason) to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// The person summoning (a caseworker's user id or RID, never a CPR), recorded with each
    /// booking and sent to DFDG; default: the OS user (`USER`).
    #[arg(long, value_name = "ID")]
    pub summoner: Option<String>,
}

/// Runs `planner summons ...`.
pub fn run(settings: &Settings, command: SummonsCommand) -> anyhow::Result<()> {
    let SummonsCommand::Batch(args) = command;
    let contents =
        std::fs::read(&args.file).with_context(|| format!("cannot read '{}'", args.file.display()))?;
    let (format, citizens) = citizens_csv::parse(&contents);
    let assumed = if format.assumed_legacy() {
        format!(" (not UTF-8: read as {})", format.encoding)
    } else {
        String::new()
    };
    let citizens = citizens.map_err(|errors| {
        let shown: Vec<&str> = errors.iter().take(ERRORS_SHOWN).map(String::as_str).collect();
        let more = errors.len().saturating_sub(ERRORS_SHOWN);
        let tail = if more > 0 { format!("; and {more} more") } else { String::new() };
        anyhow::anyhow!(
            "'{}'{assumed}: {} invalid line(s), nothing placed: {}{tail}",
            args.file.display(),
            errors.len(),
            shown.join("; ")
        )
    })?;
    eprintln!(
        "read '{}' as {}{assumed}, separated by '{}': {} citizen(s)",
        args.file.display(),
        format.encoding,
        format.separator,
        citizens.len()
    );
    let pool = args
        .pool
        .iter()
        .map(|id| CaseworkerId::parse(id).with_context(|| format!("invalid --pool '{id}'")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let key = args.key.clone().unwrap_or_else(|| default_key(&contents, &args));
    let store = super::open_store(settings)?;
    let template = match &args.template {
        Some(id) => Some(store.templates().get(id).with_context(|| format!("unknown template '{id}'"))?),
        None => None,
    };
    let offer = match (&args.offer, &template) {
        (Some(offer), _) => OfferId::parse(offer).with_context(|| format!("invalid --offer '{offer}'"))?,
        (None, Some(template)) => store
            .templates()
            .offer_of(template)
            .context("the template's interview type has no active offer")?,
        (None, None) => anyhow::bail!("give --offer or --template"),
    };
    let window = match (args.from, args.to, &template) {
        (Some(from), Some(to), _) => local_window(from, to)?,
        (_, _, Some(template)) => template
            .window(Utc::now().with_timezone(&ZONE).date_naive())
            .context("the template's window is out of range")?,
        _ => anyhow::bail!("give --from and --to, or --template"),
    };
    let strategy = match (args.strategy, &template) {
        (Some(StrategyArg::Earliest), _) | (None, None) => Strategy::EarliestFirst,
        (Some(StrategyArg::Spread), _) => Strategy::SpreadEvenly,
        (None, Some(template)) => template.strategy,
    };
    let changes = summons::rules_from_hours(
        args.rebook_before.or(template.as_ref().and_then(|t| t.rebook_before_hours)),
        args.cancel_before.or(template.as_ref().and_then(|t| t.cancel_before_hours)),
    );
    let stored_offer = store.offer(&offer).with_context(|| format!("unknown offer '{offer}'"))?;
    let template_team = template.as_ref().and_then(|t| t.team.as_ref().map(|team| team.as_str().to_owned()));
    let pool = match (&args.team, template_team) {
        (Some(team), _) => team_pool(&store, team, &stored_offer)?,
        (None, _) if !pool.is_empty() => pool,
        (None, Some(team)) => team_pool(&store, &team, &stored_offer)?,
        (None, None) => template.as_ref().map(|t| t.pool.clone()).unwrap_or_default(),
    };
    let originator = summons::jobcenter_originator(&stored_offer.jobcenter);
    let summoner = cli_summoner(args.summoner.as_deref())?;
    let batch = SummonsBatch {
        key,
        offer,
        pool,
        window,
        strategy,
        dry_run: args.dry_run,
        changes,
        originator,
        summoner: Some(summoner),
    };
    eprintln!("batch key: {}", batch.key);
    let report = store.run_summons_batch(&batch, &citizens, Utc::now(), progress).with_context(|| {
        format!("summons batch '{}' failed; run the same command again to resume", batch.key)
    })?;
    eprintln!();
    print!("{}", summary(&report));
    if let Some(path) = &args.report {
        std::fs::write(path, report_csv(&report)?)
            .with_context(|| format!("cannot write '{}'", path.display()))?;
    }
    Ok(())
}

/// Who summons from the command line: the caller `cli:<os user>` (as the audit names CLI
/// calls) and the person `--summoner`, or else the OS user.
fn cli_summoner(given: Option<&str>) -> anyhow::Result<Summoner> {
    let os_user = std::env::var("USER").ok().filter(|u| !u.is_empty()).unwrap_or_else(|| "operator".into());
    Summoner::new(&format!("cli:{os_user}"), Some(given.unwrap_or(&os_user)))
        .map_err(|message| anyhow::anyhow!("invalid --summoner: {message}"))
}

/// `[from 00:00, to + 1 day 00:00)` in Copenhagen time.
fn local_window(from: NaiveDate, to: NaiveDate) -> anyhow::Result<Interval> {
    let midnight = |date: NaiveDate| {
        date.and_hms_opt(0, 0, 0)
            .and_then(|t| ZONE.from_local_datetime(&t).earliest())
            .map(|t| t.with_timezone(&Utc))
            .with_context(|| format!("no midnight on {date} in Copenhagen"))
    };
    let next = to.succ_opt().context("--to is too far in the future")?;
    Interval::new(midnight(from)?, midnight(next)?).context("--to must not be before --from")
}

fn default_key(contents: &[u8], args: &BatchArgs) -> String {
    let mut input = contents.to_vec();
    let mut tail = String::new();
    let _ =
        write!(tail, "\n{:?}|{:?}|{:?}|{:?}|{:?}", args.offer, args.from, args.to, args.strategy, args.pool);
    if let Some(template) = &args.template {
        let _ = write!(tail, "|{template}");
    }
    if let Some(team) = &args.team {
        let _ = write!(tail, "|{team}");
    }
    let _ = write!(tail, "|{:?}|{:?}", args.rebook_before, args.cancel_before);
    input.extend_from_slice(tail.as_bytes());
    format!("cli-{}", &hex::encode(openssl::sha::sha256(&input))[..32])
}

fn progress(done: usize, total: usize) {
    let percent = (done * 100).checked_div(total).unwrap_or(100);
    eprint!("\rplacing citizens: {done}/{total} ({percent}%)");
    let _ = std::io::stderr().flush();
}

fn summary(report: &SummonsReport) -> String {
    let mut placed = 0;
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    let mut counselors: BTreeMap<&str, usize> = BTreeMap::new();
    for item in &report.items {
        match (item.status, &item.caseworker, item.reason) {
            (ItemStatus::Placed, Some(caseworker), _) => {
                placed += 1;
                *counselors.entry(caseworker.as_str()).or_default() += 1;
            }
            (_, _, Some(reason)) => *reasons.entry(reason.as_str()).or_default() += 1,
            _ => *reasons.entry("pending").or_default() += 1,
        }
    }
    let mode = if report.dry_run { " (dry run: nothing booked)" } else { "" };
    let mut out = format!("summons batch {}: {}{mode}\n", report.key, report.status.as_str());
    let _ = writeln!(out, "{:<48} {:>6}", "placed", placed);
    let _ = writeln!(out, "{:<48} {:>6}", "not placed", report.items.len() - placed);
    for (reason, n) in &reasons {
        let _ = writeln!(out, "  {reason:<46} {n:>6}");
    }
    let _ = writeln!(out, "per counselor");
    for (caseworker, n) in &counselors {
        let _ = writeln!(out, "  {caseworker:<46} {n:>6}");
    }
    out
}

fn report_csv(report: &SummonsReport) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["line", "status", "start", "caseworker", "reason"])?;
    for item in &report.items {
        writer.write_record([
            item.line.to_string().as_str(),
            item.status.as_str(),
            &item.start.map(|s| s.to_rfc3339()).unwrap_or_default(),
            item.caseworker.as_ref().map(|c| c.as_str()).unwrap_or_default(),
            item.reason.map(|r| r.as_str()).unwrap_or_default(),
        ])?;
    }
    writer.into_inner().map_err(|e| anyhow::anyhow!("cannot write the report: {}", e.error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_covers_whole_local_days() {
        let window = local_window(
            NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
            NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
        )
        .unwrap();
        assert_eq!(window.minutes(), 24 * 60);
        assert!(local_window(
            NaiveDate::from_ymd_opt(2027, 3, 2).unwrap(),
            NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
        )
        .is_err());
    }
}
