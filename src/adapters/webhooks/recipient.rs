//! What a webhook recipient is made of, checked once for the CLI and the admin API alike: the
//! topics it may subscribe to, its URL, and its authentication, WebSub (an HMAC secret) or
//! OAuth2 client credentials (token URL, client id and scope as settings; the client secret
//! stored like the WebSub secret). Errors name the field (`auth.token_url`) for problem+json.

use serde::{Deserialize, Serialize};

use crate::adapters::http::Target;
use crate::store::Topic;

/// The kind of OAuth2 recipients (client credentials, `Authorization: Bearer`).
pub const OAUTH2: &str = "oauth2";

/// Topics a recipient may subscribe to (`*` means all).
pub const TOPICS: [Topic; 8] = [
    Topic::BookingCreated,
    Topic::BookingRescheduled,
    Topic::BookingCancelled,
    Topic::BookingCompleted,
    Topic::BookingNoShow,
    Topic::BookingNoShowCorrected,
    Topic::BookingLapsed,
    Topic::SummonsBatchCompleted,
];

/// A field that failed its check and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field, as the admin API names it.
    pub field: String,
    /// What is wrong, without the value.
    pub message: String,
}

fn error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.to_owned(), message: message.into() }
}

/// Checks the topics: at least one, each `*` or a known topic.
pub fn check_topics(topics: &[String]) -> Result<(), FieldError> {
    if topics.is_empty() {
        return Err(error("topics", "at least one topic (or '*') is needed"));
    }
    for (i, topic) in topics.iter().enumerate() {
        if topic != "*" && !TOPICS.iter().any(|known| known.as_str() == topic) {
            let known: Vec<&str> = TOPICS.iter().map(Topic::as_str).collect();
            let message = format!("unknown topic '{topic}'; use '*' or one of {}", known.join(", "));
            return Err(error(&format!("topics[{i}]"), message));
        }
    }
    Ok(())
}

/// Checks a recipient's name: 1-100 letters, digits, `.`, `_` or `-`.
pub fn check_name(name: &str) -> Result<(), FieldError> {
    let ok = (1..=100).contains(&name.chars().count())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    ok.then_some(()).ok_or_else(|| error("name", "must be 1-100 letters, digits, '.', '_' or '-'"))
}

/// Checks an `http://` or `https://` URL (`field` names it in the error).
pub fn check_url(url: &str, field: &str) -> Result<(), FieldError> {
    if url.len() > 2000 {
        return Err(error(field, "must be at most 2000 characters"));
    }
    Target::parse(url).map(|_| ()).map_err(|message| error(field, message))
}

/// The non-secret OAuth2 settings kept in the recipient's `settings` (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuth2Settings {
    /// Where client-credentials tokens are fetched.
    pub token_url: String,
    /// The client id.
    pub client_id: String,
    /// The scope asked for, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

impl OAuth2Settings {
    /// Reads the settings stored with a recipient.
    pub fn from_json(settings: &str) -> Result<Self, String> {
        serde_json::from_str(settings)
            .map_err(|e| format!("the recipient's OAuth2 settings are unusable: {e}"))
    }

    /// Checks the settings (fields `auth.token_url`, `auth.client_id`, `auth.scope`).
    pub fn check(&self) -> Result<(), FieldError> {
        check_url(&self.token_url, "auth.token_url")?;
        if self.client_id.trim().is_empty() || self.client_id.len() > 255 {
            return Err(error("auth.client_id", "must be 1-255 characters"));
        }
        if self.scope.as_ref().is_some_and(|scope| scope.len() > 1000 || scope.contains(['\r', '\n'])) {
            return Err(error("auth.scope", "must be at most 1000 characters on one line"));
        }
        Ok(())
    }

    /// The JSON kept in the recipient's `settings`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }
}

/// Checks a secret (`field` names it): 1-1000 characters.
pub fn check_secret(secret: Option<&str>, field: &str) -> Result<(), FieldError> {
    match secret {
        None => Err(error(field, "is required")),
        Some(secret) if secret.is_empty() || secret.len() > 1000 => {
            Err(error(field, "must be 1-1000 characters"))
        }
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_name_the_field() {
        assert!(check_topics(&["*".into()]).is_ok());
        assert_eq!(check_topics(&["BookingCreated".into(), "Nope".into()]).unwrap_err().field, "topics[1]");
        assert_eq!(check_topics(&[]).unwrap_err().field, "topics");
        assert!(check_name("xs-prod_1.a").is_ok());
        assert!(check_name("has space").is_err() && check_name("").is_err());
        assert!(check_url("https://x.example/hook", "url").is_ok());
        assert_eq!(check_url("ftp://x", "url").unwrap_err().field, "url");
        let settings = OAuth2Settings {
            token_url: "mailto:x".into(),
            client_id: "planner".into(),
            scope: Some("webhooks".into()),
        };
        assert_eq!(settings.check().unwrap_err().field, "auth.token_url");
        let json = OAuth2Settings { token_url: "https://idp/token".into(), ..settings }.to_json();
        assert_eq!(OAuth2Settings::from_json(&json).unwrap().scope.as_deref(), Some("webhooks"));
        assert_eq!(check_secret(None, "auth.secret").unwrap_err().field, "auth.secret");
    }
}
