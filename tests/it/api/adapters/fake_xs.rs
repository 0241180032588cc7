//! A fake Xpert Suite API on a real local TCP listener: it checks the login (client id, secret
//! and the current TOTP code), hands out one token and a base URL under `/api-base`, refuses
//! calls without that token, answers appointment creation with an XS id, and records every
//! request for the test to read.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use chrono::Utc;
use planner::adapters::xpert::totp;

/// The TOTP secret the fake expects (base32 of "12345678901234567890").
pub const TOTP_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
/// The client credentials the fake expects.
pub const CLIENT_ID: &str = "planner-test";
/// The client secret the fake expects.
pub const CLIENT_SECRET: &str = "client-secret-0123456789";

/// One request as the fake saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Method.
    pub method: String,
    /// Path.
    pub path: String,
    /// The Authorization header.
    pub authorization: Option<String>,
    /// The body.
    pub body: String,
    /// The status answered.
    pub status: u16,
}

impl Seen {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// The running fake.
pub struct FakeXs {
    /// Where it listens.
    pub address: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    /// Tokens issued so far; the valid one is `tok-<count>`, so revoking means counting up.
    tokens: Arc<Mutex<u32>>,
}

impl FakeXs {
    /// Starts the fake on a free port; it runs until the test process ends.
    pub fn start() -> FakeXs {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let tokens = Arc::new(Mutex::new(0));
        let (log, issued) = (seen.clone(), tokens.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                serve(stream, address, &log, &issued);
            }
        });
        FakeXs { address, seen, tokens }
    }

    /// Revokes the current token: calls with it answer 401 until the client logs in again.
    pub fn revoke(&self) {
        *self.tokens.lock().unwrap() += 1000;
    }

    /// The base URL to configure.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// The requests other than logins.
    pub fn calls(&self) -> Vec<Seen> {
        self.seen().into_iter().filter(|s| s.path != "/oauth2/token").collect()
    }

    /// How many logins succeeded.
    pub fn logins(&self) -> usize {
        self.seen().iter().filter(|s| s.path == "/oauth2/token" && s.status == 200).count()
    }
}

fn serve(stream: TcpStream, address: SocketAddr, seen: &Mutex<Vec<Seen>>, tokens: &Mutex<u32>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or_default().to_owned();
    let mut length = 0;
    let mut authorization = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().unwrap_or(0),
                "authorization" => authorization = Some(value.trim().to_owned()),
                _ => {}
            }
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let body = String::from_utf8_lossy(&body).into_owned();
    let (status, answer) = answer(&method, &path, authorization.as_deref(), &body, address, tokens);
    seen.lock().unwrap().push(Seen { method, path, authorization, body, status });
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    );
}

fn answer(
    method: &str,
    path: &str,
    authorization: Option<&str>,
    body: &str,
    address: SocketAddr,
    tokens: &Mutex<u32>,
) -> (u16, String) {
    if path == "/oauth2/token" {
        let form: Vec<(&str, &str)> = body.split('&').filter_map(|pair| pair.split_once('=')).collect();
        let field = |name: &str| form.iter().find(|(k, _)| *k == name).map(|(_, v)| *v).unwrap_or_default();
        let secret = totp::decode_base32(TOTP_SECRET).unwrap();
        let now = Utc::now().timestamp();
        // The current code, or the previous one when the step turned during the request.
        let valid_codes =
            [totp::code_at(&secret, now, 6).unwrap(), totp::code_at(&secret, now - 30, 6).unwrap()];
        let ok = method == "POST"
            && field("grant_type") == "client_credentials"
            && field("client_id") == CLIENT_ID
            && field("client_secret") == CLIENT_SECRET
            && valid_codes.iter().any(|code| code == field("totp"));
        if !ok {
            return (400, r#"{"error":"invalid_grant"}"#.to_owned());
        }
        let mut issued = tokens.lock().unwrap();
        *issued += 1;
        let token = format!("tok-{issued}");
        return (
            200,
            format!(
                r#"{{"access_token":"{token}","expires_in":3600,"base_url":"http://{address}/api-base"}}"#
            ),
        );
    }
    let valid = format!("Bearer tok-{}", tokens.lock().unwrap());
    if authorization != Some(valid.as_str()) || !path.starts_with("/api-base/") {
        return (401, r#"{"error":"unauthorized"}"#.to_owned());
    }
    match method {
        "POST" if path == "/api-base/api/v1/appointments" => (201, r#"{"id":"XS-1"}"#.to_owned()),
        _ => (200, "{}".to_owned()),
    }
}
