//! The people listener's transport: the staff web app's pages, served over TLS with the server
//! certificate and no client certificate (`web_listen`), to people signed in with a personal
//! account. Machines never reach these routes, and no machine route is mounted on this
//! listener, so a session opens nothing a function certificate opens and the other way round.
//!
//! - [`cookies`]: the three cookies (session, form token, invitation), all `__Host-`, Secure,
//!   HttpOnly, SameSite;
//! - [`session`]: who is signed in (checked against the store on every request, so signing out
//!   or disabling an account takes effect at once on every instance) and the anti-forgery rule;
//! - [`lang`]: Danish, the default, and English as a choice: the language of each request and
//!   the switch on every page;
//! - [`page`]: rendering an askama template with the security headers every page carries;
//! - [`sign_in`]: password, second factor (TOTP or a recovery code), signing out;
//! - [`invitation`]: turning an invitation into an account, or adding its role to one;
//! - [`sso`]: single sign-on with the municipality's identity provider (OpenID Connect);
//! - [`home`]: the start page;
//! - [`setup`]: the set-up pages of a jobcenter (offers, people and invitations, rooms,
//!   closing days, working hours and exceptions, counselors and teams, summons templates,
//!   calendar feeds and imports, webhook recipients);
//! - [`calendar`]: counselors' calendars by week with the staff actions on bookings and busy
//!   time, a booking's CPR shown on request, and a team's day side by side;
//! - [`reports`]: reports with charts and their tables, and CSV exports;
//! - [`follow_up`]: the booking search and a booking's page with its history, the conflict
//!   queue, DFDG's logs, the webhook delivery log and the audit search;
//! - [`summons`]: summoning one citizen or many (a CSV file, run in the background), and the
//!   case system's plan-link landing on the summons form.
//!
//! Pages are server-rendered and work without JavaScript. Texts are written in Danish and shown
//! in the person's language ([`lang`]). Every sign-in,
//! failure and invitation use is audited; no password, code, secret or e-mail address reaches
//! a log line (the request log names the route pattern, never the path).

pub mod calendar;
pub mod cookies;
pub mod follow_up;
pub mod home;
pub mod invitation;
pub mod lang;
pub mod page;
pub mod reports;
pub mod session;
pub mod setup;
pub mod sign_in;
pub mod sso;
pub mod summons;

use actix_web::web;

use crate::domain::people::{SessionPolicy, SignInLimits};
use crate::edge::credentials::PasswordParams;

/// What the web app is configured with (one per server).
#[derive(Debug, Clone, Default)]
pub struct WebSettings {
    /// How long a session lives.
    pub sessions: SessionPolicy,
    /// How many failed sign-ins are let through.
    pub limits: SignInLimits,
    /// The argon2 parameters of new password hashes.
    pub password: PasswordParams,
    /// Single sign-on, when an identity provider is configured.
    pub sso: Option<std::sync::Arc<sso::Provider>>,
    /// The base URL invitation links start with (`None`: the address the request came to).
    pub web_url: Option<crate::edge::WebUrl>,
    /// True when a mail server is configured: invitations are mailed, not shown.
    pub mail: bool,
    /// The keys of the case system's plan-links, when configured (`GET /planlink`).
    pub planlink: Option<crate::edge::planlink::Keys>,
    /// The rules of webhook recipients (from the outbound adapters, handed in by the server).
    pub webhooks: Option<std::sync::Arc<dyn setup::webhooks::RecipientRules>>,
}

/// The routes of the people listener.
pub fn routes(config: &mut web::ServiceConfig) {
    config
        .route("/", web::get().to(home::home))
        .route("/static/app.css", web::get().to(page::stylesheet))
        .route("/language", web::post().to(lang::switch::choose))
        .configure(sign_in::routes)
        .configure(calendar::routes)
        .configure(reports::routes)
        .configure(follow_up::routes)
        .configure(summons::routes)
        .configure(invitation::routes)
        .configure(setup::routes)
        .configure(sso::routes);
}
