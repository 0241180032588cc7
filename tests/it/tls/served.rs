//! `planner serve` as a child process, the way operators run it: its stderr (the log) is read
//! line by line into memory as it comes, the listen address is taken from the start-up line, and
//! SIGTERM stops it. Tests read the whole log afterwards, so each sees only its own server's.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A running `planner serve`.
pub struct Served {
    child: Child,
    /// The main listener's address.
    pub address: SocketAddr,
    lines: Arc<Mutex<Vec<String>>>,
    reader: Option<JoinHandle<()>>,
}

impl Served {
    /// Runs `planner serve ARGS` in `directory` at log level `info` with `env` set, and waits
    /// (at most 60 s) for its `serving on` line.
    pub fn start(directory: &Path, args: &[&str], env: &[(&str, &str)]) -> Served {
        let mut command: Command = crate::support::binary::command(directory, "info");
        command.arg("serve").args(args).stderr(Stdio::piped()).stdout(Stdio::null());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("start planner serve");
        let stderr = child.stderr.take().expect("piped stderr");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (address_tx, address_rx) = mpsc::channel();
        let kept = lines.clone();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(address) = serving_address(&line) {
                    let _ = address_tx.send(address);
                }
                kept.lock().unwrap().push(line);
            }
        });
        let address = match address_rx.recv_timeout(Duration::from_secs(60)) {
            Ok(address) => address,
            Err(_) => {
                let _ = child.kill();
                panic!("planner serve did not start: {:?}", lines.lock().unwrap());
            }
        };
        Served { child, address, lines, reader: Some(reader) }
    }

    /// Sends SIGTERM.
    pub fn signal_terminate(&self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        assert!(status.is_ok_and(|s| s.success()), "kill -TERM");
    }

    /// Waits for the process to end (at most `limit`; then it is killed and the test fails).
    pub fn wait(&mut self, limit: Duration) -> ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for planner serve") {
                if let Some(reader) = self.reader.take() {
                    let _ = reader.join();
                }
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("planner serve did not stop within {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGTERM, then the exit status (at most 60 s) and the whole log.
    pub fn stop(mut self) -> (ExitStatus, Vec<String>) {
        self.signal_terminate();
        let status = self.wait(Duration::from_secs(60));
        (status, self.log())
    }

    /// The log lines so far.
    pub fn log(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The address in `serving on http(s)://ADDR`.
fn serving_address(line: &str) -> Option<SocketAddr> {
    let at = line.find("serving on http")?;
    let rest = &line[at..];
    let address = rest.split("://").nth(1)?;
    address.split_whitespace().next()?.parse().ok()
}
