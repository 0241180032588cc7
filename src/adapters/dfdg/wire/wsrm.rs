//! WsrmService, DFDG's pull queue (docs/contract/adapters.md §9): CreateSequence answers a sequence
//! identifier and a service inventory (at most 500 messages, per message service its name,
//! endpoint and count); GetMessages fetches one service's messages of the sequence;
//! TerminateSequence confirms them all, CloseSequence aborts so they are redelivered.

use super::queued::read_message;
use super::{envelope, text, Headers, SoapRequest, WSRM_DFDG_NS, WSRM_NS, WSRM_PATH};
use crate::store::DfdgMessage;
use crate::xml::{Element, XmlOut};

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

/// Reads GetMessagesResponse. Every `Message` becomes one [`DfdgMessage`]: one that cannot be
/// read (whatever is wrong with it, its MessageIdentifier included) is returned as
/// [`DfdgChange::Unreadable`](crate::store::DfdgChange::Unreadable), so it is recorded as
/// rejected and the queue moves on. Only a response that is not a GetMessagesResponse fails.
pub fn messages_response(body: &Element, service: &str) -> Result<Vec<DfdgMessage>, String> {
    if !body.is(WSRM_DFDG_NS, "GetMessagesResponse") {
        return Err(format!("DFDG answered {} where GetMessagesResponse was expected", body.name));
    }
    Ok(body.children_named(WSRM_DFDG_NS, "Message").map(|message| read_message(message, service)).collect())
}
