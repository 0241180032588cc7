//! A client that sends an IP address as its TLS server name (SNI; RFC 6066 forbids it, common
//! clients do it anyway) is served, and `planner serve` writes no warning per connection for it.

use std::io::{Read, Write};
use std::net::TcpStream;

use openssl::ssl::{Ssl, SslContext, SslFiletype, SslMethod, SslVerifyMode};

use crate::tls::served::Served;

#[test]
fn an_ip_address_as_server_name_is_served_without_a_warning() {
    let directory = tempfile::tempdir().unwrap();
    crate::support::binary::stdout(&crate::support::binary::run(directory.path(), &["certs", "dev"]));
    let served = Served::start(directory.path(), &["--listen", "127.0.0.1:0"], &[]);
    let pki = directory.path().join("certs/dev");
    let mut context = SslContext::builder(SslMethod::tls_client()).unwrap();
    context.set_ca_file(pki.join("ca.pem")).unwrap();
    context.set_certificate_chain_file(pki.join("admin.pem")).unwrap();
    context.set_private_key_file(pki.join("admin-key.pem"), SslFiletype::PEM).unwrap();
    context.set_verify(SslVerifyMode::PEER);
    let context = context.build();
    for _ in 0..3 {
        let mut ssl = Ssl::new(&context).unwrap();
        ssl.set_hostname("127.0.0.1").unwrap();
        let mut stream = ssl.connect(TcpStream::connect(served.address).unwrap()).expect("TLS handshake");
        stream
            .write_all(b"GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        assert!(answer.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&answer));
    }
    let (status, log) = served.stop();
    assert!(status.success(), "{status:?}");
    assert_eq!(log.iter().filter(|line| line.contains("request method=GET")).count(), 3, "{log:#?}");
    let warnings: Vec<&String> =
        log.iter().filter(|line| line.contains(" WARN ") && !line.contains("data key")).collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
}
