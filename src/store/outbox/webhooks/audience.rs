//! Which events a webhook recipient receives: its topics, jobcenters and channels, read once
//! per fan-out from the recipient's row.

/// Which events an enabled recipient receives: its row's lists parsed once per fan-out, not
/// once per event.
pub(super) struct Audience {
    /// The recipient's id.
    pub(super) id: i64,
    /// Topics, or `*` for every topic.
    topics: Vec<String>,
    /// Jobcenter codes; empty for an installation-wide recipient.
    jobcenters: Vec<String>,
    /// The channels its settings name, if any.
    channels: Option<Vec<String>>,
}

impl Audience {
    /// Reads the stored lists (topics and jobcenters joined by commas, settings as JSON).
    pub(super) fn parse(id: i64, topics: &str, jobcenters: &str, settings: &str) -> Self {
        Audience {
            id,
            topics: topics.split(',').map(|t| t.trim().to_owned()).collect(),
            jobcenters: if jobcenters.is_empty() {
                Vec::new()
            } else {
                jobcenters.split(',').map(str::to_owned).collect()
            },
            channels: channels_of(settings),
        }
    }

    /// Whether an event of `topic` about `jobcenter` and `channel` goes to this recipient.
    pub(super) fn wants(&self, topic: &str, jobcenter: Option<&str>, channel: Option<&str>) -> bool {
        topic_matches(&self.topics, topic)
            && jobcenter_matches(&self.jobcenters, jobcenter)
            && channel_matches(self.channels.as_deref(), channel)
    }
}

fn topic_matches(topics: &[String], topic: &str) -> bool {
    topics.iter().any(|t| t == "*" || t == topic)
}

/// An installation-wide recipient (no jobcenters) gets every event; a scoped one only events
/// whose payload names one of its jobcenters.
fn jobcenter_matches(jobcenters: &[String], jobcenter: Option<&str>) -> bool {
    jobcenters.is_empty() || jobcenter.is_some_and(|code| jobcenters.iter().any(|j| j == code))
}

/// A recipient whose settings name `channels` (e.g. DFDG registration: `["Summons"]`) gets only
/// events whose payload has one of those channels; without it, every channel.
fn channel_matches(channels: Option<&[String]>, channel: Option<&str>) -> bool {
    channels.is_none_or(|channels| channel.is_some_and(|c| channels.iter().any(|wanted| wanted == c)))
}

/// The `channels` of a recipient's settings JSON, if it names any.
fn channels_of(settings: &str) -> Option<Vec<String>> {
    let value: serde_json::Value = serde_json::from_str(settings).ok()?;
    let list = value.get("channels")?.as_array()?;
    Some(list.iter().filter_map(|c| c.as_str().map(str::to_owned)).collect())
}

#[cfg(test)]
mod tests {
    use super::Audience;

    fn wants(topics: &str, jobcenters: &str, topic: &str, jobcenter: Option<&str>) -> bool {
        Audience::parse(1, topics, jobcenters, "{}").wants(topic, jobcenter, None)
    }

    #[test]
    fn topics() {
        assert!(wants("BookingCreated,BookingCancelled", "", "BookingCancelled", None));
        assert!(wants("BookingCreated, BookingCancelled", "", "BookingCancelled", None));
        assert!(wants("*", "", "BookingLapsed", None));
        assert!(!wants("BookingCreated", "", "BookingCancelled", None));
    }

    #[test]
    fn jobcenters() {
        assert!(wants("*", "", "BookingCreated", None));
        assert!(wants("*", "00101,00147", "BookingCreated", Some("00147")));
        assert!(!wants("*", "00101", "BookingCreated", Some("00147")));
        assert!(!wants("*", "00101", "BookingCreated", None));
    }

    #[test]
    fn channels() {
        let summons_only = Audience::parse(1, "*", "", r#"{"channels":["Summons"]}"#);
        assert!(summons_only.wants("BookingCreated", None, Some("Summons")));
        assert!(!summons_only.wants("BookingCreated", None, Some("SelfService")));
    }
}
