//! The staff web app on the people listener, over real TLS, driven by a real HTTP client that
//! keeps cookies like a browser: signing in, invitations, sessions, anti-forgery, single sign-on
//! against a real OpenID Connect provider, and the wall between the people listener and the
//! machines' listener; and the pages in headless Chromium, checked with axe-core.

mod audit_search;
mod authorization;
mod browser;
mod calendar_actions;
mod chromium;
mod conflicts;
mod follow_up;
mod in_chromium;
mod in_chromium_followup;
mod in_chromium_reports;
mod in_chromium_setup;
mod in_chromium_setup2;
mod in_chromium_summons;
mod integration_logs;
mod invitation;
mod language;
mod language_admin;
mod language_setup;
mod listeners;
mod reports;
mod reports_chart;
mod setup;
mod sign_in;
mod sso;
mod summons_bulk;
mod summons_one;
mod summons_planlink;
mod team_day;
mod webhook_log;
