//! Single sign-on against a real OpenID Connect provider: npm's `oidc-provider` over TLS
//! (`tests/fixtures/oidc/provider.mjs`), started once per test process with a PKI of its own;
//! each test registers a client of its own there, with its planner's callback.
//! `.ci/run` installs it in `~/.cache/planner-ci-node` (or `PLANNER_OIDC_NODE_MODULES`);
//! without node or the package a test says it skipped, and fails when
//! `PLANNER_REQUIRE_INTEROP` is set.
//!
//! The planner's clock starts at the provider's clock (so the tests hold under libfaketime and
//! at any hour); the expiry test starts it 15 minutes ahead, past the ID token's 5 minutes.

use std::cell::{RefCell, RefMut};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

use chrono::{DateTime, Utc};
use planner::adapters::http::{HttpClient, TlsOptions};
use planner::domain::people::Role;
use planner::edge::clock::Clock;
use planner::store::{AcceptAs, NewAccount};

use super::browser::{Browser, Page, WebApp};
use super::invitation::enrol;
use super::sign_in::sign_in;
use crate::support::backends::{both_backends, OnDatabase};
use crate::support::db::TestDb;
use crate::tls::pki::Pki;

/// The node_modules directory holding `oidc-provider`, or `None` after saying why.
fn node_modules() -> Option<PathBuf> {
    let dir = std::env::var_os("PLANNER_OIDC_NODE_MODULES").map(PathBuf::from).or_else(|| {
        std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache/planner-ci-node/node_modules"))
    });
    let node = Command::new("node").arg("--version").output().is_ok_and(|out| out.status.success());
    let found = dir.filter(|dir| node && dir.join("oidc-provider/package.json").exists());
    if found.is_none() {
        let what =
            "node with npm's oidc-provider (npm install --prefix ~/.cache/planner-ci-node oidc-provider@9)";
        if std::env::var_os("PLANNER_REQUIRE_INTEROP").is_some() {
            panic!("{what} is required (PLANNER_REQUIRE_INTEROP is set)");
        }
        eprintln!("skipped: {what} not available");
    }
    found
}

/// The provider process shared by the tests of this process, and the PKI of its certificate.
struct Shared {
    _child: Child,
    stdin: ChildStdin,
    answers: std::io::Lines<BufReader<std::process::ChildStdout>>,
    base: String,
    pki: Pki,
    clients: usize,
}

impl Shared {
    /// Starts the provider; it serves until this process exits (its stdin closes then).
    fn start(modules: &PathBuf) -> Shared {
        let pki = Pki::new();
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/oidc/provider.mjs");
        let mut child = Command::new("node")
            .arg(script)
            .arg(modules)
            .arg(pki.path("server.pem"))
            .arg(pki.path("server-key.pem"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("TEST_LOG").is_some() { Stdio::inherit() } else { Stdio::null() })
            .spawn()
            .expect("start node");
        let stdin = child.stdin.take().unwrap();
        let mut answers = BufReader::new(child.stdout.take().unwrap()).lines();
        let started = Self::read(&mut answers);
        let port = started["port"].as_u64().expect("the provider's port");
        Shared { _child: child, stdin, answers, base: format!("https://127.0.0.1:{port}"), pki, clients: 0 }
    }

    fn read(answers: &mut std::io::Lines<BufReader<std::process::ChildStdout>>) -> serde_json::Value {
        let line = answers.next().expect("the provider answers").expect("a line");
        serde_json::from_str(&line).expect("a JSON line")
    }

    /// Sends `request` and reads its answer.
    fn ask(&mut self, request: serde_json::Value) -> serde_json::Value {
        writeln!(self.stdin, "{request}").unwrap();
        self.stdin.flush().unwrap();
        Self::read(&mut self.answers)
    }
}

/// The shared provider, started by the first test that needs it. Its PKI's directory is
/// removed at exit.
fn shared(modules: &PathBuf) -> std::sync::MutexGuard<'static, Shared> {
    static SHARED: std::sync::OnceLock<std::sync::Mutex<Shared>> = std::sync::OnceLock::new();
    extern "C" {
        fn atexit(callback: extern "C" fn()) -> i32;
    }
    extern "C" fn remove_pki() {
        if let Some(shared) = SHARED.get() {
            if let Ok(shared) = shared.try_lock() {
                let _ = std::fs::remove_dir_all(shared.pki.dir.path());
            }
        }
    }
    SHARED
        .get_or_init(|| {
            // SAFETY: `atexit` is the C library's; `remove_pki` is a plain `extern "C" fn()`
            // that stays valid for the life of the process and does not unwind; registered once.
            unsafe { atexit(remove_pki) };
            std::sync::Mutex::new(Shared::start(modules))
        })
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One test's client at the shared provider, and a cookie-keeping browser for its pages.
struct Idp {
    modules: PathBuf,
    client_id: String,
    base: String,
    now: DateTime<Utc>,
    client: HttpClient,
    cookies: BTreeMap<String, String>,
}

impl Idp {
    /// A new client id at the shared provider, with the provider's clock now; registered by
    /// [`Idp::register`] once the planner's callback address is known.
    fn start(modules: &PathBuf) -> Idp {
        let mut shared = shared(modules);
        shared.clients += 1;
        let client_id = format!("planner-{}", shared.clients);
        let now =
            shared.ask(serde_json::json!({ "now": true }))["now"].as_i64().expect("the provider's clock");
        let now = DateTime::from_timestamp_millis(now).unwrap();
        let tls = TlsOptions { roots_pem: Some(shared.pki.path("ca.pem")), ..TlsOptions::default() };
        let client = HttpClient::new(Duration::from_secs(30), tls).unwrap();
        Idp {
            modules: modules.clone(),
            client_id,
            base: shared.base.clone(),
            now,
            client,
            cookies: BTreeMap::new(),
        }
    }

    /// The CA file of the provider's certificate.
    fn ca(&self) -> PathBuf {
        shared(&self.modules).pki.path("ca.pem")
    }

    /// Registers the planner's client with `redirect_uri`.
    fn register(&mut self, redirect_uri: &str) {
        let request = serde_json::json!({ "client_id": self.client_id, "redirect_uri": redirect_uri });
        let answer = shared(&self.modules).ask(request);
        assert_eq!(answer["registered"], self.client_id.as_str(), "{answer}");
    }

    /// GET `url` (absolute, or a path of the provider) with the provider's cookies.
    fn get(&mut self, url: &str) -> (u16, Option<String>) {
        let url = if url.starts_with('/') { format!("{}{url}", self.base) } else { url.to_owned() };
        let cookie: Vec<String> =
            self.cookies.iter().map(|(name, value)| format!("{name}={value}")).collect();
        let cookie = cookie.join("; ");
        let headers: Vec<(&str, &str)> = if cookie.is_empty() { vec![] } else { vec![("Cookie", &cookie)] };
        let answer = self.client.request("GET", &url, &headers, b"").expect("the provider answers");
        for (_, value) in answer.headers.iter().filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie")) {
            if let Some((name, rest)) = value.split(';').next().and_then(|pair| pair.split_once('=')) {
                self.cookies.insert(name.to_owned(), rest.to_owned());
            }
        }
        (answer.status, answer.header("location").map(str::to_owned))
    }

    /// Signs in at the provider as `user`, starting at the authorization request `authorize`;
    /// answers where the provider sends the browser back (the planner's callback).
    fn sign_in(&mut self, authorize: &str, user: &str) -> String {
        assert!(authorize.starts_with(&self.base), "{authorize}");
        // A browser of its own each time: no session at the provider from before.
        self.cookies.clear();
        let (_, interaction) = self.get(authorize);
        let interaction = interaction.expect("to the login interaction");
        assert!(interaction.contains("/interaction/"), "{interaction}");
        let (_, mut location) = self.get(&format!("{interaction}?user={user}"));
        for _ in 0..5 {
            let next = location.expect("a redirect");
            if next.contains("/login/sso/callback") {
                return next;
            }
            location = self.get(&next).1;
        }
        panic!("the provider did not send the browser back");
    }
}

/// A planner with single sign-on at a running provider (whose clock it starts at, plus
/// `AHEAD` minutes; mapping people by their verified e-mail address when `EMAIL`), or nothing
/// when the provider cannot run here.
pub struct SsoApp<const AHEAD: i64, const EMAIL: bool = false> {
    parts: Option<(WebApp, RefCell<Idp>)>,
}

impl<const AHEAD: i64, const EMAIL: bool> OnDatabase for SsoApp<AHEAD, EMAIL> {
    fn on(db: TestDb) -> Self {
        let Some(modules) = node_modules() else { return SsoApp { parts: None } };
        let mut idp = None;
        let app = WebApp::with(db, |settings, _| {
            let started = Idp::start(&modules);
            settings.clock = Clock::starting_at(started.now + chrono::Duration::minutes(AHEAD));
            settings.oidc.issuer = Some(started.base.clone());
            settings.oidc.client_id = Some(started.client_id.clone());
            settings.oidc.client_secret = Some("planner-secret".into());
            settings.oidc.ca = Some(started.ca());
            settings.oidc.map_email = EMAIL;
            idp = Some(started);
        });
        let mut idp = idp.unwrap();
        idp.register(&format!("https://{}/login/sso/callback", app.web));
        SsoApp { parts: Some((app, RefCell::new(idp))) }
    }
}

impl<const AHEAD: i64, const EMAIL: bool> SsoApp<AHEAD, EMAIL> {
    /// The planner and the provider, or `None` (skipped).
    fn parts(&self) -> Option<(&WebApp, RefMut<'_, Idp>)> {
        self.parts.as_ref().map(|(app, idp)| (app, idp.borrow_mut()))
    }
}

/// The planner's clock on the provider's.
type OnTime = SsoApp<0>;
/// The planner's clock 15 minutes ahead of the provider's (its ID tokens live 5 minutes).
type Late = SsoApp<15>;
/// People mapped by their verified e-mail address.
type ByEmail = SsoApp<0, true>;

/// The account key of the provider's `user` (issuer and subject).
fn subject(idp: &Idp, user: &str) -> String {
    format!("{} {user}", idp.base)
}

/// An account for `email` made through an invitation, linked to the provider's `user`.
fn linked_account(app: &WebApp, idp: &Idp, email: &str, user: &str) -> String {
    let secret = app.invite(email, Role::Counselor);
    let new = NewAccount {
        name: "Alice Andersen".into(),
        oidc_subject: Some(subject(idp, user)),
        ..NewAccount::default()
    };
    app.store.people().accept(&secret, &AcceptAs::New(new), app.clock.now()).expect("accepted").id
}

/// The planner's address in `url` dropped: the path and query for the browser.
fn path_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest[rest.find('/').unwrap()..].to_owned()
}

/// `GET /login/sso`: the authorization request the browser is sent to.
fn start(browser: &mut Browser) -> String {
    let page = browser.get("/login/sso");
    assert_eq!(page.status, 303, "{page:?}");
    page.location().to_owned()
}

/// A full sign-on as `user` in `browser`: the callback's answer and the callback's path.
fn sign_on(browser: &mut Browser, idp: &mut Idp, user: &str) -> (Page, String) {
    let authorize = start(browser);
    let callback = path_of(&idp.sign_in(&authorize, user));
    (browser.get(&callback), callback)
}

/// Asserts that `browser` has no session: `/` sends it to sign in.
fn no_session(browser: &mut Browser) {
    assert!(!browser.cookies.contains_key("__Host-planner-session"), "{:?}", browser.cookies);
    let home = browser.get("/");
    assert_eq!((home.status, home.location()), (303, "/login"));
}

/// The details of the audit rows `web.sign_in.oidc` with `outcome`, oldest first.
fn audited(app: &WebApp, outcome: &str) -> Vec<String> {
    let rows = app.store.audit_tail(100).unwrap();
    for row in &rows {
        let text = format!("{:?}", row.entry);
        assert!(!text.contains("@kommune.dk") && !text.contains("code="), "personal data in {text}");
    }
    rows.iter()
        .filter(|row| row.entry.operation == "web.sign_in.oidc" && row.entry.outcome == outcome)
        .map(|row| row.entry.detail.clone().unwrap_or_default())
        .collect()
}

fn an_invitation_accepted_by_sign_on_makes_the_account_with_its_role(sso: &OnTime) {
    let Some((app, mut idp)) = sso.parts() else { return };
    let secret = app.invite("alice@kommune.dk", Role::Summoner);
    let mut browser = app.browser();
    assert_eq!(browser.get(&format!("/invitation/{secret}")).status, 303);
    let page = browser.get("/invitation");
    assert!(page.body.contains("Opret med kommunens login"), "{}", page.body);
    let csrf = page.field("csrf");
    let started = browser.post("/invitation/sso", &[("csrf", &csrf)]);
    assert_eq!(started.status, 303, "{started:?}");
    let callback = path_of(&idp.sign_in(started.location(), "alice"));
    let landed = browser.get(&callback);
    assert_eq!((landed.status, landed.location()), (303, "/"), "{landed:?}");
    let home = browser.get("/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Alice Andersen") && home.body.contains("Indkalder"), "{}", home.body);
    let account = app.store.people().account_by_subject(&subject(&idp, "alice")).unwrap().expect("linked");
    assert_eq!(account.email.as_str(), "alice@kommune.dk");
    assert_eq!(account.grants.len(), 1);
    assert_eq!(account.grants[0].role, Role::Summoner);
    assert_eq!(audited(app, "ok").len(), 1);
    // The invitation is used: it cannot make a second account.
    assert!(!browser.cookies.contains_key("__Host-planner-invitation"));
}

fn sign_in_works_with_pkce(sso: &OnTime) {
    let Some((app, mut idp)) = sso.parts() else { return };
    let id = linked_account(app, &idp, "alice@kommune.dk", "alice");
    let mut browser = app.browser();
    let login = browser.get("/login");
    assert!(login.body.contains("Log ind med kommunens login"), "{}", login.body);
    let authorize = start(&mut browser);
    assert!(authorize.contains("code_challenge_method=S256") && authorize.contains("code_challenge="));
    assert!(authorize.contains("nonce=") && authorize.contains("state="), "{authorize}");
    let callback = path_of(&idp.sign_in(&authorize, "alice"));
    let landed = browser.get(&callback);
    assert_eq!((landed.status, landed.location()), (303, "/"), "{landed:?}");
    assert!(!browser.cookies.contains_key("__Host-planner-sso"), "the sign-on cookie is used up");
    let home = browser.get("/");
    assert_eq!(home.status, 200, "a full session: no code asked");
    assert!(home.body.contains("Alice Andersen"), "{}", home.body);
    assert_eq!(audited(app, "ok"), [""]);
    let rows = app.store.audit_tail(10).unwrap();
    assert!(rows
        .iter()
        .any(|row| row.entry.operation == "web.sign_in.oidc" && row.entry.caller == format!("account:{id}")));
}

fn a_wrong_state_is_refused(sso: &OnTime) {
    let Some((app, mut idp)) = sso.parts() else { return };
    linked_account(app, &idp, "alice@kommune.dk", "alice");
    let mut browser = app.browser();
    let authorize = start(&mut browser);
    let callback = path_of(&idp.sign_in(&authorize, "alice"));
    let state = callback.split("state=").nth(1).unwrap().split('&').next().unwrap().to_owned();
    let forged = callback.replace(&format!("state={state}"), "state=0123456789abcdef");
    let refused = browser.get(&forged);
    assert_eq!(refused.status, 403, "{refused:?}");
    no_session(&mut browser);
    // The sign-on is used up by the failed callback: the right state no longer works either.
    assert_eq!(browser.get(&callback).status, 403);
    no_session(&mut browser);
    assert_eq!(audited(app, "refused"), ["state", "state"]);
    assert!(audited(app, "ok").is_empty());
}

fn a_replayed_code_is_refused(sso: &OnTime) {
    let Some((app, mut idp)) = sso.parts() else { return };
    linked_account(app, &idp, "alice@kommune.dk", "alice");
    let mut first = app.browser();
    let (landed, callback) = sign_on(&mut first, &mut idp, "alice");
    assert_eq!(landed.status, 303);
    // The same callback again in the same browser: its sign-on is used up.
    let mut again = app.browser();
    assert_eq!(again.get(&callback).status, 403);
    no_session(&mut again);
    // The code with a fresh sign-on's state: the provider refuses the used code.
    let mut other = app.browser();
    let authorize = start(&mut other);
    let state = authorize.split("state=").nth(1).unwrap().split('&').next().unwrap().to_owned();
    let code = callback.split("code=").nth(1).unwrap().split('&').next().unwrap().to_owned();
    let replayed = other.get(&format!("/login/sso/callback?code={code}&state={state}"));
    assert_eq!(replayed.status, 403, "{replayed:?}");
    no_session(&mut other);
    assert_eq!(audited(app, "refused"), ["state", "code_refused"]);
}

fn an_id_token_for_another_audience_is_refused(sso: &OnTime) {
    let Some((app, mut idp)) = sso.parts() else { return };
    linked_account(app, &idp, "alice@kommune.dk", "alice");
    let set = format!("/test/audience?client={}&value=another-client", idp.client_id);
    assert_eq!(idp.get(&set).0, 204);
    let mut browser = app.browser();
    let (refused, _) = sign_on(&mut browser, &mut idp, "alice");
    assert_eq!(refused.status, 403, "{refused:?}");
    no_session(&mut browser);
    assert_eq!(audited(app, "refused"), ["id_token_audience"]);
}

fn an_expired_id_token_is_refused(sso: &Late) {
    let Some((app, mut idp)) = sso.parts() else { return };
    linked_account(app, &idp, "alice@kommune.dk", "alice");
    let mut browser = app.browser();
    let (refused, _) = sign_on(&mut browser, &mut idp, "alice");
    assert_eq!(refused.status, 403, "{refused:?}");
    no_session(&mut browser);
    assert_eq!(audited(app, "refused"), ["id_token_expired"]);
}

fn a_person_without_an_invitation_gets_no_access(sso: &OnTime) {
    let Some((app, mut idp)) = sso.parts() else { return };
    linked_account(app, &idp, "alice@kommune.dk", "alice");
    // Bob has an invitation's account by e-mail neither: with `sub` mapping nothing matches.
    let mut browser = app.browser();
    let (refused, _) = sign_on(&mut browser, &mut idp, "bob");
    assert_eq!(refused.status, 403, "{refused:?}");
    assert!(refused
        .body
        .contains("Din konto findes ikke i Planner. Bed din administrator om en invitation."));
    no_session(&mut browser);
    assert_eq!(audited(app, "refused"), ["no_account"]);
    assert_eq!(app.store.people().accounts(None).unwrap().len(), 1, "no account was made");
}

fn a_local_account_links_the_provider_after_password_and_code(sso: &OnTime) {
    let Some((app, mut idp)) = sso.parts() else { return };
    let secret = app.invite("alice@kommune.dk", Role::Counselor);
    let person = enrol(app, &mut app.browser(), &secret, "alice@kommune.dk", "Alice Andersen");
    let mut browser = app.browser();
    let (refused, _) = sign_on(&mut browser, &mut idp, "alice");
    assert_eq!(refused.status, 403, "not linked yet: {refused:?}");
    assert_eq!(sign_in(app, &mut browser, &person), "/");
    let page = browser.get("/login/sso/link");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Log ind med kommunens login"), "{}", page.body);
    let started = browser.post("/login/sso/link", &[("csrf", &page.field("csrf"))]);
    assert_eq!(started.status, 303, "{started:?}");
    let callback = path_of(&idp.sign_in(started.location(), "alice"));
    let linked = browser.get(&callback);
    assert_eq!((linked.status, linked.location()), (303, "/"), "{linked:?}");
    assert!(browser.get("/login/sso/link").body.contains("er knyttet til kommunens login"));
    // Now the provider's alice signs in to the same account, without password and code.
    let mut elsewhere = app.browser();
    let (landed, _) = sign_on(&mut elsewhere, &mut idp, "alice");
    assert_eq!((landed.status, landed.location()), (303, "/"), "{landed:?}");
    assert!(elsewhere.get("/").body.contains("Alice Andersen"));
    // Linked once, the page offers no second link.
    let page = browser.get("/login/sso/link");
    assert!(!page.body.contains("name=\"csrf\""), "linked once: no button");
    let rows = app.store.audit_tail(100).unwrap();
    assert!(rows.iter().any(|row| row.entry.operation == "web.sso.link" && row.entry.outcome == "ok"));
}

fn by_email_only_a_verified_address_finds_the_account_and_its_subject_sticks(sso: &ByEmail) {
    let Some((app, mut idp)) = sso.parts() else { return };
    let secret = app.invite("alice@kommune.dk", Role::Counselor);
    enrol(app, &mut app.browser(), &secret, "alice@kommune.dk", "Alice Andersen");
    // carol's provider account has alice's address, not verified.
    let mut browser = app.browser();
    assert_eq!(sign_on(&mut browser, &mut idp, "carol").0.status, 403);
    no_session(&mut browser);
    // alice's verified address finds the invited account, and her subject is kept on it.
    let (landed, _) = sign_on(&mut browser, &mut idp, "alice");
    assert_eq!((landed.status, landed.location()), (303, "/"), "{landed:?}");
    let account = app.store.people().account_by_subject(&subject(&idp, "alice")).unwrap();
    assert_eq!(account.expect("linked").email.as_str(), "alice@kommune.dk");
    // mallory's provider account verifies the same address later: another subject, refused.
    let mut other = app.browser();
    assert_eq!(sign_on(&mut other, &mut idp, "mallory").0.status, 403);
    no_session(&mut other);
    assert_eq!(audited(app, "refused"), ["no_verified_email", "another_subject"]);
}

fn a_planted_session_is_replaced_and_a_disabled_account_gets_none(sso: &OnTime) {
    let Some((app, mut idp)) = sso.parts() else { return };
    let id = linked_account(app, &idp, "alice@kommune.dk", "alice");
    let mut browser = app.browser();
    let planted = "ab".repeat(32);
    browser.cookies.insert("__Host-planner-session".into(), planted.clone());
    let (landed, _) = sign_on(&mut browser, &mut idp, "alice");
    assert_eq!(landed.status, 303, "{landed:?}");
    assert_ne!(browser.cookies["__Host-planner-session"], planted, "a fresh session");
    assert_eq!(browser.get("/").status, 200);
    app.store.people().set_disabled(&id, true).unwrap();
    assert_eq!(browser.get("/").location(), "/login", "the session ends with the account");
    let mut again = app.browser();
    let (refused, _) = sign_on(&mut again, &mut idp, "alice");
    assert_eq!(refused.status, 403, "{refused:?}");
    no_session(&mut again);
    assert_eq!(audited(app, "refused"), ["disabled"]);
}

both_backends!(
    a_planted_session_is_replaced_and_a_disabled_account_gets_none,
    by_email_only_a_verified_address_finds_the_account_and_its_subject_sticks,
    a_local_account_links_the_provider_after_password_and_code,
    an_invitation_accepted_by_sign_on_makes_the_account_with_its_role,
    sign_in_works_with_pkce,
    a_wrong_state_is_refused,
    a_replayed_code_is_refused,
    an_id_token_for_another_audience_is_refused,
    an_expired_id_token_is_refused,
    a_person_without_an_invitation_gets_no_access,
);
