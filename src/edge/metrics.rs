//! `GET /metrics` (contract §1): Prometheus text with request counts by route and status, a
//! request-duration histogram, SOAP calls by operation and outcome, DFDG's error reports by
//! FejlOphav, and the client connections open now by protocol.
//!
//! Counters live in one `Metrics` per server (not in globals), so tests that run several
//! servers in one process see only their own. Labels are route patterns, operation names and
//! codes, never paths with ids or anything a caller typed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

use actix_web::{web, HttpResponse};

use super::drain::Drain;

/// The FejlOphav label values: 30 DFDG, 32 Jobnet, anything else (a closed set).
const ORIGINS: [&str; 3] = ["30", "32", "other"];

/// Upper bounds of the duration histogram, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Debug, Default)]
struct Counters {
    requests: BTreeMap<(String, String, u16), u64>,
    soap_calls: BTreeMap<(&'static str, &'static str), u64>,
    /// Error reports (CreateFejlmelding) stored, by FejlOphav: 30, 32, any other.
    error_reports: [u64; 3],
    buckets: [u64; BUCKETS.len()],
    duration_count: u64,
    duration_sum: f64,
}

/// The counters of one server.
#[derive(Debug, Default)]
pub struct Metrics {
    counters: Mutex<Counters>,
}

impl Metrics {
    fn with<T>(&self, f: impl FnOnce(&mut Counters) -> T) -> T {
        // A poisoned lock still holds valid counts; keep counting.
        let mut counters = self.counters.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut counters)
    }

    /// Counts one HTTP request by method, route pattern and status, with its duration.
    pub fn record_request(&self, method: &str, route: &str, status: u16, duration: Duration) {
        let seconds = duration.as_secs_f64();
        self.with(|c| {
            *c.requests.entry((known_method(method).to_owned(), route.to_owned(), status)).or_default() += 1;
            for (bucket, bound) in c.buckets.iter_mut().zip(BUCKETS) {
                if seconds <= bound {
                    *bucket += 1;
                }
            }
            c.duration_count += 1;
            c.duration_sum += seconds;
        });
    }

    /// Counts one SOAP call by operation and outcome ("ok" or the fault code). Both come from
    /// closed sets (`'static`: the operation tables and the contract's codes, else `unknown`),
    /// so no caller can create series.
    pub fn record_soap(&self, operation: &'static str, outcome: &'static str) {
        self.with(|c| *c.soap_calls.entry((operation, outcome)).or_default() += 1);
    }

    /// Counts one stored error report (CreateFejlmelding) by its FejlOphav.
    pub fn record_error_report(&self, origin: i32) {
        let index = match origin {
            30 => 0,
            32 => 1,
            _ => 2,
        };
        self.with(|c| c.error_reports[index] += 1);
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        self.with(|c| {
            let mut out = String::new();
            out.push_str("# HELP planner_http_requests_total HTTP requests by method, route and status.\n");
            out.push_str("# TYPE planner_http_requests_total counter\n");
            for ((method, route, status), n) in &c.requests {
                let _ = writeln!(out, "planner_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}");
            }
            out.push_str("# HELP planner_http_request_duration_seconds HTTP request durations.\n");
            out.push_str("# TYPE planner_http_request_duration_seconds histogram\n");
            for (bound, n) in BUCKETS.iter().zip(c.buckets) {
                let _ = writeln!(out, "planner_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {n}");
            }
            let _ = writeln!(out, "planner_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}", c.duration_count);
            let _ = writeln!(out, "planner_http_request_duration_seconds_sum {}", c.duration_sum);
            let _ = writeln!(out, "planner_http_request_duration_seconds_count {}", c.duration_count);
            out.push_str("# HELP planner_soap_calls_total ExternalBookingService and ExternalCalendarService calls by operation and outcome.\n");
            out.push_str("# TYPE planner_soap_calls_total counter\n");
            for ((operation, outcome), n) in &c.soap_calls {
                let _ = writeln!(out, "planner_soap_calls_total{{operation=\"{operation}\",outcome=\"{outcome}\"}} {n}");
            }
            out.push_str("# HELP planner_dfdg_fejlmeldinger_total Error reports received (CreateFejlmelding) by FejlOphav.\n");
            out.push_str("# TYPE planner_dfdg_fejlmeldinger_total counter\n");
            for (origin, n) in ORIGINS.iter().zip(c.error_reports) {
                let _ = writeln!(out, "planner_dfdg_fejlmeldinger_total{{origin=\"{origin}\"}} {n}");
            }
            out
        })
    }
}

/// The method as a metric label (and log field) from a closed set: any other method a client
/// sends (`FOOBAR`) is `other`, so no client can create a series or write a token of its own.
pub fn method_label(method: &actix_web::http::Method) -> &'static str {
    known_method(method.as_str())
}

/// [`method_label`] of a method's name: a standard method, else `other`.
fn known_method(method: &str) -> &'static str {
    const METHODS: [&str; 9] =
        ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"];
    METHODS.into_iter().find(|known| *known == method).unwrap_or("other")
}

/// Registers `GET /metrics`.
pub fn routes(config: &mut web::ServiceConfig) {
    config.route("/metrics", web::get().to(metrics));
}

async fn metrics(metrics: web::Data<Metrics>, drain: Option<web::Data<Drain>>) -> HttpResponse {
    let mut text = metrics.render();
    if let Some(drain) = drain {
        text.push_str(&render_connections(&drain));
    }
    HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(text)
}

/// The gauge of open client connections by protocol (what shutdown drains).
fn render_connections(drain: &Drain) -> String {
    let http2 = drain.open_http2_connections();
    let http1 = drain.open_connections().saturating_sub(http2);
    format!(
        "# HELP planner_open_connections Client connections open now, by protocol (HTTP/2 from its first request).\n\
         # TYPE planner_open_connections gauge\n\
         planner_open_connections{{protocol=\"http1\"}} {http1}\n\
         planner_open_connections{{protocol=\"http2\"}} {http2}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_take_values_from_closed_sets() {
        let metrics = Metrics::default();
        metrics.record_request("FROBNICATE", "unmatched", 404, Duration::ZERO);
        metrics.record_request("GET", "/metrics", 200, Duration::ZERO);
        let text = metrics.render();
        assert!(text.contains(r#"method="other",route="unmatched""#), "{text}");
        assert!(!text.contains("FROBNICATE"), "{text}");
        assert!(text.contains(r#"method="GET",route="/metrics""#), "{text}");
    }
}
