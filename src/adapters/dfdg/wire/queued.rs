//! One WSRM `Message` of a GetMessagesResponse: its idempotency key and the change it asks for.
//! Reading a message never fails: whatever makes it unreadable becomes
//! [`DfdgChange::Unreadable`] with a reason naming the field (never a value), so one poison
//! message is recorded as rejected and cannot hold up the messages behind it.
//!
//! The key is the MessageIdentifier as DFDG sent it (`xs:string`; a GUID in any of its forms is
//! written as a lower-case hyphenated GUID, so its forms are one key). A message without a usable
//! identifier (missing, empty, over 256 characters or holding control characters) cannot be
//! applied exactly once, so it is never applied: it is recorded as rejected under a placeholder
//! key, `unidentified:` and a hash of its service and content. A redelivery of the same message
//! then hits the same key and changes nothing; two distinct id-less messages with identical
//! content share one log row, which loses nothing since neither is applied.

use super::indkaldelse::{read_booking, read_id, Registrant};
use super::{opt_text, text, INDKALDELSE_NS, WSRM_DFDG_NS};
use crate::domain::Originator;
use crate::store::{DfdgChange, DfdgMessage};
use crate::xml::Element;

/// The longest MessageIdentifier used as a key (it is a primary key on both backends).
const MAX_ID_CHARS: usize = 256;

/// Prefix of the placeholder key of a message without a usable MessageIdentifier.
pub const UNIDENTIFIED_PREFIX: &str = "unidentified:";

/// Reads one `Message` of `service`.
pub(super) fn read_message(message: &Element, service: &str) -> DfdgMessage {
    let (id, change) = match message_id(message) {
        Err(problem) => (placeholder_key(message, service), DfdgChange::Unreadable(problem)),
        Ok(id) if holds_forbidden(message) => {
            (id, DfdgChange::Unreadable("a field holds a character XML forbids".into()))
        }
        Ok(id) => {
            let metadata = message.child(WSRM_DFDG_NS, "WSRMMetadata");
            let change = metadata
                .ok_or_else(|| "WSRMMetadata is missing".to_owned())
                .and_then(|metadata| read_change(message, &registrant(metadata)))
                .unwrap_or_else(DfdgChange::Unreadable);
            (id, change)
        }
    };
    DfdgMessage { id, service: service.to_owned(), change }
}

/// The MessageIdentifier as the key, or why there is no usable one.
fn message_id(message: &Element) -> Result<String, String> {
    let metadata = message.child(WSRM_DFDG_NS, "WSRMMetadata").ok_or("WSRMMetadata is missing")?;
    let id = opt_text(metadata, WSRM_DFDG_NS, "MessageIdentifier").ok_or("MessageIdentifier is missing")?;
    if id.chars().count() > MAX_ID_CHARS {
        return Err(format!("MessageIdentifier is longer than {MAX_ID_CHARS} characters"));
    }
    if id.chars().any(char::is_control) {
        return Err("MessageIdentifier holds control characters".into());
    }
    Ok(match uuid::Uuid::parse_str(id) {
        Ok(guid) => guid.hyphenated().to_string(),
        Err(_) => id.to_owned(),
    })
}

/// True when any text of the message holds a character XML forbids (NUL among them, which
/// PostgreSQL refuses in text): such a message could never be shown again as XML.
fn holds_forbidden(element: &Element) -> bool {
    crate::xml::chars::forbidden_char(&element.text).is_some() || element.children.iter().any(holds_forbidden)
}

/// `unidentified:` and the first 32 hex digits of a SHA-256 over the service and the content.
fn placeholder_key(message: &Element, service: &str) -> String {
    let mut hasher = openssl::sha::Sha256::new();
    feed(&mut hasher, service);
    fingerprint(&mut hasher, message);
    format!("{UNIDENTIFIED_PREFIX}{}", &hex::encode(hasher.finish())[..32])
}

fn feed(hasher: &mut openssl::sha::Sha256, text: &str) {
    hasher.update(&(text.len() as u64).to_be_bytes());
    hasher.update(text.as_bytes());
}

fn fingerprint(hasher: &mut openssl::sha::Sha256, element: &Element) {
    feed(hasher, &element.ns);
    feed(hasher, &element.name);
    feed(hasher, &element.text);
    hasher.update(&(element.children.len() as u64).to_be_bytes());
    for child in &element.children {
        fingerprint(hasher, child);
    }
}

fn registrant(metadata: &Element) -> Registrant {
    let authority = metadata.child(WSRM_DFDG_NS, "RegisteringAuthority");
    let number = |name: &str| {
        authority.and_then(|a| a.children.iter().find(|c| c.name == name)).and_then(|c| c.text.parse().ok())
    };
    Registrant {
        originator: Originator {
            code: number("OrganisationCode").unwrap_or(0),
            type_id: number("OrganisationTypeIdentifier").and_then(|n| i32::try_from(n).ok()).unwrap_or(0),
        },
        system: opt_text(metadata, WSRM_DFDG_NS, "ClientSystemIdentifier").unwrap_or("unknown").to_owned(),
    }
}

/// Aendringstype (borrowed from WSB, as WSRM metadata carries no change flag): 1 create,
/// 2 update, 3 delete.
fn read_change(message: &Element, registrant: &Registrant) -> Result<DfdgChange, String> {
    let indkaldelse =
        message.child(INDKALDELSE_NS, "Indkaldelse").ok_or_else(|| "Indkaldelse is missing".to_owned())?;
    match text(message, WSRM_DFDG_NS, "Aendringstype")? {
        "1" => Ok(DfdgChange::Create(read_booking(indkaldelse, registrant)?)),
        "2" => Ok(DfdgChange::Update(read_booking(indkaldelse, registrant)?)),
        "3" => Ok(DfdgChange::Delete(read_id(indkaldelse)?)),
        _ => Err("Aendringstype must be 1, 2 or 3".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: &str, rest: &str) -> Element {
        let xml = format!(
            r#"<Message xmlns="{WSRM_DFDG_NS}"><WSRMMetadata>{id}<ClientSystemIdentifier>KSS</ClientSystemIdentifier></WSRMMetadata>{rest}</Message>"#
        );
        crate::xml::parse(xml.as_bytes()).unwrap()
    }

    #[test]
    fn a_message_identifier_is_any_string_and_a_guid_in_any_form_is_one_key() {
        let plain = read_message(&message("<MessageIdentifier>KSS-000017</MessageIdentifier>", ""), "S");
        assert_eq!(plain.id, "KSS-000017");
        let guid = "urn:uuid:0F8FAD5B-D9CB-469F-A165-70867728950E";
        let read = read_message(&message(&format!("<MessageIdentifier>{guid}</MessageIdentifier>"), ""), "S");
        assert_eq!(read.id, "0f8fad5b-d9cb-469f-a165-70867728950e");
        assert!(matches!(read.change, DfdgChange::Unreadable(ref r) if r == "Indkaldelse is missing"));
    }

    #[test]
    fn a_message_without_a_usable_identifier_gets_a_stable_placeholder_key() {
        let long = format!("<MessageIdentifier>{}</MessageIdentifier>", "x".repeat(257));
        for (id, reason) in [
            ("", "MessageIdentifier is missing"),
            ("<MessageIdentifier> </MessageIdentifier>", "MessageIdentifier is missing"),
            (long.as_str(), "MessageIdentifier is longer than 256 characters"),
            // A tab is XML but no identifier (U+0001 never gets here: the XML reader refuses it).
            ("<MessageIdentifier>a&#9;b</MessageIdentifier>", "MessageIdentifier holds control characters"),
        ] {
            let first = read_message(&message(id, "<Aendringstype>1</Aendringstype>"), "S");
            let again = read_message(&message(id, "<Aendringstype>1</Aendringstype>"), "S");
            let other = read_message(&message(id, "<Aendringstype>3</Aendringstype>"), "S");
            assert!(first.id.starts_with(UNIDENTIFIED_PREFIX), "{}", first.id);
            assert_eq!(first.id, again.id, "the same message gets the same key");
            assert_ne!(first.id, other.id, "another message gets another key");
            assert!(
                matches!(first.change, DfdgChange::Unreadable(ref r) if r == reason),
                "{:?}",
                first.change
            );
        }
        let no_metadata = crate::xml::parse(format!(r#"<Message xmlns="{WSRM_DFDG_NS}"/>"#).as_bytes());
        let read = read_message(&no_metadata.unwrap(), "S");
        assert!(matches!(read.change, DfdgChange::Unreadable(ref r) if r == "WSRMMetadata is missing"));
    }
}
