//! The webhook recipient rules the web app's set-up pages check with: they live with the
//! outbound adapters (`adapters::webhooks::recipient`), which `web` does not import, so the
//! server hands them in (`WebSettings::webhooks`), the same checks the admin API makes.

use crate::adapters::outbox::WEBSUB;
use crate::adapters::webhooks::recipient::{check_name, check_topics, check_url, TOPICS};
use crate::web::setup::webhooks::RecipientRules;

/// The adapters' recipient rules.
#[derive(Debug, Clone, Copy, Default)]
pub struct AdapterRules;

impl RecipientRules for AdapterRules {
    fn topics(&self) -> Vec<String> {
        TOPICS.iter().map(|topic| topic.as_str().to_owned()).collect()
    }

    fn websub(&self) -> &'static str {
        WEBSUB
    }

    fn name_ok(&self, name: &str) -> bool {
        check_name(name).is_ok()
    }

    fn url_ok(&self, url: &str) -> bool {
        check_url(url, "url").is_ok()
    }

    fn topics_ok(&self, topics: &[String]) -> bool {
        check_topics(topics).is_ok()
    }
}
