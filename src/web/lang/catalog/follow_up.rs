//! English for the follow-up pages: the booking search, a booking's history, the conflict
//! queue, DFDG's logs, the webhook deliveries and the audit search.

/// The English of `danish`, when it is one of these texts.
pub fn en(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "Det har du ikke adgang til" => "You do not have access to that",
        _ => return None,
    })
}
