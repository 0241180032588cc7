//! The staff web app's base URL (`web_url`), which every link to a person starts with: the
//! transports that make such links (the admin API's invitations, `planner planlink`) read it
//! from here.

/// The base URL of the staff web app, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl(pub String);

impl WebUrl {
    /// The link of an invitation whose secret is `secret`.
    pub fn invitation_link(&self, secret: &str) -> String {
        format!("{}/invitation/{secret}", self.0)
    }

    /// The plan-link whose signed query string (without `?`) is `query`.
    pub fn planlink(&self, query: &str) -> String {
        format!("{}/planlink?{query}", self.0)
    }
}
