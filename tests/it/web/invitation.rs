//! An invitation becomes an account in three steps; an expired link is refused until extended;
//! someone with an account adds the role to it.

use chrono::Duration;
use planner::domain::people::{Email, Role};

use super::browser::{totp_code, Browser, WebApp};
use crate::support::backends::both_backends;

/// The password every test person chooses.
pub const PASSWORD: &str = "blå kaffekop ved havnen 1849";

/// A person who went through an invitation.
pub struct Person {
    /// The sign-in e-mail address.
    pub email: String,
    /// The authenticator's key (base32).
    pub key: String,
    /// The recovery codes shown once.
    pub codes: Vec<String>,
}

/// Walks `browser` through invitation `secret` to a new account named `name`.
pub fn enrol(app: &WebApp, browser: &mut Browser, secret: &str, email: &str, name: &str) -> Person {
    let opened = browser.get(&format!("/invitation/{secret}"));
    assert_eq!((opened.status, opened.location()), (303, "/invitation"));
    let step1 = browser.get("/invitation");
    assert_eq!(step1.status, 200, "{}", step1.body);
    assert!(step1.body.contains("Trin 1 af 3") && step1.body.contains(email), "{}", step1.body);
    let csrf = step1.field("csrf");
    let step2 = browser.post(
        "/invitation/account",
        &[("name", name), ("password", PASSWORD), ("password2", PASSWORD), ("csrf", &csrf)],
    );
    assert_eq!(step2.status, 200, "{}", step2.body);
    assert!(step2.body.contains("<svg") && step2.body.contains("role=\"img\""), "{}", step2.body);
    let key = step2.text_of("key");
    let state = step2.field("state");
    let code = totp_code(&key, app.clock.now());
    let step3 = browser.post("/invitation/enrol", &[("state", &state), ("code", &code), ("csrf", &csrf)]);
    assert_eq!(step3.status, 200, "{}", step3.body);
    assert!(step3.body.contains("Gem dine gendannelseskoder"), "{}", step3.body);
    let codes: Vec<String> =
        step3.body.split("<li>").skip(1).map(|item| item.split('<').next().unwrap().to_owned()).collect();
    assert_eq!(codes.len(), 10, "{}", step3.body);
    Person { email: email.to_owned(), key, codes }
}

fn an_invitation_becomes_an_account_signed_in_at_once(app: &WebApp) {
    let secret = app.invite("mette@kommune.dk", Role::Summoner);
    let mut browser = app.browser();
    enrol(app, &mut browser, &secret, "mette@kommune.dk", "Mette Frederiksen");
    assert!(!browser.cookies.contains_key("__Host-planner-invitation"), "the secret's cookie is gone");
    let home = browser.get("/");
    assert_eq!(home.status, 200, "{}", home.body);
    assert!(
        home.body.contains("Velkommen, Mette Frederiksen") && home.body.contains("Indkalder"),
        "{}",
        home.body
    );
    let account = app.store.people().account_by_email(&Email::parse("mette@kommune.dk").unwrap()).unwrap();
    assert_eq!(account.grants[0].role, Role::Summoner);
    // The link works once.
    let mut again = app.browser();
    again.get(&format!("/invitation/{secret}"));
    let used = again.get("/invitation");
    assert_eq!(used.status, 410);
    assert!(used.body.contains("Invitationen er brugt"), "{}", used.body);
}

fn a_weak_password_is_refused_naming_the_field(app: &WebApp) {
    let secret = app.invite("ole@kommune.dk", Role::Counselor);
    let mut browser = app.browser();
    browser.get(&format!("/invitation/{secret}"));
    let csrf = browser.get("/invitation").field("csrf");
    let weak = browser.post(
        "/invitation/account",
        &[("name", "Ole Hansen"), ("password", "password1"), ("password2", "password1"), ("csrf", &csrf)],
    );
    assert_eq!(weak.status, 422);
    assert!(
        weak.body.contains("href=\"#password\"") && weak.body.contains("aria-invalid=\"true\""),
        "{}",
        weak.body
    );
    let mismatch = browser.post(
        "/invitation/account",
        &[
            ("name", "Ole Hansen"),
            ("password", super::invitation::PASSWORD),
            ("password2", "something else"),
            ("csrf", &csrf),
        ],
    );
    assert_eq!(mismatch.status, 422);
    assert!(mismatch.body.contains("href=\"#password2\""), "{}", mismatch.body);
    // Nothing was created.
    assert!(app.store.people().account_by_email(&Email::parse("ole@kommune.dk").unwrap()).is_err());
}

fn a_wrong_enrolment_code_creates_nothing(app: &WebApp) {
    let secret = app.invite("lise@kommune.dk", Role::Reader);
    let mut browser = app.browser();
    browser.get(&format!("/invitation/{secret}"));
    let csrf = browser.get("/invitation").field("csrf");
    let step2 = browser.post(
        "/invitation/account",
        &[("name", "Lise Nørgaard"), ("password", PASSWORD), ("password2", PASSWORD), ("csrf", &csrf)],
    );
    let state = step2.field("state");
    let wrong = browser.post("/invitation/enrol", &[("state", &state), ("code", "000000"), ("csrf", &csrf)]);
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("href=\"#code\""), "{}", wrong.body);
    // A state changed on the way is refused as well.
    let mut forged = state.clone();
    forged.replace_range(0..2, if state.starts_with("00") { "11" } else { "00" });
    let key = step2.text_of("key");
    let code = totp_code(&key, app.clock.now());
    let tampered = browser.post("/invitation/enrol", &[("state", &forged), ("code", &code), ("csrf", &csrf)]);
    assert_eq!(tampered.status, 422);
    assert!(app.store.people().account_by_email(&Email::parse("lise@kommune.dk").unwrap()).is_err());
}

fn an_expired_link_is_refused_and_works_again_once_extended(app: &WebApp) {
    let email = Email::parse("karen@kommune.dk").unwrap();
    let grant = planner::domain::people::Grant::new(
        Role::Summoner,
        vec![planner::domain::people::Cluster::Jobcenter(
            planner::domain::JobCenterCode::parse(planner::demo::JOBCENTER).unwrap(),
        )],
    )
    .unwrap();
    let (invitation, secret) =
        app.store.people().invite(&email, &grant, "test", app.clock.now() - Duration::days(8)).unwrap();
    let mut browser = app.browser();
    browser.get(&format!("/invitation/{secret}"));
    let expired = browser.get("/invitation");
    assert_eq!(expired.status, 410);
    assert!(expired.body.contains("Invitationen er udløbet"), "{}", expired.body);
    app.store.people().extend(&invitation.id, app.clock.now()).unwrap();
    let mut browser = app.browser();
    enrol(app, &mut browser, &secret, "karen@kommune.dk", "Karen Blixen");
}

fn someone_with_an_account_adds_the_role_after_signing_in(app: &WebApp) {
    let first = app.invite("jens@kommune.dk", Role::Counselor);
    let mut browser = app.browser();
    let person = enrol(app, &mut browser, &first, "jens@kommune.dk", "Jens Jensen");
    // Signed in, the second invitation offers to add the role.
    let second = app.invite("jens@kommune.dk", Role::Reader);
    browser.get(&format!("/invitation/{second}"));
    let offer = browser.get("/invitation");
    assert!(offer.body.contains("Tilføj rollen til min konto"), "{}", offer.body);
    let added = browser.post("/invitation/existing", &[("csrf", &offer.field("csrf"))]);
    assert_eq!((added.status, added.location()), (303, "/"));
    let home = browser.get("/");
    assert!(home.body.contains("Vejleder") && home.body.contains("Læser"), "{}", home.body);
    // Signed out, a third one asks to sign in first, and returns to the invitation after.
    let third = app.invite("jens@kommune.dk", Role::Summoner);
    let mut other = app.browser();
    other.get(&format!("/invitation/{third}"));
    let asks = other.get("/invitation");
    assert!(asks.body.contains("Du har allerede en konto"), "{}", asks.body);
    let after = super::sign_in::sign_in(app, &mut other, &person);
    assert_eq!(after, "/invitation");
}

both_backends!(
    an_invitation_becomes_an_account_signed_in_at_once,
    a_weak_password_is_refused_naming_the_field,
    a_wrong_enrolment_code_creates_nothing,
    an_expired_link_is_refused_and_works_again_once_extended,
    someone_with_an_account_adds_the_role_after_signing_in,
);
