//! The one admin route table ([`routes_table`]), by subject, which feeds both the actix
//! registration ([`routes`]) and the OpenAPI document, so the two cannot drift.

mod administration;
mod integrations;
mod operations;
mod people;
mod reference;

use actix_web::http::Method;
use actix_web::web;

use crate::admin::{Problem, PREFIX};

/// One admin route: what actix serves and what the OpenAPI document lists.
pub struct AdminRoute {
    /// HTTP method.
    pub method: Method,
    /// Path below [`PREFIX`], with `{name}` parameters.
    pub path: &'static str,
    /// The operation id, also the audit row's operation.
    pub operation: &'static str,
    /// One line for the document.
    pub summary: &'static str,
    /// Query parameters (name, required).
    pub query: &'static [(&'static str, bool)],
    /// Builds the actix route (without its method guard).
    pub handler: fn() -> actix_web::Route,
}

fn route(
    method: Method,
    path: &'static str,
    operation: &'static str,
    summary: &'static str,
    query: &'static [(&'static str, bool)],
    handler: fn() -> actix_web::Route,
) -> AdminRoute {
    AdminRoute { method, path, operation, summary, query, handler }
}

/// The optional jobcenter filter of list routes.
const JOBCENTER: &[(&str, bool)] = &[("jobcenter", false)];
/// The booking search's filters.
const BOOKINGS: &[(&str, bool)] = &[
    ("jobcenter", true),
    ("counselor", false),
    ("from", false),
    ("to", false),
    ("status", false),
    ("channel", false),
    ("limit", false),
];
/// The booking report's parameters.
const REPORT: &[(&str, bool)] =
    &[("jobcenter", true), ("from", true), ("to", true), ("group_by", true), ("format", false)];

/// Every admin route.
pub fn routes_table() -> Vec<AdminRoute> {
    [reference::table(), administration::table(), people::table(), operations::table(), integrations::table()]
        .into_iter()
        .flatten()
        .collect()
}

/// Registers the admin routes: one actix resource per path, one method guard per route.
pub fn routes(config: &mut web::ServiceConfig) {
    let table = routes_table();
    let mut scope = web::scope(PREFIX)
        // Every error is problem+json, also those the framework writes before a handler runs.
        .wrap(actix_web::middleware::from_fn(crate::edge::middleware::errors_as_problems))
        // Queries are read by `input::Query`; a path segment that cannot be read is never quoted.
        .app_data(web::PathConfig::default().error_handler(|_, _| crate::edge::input::path_problem().into()))
        .default_service(web::to(no_route));
    let mut paths: Vec<&str> = Vec::new();
    for entry in &table {
        if !paths.contains(&entry.path) {
            paths.push(entry.path);
        }
    }
    for path in paths {
        let mut resource = web::resource(path).default_service(web::to(no_route));
        for entry in table.iter().filter(|r| r.path == path) {
            resource = resource.route((entry.handler)().method(entry.method.clone()));
        }
        scope = scope.service(resource);
    }
    config.service(scope);
}

async fn no_route() -> Result<actix_web::HttpResponse, Problem> {
    Err(Problem::no_route())
}
