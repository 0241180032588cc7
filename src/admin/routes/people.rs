//! Routes of people: invitations that hand out roles, and the accounts that hold them.

use actix_web::http::Method as M;
use actix_web::web;

use super::{route, AdminRoute};
use crate::admin::{accounts, invitations};

/// The jobcenter a list is of (required).
const OF_JOBCENTER: &[(&str, bool)] = &[("jobcenter", true)];

/// The routes of this group, in the order the document lists them.
pub(super) fn table() -> Vec<AdminRoute> {
    vec![
        route(
            M::GET,
            "/invitations",
            "admin.invitations.list",
            "A jobcenter's invitations",
            OF_JOBCENTER,
            || web::route().to(invitations::list),
        ),
        route(M::POST, "/invitations", "admin.invitations.create", "Invite a person for a role", &[], || {
            web::route().to(invitations::create)
        }),
        route(
            M::POST,
            "/invitations/{id}/extend",
            "admin.invitations.extend",
            "Seven more days, the same link",
            &[],
            || web::route().to(invitations::extend),
        ),
        route(
            M::POST,
            "/invitations/{id}/revoke",
            "admin.invitations.revoke",
            "Withdraw an invitation",
            &[],
            || web::route().to(invitations::revoke),
        ),
        route(
            M::GET,
            "/accounts",
            "admin.accounts.list",
            "Accounts holding a role in a jobcenter",
            OF_JOBCENTER,
            || web::route().to(accounts::list),
        ),
        route(
            M::POST,
            "/accounts/{id}/disable",
            "admin.accounts.disable",
            "No sign-in; sessions end",
            &[],
            || web::route().to(accounts::disable),
        ),
        route(
            M::POST,
            "/accounts/{id}/enable",
            "admin.accounts.enable",
            "Sign-in allowed again",
            &[],
            || web::route().to(accounts::enable),
        ),
    ]
}
