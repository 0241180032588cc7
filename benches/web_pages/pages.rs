//! Every page the staff web app serves, asked once each with the seeded data by the person who
//! may see it (a summoner of the team, an administrator of the jobcenter, or nobody signed
//! in), and the table of their sizes against the 250 KB limit. Downloads (CSV) and the
//! progress answer are listed too, marked as not pages.

use crate::seed::{World, BATCH, DAY, WEEK};
use crate::serve::Client;

/// The most a page may weigh on the wire (issue 18): 250 KB.
pub const LIMIT: usize = 250 * 1024;

/// Who asks.
#[derive(Clone, Copy)]
pub enum Who {
    /// The team's summoner.
    Summoner,
    /// The jobcenter's administrator.
    Administrator,
    /// Nobody signed in.
    Anonymous,
}

/// One page to ask for.
pub struct Page {
    who: Who,
    /// False for a download or a script's answer.
    page: bool,
    path: String,
    /// A form to POST, or nothing for a GET.
    form: Option<String>,
}

fn get(who: Who, path: String) -> Page {
    Page { who, page: true, path, form: None }
}

fn download(who: Who, path: String) -> Page {
    Page { who, page: false, path, form: None }
}

/// The pages of the app for `world` (the summoner's form token goes into the one POST).
pub fn all(world: &World, csrf: &str) -> Vec<Page> {
    use Who::{Administrator as A, Anonymous as N, Summoner as S};
    let (team, counselor) = (world.team.as_str(), world.counselors[0].id.as_str());
    let (jobcenter, offer, booking) = (world.jobcenter.as_str(), world.offer.id.as_str(), &world.booking);
    let period = format!("scope=team:{team}&from=2027-02-01&to=2027-03-31");
    let mut pages = vec![
        get(N, "/login".into()),
        download(N, "/static/app.css".into()),
        download(N, "/static/progress.js".into()),
        get(S, "/".into()),
        get(S, "/calendar".into()),
        get(S, format!("/calendar/team/{team}?day={DAY}")),
        get(S, format!("/calendar/{counselor}?week={WEEK}")),
        get(S, format!("/calendar/{counselor}?week=2027-04-05")),
        get(S, format!("/calendar/{counselor}/bookings/{booking}/move?week=2027-03-15")),
        get(S, "/reports".into()),
    ];
    for kind in ["day", "offer", "counselor", "channel", "weekly", "utilisation"] {
        pages.push(get(S, format!("/reports?report={kind}&{period}")));
    }
    pages.extend([
        download(S, format!("/reports/csv?report=day&{period}")),
        get(S, "/summons".into()),
        get(S, "/summons/batches".into()),
        get(S, "/summons/batches/new".into()),
        get(S, format!("/summons/batches/{BATCH}")),
        download(S, format!("/summons/batches/{BATCH}/status")),
        download(S, format!("/summons/batches/{BATCH}/report.csv")),
        get(S, "/follow-up/bookings".into()),
        Page {
            who: S,
            page: true,
            path: "/follow-up/bookings".into(),
            form: Some(format!("csrf={csrf}&jobcenter={jobcenter}&from=2027-02-01&to=2027-03-31")),
        },
        get(S, format!("/follow-up/bookings/{booking}")),
        get(S, "/setup".into()),
        get(S, format!("/setup/{jobcenter}")),
        get(S, format!("/setup/{jobcenter}/offers")),
        get(S, format!("/setup/{jobcenter}/offers/{offer}/times?week=2027-03-15")),
        get(S, format!("/setup/{jobcenter}/offers/{offer}/times?week=2027-04-05")),
        get(A, format!("/setup/{jobcenter}/offers/new")),
        get(A, format!("/setup/{jobcenter}/offers/{offer}")),
        get(A, format!("/setup/{jobcenter}/people")),
        get(A, format!("/setup/{jobcenter}/rooms")),
        get(A, format!("/setup/{jobcenter}/closing-days")),
        get(A, format!("/setup/{jobcenter}/hours")),
        get(A, format!("/setup/{jobcenter}/hours/{counselor}")),
        get(A, format!("/setup/{jobcenter}/counselors")),
        get(A, format!("/setup/{jobcenter}/counselors/{counselor}")),
        get(A, format!("/setup/{jobcenter}/teams")),
        get(A, format!("/setup/{jobcenter}/templates")),
        get(A, format!("/setup/{jobcenter}/templates/new")),
        get(A, format!("/setup/{jobcenter}/calendars")),
        get(A, format!("/setup/{jobcenter}/calendars/{counselor}")),
        get(A, format!("/setup/{jobcenter}/webhooks")),
        get(A, "/follow-up/conflicts".into()),
        get(A, "/follow-up/dfdg/messages".into()),
        get(A, "/follow-up/dfdg/fejlmeldinger".into()),
        get(A, "/follow-up/webhooks".into()),
        get(A, "/follow-up/audit?from=2027-01-01&to=2027-03-31".into()),
    ]);
    pages
}

/// Asks for every page and prints the table; answers the pages over the limit or not 200.
pub fn check(pages: &[Page], summoner: &Client, administrator: &Client, anonymous: &Client) -> Vec<String> {
    println!("| Who | Request | Status | Body bytes | Headers bytes | Encoding | Page < 250 KB |");
    println!("|---|---|---|---|---|---|---|");
    let mut failed = Vec::new();
    for page in pages {
        let (client, who) = match page.who {
            Who::Summoner => (summoner, "summoner (team)"),
            Who::Administrator => (administrator, "administrator"),
            Who::Anonymous => (anonymous, "nobody"),
        };
        let got = match &page.form {
            Some(form) => client.send("POST", &page.path, form.as_bytes()),
            None => client.get(&page.path),
        };
        let answer = got.answer;
        let headers: usize = answer.headers.iter().map(|(name, value)| name.len() + value.len() + 4).sum();
        let encoding = answer.header("content-encoding").unwrap_or("none").to_owned();
        let size = answer.body.len() + headers;
        let verdict = match (page.page, size < LIMIT) {
            (false, _) => "(not a page)",
            (true, true) => "yes",
            (true, false) => "**no**",
        };
        let method = if page.form.is_some() { "POST" } else { "GET" };
        let shown = shorten(&page.path);
        println!(
            "| {who} | {method} {shown} | {} | {} | {headers} | {encoding} | {verdict} |",
            answer.status,
            answer.body.len()
        );
        if answer.status != 200 || (page.page && size >= LIMIT) {
            failed.push(format!("{method} {shown}: {} with {size} bytes", answer.status));
        }
    }
    failed
}

/// `path` with each GUID cut to its first 8 characters, for the table.
fn shorten(path: &str) -> String {
    let is_guid = |text: &str| {
        text.len() == 36
            && text.char_indices().all(|(i, c)| {
                if [8, 13, 18, 23].contains(&i) {
                    c == '-'
                } else {
                    c.is_ascii_hexdigit()
                }
            })
    };
    let (mut out, mut at) = (String::new(), 0);
    while let Some(c) = path[at..].chars().next() {
        match path.get(at..at + 36).filter(|text| is_guid(text)) {
            Some(guid) => {
                out.push_str(&guid[..8]);
                out.push('…');
                at += 36;
            }
            None => {
                out.push(c);
                at += c.len_utf8();
            }
        }
    }
    out
}
