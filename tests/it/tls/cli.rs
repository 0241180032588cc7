//! The certificate tools as operators use them: `planner certs dev` (files, key modes, the three
//! registered callers, idempotence), `planner serve` on that PKI answering the README's curl
//! example, one-line errors for missing TLS files, `planner callers`, and `certs import-p12`.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};

const FILES: [&str; 10] = [
    "ca.pem",
    "ca-key.pem",
    "server.pem",
    "server-key.pem",
    "dfdg.pem",
    "dfdg-key.pem",
    "caseworker.pem",
    "caseworker-key.pem",
    "admin.pem",
    "admin-key.pem",
];

fn planner(directory: &Path) -> Command {
    crate::support::binary::command(directory, "info")
}

#[track_caller]
fn success(output: Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[track_caller]
fn one_line_error(output: Output) -> String {
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    // Log lines (`[time LEVEL target] ...`) may precede the error; the error itself is one line.
    let lines: Vec<&str> = stderr.lines().filter(|line| !line.starts_with('[')).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    lines[0].to_owned()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn certs_dev_creates_the_pki_registers_three_callers_and_is_idempotent() {
    let directory = tempfile::tempdir().unwrap();
    let stdout = success(planner(directory.path()).args(["certs", "dev"]).output().unwrap());
    assert!(stdout.contains("10 file(s) created"), "{stdout}");
    assert!(stdout.contains("curl --cert certs/dev/dfdg.pem --key certs/dev/dfdg-key.pem --cacert certs/dev/ca.pem https://127.0.0.1:8443/ExternalBookingService?wsdl"), "{stdout}");
    let dir = directory.path().join("certs/dev");
    for file in FILES {
        let path = dir.join(file);
        assert!(path.is_file(), "{file}");
        if file.ends_with("-key.pem") {
            assert_eq!(mode(&path), 0o600, "{file} is private");
        }
    }
    let list = success(planner(directory.path()).args(["callers", "list"]).output().unwrap());
    let rows: Vec<Vec<&str>> = list.lines().map(|line| line.split('\t').collect()).collect();
    assert_eq!(rows.len(), 3, "{list}");
    let mut roles: Vec<&str> = rows.iter().map(|row| row[1]).collect();
    roles.sort();
    assert_eq!(roles, ["admin", "caseworker-system", "dfdg"]);
    for row in &rows {
        assert!(row[0].starts_with("CVR:") && row[0].contains("-UUID:"), "OCES3 RID: {}", row[0]);
        assert_eq!((row[2], row[3]), ("00101", "enabled"));
    }
    // A second run keeps every file and registers the same identities.
    let before = std::fs::read(dir.join("dfdg.pem")).unwrap();
    let again = success(planner(directory.path()).args(["certs", "dev"]).output().unwrap());
    assert!(again.contains("0 file(s) created, 10 kept"), "{again}");
    assert_eq!(std::fs::read(dir.join("dfdg.pem")).unwrap(), before);
    assert_eq!(success(planner(directory.path()).args(["callers", "list"]).output().unwrap()), list);
    // --force makes new ones.
    success(planner(directory.path()).args(["certs", "dev", "--force"]).output().unwrap());
    assert_ne!(std::fs::read(dir.join("dfdg.pem")).unwrap(), before);
    assert_eq!(mode(&dir.join("ca-key.pem")), 0o600);
}

#[test]
fn serve_with_the_dev_pki_answers_the_curl_example() {
    let directory = tempfile::tempdir().unwrap();
    success(planner(directory.path()).args(["certs", "dev"]).output().unwrap());
    // Port 0: the server binds a free port itself and names it in its log.
    let mut child = planner(directory.path())
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (mut example, mut port) = (None, None);
    for line in stderr.lines() {
        let line = line.unwrap();
        if let Some(at) = line.find("try: curl") {
            example = Some(line[at + 5..].to_owned());
        }
        if let Some(at) = line.find("serving on https://127.0.0.1:") {
            port = line[at + "serving on https://127.0.0.1:".len()..].trim().parse::<u16>().ok();
            break;
        }
    }
    let example = example.expect("the startup log prints a curl example");
    let port = port.expect("the startup log names the port it serves on");
    assert_eq!(
        example,
        format!("curl --cert certs/dev/dfdg.pem --key certs/dev/dfdg-key.pem --cacert certs/dev/ca.pem https://127.0.0.1:{port}/ExternalBookingService?wsdl")
    );
    let dir = directory.path().join("certs/dev");
    let mut roots = RootCertStore::empty();
    roots.add(CertificateDer::from_pem_file(dir.join("ca.pem")).unwrap()).unwrap();
    let chain: Vec<CertificateDer> =
        CertificateDer::pem_file_iter(dir.join("dfdg.pem")).unwrap().map(Result::unwrap).collect();
    let key = PrivateKeyDer::from_pem_file(dir.join("dfdg-key.pem")).unwrap();
    let config = ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_client_auth_cert(chain, key)
        .unwrap();
    let connection =
        ClientConnection::new(Arc::new(config), ServerName::try_from("127.0.0.1").unwrap()).unwrap();
    let tcp = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut stream = StreamOwned::new(connection, tcp);
    use std::io::{Read, Write};
    stream
        .write_all(
            b"GET /ExternalBookingService?wsdl HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let status = child.wait().unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(&format!("https://127.0.0.1:{port}/ExternalBookingService")), "soap:address");
    assert!(status.success(), "drains and exits 0 on SIGTERM: {status:?}");
}

#[test]
fn serve_without_tls_files_names_the_file_and_the_fix_in_one_line() {
    let directory = tempfile::tempdir().unwrap();
    let line = one_line_error(
        planner(directory.path()).args(["serve", "--listen", "127.0.0.1:0"]).output().unwrap(),
    );
    assert!(line.contains("certs/dev/server.pem") && line.contains("planner certs dev"), "{line}");
    // A missing CA bundle is named too.
    success(planner(directory.path()).args(["certs", "dev"]).output().unwrap());
    std::fs::remove_file(directory.path().join("certs/dev/ca.pem")).unwrap();
    let line = one_line_error(
        planner(directory.path()).args(["serve", "--listen", "127.0.0.1:0"]).output().unwrap(),
    );
    assert!(line.contains("certs/dev/ca.pem") && line.contains("PLANNER_TLS_CLIENT_CA"), "{line}");
}

#[test]
fn callers_add_list_disable() {
    let directory = tempfile::tempdir().unwrap();
    let identity = "CVR:12345678-FID:98765432";
    let line = one_line_error(
        planner(directory.path())
            .args(["callers", "add", identity, "--role", "root", "--jobcenter", "00101"])
            .output()
            .unwrap(),
    );
    assert!(line.contains("'root'"), "{line}");
    success(
        planner(directory.path())
            .args([
                "callers",
                "add",
                identity,
                "--role",
                "caseworker-system",
                "--jobcenter",
                "00101",
                "00147",
            ])
            .output()
            .unwrap(),
    );
    success(planner(directory.path()).args(["callers", "disable", identity]).output().unwrap());
    let list = success(planner(directory.path()).args(["callers", "list"]).output().unwrap());
    assert_eq!(list.trim(), format!("{identity}\tcaseworker-system\t00101,00147\tdisabled"));
    let line = one_line_error(
        planner(directory.path()).args(["callers", "disable", "CVR:0-FID:0"]).output().unwrap(),
    );
    assert!(line.contains("unknown caller"), "{line}");
    assert_eq!(success(planner(directory.path()).args(["audit", "tail", "-n", "5"]).output().unwrap()), "");
}

#[test]
fn import_p12_writes_the_key_and_chain_as_pem() {
    use openssl::pkcs12::Pkcs12;
    let directory = tempfile::tempdir().unwrap();
    success(planner(directory.path()).args(["certs", "dev"]).output().unwrap());
    let dir = directory.path().join("certs/dev");
    let cert = openssl::x509::X509::from_pem(&std::fs::read(dir.join("dfdg.pem")).unwrap()).unwrap();
    let key =
        openssl::pkey::PKey::private_key_from_pem(&std::fs::read(dir.join("dfdg-key.pem")).unwrap()).unwrap();
    let ca = openssl::x509::X509::from_pem(&std::fs::read(dir.join("ca.pem")).unwrap()).unwrap();
    let mut chain = openssl::stack::Stack::new().unwrap();
    chain.push(ca).unwrap();
    let p12 = Pkcs12::builder().name("dfdg").pkey(&key).cert(&cert).ca(chain).build2("s3cret").unwrap();
    std::fs::write(directory.path().join("function.p12"), p12.to_der().unwrap()).unwrap();
    let stdout = success(
        planner(directory.path())
            .args([
                "certs",
                "import-p12",
                "function.p12",
                "--password-env",
                "P12_PASSWORD",
                "--out",
                "imported",
            ])
            .env("P12_PASSWORD", "s3cret")
            .output()
            .unwrap(),
    );
    assert!(stdout.contains("identity (serialNumber): CVR:55568510-UUID:"), "{stdout}");
    let imported = directory.path().join("imported");
    assert_eq!(mode(&imported.join("function-key.pem")), 0o600);
    let pem = std::fs::read_to_string(imported.join("function.pem")).unwrap();
    assert_eq!(pem.matches("BEGIN CERTIFICATE").count(), 2, "leaf and chain");
    let line = one_line_error(
        planner(directory.path())
            .args(["certs", "import-p12", "function.p12", "--password-env", "P12_PASSWORD"])
            .env("P12_PASSWORD", "wrong")
            .output()
            .unwrap(),
    );
    assert!(line.contains("password"), "{line}");
}
