//! Routes of people: invitations that hand out roles, the accounts that hold them, and the
//! mail that carries invitations (sender addresses and the mail log).

use actix_web::http::Method as M;
use actix_web::web;

use super::{route, AdminRoute};
use crate::admin::{accounts, invitations, mail};

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
        route(M::GET, "/mail/senders", "admin.mail.senders.list", "Sender addresses", &[], || {
            web::route().to(mail::senders)
        }),
        route(
            M::POST,
            "/mail/senders",
            "admin.mail.senders.add",
            "Add a sender address; a code is mailed to it",
            &[],
            || web::route().to(mail::add_sender),
        ),
        route(
            M::POST,
            "/mail/senders/{id}/confirm",
            "admin.mail.senders.confirm",
            "Confirm a sender address with its code",
            &[],
            || web::route().to(mail::confirm_sender),
        ),
        route(
            M::GET,
            "/mail/log",
            "admin.mail.log",
            "Mails with their delivery state",
            &[("limit", false)],
            || web::route().to(mail::log),
        ),
        route(
            M::POST,
            "/mail/log/{id}/redeliver",
            "admin.mail.redeliver",
            "Queue a given-up mail again",
            &[],
            || web::route().to(mail::redeliver),
        ),
    ]
}
