//! The set-up pages over real HTTP on both backends: offers (create, edit, preview the free
//! times, deactivate), people and invitations, rooms; form errors naming the field with nothing
//! changed; and who is refused (summoners where they may only read, readers, another
//! jobcenter's administrators) with 403.

mod calendars;
mod closing;
mod hours;
mod offers;
mod people;
mod rooms;
mod teams;
mod templates;
mod webhooks;

use planner::domain::people::{Cluster, Role};
use planner::domain::JobCenterCode;
use planner::store::AuditRecord;

use super::authorization::person;
use super::browser::{Browser, Page, WebApp};

/// The seed's jobcenter.
pub const JOBCENTER: &str = "00101";

/// Another jobcenter, with an administrator of its own.
pub const OTHER: &str = "00202";

/// A browser signed in as `email` holding `role` in the whole jobcenter `code`.
pub fn signed_in(app: &WebApp, email: &str, role: Role, code: &str) -> Browser {
    let code = JobCenterCode::parse(code).unwrap();
    app.store.upsert_jobcenter(&code, &format!("Jobcenter {code}")).unwrap();
    person(app, email, role, Cluster::Jobcenter(code))
}

/// POSTs `fields` with the session's anti-forgery token to `path`.
pub fn post(browser: &mut Browser, path: &str, fields: &[(&str, &str)]) -> Page {
    let csrf = browser.get("/").field("csrf");
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    browser.post(path, &all)
}

/// The page a form's redirect leads to, after asserting the redirect.
pub fn followed(browser: &mut Browser, answer: &Page) -> Page {
    assert_eq!(answer.status, 303, "{}", answer.body);
    let page = browser.get(answer.location());
    assert_eq!(page.status, 200, "{}", page.body);
    page
}

/// POSTs `fields` to `path` and follows the redirect the form answers with.
pub fn submit(browser: &mut Browser, path: &str, fields: &[(&str, &str)]) -> Page {
    let answer = post(browser, path, fields);
    followed(browser, &answer)
}

/// The outcomes of the audit rows of `operation`, oldest first.
pub fn outcomes(app: &WebApp, operation: &str) -> Vec<String> {
    let mut rows: Vec<AuditRecord> = app
        .store
        .audit_tail(1000)
        .unwrap()
        .into_iter()
        .filter(|row| row.entry.operation == operation)
        .collect();
    rows.sort_by_key(|row| row.id);
    rows.into_iter().map(|row| row.entry.outcome).collect()
}

/// Asserts that `page` is a 422 naming each of `fields` (its error summary links to it, and
/// the field is marked invalid or described by its error).
pub fn names_fields(page: &Page, fields: &[&str]) {
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(page.body.contains("Ret det, der er markeret"), "{}", page.body);
    for field in fields {
        assert!(page.body.contains(&format!("href=\"#{field}\"")), "{field} not named: {}", page.body);
        let described = page.body.contains(&format!("id=\"{field}-fejl\""))
            || page.body.contains(&format!("{}-fejl", field.split('-').next().unwrap()));
        assert!(described, "{field} has no error text");
    }
}
