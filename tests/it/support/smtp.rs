//! A real SMTP server for the mail tests: Python `aiosmtpd` (`smtp_server.py`) with STARTTLS on
//! a development certificate (`planner certs dev`'s PKI) and AUTH required, recording every mail
//! it receives as JSON in a directory the test reads.
//!
//! Python comes from `PLANNER_ZEEP_PYTHON` or the interop venv `~/.cache/planner-ci-venv` (made
//! by `.ci/run`); without aiosmtpd the test is skipped with a printed reason, or fails when
//! `PLANNER_REQUIRE_INTEROP` is set.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use planner::adapters::mail::{MailSettings, MailTls};
use planner::domain::mail::SendingLimits;

/// A Python with aiosmtpd, or `None` after saying why (a panic with `PLANNER_REQUIRE_INTEROP`).
pub fn python() -> Option<PathBuf> {
    let candidates: Vec<PathBuf> = std::env::var_os("PLANNER_ZEEP_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .chain(
            std::env::var_os("HOME")
                .map(|home| PathBuf::from(home).join(".cache/planner-ci-venv/bin/python")),
        )
        .collect();
    for python in candidates {
        let works = Command::new(&python)
            .args(["-c", "import aiosmtpd"])
            .output()
            .is_ok_and(|output| output.status.success());
        if works {
            return Some(python);
        }
    }
    let what = "aiosmtpd (set PLANNER_ZEEP_PYTHON to a python with aiosmtpd installed, or run .ci/run)";
    if std::env::var_os("PLANNER_REQUIRE_INTEROP").is_some() {
        panic!("{what} is required (PLANNER_REQUIRE_INTEROP is set)");
    }
    eprintln!("skipped: {what} not available");
    None
}

/// The development PKI of one test (CA, server certificate for localhost and 127.0.0.1).
pub struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    /// A fresh development PKI.
    pub fn new() -> Pki {
        let dir = tempfile::tempdir().unwrap();
        planner::tls::create_dev_pki(dir.path(), false).unwrap();
        Pki { dir }
    }

    /// A file of it (`ca.pem`, `server.pem`, `server-key.pem`).
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// Whether the server offers STARTTLS (with the PKI's server certificate) or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    /// STARTTLS required before AUTH and mail.
    StartTls,
    /// No TLS at all.
    Plain,
}

/// A running test mail server; stops when dropped.
pub struct SmtpServer {
    child: Child,
    /// The port it listens on.
    pub port: u16,
}

impl SmtpServer {
    /// Starts the server on `port` (0: a free port it binds itself and reports, so no other test
    /// can take it in between), recording into `inbox`, with `pki`'s server certificate.
    pub fn start(python: &Path, port: u16, inbox: &Inbox, pki: &Pki, offer: Offer) -> SmtpServer {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/support/smtp_server.py");
        let mode = match offer {
            Offer::StartTls => "starttls",
            Offer::Plain => "plain",
        };
        // aiosmtpd reports refused handshakes and deprecations there; the tests assert outcomes,
        // and a server that does not start says why.
        let log = tempfile::NamedTempFile::new().unwrap();
        let mut child = Command::new(python)
            .arg(script)
            .arg(port.to_string())
            .arg(inbox.dir.path())
            .arg(pki.file("server.pem"))
            .arg(pki.file("server-key.pem"))
            .arg(mode)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log.reopen().unwrap())
            .spawn()
            .expect("start the test mail server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let Some(port) = line.trim().strip_prefix("ready ").and_then(|port| port.parse().ok()) else {
            let _ = child.wait();
            let why = std::fs::read_to_string(log.path()).unwrap_or_default();
            panic!("the test mail server did not start: {line:?}\n{why}");
        };
        SmtpServer { child, port }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// One mail the server received.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Received {
    /// The envelope sender.
    pub mail_from: String,
    /// The envelope recipients.
    pub rcpt_tos: Vec<String>,
    /// The From header.
    pub from: String,
    /// The subject.
    pub subject: String,
    /// The decoded plain-text body.
    pub body: String,
    /// Whether the session was encrypted.
    pub tls: bool,
}

/// Where the server records what it receives.
pub struct Inbox {
    dir: tempfile::TempDir,
}

impl Inbox {
    /// An empty inbox.
    pub fn new() -> Inbox {
        Inbox { dir: tempfile::tempdir().unwrap() }
    }

    /// Every mail received so far.
    pub fn mails(&self) -> Vec<Received> {
        let mut mails = Vec::new();
        for entry in std::fs::read_dir(self.dir.path()).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                mails.push(serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap());
            }
        }
        mails
    }
}

/// The planner's settings for the test server on `port`, trusting `pki`'s CA.
pub fn settings(port: u16, pki: &Pki, limits: SendingLimits) -> MailSettings {
    MailSettings {
        host: Some("127.0.0.1".into()),
        port: Some(port),
        tls: MailTls::StartTls,
        username: Some("planner".into()),
        password: Some("secret".into()),
        ca: Some(pki.file("ca.pem")),
        limits,
        timeout: std::time::Duration::from_secs(10),
    }
}
