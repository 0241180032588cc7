//! The optional side-by-side peer (issue 19, `LOADBENCH_PEER=node-soap`): node's `soap` package
//! serving the same WSDL over mutual TLS with the dev PKI, answering GetSelfbookTimeslots with
//! the planner's own answer for the measured day, canned (`node_soap_peer.js`). Without node or
//! the `soap` package the peer is skipped with a message, and the rest of the run goes on.

use std::io::{BufRead, BufReader};

use super::*;

/// Where node finds `soap`: `LOADBENCH_NODE_MODULES`, else `PLANNER_OIDC_NODE_MODULES`, else
/// `~/.cache/planner-ci-node/node_modules` (install with
/// `npm install --prefix ~/.cache/planner-ci-node soap`).
fn node_modules() -> Option<PathBuf> {
    ["LOADBENCH_NODE_MODULES", "PLANNER_OIDC_NODE_MODULES"]
        .iter()
        .find_map(|name| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(|| {
            std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache/planner-ci-node/node_modules"))
        })
}

/// Whether the peer was asked for (`LOADBENCH_PEER=node-soap`).
pub(super) fn wanted() -> anyhow::Result<bool> {
    match std::env::var("LOADBENCH_PEER").ok().filter(|v| !v.is_empty()).as_deref() {
        None => Ok(false),
        Some("node-soap") => Ok(true),
        Some(other) => bail!("unknown LOADBENCH_PEER '{other}'; use 'node-soap'"),
    }
}

/// Starts the node-soap peer on a free port serving `answer` (a whole SOAP envelope), or says
/// why it cannot run (`Ok(None)`).
pub(super) fn start(certs: &Path, answer: &[u8], dir: &Path) -> anyhow::Result<Option<(SocketAddr, Server)>> {
    let Some(modules) = node_modules().filter(|m| m.join("soap/package.json").exists()) else {
        println!(
            "peer node-soap skipped: node's soap package is not installed \
             (npm install --prefix ~/.cache/planner-ci-node soap, or set LOADBENCH_NODE_MODULES)"
        );
        return Ok(None);
    };
    if Command::new("node").arg("--version").output().map(|o| !o.status.success()).unwrap_or(true) {
        println!("peer node-soap skipped: no `node` on PATH");
        return Ok(None);
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let answer_file = dir.join("node-soap-answer.xml");
    std::fs::write(&answer_file, answer)?;
    let address = free_port()?;
    let log = dir.join("node-soap.log");
    let mut child = Command::new("node")
        .arg(manifest.join("benches/soap_load/node_soap_peer.js"))
        .arg(address.port().to_string())
        .arg(manifest.join("wsdl/ExternalBookingService.wsdl"))
        .arg(&answer_file)
        .arg(certs)
        .env("NODE_PATH", &modules)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log)?)
        .spawn()
        .context("cannot start node")?;
    let stdout = child.stdout.take().context("node's stdout")?;
    let server = Server { name: "node-soap", child, log: log.clone() };
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    ensure!(
        line.trim() == "listening",
        "the node-soap peer did not start: {}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    Ok(Some((address, server)))
}
