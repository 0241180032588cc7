//! Signing in with a password and a second factor, throttling, signing out, session fixation,
//! anti-forgery, and a disabled account's open session.

use chrono::Duration;
use planner::domain::people::{Email, Role};

use super::browser::{totp_code, Browser, WebApp};
use super::invitation::{enrol, Person, PASSWORD};
use crate::support::backends::both_backends;

/// Signs `browser` in as `person` with the authenticator's next code (the current step may be
/// used already); answers where the code page sent it.
pub fn sign_in(app: &WebApp, browser: &mut Browser, person: &Person) -> String {
    let page = browser.get("/login");
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = page.field("csrf");
    let passed = browser.post("/login", &[("email", &person.email), ("password", PASSWORD), ("csrf", &csrf)]);
    assert_eq!((passed.status, passed.location()), (303, "/login/code"), "{}", passed.body);
    let code_page = browser.get("/login/code");
    let code = totp_code(&person.key, app.clock.now() + Duration::seconds(30));
    let done = browser.post("/login/code", &[("code", &code), ("csrf", &code_page.field("csrf"))]);
    assert_eq!(done.status, 303, "{}", done.body);
    done.location().to_owned()
}

fn a_person(app: &WebApp, email: &str) -> Person {
    let secret = app.invite(email, Role::Summoner);
    enrol(app, &mut app.browser(), &secret, email, "Anne Jensen")
}

fn password_and_code_sign_in_and_sign_out_ends_the_session(app: &WebApp) {
    let person = a_person(app, "anne@kommune.dk");
    let mut browser = app.browser();
    assert_eq!(browser.get("/").location(), "/login");
    assert_eq!(sign_in(app, &mut browser, &person), "/");
    let home = browser.get("/");
    assert!(home.body.contains("Velkommen, Anne Jensen"), "{}", home.body);
    let session = browser.cookies["__Host-planner-session"].clone();
    let out = browser.post("/logout", &[("csrf", &home.field("csrf"))]);
    assert_eq!((out.status, out.location()), (303, "/login"));
    // The old cookie opens nothing any more, in this browser or another.
    let mut thief = app.browser();
    thief.cookies.insert("__Host-planner-session".into(), session);
    assert_eq!(thief.get("/").location(), "/login");
}

fn the_password_alone_opens_only_the_code_page(app: &WebApp) {
    let person = a_person(app, "bo@kommune.dk");
    let mut browser = app.browser();
    let csrf = browser.get("/login").field("csrf");
    let passed = browser.post("/login", &[("email", &person.email), ("password", PASSWORD), ("csrf", &csrf)]);
    assert_eq!(passed.status, 303, "{passed:?}");
    assert_eq!(browser.get("/").location(), "/login/code");
    let code_page = browser.get("/login/code");
    let wrong = browser.post("/login/code", &[("code", "123456"), ("csrf", &code_page.field("csrf"))]);
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("Koden er forkert"), "{}", wrong.body);
    assert_eq!(browser.get("/").location(), "/login/code");
}

fn a_recovery_code_works_once(app: &WebApp) {
    let person = a_person(app, "carl@kommune.dk");
    for (attempt, expected) in [(1, 303), (2, 401)] {
        let mut browser = app.browser();
        let csrf = browser.get("/login").field("csrf");
        browser.post("/login", &[("email", &person.email), ("password", PASSWORD), ("csrf", &csrf)]);
        let code_page = browser.get("/login/code");
        let answer =
            browser.post("/login/code", &[("code", &person.codes[0]), ("csrf", &code_page.field("csrf"))]);
        assert_eq!(answer.status, expected, "attempt {attempt}: {}", answer.body);
    }
}

fn wrong_passwords_are_refused_alike_and_throttled(app: &WebApp) {
    let person = a_person(app, "dorthe@kommune.dk");
    let mut browser = app.browser();
    let csrf = browser.get("/login").field("csrf");
    let unknown =
        browser.post("/login", &[("email", "nobody@kommune.dk"), ("password", PASSWORD), ("csrf", &csrf)]);
    let wrong =
        browser.post("/login", &[("email", &person.email), ("password", "not it at all"), ("csrf", &csrf)]);
    assert_eq!((unknown.status, wrong.status), (401, 401));
    let message = "E-mailadressen eller adgangskoden er forkert.";
    assert!(unknown.body.contains(message) && wrong.body.contains(message), "{}", wrong.body);
    for _ in 0..4 {
        browser.post("/login", &[("email", &person.email), ("password", "not it at all"), ("csrf", &csrf)]);
    }
    // Five failures of this account: even the right password waits now.
    let right = browser.post("/login", &[("email", &person.email), ("password", PASSWORD), ("csrf", &csrf)]);
    assert_eq!(right.status, 429, "{}", right.body);
    assert!(right.body.contains("Prøv igen efter kl."), "{}", right.body);
    let audit = app.store.audit_tail(50).unwrap();
    let refused =
        audit.iter().filter(|r| r.entry.operation == "web.sign_in.password" && r.entry.outcome == "refused");
    assert_eq!(refused.count(), 6);
    assert!(
        audit.iter().all(|r| !format!("{:?}", r.entry).contains("dorthe")),
        "no e-mail address in the audit"
    );
}

fn a_planted_session_id_is_never_honoured(app: &WebApp) {
    let person = a_person(app, "eva@kommune.dk");
    let mut browser = app.browser();
    let planted = "a".repeat(64);
    browser.cookies.insert("__Host-planner-session".into(), planted.clone());
    sign_in(app, &mut browser, &person);
    let session = browser.cookies["__Host-planner-session"].clone();
    assert_ne!(session, planted);
    let mut attacker = app.browser();
    attacker.cookies.insert("__Host-planner-session".into(), planted);
    assert_eq!(attacker.get("/").location(), "/login");
}

fn a_post_without_its_token_changes_nothing(app: &WebApp) {
    let person = a_person(app, "finn@kommune.dk");
    let mut browser = app.browser();
    sign_in(app, &mut browser, &person);
    let refused = browser.post("/logout", &[("csrf", "not the token")]);
    assert_eq!(refused.status, 403);
    assert_eq!(browser.get("/").status, 200, "still signed in");
    // The right token from another site is refused as well.
    let csrf = browser.get("/").field("csrf");
    let body = format!("csrf={csrf}");
    let cross = browser.send(
        "POST",
        "/logout",
        &[("Content-Type", "application/x-www-form-urlencoded"), ("Origin", "https://evil.example")],
        body.as_bytes(),
    );
    assert_eq!(cross.status, 403);
    assert_eq!(browser.get("/").status, 200, "still signed in");
    // Signing in without the form cookie's token is refused too (login forgery).
    let mut stranger = app.browser();
    let forged = stranger.post("/login", &[("email", &person.email), ("password", PASSWORD), ("csrf", "x")]);
    assert_eq!(forged.status, 403);
}

fn a_disabled_accounts_open_session_ends_at_its_next_request(app: &WebApp) {
    let person = a_person(app, "gitte@kommune.dk");
    let mut browser = app.browser();
    sign_in(app, &mut browser, &person);
    assert_eq!(browser.get("/").status, 200);
    let account = app.store.people().account_by_email(&Email::parse(&person.email).unwrap()).unwrap();
    app.store.people().set_disabled(&account.id, true).unwrap();
    assert_eq!(browser.get("/").location(), "/login");
    let csrf = browser.get("/login").field("csrf");
    let again = browser.post("/login", &[("email", &person.email), ("password", PASSWORD), ("csrf", &csrf)]);
    assert_eq!(again.status, 401);
}

both_backends!(
    password_and_code_sign_in_and_sign_out_ends_the_session,
    the_password_alone_opens_only_the_code_page,
    a_recovery_code_works_once,
    wrong_passwords_are_refused_alike_and_throttled,
    a_planted_session_id_is_never_honoured,
    a_post_without_its_token_changes_nothing,
    a_disabled_accounts_open_session_ends_at_its_next_request,
);
