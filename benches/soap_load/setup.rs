//! Setting up the benchmark: the dev PKI, the demo data (made large with `LOADBENCH_SEED=large`,
//! `seed.rs`) and the two servers (plain and mTLS) of this build's binary in a temporary
//! directory, stopped when dropped.

use super::*;

/// A server process, killed when dropped.
pub(super) struct Server {
    pub(super) name: &'static str,
    pub(super) child: Child,
    pub(super) log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where the two servers are and what to send them.
pub(super) struct Target {
    pub(super) plain: SocketAddr,
    pub(super) mtls: SocketAddr,
    pub(super) certs: PathBuf,
    pub(super) offer: String,
    pub(super) caller: String,
    /// The servers' process ids, whose CPU time is measured (`LOADBENCH_PLAIN_PID` and
    /// `LOADBENCH_MTLS_PID` for servers started elsewhere; none: no CPU figures).
    pub(super) plain_pid: Option<u32>,
    pub(super) mtls_pid: Option<u32>,
    /// Keeps the temporary directory and the servers alive for the run.
    pub(super) _servers: Vec<Server>,
    pub(super) _dir: Option<tempfile::TempDir>,
}

pub(super) fn prepared(plain: &str) -> anyhow::Result<Target> {
    let var = |name: &str| {
        std::env::var(name)
            .ok()
            .filter(|value| !value.is_empty())
            .with_context(|| format!("LOADBENCH_PLAIN is set, so {name} must be set too"))
    };
    let pid = |name: &str| -> anyhow::Result<Option<u32>> {
        std::env::var(name)
            .ok()
            .filter(|value| !value.is_empty())
            .map(|value| value.parse::<u32>().with_context(|| format!("invalid {name} '{value}'")))
            .transpose()
    };
    Ok(Target {
        plain_pid: pid("LOADBENCH_PLAIN_PID")?,
        mtls_pid: pid("LOADBENCH_MTLS_PID")?,
        plain: plain.parse().with_context(|| format!("invalid LOADBENCH_PLAIN '{plain}'"))?,
        mtls: var("LOADBENCH_MTLS")?.parse().context("invalid LOADBENCH_MTLS")?,
        certs: PathBuf::from(var("LOADBENCH_CERTS")?),
        offer: var("LOADBENCH_OFFER")?,
        caller: std::env::var("LOADBENCH_CALLER").unwrap_or_else(|_| LOADBENCH_CALLER.into()),
        _servers: Vec::new(),
        _dir: None,
    })
}

/// A `planner` command in `dir` with only our `PLANNER_*` settings.
pub(super) fn planner(dir: &Path) -> Command {
    let mut command = Command::new(PLANNER);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("PLANNER_") {
            command.env_remove(name);
        }
    }
    command.current_dir(dir).env("RUST_LOG", "warn").env("PLANNER_DATABASE_URL", dir.join("planner.db"));
    // The servers measured need no staff web app; its default port may be taken on the machine.
    command.env("PLANNER_WEB_LISTEN", "off");
    command
}

pub(super) fn checked(command: &mut Command, what: &str) -> anyhow::Result<Vec<u8>> {
    let output = command.output().with_context(|| format!("cannot run {PLANNER} ({what})"))?;
    ensure!(
        output.status.success(),
        "planner {what} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr).trim()
    );
    Ok(output.stdout)
}

pub(super) fn free_port() -> anyhow::Result<SocketAddr> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

/// Prepares everything in a temporary directory: the dev PKI, the demo data (made large by
/// `seed`), the caller, and the two servers.
pub(super) fn prepare(seed: Seed) -> anyhow::Result<Target> {
    let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
    let root = dir.path().to_path_buf();
    checked(planner(&root).args(["certs", "dev", "--dir", "certs"]), "certs dev")?;
    let demo = checked(planner(&root).args(["demo-data", "--json"]), "demo-data")?;
    let demo: serde_json::Value = serde_json::from_slice(&demo).context("demo-data printed no JSON")?;
    // "Jobsamtale" (ten counselors, no rooms) unless `LOADBENCH_OFFER_NAME` names another demo
    // offer, such as "CV-samtale" (rooms from a pool of two).
    let name = std::env::var("LOADBENCH_OFFER_NAME").unwrap_or_else(|_| "Jobsamtale".into());
    let base = demo["offers"]
        .as_array()
        .and_then(|offers| offers.iter().find(|offer| offer["name"] == name.as_str()))
        .with_context(|| format!("the demo data has no offer '{name}'"))?;
    let offer = match seed {
        Seed::Demo => base["id"].as_str().context("the demo offer has no id")?.to_owned(),
        Seed::Large => seed::large(&root, &demo, base)?,
    };
    checked(
        planner(&root).args(["callers", "add", LOADBENCH_CALLER, "--role", "dfdg", "--jobcenter", "00101"]),
        "callers add",
    )?;
    let certs = root.join("certs");
    let (plain, mtls) = (free_port()?, free_port()?);
    let spawn = |name: &'static str, command: &mut Command| -> anyhow::Result<Server> {
        let log = root.join(format!("{name}.log"));
        let child = command
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log)?)
            .spawn()
            .with_context(|| format!("cannot start the {name} server"))?;
        Ok(Server { name, child, log })
    };
    let servers = vec![
        spawn("plain", planner(&root).args(["serve", "--insecure-http", "--listen", &plain.to_string()]))?,
        spawn(
            "mtls",
            planner(&root)
                .args(["serve", "--listen", &mtls.to_string()])
                .env("PLANNER_TLS_CERT", certs.join("server.pem"))
                .env("PLANNER_TLS_KEY", certs.join("server-key.pem"))
                .env("PLANNER_TLS_CLIENT_CA", certs.join("ca.pem")),
        )?,
    ];
    Ok(Target {
        plain,
        mtls,
        certs,
        offer,
        caller: LOADBENCH_CALLER.into(),
        plain_pid: Some(servers[0].child.id()),
        mtls_pid: Some(servers[1].child.id()),
        _servers: servers,
        _dir: Some(dir),
    })
}

pub(super) fn wait_ready(endpoint: &Endpoint, limit: Duration, servers: &[Server]) -> anyhow::Result<()> {
    let deadline = Instant::now() + limit;
    loop {
        match endpoint.get(&endpoint.agent(), "/health/ready", true) {
            Ok((200, _)) => return Ok(()),
            result if Instant::now() > deadline => {
                let logs = servers
                    .iter()
                    .map(|s| {
                        format!(
                            "{} server log: {}",
                            s.name,
                            std::fs::read_to_string(&s.log).unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                bail!("{} is not ready after {limit:?} ({:?})\n{logs}", endpoint.base, result.map(|r| r.0))
            }
            _ => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}
