//! A DFDG simulator for tests: a real actix-web server over mutual TLS (the development PKI of `planner certs dev`) that serves
//! WsrmService (a pull queue of at most 500 messages per sequence, spread over message services)
//! and IndkaldelseService, routes Jobnet-like ExternalBookingService calls to a planner per
//! jobcenter code (the skiftespor), injects failures (a timeout, HTTP 500, a connection cut in
//! the middle of a response) and records every request it received.
//!
//! Its XML is written by hand here, independently of the planner's `adapters::dfdg::wire`, so a
//! test checks the planner against a second reading of the shapes in `wsdl/dfdg/`.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::{BodySize, MessageBody};
use actix_web::web::{self, Bytes};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

const WSRM: &str = "http://docs.oasis-open.org/ws-rx/wsrm/200602";
const DQ: &str = "urn:planner:dfdg:WsrmService:1";
const IND: &str = "urn:planner:dfdg:IndkaldelseService:1";
const AO: &str = "http://rep.oio.dk/ams.dk/xml/schemas/2005/09/01/";

/// A failure to inject into the next matching request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Answer HTTP 500 with a plain body (not a SOAP fault).
    Status500,
    /// Wait this long before answering (longer than the client's timeout).
    Delay(Duration),
    /// Send half of the answer, then cut the connection.
    Cut,
}

/// A request the simulator received.
#[derive(Debug, Clone)]
pub struct Received {
    /// The operation (last segment of SOAPAction).
    pub operation: String,
}

#[derive(Clone)]
struct Queued {
    service: String,
    xml: String,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Queued>,
    open: HashMap<String, Vec<Queued>>,
    next_sequence: u64,
    failures: Vec<(String, Failure)>,
    received: Vec<Received>,
    indkaldelser: HashMap<String, String>,
    routes: HashMap<String, String>,
}

/// A running simulator.
pub struct DfdgSim {
    /// Its base URL (`https://127.0.0.1:PORT`).
    pub url: String,
    state: Arc<Mutex<State>>,
    handle: actix_web::dev::ServerHandle,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn server_config(pki: &Path) -> rustls::ServerConfig {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(pki.join("ca.pem")).unwrap() {
        roots.add(cert.unwrap()).unwrap();
    }
    let verifier =
        rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
            .build()
            .unwrap();
    let chain: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(pki.join("server.pem")).unwrap().map(|c| c.unwrap()).collect();
    let key = PrivateKeyDer::from_pem_file(pki.join("server-key.pem")).unwrap();
    rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)
        .unwrap()
}

impl DfdgSim {
    /// Starts the simulator with mTLS from the development PKI in `pki`; it presents
    /// `pki/dfdg.pem` when it forwards calls to planners.
    pub fn start(pki: &Path) -> DfdgSim {
        let state = Arc::new(Mutex::new(State::default()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address: SocketAddr = listener.local_addr().unwrap();
        let url = format!("https://127.0.0.1:{}", address.port());
        let forward = planner::adapters::http::HttpClient::new(
            Duration::from_secs(20),
            planner::adapters::http::TlsOptions {
                roots_pem: Some(pki.join("ca.pem")),
                client_cert_pem: Some(pki.join("dfdg.pem")),
                client_key_pem: Some(pki.join("dfdg-key.pem")),
            },
        )
        .unwrap();
        let shared = Shared { state: state.clone(), url: url.clone(), forward };
        let config = server_config(pki);
        let (send, receive) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(move || {
                    App::new().app_data(web::Data::new(shared.clone())).default_service(web::to(handle))
                })
                .workers(2)
                .listen_rustls_0_23(listener, config)
                .unwrap()
                .run();
                send.send(server.handle()).unwrap();
                let _ = server.await;
            })
        });
        let handle = receive.recv().unwrap();
        DfdgSim { url, state, handle, thread: Some(thread) }
    }

    /// Queues `n` messages of `service`, each made by `message(i)` (see [`create_message`]).
    pub fn enqueue(&self, service: &str, xml: impl IntoIterator<Item = String>) {
        let mut state = self.state.lock().unwrap();
        state.queue.extend(xml.into_iter().map(|xml| Queued { service: service.into(), xml }));
    }

    /// Messages still queued or in an open sequence.
    pub fn pending(&self) -> usize {
        let state = self.state.lock().unwrap();
        state.queue.len() + state.open.values().map(Vec::len).sum::<usize>()
    }

    /// Fails the next request of `operation` (GetMessages, CreateIndkaldelse, ...; for one message
    /// service `GetMessages:NAME`) with `failure`.
    pub fn fail_next(&self, operation: &str, failure: Failure) {
        self.state.lock().unwrap().failures.push((operation.into(), failure));
    }

    /// Every request received, oldest first.
    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    /// How many requests of `operation` arrived.
    pub fn count(&self, operation: &str) -> usize {
        self.received().iter().filter(|r| r.operation == operation).count()
    }

    /// The Indkaldelser registered (IndkaldelseId to the last request body).
    pub fn indkaldelser(&self) -> HashMap<String, String> {
        self.state.lock().unwrap().indkaldelser.clone()
    }

    /// Routes Jobnet calls for `jobcenter` to the planner at `base_url` (the skiftespor).
    pub fn route(&self, jobcenter: &str, base_url: &str) {
        self.state.lock().unwrap().routes.insert(jobcenter.into(), base_url.into());
    }
}

impl Drop for DfdgSim {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        actix_web::rt::System::new().block_on(handle.stop(false));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[derive(Clone)]
struct Shared {
    state: Arc<Mutex<State>>,
    url: String,
    forward: planner::adapters::http::HttpClient,
}

/// A body that claims its full length, sends half, then fails, so the connection is cut.
struct CutBody {
    half: Option<Bytes>,
    full: u64,
}

impl MessageBody for CutBody {
    type Error = std::io::Error;

    fn size(&self) -> BodySize {
        BodySize::Sized(self.full)
    }

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Bytes, Self::Error>>> {
        match self.half.take() {
            Some(half) => Poll::Ready(Some(Ok(half))),
            None => Poll::Ready(Some(Err(std::io::Error::other("simulated cut")))),
        }
    }
}

fn xml_response(xml: String) -> HttpResponse {
    HttpResponse::Ok().content_type("text/xml; charset=utf-8").body(xml)
}

fn envelope(body: &str) -> String {
    format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>{body}</s:Body></s:Envelope>"#
    )
}

fn fault(text: &str) -> HttpResponse {
    HttpResponse::InternalServerError().content_type("text/xml; charset=utf-8").body(envelope(&format!(
        "<s:Fault><faultcode>s:Client</faultcode><faultstring>{text}</faultstring></s:Fault>"
    )))
}

/// The text of the first element named `name` (any prefix), if any.
pub fn element_text(xml: &str, name: &str) -> Option<String> {
    Some(crate::support::xml::parse(xml).ok()?.find(name)?.text.clone())
}

async fn handle(request: HttpRequest, body: Bytes, shared: web::Data<Shared>) -> HttpResponse {
    let body = String::from_utf8_lossy(&body).into_owned();
    let action = request.headers().get("SOAPAction").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let operation = action.trim_matches('"').rsplit('/').next().unwrap_or_default().to_owned();
    let path = request.path().to_owned();
    if path.starts_with("/Jobnet/") {
        return route(&shared, &path, &operation, body).await;
    }
    let failure = {
        let mut state = shared.state.lock().unwrap();
        state.received.push(Received { operation: operation.clone() });
        // A failure names an operation, or an operation and a message service (`GetMessages:B`).
        let service = element_text(&body, "ServiceName").map(|s| format!("{operation}:{s}"));
        let index =
            state.failures.iter().position(|(op, _)| *op == operation || Some(op) == service.as_ref());
        index.map(|i| state.failures.remove(i).1)
    };
    match failure {
        Some(Failure::Status500) => return HttpResponse::InternalServerError().body("simulated outage"),
        Some(Failure::Delay(delay)) => actix_web::rt::time::sleep(delay).await,
        _ => {}
    }
    let answer = answer(&shared, &operation, &body);
    match (failure, answer) {
        (Some(Failure::Cut), Ok(xml)) => {
            let full = xml.len() as u64;
            let half = Bytes::from(xml.into_bytes()).slice(..(full as usize) / 2);
            HttpResponse::Ok()
                .content_type("text/xml; charset=utf-8")
                .body(CutBody { half: Some(half), full })
        }
        (_, Ok(xml)) => xml_response(xml),
        (_, Err(text)) => fault(&text),
    }
}

fn answer(shared: &Shared, operation: &str, body: &str) -> Result<String, String> {
    let mut state = shared.state.lock().unwrap();
    let identifier = element_text(body, "Identifier").unwrap_or_default();
    match operation {
        "CreateSequence" => {
            state.next_sequence += 1;
            let sequence = format!("urn:uuid:{}", uuid::Uuid::new_v4());
            let n = state.queue.len().min(500);
            let taken: Vec<Queued> = state.queue.drain(..n).collect();
            let mut counts: Vec<(String, usize)> = Vec::new();
            for message in &taken {
                match counts.iter_mut().find(|(s, _)| *s == message.service) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((message.service.clone(), 1)),
                }
            }
            state.open.insert(sequence.clone(), taken);
            let services: String = counts
                .iter()
                .map(|(service, n)| {
                    format!(
                        "<dq:Service><dq:ServiceName>{service}</dq:ServiceName><dq:ServiceEndpoint>{}/WsrmMessageService/{service}</dq:ServiceEndpoint><dq:MessageCount>{n}</dq:MessageCount></dq:Service>",
                        shared.url
                    )
                })
                .collect();
            Ok(envelope(&format!(
                r#"<w:CreateSequenceResponse xmlns:w="{WSRM}" xmlns:dq="{DQ}"><w:Identifier>{sequence}</w:Identifier><dq:ServiceInventory>{services}</dq:ServiceInventory></w:CreateSequenceResponse>"#
            )))
        }
        "GetMessages" => {
            let service = element_text(body, "ServiceName").unwrap_or_default();
            let messages = state.open.get(&identifier).ok_or("unknown sequence")?;
            let xml: String =
                messages.iter().filter(|m| m.service == service).map(|m| m.xml.as_str()).collect();
            Ok(envelope(&format!(r#"<GetMessagesResponse xmlns="{DQ}">{xml}</GetMessagesResponse>"#)))
        }
        "TerminateSequence" => {
            state.open.remove(&identifier).ok_or("unknown sequence")?;
            Ok(envelope(&format!(r#"<TerminateSequenceResponse xmlns="{WSRM}"/>"#)))
        }
        "CloseSequence" => {
            let messages = state.open.remove(&identifier).ok_or("unknown sequence")?;
            for message in messages.into_iter().rev() {
                state.queue.push_front(message);
            }
            Ok(envelope(&format!(r#"<CloseSequenceResponse xmlns="{WSRM}"/>"#)))
        }
        "CreateIndkaldelse" | "UpdateIndkaldelse" | "DeleteIndkaldelse" => {
            let id = element_text(body, "IndkaldelseId").ok_or("IndkaldelseId is missing")?;
            if element_text(body, "PersonCivilRegistrationIdentifier").is_none() {
                return Err("the CPR header is missing".into());
            }
            if operation == "DeleteIndkaldelse" {
                state.indkaldelser.remove(&id);
            } else {
                state.indkaldelser.insert(id.clone(), body.to_owned());
            }
            Ok(envelope(&format!(
                r#"<{operation}Response xmlns="{IND}"><IndkaldelseId>{id}</IndkaldelseId></{operation}Response>"#
            )))
        }
        _ => Err(format!("unknown operation '{operation}'")),
    }
}

/// The skiftespor: Jobnet's call goes, almost unchanged, to the planner of the jobcenter named by
/// the ActiveOrganisationHeader (or, failing that, JobCenterCode in the body).
async fn route(shared: &Shared, path: &str, operation: &str, body: String) -> HttpResponse {
    let jobcenter = crate::support::xml::parse(&body)
        .ok()
        .and_then(|doc| {
            doc.children
                .iter()
                .find(|c| c.name == "Header")
                .and_then(|h| h.child(AO, "ActiveOrganisationHeader"))
                .and_then(|a| a.child(AO, "OrganisationCode"))
                .and_then(|c| c.text.parse::<u32>().ok())
                .map(|code| format!("{code:05}"))
        })
        .or_else(|| element_text(&body, "JobCenterCode"));
    let target = {
        let mut state = shared.state.lock().unwrap();
        state.received.push(Received { operation: format!("Jobnet:{operation}") });
        jobcenter.and_then(|code| state.routes.get(&code).cloned())
    };
    let Some(base) = target else { return fault("no planner is routed for this jobcenter") };
    let url = format!("{base}{}", path.trim_start_matches("/Jobnet"));
    let action = format!("urn:planner:dfdg:ExternalBookingService:3/{operation}");
    let client = shared.forward.clone();
    let answer = web::block(move || {
        client.request(
            "POST",
            &url,
            &[("Content-Type", "text/xml; charset=utf-8"), ("SOAPAction", action.as_str())],
            body.as_bytes(),
        )
    })
    .await;
    match answer {
        Ok(Ok(response)) => HttpResponse::build(
            actix_web::http::StatusCode::from_u16(response.status)
                .unwrap_or(actix_web::http::StatusCode::BAD_GATEWAY),
        )
        .content_type("text/xml; charset=utf-8")
        .body(response.body),
        _ => fault("the planner did not answer"),
    }
}

/// Writes the development PKI into a temporary directory.
pub fn dev_pki() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pki");
    planner::tls::create_dev_pki(&path, false).unwrap();
    (dir, path)
}
