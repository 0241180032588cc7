//! A real browser for the web app's pages: headless Chromium driven step by step from Rust
//! through `tests/fixtures/browser/driver.mjs` (npm's `playwright-core`), with axe-core's WCAG
//! 2.0/2.1 A and AA rules checked on every page a test reaches and screenshots of it at 1366x768
//! and 390x844 in `target/screenshots/<test>-<step>-<width>.jpg` (under `CARGO_TARGET_DIR`
//! when it is set).
//!
//! Each step is a JSON line to the driver and a JSON line back, so a test computes things
//! between steps (a TOTP code at the server's clock) and asserts what a person sees: headings,
//! texts, alerts, where the keyboard focus is. Every wait is the driver's wait for a page load
//! or an element; nothing sleeps.
//!
//! One driver and one Chromium serve all browser tests of the test process (starting Chromium
//! is most of a short test's cost): each test is a session of its own, a browser context with
//! its own cookies, and the sessions run side by side. A reader thread hands each answer to the
//! session it names. The driver ends when the test process does (its input closes).
//!
//! It needs node, Chromium (`PLANNER_CHROMIUM`, default `/usr/bin/chromium`) and npm's
//! `playwright-core` and `axe-core` in the `node_modules` that also holds `oidc-provider`
//! (`PLANNER_OIDC_NODE_MODULES`, default `~/.cache/planner-ci-node/node_modules`); `.ci/run`
//! installs them. Without them a test says it skipped, and fails when `PLANNER_REQUIRE_INTEROP`
//! is set.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use serde::Deserialize;
use serde_json::{json, Value};

use super::browser::WebApp;

/// What the browser shows of the page it is on.
#[derive(Debug, Deserialize)]
pub struct Seen {
    /// The path and query.
    pub url: String,
    /// The document's title.
    pub title: String,
    /// The text of the first `h1`.
    pub heading: Option<String>,
    /// The texts of the elements with role `alert` or `status`.
    pub alerts: Vec<String>,
    /// The text of `main`.
    pub text: String,
    /// Console errors since the page loaded (a blocked inline style or script, a script error).
    pub problems: Vec<String>,
}

/// The element that has the keyboard focus.
#[derive(Debug, Deserialize)]
pub struct Focused {
    /// Its tag, lowercase.
    pub tag: String,
    /// Its label's text, or its own text.
    pub name: String,
    /// Whether an outline shows where the focus is.
    pub outlined: bool,
    /// The contrast of the outline with what is around it (0 without one; WCAG 1.4.11 asks 3).
    pub contrast: f64,
}

/// One axe finding.
#[derive(Debug, Deserialize)]
struct Violation {
    id: String,
    impact: Option<String>,
    help: String,
    #[serde(rename = "helpUrl")]
    help_url: String,
    targets: Vec<String>,
}

/// Headless Chromium on one test's planner: a session of the shared driver.
pub struct Chromium {
    driver: &'static Driver,
    session: u64,
    answers: Receiver<Value>,
    base: String,
    test: String,
}

/// The one driver (node with playwright-core, and its Chromium) of the test process.
struct Driver {
    stdin: Mutex<ChildStdin>,
    /// Where each open session's answers go.
    waiting: Arc<Mutex<HashMap<u64, Sender<Value>>>>,
    next: AtomicU64,
    _child: Mutex<Child>,
}

/// `mutex` locked, also after a test panicked while holding it (the data stay consistent:
/// every holder writes a whole line or one map entry).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Driver {
    /// The driver, started on first use.
    fn shared(modules: PathBuf, chromium: PathBuf) -> &'static Driver {
        static DRIVER: OnceLock<Driver> = OnceLock::new();
        DRIVER.get_or_init(|| Driver::start(&modules, &chromium))
    }

    fn start(modules: &PathBuf, chromium: &PathBuf) -> Driver {
        let screenshots = screenshot_dir();
        std::fs::create_dir_all(&screenshots).expect("the screenshot folder");
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/browser/driver.mjs");
        let mut child = Command::new("node")
            .arg(script)
            .arg(modules)
            .arg(chromium)
            .arg(screenshots)
            // The browser keeps the machine's clock in the clock runs of `.ci/run`: the planner's
            // clock is injected anyway, and Chromium under libfaketime runs ten times slower.
            .env_remove("LD_PRELOAD")
            .env_remove("FAKETIME")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("TEST_LOG").is_some() { Stdio::inherit() } else { Stdio::null() })
            .spawn()
            .expect("start node");
        let stdin = child.stdin.take().expect("the driver's input");
        let mut lines = BufReader::new(child.stdout.take().expect("the driver's output")).lines();
        let ready = lines.next().and_then(Result::ok).unwrap_or_default();
        assert!(ready.contains(r#""ready":true"#), "the browser did not start: {ready}");
        let waiting: Arc<Mutex<HashMap<u64, Sender<Value>>>> = Arc::default();
        let sessions = Arc::clone(&waiting);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let answer: Value = serde_json::from_str(&line)
                    .unwrap_or_else(|e| json!({ "error": format!("{e}: {line}") }));
                let session = answer["session"].as_u64().unwrap_or(0);
                if let Some(to) = lock(&sessions).get(&session) {
                    let _ = to.send(answer);
                }
            }
            // The driver is gone: every waiting session's receiver now fails instead of waiting.
            lock(&sessions).clear();
        });
        Driver { stdin: Mutex::new(stdin), waiting, next: AtomicU64::new(1), _child: Mutex::new(child) }
    }

    /// Sends `step` of `session` (one line).
    fn send(&self, session: u64, mut step: Value) -> std::io::Result<()> {
        step["session"] = json!(session);
        let mut stdin = lock(&self.stdin);
        writeln!(stdin, "{step}").and_then(|()| stdin.flush())
    }
}

/// Where the screenshots go: `target/screenshots` of `CARGO_TARGET_DIR` or of this package.
pub fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("screenshots")
}

/// The node_modules with the driver's packages and the Chromium to run, or `None` after saying
/// what is missing (a failure when `PLANNER_REQUIRE_INTEROP` is set).
fn requirements() -> Option<(PathBuf, PathBuf)> {
    let modules = std::env::var_os("PLANNER_OIDC_NODE_MODULES").map(PathBuf::from).or_else(|| {
        std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache/planner-ci-node/node_modules"))
    });
    let chromium = std::env::var_os("PLANNER_CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let node = Command::new("node").arg("--version").output().is_ok_and(|out| out.status.success());
    let packages = |dir: &PathBuf| {
        dir.join("playwright-core/package.json").exists() && dir.join("axe-core/axe.min.js").exists()
    };
    let found = modules.filter(|dir| node && packages(dir) && chromium.exists());
    if found.is_none() {
        let what = "node, Chromium (apt-get install chromium, or PLANNER_CHROMIUM) and npm's playwright-core \
                    and axe-core (npm install --prefix ~/.cache/planner-ci-node playwright-core@1 axe-core@4)";
        if std::env::var_os("PLANNER_REQUIRE_INTEROP").is_some() {
            panic!("{what} are required (PLANNER_REQUIRE_INTEROP is set)");
        }
        eprintln!("skipped: {what} not available");
    }
    found.map(|modules| (modules, chromium))
}

impl Chromium {
    /// Chromium for the test named `test` (the screenshots' prefix) on `app`'s people listener,
    /// or `None` when it cannot run here (the test then says it skipped).
    pub fn start(app: &WebApp, test: &str) -> Option<Chromium> {
        let (modules, chromium) = requirements()?;
        let driver = Driver::shared(modules, chromium);
        let session = driver.next.fetch_add(1, Ordering::Relaxed);
        let (to, answers) = channel();
        lock(&driver.waiting).insert(session, to);
        let mut browser = Chromium {
            driver,
            session,
            answers,
            base: format!("https://{}", app.web),
            test: test.to_owned(),
        };
        browser.step(json!({ "op": "open" }));
        Some(browser)
    }

    /// Sends `step` and answers the driver's answer; a step that failed fails the test.
    fn step(&mut self, step: Value) -> Value {
        self.driver.send(self.session, step.clone()).expect("the browser takes a step");
        let answer = self.answers.recv().expect("the browser answers");
        assert_eq!(answer["ok"], true, "{}: step {step} failed: {}", self.test, answer["error"]);
        answer
    }

    /// Loads `path` of the planner; answers the status.
    pub fn goto(&mut self, path: &str) -> u16 {
        let url = format!("{}{path}", self.base);
        status(&self.step(json!({ "op": "goto", "url": url })))
    }

    /// Loads `url`, which need not be the planner's (a `data:` page of the harness's own test).
    pub fn open(&mut self, url: &str) {
        self.step(json!({ "op": "goto", "url": url }));
    }

    /// Types `value` into the field labelled `label`.
    pub fn fill(&mut self, label: &str, value: &str) {
        self.step(json!({ "op": "fill", "label": label, "value": value }));
    }

    /// Clicks the `role` (`button`, `link`) named `name` and waits for the page it loads;
    /// answers that page's status.
    pub fn click(&mut self, role: &str, name: &str) -> u16 {
        status(&self.step(json!({ "op": "click", "role": role, "name": name })))
    }

    /// Presses `key` (`Tab`, `Enter`); answers what has the focus then.
    pub fn press(&mut self, key: &str) -> Option<Focused> {
        let answer = self.step(json!({ "op": "press", "key": key, "navigates": false }));
        serde_json::from_value(answer["focused"].clone()).expect("the focused element")
    }

    /// Presses `key` where it submits a form or follows a link; answers the loaded page's status.
    pub fn press_to_load(&mut self, key: &str) -> u16 {
        status(&self.step(json!({ "op": "press", "key": key, "navigates": true })))
    }

    /// Types `text` into the focused element, key by key.
    pub fn type_text(&mut self, text: &str) {
        self.step(json!({ "op": "type", "text": text }));
    }

    /// Gives the file input labelled `label` (or, without one, the focused input: a file
    /// chooser cannot be driven by keys) the file `name` holding `content`.
    pub fn upload(&mut self, label: Option<&str>, name: &str, content: &[u8]) {
        use base64::Engine;
        let content = base64::engine::general_purpose::STANDARD.encode(content);
        self.step(json!({ "op": "upload", "label": label, "name": name, "content": content }));
    }

    /// Chooses the option `option` (its text) in the select labelled `label`.
    pub fn select(&mut self, label: &str, option: &str) {
        self.step(json!({ "op": "select", "label": label, "option": option }));
    }

    /// Checks the radio button or checkbox labelled `label`.
    pub fn choose(&mut self, label: &str) {
        self.step(json!({ "op": "choose", "label": label }));
    }

    /// Waits until `text` shows on the page (one a script loads again).
    pub fn wait_for(&mut self, text: &str) {
        self.driver
            .send(self.session, json!({ "op": "wait", "text": text }))
            .expect("the browser takes a step");
        let answer = self.answers.recv().expect("the browser answers");
        if answer["ok"] != true {
            let seen = self.read();
            panic!("{}: {text:?} did not show: {}\nthe page: {seen:?}", self.test, answer["error"]);
        }
    }

    /// What the page shows.
    pub fn read(&mut self) -> Seen {
        serde_json::from_value(self.step(json!({ "op": "read" }))).expect("a page")
    }

    /// The texts of the elements matching CSS `selector`.
    pub fn texts(&mut self, selector: &str) -> Vec<String> {
        let answer = self.step(json!({ "op": "texts", "selector": selector }));
        serde_json::from_value(answer["texts"].clone()).expect("texts")
    }

    /// What axe finds on the page against WCAG 2.0 and 2.1, A and AA: per violation its rule,
    /// impact and help, the elements (CSS selectors) and the rule's help page.
    pub fn violations(&mut self) -> Vec<String> {
        let answer = self.step(json!({ "op": "axe" }));
        let violations: Vec<Violation> = serde_json::from_value(answer["violations"].clone()).unwrap();
        violations
            .iter()
            .map(|v| {
                let impact = v.impact.as_deref().unwrap_or("-");
                format!(
                    "  {} ({impact}): {}\n    at {}\n    {}",
                    v.id,
                    v.help,
                    v.targets.join(", "),
                    v.help_url
                )
            })
            .collect()
    }

    /// Saves the screenshots of the page as step `step`; answers the widths (of 1366 and 390)
    /// at which the page scrolls sideways.
    pub fn screenshots(&mut self, step: &str) -> Vec<u64> {
        let name = format!("{}-{step}", self.test);
        let answer = self.step(json!({ "op": "screenshot", "name": name }));
        serde_json::from_value(answer["sideways"].clone()).expect("widths")
    }

    /// Checks the page as it is now, as step `step` of the test: no axe violation, no console
    /// error, a title and a heading, no sideways scrolling at either width (WCAG 1.4.10);
    /// saves its screenshots; answers what it shows.
    pub fn check(&mut self, step: &str) -> Seen {
        let name = format!("{}-{step}", self.test);
        let sideways = self.screenshots(step);
        assert!(sideways.is_empty(), "{name}: the page scrolls sideways at width {sideways:?}");
        let report = self.violations();
        assert!(report.is_empty(), "{name}: axe found\n{}", report.join("\n"));
        let seen = self.read();
        assert!(seen.problems.is_empty(), "{name}: the console says {:?}", seen.problems);
        assert!(seen.title.ends_with(" – Planner") && seen.heading.is_some(), "{name}: {seen:?}");
        seen
    }
}

/// The status in a driver's answer to a step that loaded a page.
fn status(answer: &Value) -> u16 {
    let status = answer["status"].as_u64().unwrap_or_else(|| panic!("no status in {answer}"));
    u16::try_from(status).unwrap()
}

impl Drop for Chromium {
    /// Closes the session's context; the browser stays for the next test.
    fn drop(&mut self) {
        if self.driver.send(self.session, json!({ "op": "close" })).is_ok() {
            let _ = self.answers.recv();
        }
        lock(&self.driver.waiting).remove(&self.session);
    }
}

/// Signs `chromium` in as `person` through the pages, with the authenticator's next code (the
/// current one was used when the person enrolled).
pub(super) fn sign_in(chromium: &mut Chromium, app: &WebApp, person: &super::invitation::Person) {
    assert_eq!(chromium.goto("/login"), 200);
    chromium.fill("E-mailadresse", &person.email);
    chromium.fill("Adgangskode", super::invitation::PASSWORD);
    assert_eq!(chromium.click("button", "Log ind"), 200);
    let code = super::browser::totp_code(&person.key, app.clock.now() + chrono::Duration::seconds(30));
    chromium.fill("Kode fra din godkendelsesapp", &code);
    assert_eq!(chromium.click("button", "Fortsæt"), 200);
}
