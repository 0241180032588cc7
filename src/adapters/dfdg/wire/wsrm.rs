//! WsrmService, DFDG's pull queue (dfdg-background.md §9): CreateSequence answers a sequence
//! identifier and a service inventory (at most 500 messages, per message service its name,
//! endpoint and count); GetMessages fetches one service's messages of the sequence;
//! TerminateSequence confirms them all, CloseSequence aborts so they are redelivered.

use super::indkaldelse::{read_booking, read_id, Registrant};
use super::{
    envelope, opt_text, text, Headers, SoapRequest, INDKALDELSE_NS, WSRM_DFDG_NS, WSRM_NS, WSRM_PATH,
};
use crate::domain::Originator;
use crate::soap::xml::{Element, XmlOut};
use crate::store::{DfdgChange, DfdgMessage};

/// One message service of an inventory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEntry {
    /// ServiceName.
    pub name: String,
    /// ServiceEndpoint (an absolute URL).
    pub endpoint: String,
    /// MessageCount.
    pub count: u32,
}

/// What CreateSequence answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inventory {
    /// The sequence Identifier, for GetMessages and Terminate/CloseSequence.
    pub sequence: String,
    /// The message services holding this sequence's messages.
    pub services: Vec<ServiceEntry>,
}

impl Inventory {
    /// How many messages the sequence holds.
    pub fn total(&self) -> u64 {
        self.services.iter().map(|s| u64::from(s.count)).sum()
    }
}

fn request(operation: &str, body: String) -> SoapRequest {
    SoapRequest {
        target: WSRM_PATH.into(),
        action: format!("{WSRM_DFDG_NS}/{operation}"),
        body: envelope(&Headers::default(), &body),
    }
}

/// CreateSequence for a sub-queue.
pub fn create_sequence(sub_queue: &str) -> SoapRequest {
    let mut out = XmlOut::default();
    out.open("CreateSequence", &[("xmlns", WSRM_NS)]);
    out.leaf_with("SubQueueIdentifier", &[("xmlns", WSRM_DFDG_NS)], sub_queue);
    out.close("CreateSequence");
    request("CreateSequence", out.into_string())
}

fn sequence_verb(operation: &str, sequence: &str) -> SoapRequest {
    let mut out = XmlOut::default();
    out.open(operation, &[("xmlns", WSRM_NS)]);
    out.leaf("Identifier", sequence);
    out.close(operation);
    request(operation, out.into_string())
}

/// TerminateSequence: every message of the sequence was committed; DFDG deletes them.
pub fn terminate_sequence(sequence: &str) -> SoapRequest {
    sequence_verb("TerminateSequence", sequence)
}

/// CloseSequence: abort; DFDG redelivers the sequence's messages next time.
pub fn close_sequence(sequence: &str) -> SoapRequest {
    sequence_verb("CloseSequence", sequence)
}

/// GetMessages of one message service for a sequence, sent to the service's endpoint.
pub fn get_messages(service: &ServiceEntry, sequence: &str) -> SoapRequest {
    let mut out = XmlOut::default();
    out.open("GetMessagesRequest", &[("xmlns", WSRM_DFDG_NS)]);
    out.leaf_with("Identifier", &[("xmlns", WSRM_NS)], sequence);
    out.leaf("ServiceName", &service.name);
    out.close("GetMessagesRequest");
    SoapRequest {
        target: service.endpoint.clone(),
        action: format!("{WSRM_DFDG_NS}/GetMessages"),
        body: envelope(&Headers::default(), &out.into_string()),
    }
}

/// Reads CreateSequenceResponse.
pub fn sequence_response(body: &Element) -> Result<Inventory, String> {
    if !body.is(WSRM_NS, "CreateSequenceResponse") {
        return Err(format!("DFDG answered {} where CreateSequenceResponse was expected", body.name));
    }
    let sequence = text(body, WSRM_NS, "Identifier")?.to_owned();
    let mut services = Vec::new();
    if let Some(inventory) = body.child(WSRM_DFDG_NS, "ServiceInventory") {
        for service in inventory.children_named(WSRM_DFDG_NS, "Service") {
            services.push(ServiceEntry {
                name: text(service, WSRM_DFDG_NS, "ServiceName")?.to_owned(),
                endpoint: text(service, WSRM_DFDG_NS, "ServiceEndpoint")?.to_owned(),
                count: text(service, WSRM_DFDG_NS, "MessageCount")?
                    .parse()
                    .map_err(|_| "MessageCount must be a whole number".to_owned())?,
            });
        }
    }
    Ok(Inventory { sequence, services })
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

/// Reads GetMessagesResponse. A message without a MessageIdentifier fails the whole fetch (it
/// could not be applied exactly once); a message whose payload cannot be read is returned as
/// [`DfdgChange::Unreadable`], so it is logged as rejected and does not block the queue.
pub fn messages_response(body: &Element, service: &str) -> Result<Vec<DfdgMessage>, String> {
    if !body.is(WSRM_DFDG_NS, "GetMessagesResponse") {
        return Err(format!("DFDG answered {} where GetMessagesResponse was expected", body.name));
    }
    let mut messages = Vec::new();
    for message in body.children_named(WSRM_DFDG_NS, "Message") {
        let metadata = message
            .child(WSRM_DFDG_NS, "WSRMMetadata")
            .ok_or_else(|| "a message has no WSRMMetadata".to_owned())?;
        let id = text(metadata, WSRM_DFDG_NS, "MessageIdentifier")?;
        let id = uuid::Uuid::parse_str(id)
            .map_err(|_| "MessageIdentifier must be a guid".to_owned())?
            .hyphenated()
            .to_string();
        let change = read_change(message, &registrant(metadata)).unwrap_or_else(DfdgChange::Unreadable);
        messages.push(DfdgMessage { id, service: service.to_owned(), change });
    }
    Ok(messages)
}
