//! The staff web app's base URL (`web_url`), which every link to a person starts with: the
//! transports that make such links (the admin API's invitations) read it from here.

/// The base URL of the staff web app, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl(pub String);

impl WebUrl {
    /// The link of an invitation whose secret is `secret`.
    pub fn invitation_link(&self, secret: &str) -> String {
        format!("{}/invitation/{secret}", self.0)
    }
}
