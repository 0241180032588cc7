//! Acting from a counselor's week in the staff web app, over real HTTP: the staff actions on a
//! booking (held, no-show and its correction, lapse with a reason, cancel, move), manual busy
//! time, who is offered what, and that the server refuses what the role or the booking's state
//! forbid however it is asked (403, 409), a form without this session's token, and a move to a
//! taken time. Every change is checked where a person sees it (the week page) and in the audit.

use chrono::{DateTime, Utc};
use planner::domain::people::{Cluster, Role};
use planner::domain::{Booking, BookingStatus, JobCenterCode, TeamId};
use planner::store::AuditRecord;

use super::authorization::{person, two_teams};
use super::browser::{Browser, Page, WebApp};
use crate::support::backends::both_backends;
use crate::support::store::{self as seeds, cpr, local, now, request, Seed};

/// The week of the past bookings (Monday 1 March 2027); the web app's clock is 9 March.
const PAST: &str = "2027-03-01";
/// The week of the future bookings.
const NEXT: &str = "2027-03-08";

struct World {
    seed: Seed,
    jobcenter: JobCenterCode,
    team_b: TeamId,
    /// The calendar acted on: the first counselor's, in team A.
    counselor: String,
    /// Bookings with that counselor at 10:00 on 2, 3, 4 and 5 March (past), 10 March and at
    /// 12:00 on 11 March (future).
    bookings: Vec<Booking>,
    /// The citizens' CPRs.
    cprs: Vec<String>,
}

fn world(app: &WebApp) -> World {
    let seed = seeds::seed(&app.store, 2);
    let jobcenter = seed.jobcenter.clone();
    let mut teams = two_teams(app, &seed);
    let counselor = &seed.counselors[0];
    let (mut bookings, mut cprs) = (Vec::new(), Vec::new());
    let times = [
        local(2, 10, 0),
        local(3, 10, 0),
        local(4, 10, 0),
        local(5, 10, 0),
        local(10, 10, 0),
        local(11, 12, 0),
    ];
    for (n, start) in times.into_iter().enumerate() {
        let citizen = cpr(60 + n);
        cprs.push(citizen.expose_for_admin().to_owned());
        let held = app.store.reserve(&request(&citizen, &seed.offer, counselor, start), now()).unwrap();
        bookings.push(app.store.confirm(&citizen, &held.id, seeds::originator(), now()).unwrap());
    }
    World {
        counselor: counselor.id.as_str().to_owned(),
        team_b: teams.pop().unwrap(),
        jobcenter,
        seed,
        bookings,
        cprs,
    }
}

/// A summoner of the whole jobcenter.
fn summoner(app: &WebApp, world: &World) -> Browser {
    person(app, "indkalder@kk.dk", Role::Summoner, Cluster::Jobcenter(world.jobcenter.clone()))
}

fn week(browser: &mut Browser, world: &World, week: &str) -> Page {
    let page = browser.get(&format!("/calendar/{}?week={week}", world.counselor));
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(world.cprs.iter().all(|cpr| !page.body.contains(cpr)), "no CPR on the week page");
    page
}

/// The table row of the week page that holds `booking`'s forms.
fn row<'a>(page: &'a Page, booking: &Booking) -> &'a str {
    let at =
        page.body.find(booking.id.as_str()).unwrap_or_else(|| panic!("{} not offered", booking.id.as_str()));
    let start = page.body[..at].rfind("<tr").unwrap();
    let end = at + page.body[at..].find("</tr>").unwrap();
    &page.body[start..end]
}

/// The status the week page shows for `booking`.
fn status(page: &Page, booking: &Booking) -> String {
    let row = row(page, booking);
    let at = row.find("class=\"status\">").unwrap() + "class=\"status\">".len();
    row[at..].split('<').next().unwrap().to_owned()
}

/// The paths of the actions the row of `booking` offers (its forms and links).
fn offered(page: &Page, booking: &Booking) -> Vec<String> {
    let row = row(page, booking);
    let prefix = format!("/bookings/{}/", booking.id.as_str());
    row.match_indices(&prefix)
        .map(|(at, _)| row[at + prefix.len()..].split(['"', '?']).next().unwrap().to_owned())
        .filter(|action| action != "cpr")
        .collect()
}

/// POSTs `fields` and the page's token to `action` of `booking`.
fn act(
    browser: &mut Browser,
    world: &World,
    booking: &Booking,
    action: &str,
    fields: &[(&str, &str)],
) -> Page {
    let csrf = browser.get("/").field("csrf");
    let path = format!("/calendar/{}/bookings/{}/{action}", world.counselor, booking.id.as_str());
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    browser.post(&path, &all)
}

/// The audit rows of `operation`, oldest first.
fn audited(app: &WebApp, operation: &str) -> Vec<AuditRecord> {
    let mut rows: Vec<_> = app
        .store
        .audit_tail(1000)
        .unwrap()
        .into_iter()
        .filter(|row| row.entry.operation == operation)
        .collect();
    rows.sort_by_key(|row| row.id);
    rows
}

fn outcomes(app: &WebApp, operation: &str) -> Vec<String> {
    audited(app, operation).into_iter().map(|row| row.entry.outcome).collect()
}

fn stored(app: &WebApp, booking: &Booking) -> Booking {
    app.store.booking(&booking.id, None).unwrap()
}

fn a_summoner_marks_held_no_show_corrects_lapses_and_cancels_through_the_week(app: &WebApp) {
    let w = world(app);
    let mut browser = summoner(app, &w);
    let [held, absent, lapsed, cancelled, ..] = &w.bookings[..] else { unreachable!() };
    let page = week(&mut browser, &w, PAST);
    assert_eq!(offered(&page, held), ["complete", "no-show", "cancel", "lapse", "move"], "a booked meeting");
    assert!(row(&page, held).contains("Aflys") && row(&page, held).contains("Afholdt"));

    let answer = act(&mut browser, &w, held, "complete", &[("week", PAST)]);
    assert_eq!(answer.status, 303, "{}", answer.body);
    let page = browser.get(answer.location());
    assert!(page.body.contains("Mødet er markeret som afholdt."), "{}", page.body);
    assert_eq!(status(&page, held), "Afholdt");
    assert_eq!(offered(&page, held), ["cancel", "lapse"], "a held meeting cannot be moved or held again");

    assert_eq!(act(&mut browser, &w, absent, "no-show", &[]).status, 303);
    let page = week(&mut browser, &w, PAST);
    assert_eq!(status(&page, absent), "Udeblevet");
    assert_eq!(offered(&page, absent), ["complete", "correct-no-show", "cancel", "lapse"]);
    assert_eq!(act(&mut browser, &w, absent, "correct-no-show", &[]).status, 303);
    let page = week(&mut browser, &w, PAST);
    assert_eq!(status(&page, absent), "Booket");

    // A lapse needs a reason: the week again, the field named and marked.
    let refused = act(&mut browser, &w, lapsed, "lapse", &[("week", PAST), ("reason", "")]);
    assert_eq!(refused.status, 422);
    let field = format!("aarsag-{}", lapsed.id.as_str());
    assert!(refused
        .body
        .contains(&format!("<a href=\"#{field}\">Vælg en årsag til, at mødet er bortfaldet.</a>")));
    assert!(refused.body.contains(&format!("id=\"{field}\" name=\"reason\" required aria-invalid=\"true\"")));
    assert_eq!(stored(app, lapsed).status, BookingStatus::Booked, "nothing changed");
    let reason = "Borgeren er kommet i arbejde eller uddannelse";
    assert_eq!(act(&mut browser, &w, lapsed, "lapse", &[("reason", reason)]).status, 303);
    let page = week(&mut browser, &w, PAST);
    assert_eq!(status(&page, lapsed), "Bortfaldet");
    assert!(offered(&page, lapsed).is_empty());
    assert_eq!(stored(app, lapsed).lapsed_reason.as_deref(), Some(reason));

    let answer = act(&mut browser, &w, cancelled, "cancel", &[("week", PAST)]);
    assert_eq!(answer.status, 303);
    let page = browser.get(answer.location());
    assert!(page.body.contains("Mødet er aflyst."));
    assert!(!page.body.contains(cancelled.id.as_str()), "a cancelled meeting leaves the calendar");
    assert_eq!(stored(app, cancelled).status, BookingStatus::Cancelled);

    // What the state forbids is refused when asked for directly, and changes nothing.
    let again = act(&mut browser, &w, held, "complete", &[]);
    assert_eq!(again.status, 409);
    assert!(again.body.contains("Mødet er afholdt, så det kan ikke ændres sådan."), "{}", again.body);
    let moved = browser.get(&format!("/calendar/{}/bookings/{}/move", w.counselor, held.id.as_str()));
    assert_eq!(moved.status, 409);
    assert_eq!(stored(app, held).status, BookingStatus::Completed);

    assert_eq!(outcomes(app, "web.booking.complete"), ["ok", "conflict"]);
    assert_eq!(outcomes(app, "web.booking.no_show"), ["ok"]);
    assert_eq!(outcomes(app, "web.booking.correct_no_show"), ["ok"]);
    assert_eq!(outcomes(app, "web.booking.lapse"), ["invalid", "ok"]);
    assert_eq!(outcomes(app, "web.booking.cancel"), ["ok"]);
    let row = &audited(app, "web.booking.complete")[0].entry;
    assert_eq!(row.detail.as_deref(), Some(format!("booking.id={}", held.id.as_str()).as_str()));
    assert_eq!(row.jobcenter.as_deref(), Some("00101"));
    assert!(row.caller.starts_with("account:"));
    let all = format!("{:?}", app.store.audit_tail(1000).unwrap());
    assert!(
        w.cprs.iter().all(|cpr| !all.contains(cpr)) && !all.contains("indkalder@kk.dk"),
        "no CPR or e-mail"
    );
}

fn a_meeting_that_has_not_begun_is_not_offered_as_held_or_missed(app: &WebApp) {
    let w = world(app);
    let mut browser = summoner(app, &w);
    let coming = &w.bookings[4];
    let page = week(&mut browser, &w, NEXT);
    assert_eq!(offered(&page, coming), ["cancel", "lapse", "move"], "10 March, the day after the clock");
    assert!(!row(&page, coming).contains("Afholdt"), "{}", row(&page, coming));

    for action in ["complete", "no-show"] {
        let refused = act(&mut browser, &w, coming, action, &[("week", NEXT)]);
        assert_eq!(refused.status, 409, "{}", refused.body);
        assert!(refused.body.contains("Mødet er ikke begyndt endnu"), "{}", refused.body);
    }
    assert_eq!(stored(app, coming).status, BookingStatus::Booked);
    assert_eq!(outcomes(app, "web.booking.complete"), ["conflict"]);
    assert_eq!(outcomes(app, "web.booking.no_show"), ["conflict"]);
}

/// The start of a free time the move page lists, as its form sends it.
fn listed(page: &Page, start: DateTime<Utc>) -> bool {
    page.body.contains(&format!("name=\"start\" value=\"{}\"", start.to_rfc3339()))
}

fn a_summoner_moves_a_booking_to_a_listed_time_and_never_onto_a_taken_one(app: &WebApp) {
    let w = world(app);
    let mut browser = summoner(app, &w);
    let (booking, other) = (&w.bookings[4], &w.bookings[5]);
    let page = week(&mut browser, &w, NEXT);
    let link = format!("/calendar/{}/bookings/{}/move?week={NEXT}", w.counselor, booking.id.as_str());
    assert!(page.body.contains(&link), "the week links to the move page");

    let choose = browser.get(&link);
    assert_eq!(choose.status, 200, "{}", choose.body);
    assert!(choose.body.contains("Mødet ligger onsdag 10.03.2027 kl. 10:00–10:45."), "the booking's time");
    let target = local(11, 10, 0);
    assert!(listed(&choose, target), "Thursday 10:00 is free: {}", choose.body);
    assert!(!listed(&choose, local(11, 12, 0)), "Thursday 12:00 is taken by another booking");
    assert!(!listed(&choose, local(9, 10, 0)), "Tuesday 10:00 has passed");

    let csrf = choose.field("csrf");
    let confirm_path = format!("/calendar/{}/bookings/{}/move/confirm", w.counselor, booking.id.as_str());
    let confirm = browser.post(&confirm_path, &[("csrf", &csrf), ("start", &target.to_rfc3339())]);
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    assert!(confirm.body.contains("<dd>torsdag 11.03.2027 kl. 10:00–10:45</dd>"), "{}", confirm.body);
    assert_eq!(stored(app, booking).interval, booking.interval, "confirming is not moving");
    let move_path = format!("/calendar/{}/bookings/{}/move", w.counselor, booking.id.as_str());
    let moved = browser.post(&move_path, &[("csrf", &csrf), ("start", &confirm.field("start"))]);
    assert_eq!(moved.status, 303, "{}", moved.body);
    let page = browser.get(moved.location());
    assert!(page.body.contains("Mødet er flyttet."));
    let thursday = &page.body[page.body.find("Torsdag 11.03.2027").unwrap()..];
    assert!(thursday.contains("10:00–10:45") && thursday.contains(booking.id.as_str()));
    assert_eq!(stored(app, booking).interval.start(), target);

    // Onto the other booking's time, chosen as "another time": refused, and nothing changes.
    let other_time =
        browser.post(&confirm_path, &[("csrf", &csrf), ("date", "2027-03-11"), ("time", "12:00")]);
    assert_eq!(other_time.status, 200);
    let refused = browser.post(&move_path, &[("csrf", &csrf), ("start", &other_time.field("start"))]);
    assert_eq!(refused.status, 409);
    assert!(refused.body.contains("Tiden er ikke ledig"), "{}", refused.body);
    assert!(refused.body.contains("Mødet er ikke flyttet."));
    assert_eq!(stored(app, booking).interval.start(), target, "still where it was moved first");
    assert_eq!(stored(app, other).interval.start(), local(11, 12, 0));
    // Outside working hours.
    let evening = local(11, 18, 0).to_rfc3339();
    let late = browser.post(&move_path, &[("csrf", &csrf), ("start", &evening)]);
    assert_eq!(late.status, 409);
    assert!(late.body.contains("uden for vejlederens arbejdstid"));
    // Another time with a date that cannot be read: the fields are named.
    let unreadable = browser.post(&confirm_path, &[("csrf", &csrf), ("date", "11/3"), ("time", "")]);
    assert_eq!(unreadable.status, 422);
    assert!(
        unreadable.body.contains("<a href=\"#flyt-dato\">")
            && unreadable.body.contains("<a href=\"#flyt-tid\">")
    );

    assert_eq!(outcomes(app, "web.booking.move"), ["ok", "conflict", "conflict"]);
}

fn manual_busy_time_is_added_with_its_note_checked_and_removed(app: &WebApp) {
    let w = world(app);
    let mut browser = summoner(app, &w);
    let page = week(&mut browser, &w, NEXT);
    let csrf = page.field("csrf");
    let path = format!("/calendar/{}/blocks", w.counselor);
    let long = "x".repeat(201);
    let refused = browser.post(
        &path,
        &[
            ("csrf", &csrf),
            ("week", NEXT),
            ("date", ""),
            ("start", "14:00"),
            ("end", "13:00"),
            ("note", &long),
        ],
    );
    assert_eq!(refused.status, 422);
    for (field, message) in [
        ("blok-dato", "Angiv datoen som åååå-mm-dd, fx 2027-03-10."),
        ("blok-note", "Skriv højst 200 tegn i noten, uden linjeskift."),
    ] {
        assert!(refused.body.contains(&format!("<a href=\"#{field}\">{message}</a>")), "{}", refused.body);
    }
    assert!(
        refused.body.contains("id=\"blok-dato\" name=\"date\"")
            && refused.body.contains("aria-invalid=\"true\"")
    );
    assert!(refused.body.contains("value=\"14:00\""), "what was typed stays");
    let reversed = browser.post(
        &path,
        &[("csrf", &csrf), ("date", "2027-03-12"), ("start", "14:00"), ("end", "13:00"), ("note", "")],
    );
    assert!(reversed
        .body
        .contains("<a href=\"#blok-til\">Sluttidspunktet skal ligge efter starttidspunktet.</a>"));

    let added = browser.post(
        &path,
        &[("csrf", &csrf), ("date", "2027-03-12"), ("start", "13:00"), ("end", "14:30"), ("note", "Kursus")],
    );
    assert_eq!(added.status, 303, "{}", added.body);
    let page = browser.get(added.location());
    assert!(page.body.contains("Den optagede tid er tilføjet."));
    let friday = &page.body[page.body.find("Fredag 12.03.2027").unwrap()..];
    assert!(friday.contains("13:00–14:30") && friday.contains("Optaget: Kursus"), "{}", page.body);
    // The block holds the time: no free time in it on the move page.
    let choose = browser.get(&format!(
        "/calendar/{}/bookings/{}/move?week={NEXT}",
        w.counselor,
        w.bookings[4].id.as_str()
    ));
    assert!(!listed(&choose, local(12, 13, 0)) && listed(&choose, local(12, 15, 0)));

    let block =
        app.store.blocks_of(&w.seed.counselors[0].id, planner::domain::BlockSource::Manual, None).unwrap();
    let block = &block[0];
    let remove = format!("/calendar/{}/blocks/{}/delete", w.counselor, block.id);
    assert!(page.body.contains(&remove), "the block can be removed from the week");
    let removed = browser.post(&remove, &[("csrf", &csrf), ("week", NEXT)]);
    assert_eq!(removed.status, 303);
    let page = browser.get(removed.location());
    assert!(page.body.contains("Den optagede tid er fjernet.") && !page.body.contains("Optaget: Kursus"));
    assert_eq!(browser.post(&remove, &[("csrf", &csrf)]).status, 404, "gone");

    assert_eq!(outcomes(app, "web.block.add"), ["invalid", "invalid", "ok"]);
    assert_eq!(outcomes(app, "web.block.remove"), ["ok"]);
    let rows = format!("{:?}", audited(app, "web.block.add"));
    assert!(
        rows.contains(&format!("block.id={}", block.id)) && !rows.contains("Kursus"),
        "ids, not the note"
    );
}

both_backends!(
    a_summoner_marks_held_no_show_corrects_lapses_and_cancels_through_the_week,
    a_meeting_that_has_not_begun_is_not_offered_as_held_or_missed,
    a_summoner_moves_a_booking_to_a_listed_time_and_never_onto_a_taken_one,
    manual_busy_time_is_added_with_its_note_checked_and_removed,
);

/// What each role is offered on a booked meeting, and what the server lets it do.
fn each_role_is_offered_only_what_it_may_do_and_refused_the_rest(app: &WebApp) {
    let w = world(app);
    let booking = &w.bookings[0];
    let whole = Cluster::Jobcenter(w.jobcenter.clone());
    let own_email = w.seed.counselors[0].email.clone();
    // Who, offered on the booking, may add busy time, and the status of each action posted.
    type Case<'a> = (&'a str, Browser, Vec<&'a str>, bool, [u16; 3]);
    let cases: Vec<Case> = vec![
        (
            "the counselor, on their own calendar",
            person(app, &own_email, Role::Counselor, whole.clone()),
            vec!["complete", "no-show"],
            true,
            [403, 403, 303],
        ),
        (
            "an administrator",
            person(app, "adm@kk.dk", Role::Administrator, whole.clone()),
            vec![],
            true,
            [403, 403, 403],
        ),
        (
            "a summoner of another team",
            person(app, "ib@kk.dk", Role::Summoner, Cluster::Team(w.jobcenter.clone(), w.team_b.clone())),
            vec![],
            false,
            [403, 403, 403],
        ),
        ("a reader", person(app, "leder@kk.dk", Role::Reader, whole), vec![], false, [403, 403, 403]),
    ];
    for (who, mut browser, expected, busy_time, statuses) in cases {
        let page = browser.get(&format!("/calendar/{}?week={PAST}", w.counselor));
        if page.status == 200 {
            assert!(page.body.contains("10:00–10:45"), "{who}: the booking is shown");
            let offered: Vec<String> =
                if page.body.contains(booking.id.as_str()) { offered(&page, booking) } else { Vec::new() };
            assert_eq!(offered, expected, "{who}: offered");
            assert_eq!(page.body.contains("Tilføj optaget tid"), busy_time, "{who}: busy time");
        } else {
            assert_eq!(page.status, 403, "{who}");
            assert!(
                page.body.contains("Dine roller giver ikke adgang til denne kalender"),
                "{who}: {}",
                page.body
            );
        }
        let reason = [("reason", "Sagen er afsluttet")];
        let got = [
            act(&mut browser, &w, booking, "cancel", &[]).status,
            act(&mut browser, &w, booking, "lapse", &reason).status,
            act(&mut browser, &w, booking, "no-show", &[]).status,
        ];
        assert_eq!(got, statuses, "{who}: cancel, lapse, no-show posted");
        let csrf = browser.get("/").field("csrf");
        let moved = browser.post(
            &format!("/calendar/{}/bookings/{}/move", w.counselor, booking.id.as_str()),
            &[("csrf", &csrf), ("start", &local(11, 10, 0).to_rfc3339())],
        );
        assert_eq!(moved.status, 403, "{who}: move");
        let block = browser.post(
            &format!("/calendar/{}/blocks", w.counselor),
            &[("csrf", &csrf), ("date", "2027-03-12"), ("start", "08:00"), ("end", "09:00"), ("note", "")],
        );
        let expected_block = if busy_time { 303 } else { 403 };
        assert_eq!(block.status, expected_block, "{who}: busy time");
    }
    assert_eq!(
        stored(app, booking).status,
        BookingStatus::NoShow,
        "only the counselor's no-show went through"
    );
    // The counselor and the administrator are refused the change; the summoner of another
    // team and the reader the calendar itself, which is audited as a refused change too.
    let four = ["forbidden"; 4];
    assert_eq!(outcomes(app, "web.booking.cancel"), four);
    assert_eq!(outcomes(app, "web.booking.lapse"), four);
    assert_eq!(outcomes(app, "web.booking.no_show"), ["ok", "forbidden", "forbidden", "forbidden"]);
    assert_eq!(outcomes(app, "web.booking.move"), four);
    assert_eq!(outcomes(app, "web.block.add"), ["ok", "ok", "forbidden", "forbidden"]);
    assert_eq!(outcomes(app, "web.calendar.view"), ["forbidden", "forbidden"]);
    let viewed = format!("{:?}", audited(app, "web.calendar.view"));
    assert!(viewed.contains(&format!("counselor.id={}", w.counselor)), "{viewed}");
}

fn a_form_without_this_sessions_token_or_from_another_site_changes_nothing(app: &WebApp) {
    let w = world(app);
    let booking = &w.bookings[0];
    let mut browser = summoner(app, &w);
    let mut other = person(app, "anden@kk.dk", Role::Summoner, Cluster::Jobcenter(w.jobcenter.clone()));
    let foreign = other.get("/").field("csrf");
    let path = format!("/calendar/{}/bookings/{}/complete", w.counselor, booking.id.as_str());
    for token in [foreign.as_str(), "", "not-a-token"] {
        let refused = browser.post(&path, &[("csrf", token)]);
        assert_eq!(refused.status, 403, "token {token:?}");
        assert!(refused.body.contains("Formularen kunne ikke sendes"));
    }
    let missing = browser.post(&path, &[]);
    assert_eq!(missing.status, 400, "no token at all");
    let own = browser.get("/").field("csrf");
    let body = serde_urlencoded::to_string([("csrf", own.as_str())]).unwrap();
    let elsewhere = browser.send(
        "POST",
        &path,
        &[("Content-Type", "application/x-www-form-urlencoded"), ("Origin", "https://evil.example")],
        body.as_bytes(),
    );
    assert_eq!(elsewhere.status, 403, "another site's form");
    let block = browser.post(
        &format!("/calendar/{}/blocks", w.counselor),
        &[("csrf", &foreign), ("date", "2027-03-12"), ("start", "08:00"), ("end", "09:00")],
    );
    assert_eq!(block.status, 403);
    assert_eq!(stored(app, booking).status, BookingStatus::Booked);
    assert!(app
        .store
        .blocks_of(&w.seed.counselors[0].id, planner::domain::BlockSource::Manual, None)
        .unwrap()
        .is_empty());
    assert!(audited(app, "web.booking.complete").is_empty(), "a forged request never reaches the action");
}

#[test]
fn each_role_is_offered_only_what_it_may_do_and_refused_the_rest_on_sqlite() {
    let app: WebApp = crate::support::backends::OnDatabase::on(crate::support::db::fresh_sqlite());
    each_role_is_offered_only_what_it_may_do_and_refused_the_rest(&app);
}

#[test]
fn a_form_without_this_sessions_token_or_from_another_site_changes_nothing_on_sqlite() {
    let app: WebApp = crate::support::backends::OnDatabase::on(crate::support::db::fresh_sqlite());
    a_form_without_this_sessions_token_or_from_another_site_changes_nothing(&app);
}
