//! Every DFDG wire shape the planner sends or reads, and nothing else: namespaces, SOAPAction
//! values, element names, the SOAP 1.1 envelope with STAR's caller headers, and the conversion of
//! DFDG payloads into store requests.
//!
//! STAR has not published the WsrmService message types for bookings nor the SOAP form of
//! IndkaldelseService (docs/contract/adapters.md §8-§9), so these are our own shapes from the known
//! element names, described by `wsdl/dfdg/`. When STAR's official WSDL arrives, this module (with
//! `wire/`) is the one to replace; the client, the queue consumer and the registration never name
//! an element. Like `soap`, it reads XML with `soap::xml` (DOCTYPE refused, depth limited).

mod duration;
mod indkaldelse;
mod queued;
mod wsrm;

pub use indkaldelse::{
    delete_request, indkaldelse_response, upsert_request, IndkaldelseCall, SummonerMetadata,
};
pub use wsrm::{
    close_sequence, create_sequence, get_messages, messages_response, sequence_response, terminate_sequence,
    Inventory, ServiceEntry,
};

use super::DfdgError;
use crate::xml::{self, Element, XmlOut};

/// SOAP 1.1 envelope namespace (STAR runs WCF; 1.1 is the safe default).
pub const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// OASIS WS-ReliableMessaging 2006-02, which DFDG's WsrmService borrows its sequence verbs from.
pub const WSRM_NS: &str = "http://docs.oasis-open.org/ws-rx/wsrm/200602";
/// Our namespace for the DFDG-specific parts of WsrmService (inventory, messages, metadata).
pub const WSRM_DFDG_NS: &str = "urn:planner:dfdg:WsrmService:1";
/// Our namespace for IndkaldelseService (summons registration) and the Indkaldelse payload.
pub const INDKALDELSE_NS: &str = "urn:planner:dfdg:IndkaldelseService:1";
/// ActiveOrganisationHeader (contract §2).
pub const ACTIVE_ORGANISATION_NS: &str = "http://rep.oio.dk/ams.dk/xml/schemas/2005/09/01/";
/// RequestUserMetadata and its parts (contract §2).
pub const REQUEST_USER_NS: &str = "http://service.bm.dk/RequestUserMetadata/2015/01/21/";
const REQUEST_USER_STRUCTURE_NS: &str = "http://service.bm.dk/pjaktass/2015/01/21/RequestUserStructure/";
const REQUEST_USER_TYPE_NS: &str =
    "http://service.bm.dk/pjaktass/2015/01/21/RequestUserTypeIdentifierCodeList/";
const CODE_LIST_NS: &str = "http://service.bm.dk/pjaktass/2013/06/07/CodeListBase/";
const REQUEST_ORGANISATION_NS: &str =
    "http://service.bm.dk/pjaktass/2015/01/21/RequestOrganisationStructure/";

/// The path of WsrmService below the DFDG base URL.
pub const WSRM_PATH: &str = "/WsrmService";
/// The path of IndkaldelseService below the DFDG base URL.
pub const INDKALDELSE_PATH: &str = "/IndkaldelseService";

/// One SOAP request: where it goes below the base URL (or an absolute endpoint), its SOAPAction
/// and its envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoapRequest {
    /// A path below the DFDG base URL, or an absolute URL from a service inventory.
    pub target: String,
    /// The SOAPAction header value.
    pub action: String,
    /// The whole envelope.
    pub body: String,
}

/// The SOAP headers a request carries: who acts, for which authority, and (IndkaldelseService)
/// the citizen, whose CPR goes in a header, never in a URL or a log line.
#[derive(Debug, Clone, Default)]
pub struct Headers<'a> {
    /// RequestUserMetadata and ActiveOrganisationHeader.
    pub summoner: Option<&'a SummonerMetadata>,
    /// PersonCivilRegistrationIdentifier header.
    pub cpr: Option<&'a str>,
}

/// Wraps `body_xml` (one element, already escaped) in a SOAP 1.1 envelope with `headers`.
pub fn envelope(headers: &Headers<'_>, body_xml: &str) -> String {
    let mut out = XmlOut::with_capacity(body_xml.len() + 1024);
    out.open("s:Envelope", &[("xmlns:s", SOAP11)]);
    if headers.summoner.is_some() || headers.cpr.is_some() {
        out.open("s:Header", &[]);
        if let Some(summoner) = headers.summoner {
            summoner_headers(&mut out, summoner);
        }
        if let Some(cpr) = headers.cpr {
            out.leaf_with("PersonCivilRegistrationIdentifier", &[("xmlns", INDKALDELSE_NS)], cpr);
        }
        out.close("s:Header");
    }
    out.open("s:Body", &[]);
    out.raw(body_xml);
    out.close("s:Body");
    out.close("s:Envelope");
    out.into_string()
}

fn summoner_headers(out: &mut XmlOut, summoner: &SummonerMetadata) {
    let code = summoner.organisation_code.to_string();
    let type_id = summoner.organisation_type.to_string();
    out.open("ActiveOrganisationHeader", &[("xmlns", ACTIVE_ORGANISATION_NS)]);
    out.leaf("OrganisationTypeIdentifier", &type_id);
    out.leaf("OrganisationCode", &code);
    out.close("ActiveOrganisationHeader");
    out.open("RequestUserMetadata", &[("xmlns", REQUEST_USER_NS)]);
    out.open("RequestUserStructure", &[("xmlns", REQUEST_USER_STRUCTURE_NS)]);
    out.leaf("UserFullName", &summoner.user_name);
    out.open("RequestUserTypeIdentifier", &[("xmlns", REQUEST_USER_TYPE_NS)]);
    out.leaf_with("CodeListItemIdentifier", &[("xmlns", CODE_LIST_NS)], &summoner.user_type.to_string());
    out.close("RequestUserTypeIdentifier");
    out.leaf("UserIdentifier", &summoner.user_identifier);
    out.close("RequestUserStructure");
    out.open("RequestOrganisationStructure", &[("xmlns", REQUEST_ORGANISATION_NS)]);
    out.open("OrganisationTypeIdentifier", &[]);
    out.leaf_with("CodeListItemIdentifier", &[("xmlns", CODE_LIST_NS)], &type_id);
    out.close("OrganisationTypeIdentifier");
    out.leaf("OrganisationCode", &code);
    out.close("RequestOrganisationStructure");
    out.leaf("RegistrationDateTime", &summoner.registered_at);
    out.close("RequestUserMetadata");
}

/// Reads a response envelope and returns its body's first element. A SOAP fault becomes an
/// error carrying its faultstring (DFDG's fault texts hold no CPR). Characters XML forbids are
/// kept in text (one queued message holding one must be refused alone, not block the queue);
/// the readers of the fields check them.
pub fn response_body(bytes: &[u8]) -> Result<Element, DfdgError> {
    let unreadable = |what: &str| DfdgError::Unreadable(what.to_owned());
    let root = xml::parse_tolerating_forbidden_text(bytes)
        .map_err(|e| DfdgError::Unreadable(format!("unreadable XML: {e}")))?;
    let soap_ns = root.ns.clone();
    if root.name != "Envelope" {
        return Err(unreadable("without a SOAP envelope"));
    }
    let body = root.child(&soap_ns, "Body").ok_or_else(|| unreadable("a SOAP envelope without a Body"))?;
    let first = body.children.first().ok_or_else(|| unreadable("an empty SOAP Body"))?;
    if first.name == "Fault" && first.ns == soap_ns {
        let text = first
            .children
            .iter()
            .find(|c| c.name == "faultstring" || c.name == "Reason")
            .map(|c| if c.text.is_empty() { flatten(c) } else { c.text.clone() })
            .unwrap_or_default();
        let text = mask_numbers(&text.chars().take(300).collect::<String>());
        return Err(DfdgError::Fault(text));
    }
    Ok(first.clone())
}

/// Masks every run of ten or more digits (a CPR a fault text might echo), as fault texts are logged.
fn mask_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '-' && digits.len() == 6) {
            digits.push(c);
            continue;
        }
        if digits.chars().filter(char::is_ascii_digit).count() >= 10 {
            out.push_str("**********");
        } else {
            out.push_str(&digits);
        }
        digits.clear();
        out.push(c);
    }
    out.pop();
    out
}

fn flatten(element: &Element) -> String {
    element.children.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(" ")
}

/// The text of a required child, or an error naming it.
pub(crate) fn text<'a>(element: &'a Element, ns: &str, name: &str) -> Result<&'a str, String> {
    element
        .child(ns, name)
        .map(|c| c.text.as_str())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| format!("{name} is missing in {}", element.name))
}

/// The text of a required child whose type preserves whitespace (a CPR's pattern): text with
/// spaces around it is refused, never trimmed.
pub(crate) fn exact_text<'a>(element: &'a Element, ns: &str, name: &str) -> Result<&'a str, String> {
    let text = text(element, ns, name)?;
    match element.child(ns, name) {
        Some(child) if child.padded => Err(format!("{name} must not have spaces around it")),
        _ => Ok(text),
    }
}

/// The text of an optional child.
pub(crate) fn opt_text<'a>(element: &'a Element, ns: &str, name: &str) -> Option<&'a str> {
    element.child(ns, name).map(|c| c.text.as_str()).filter(|t| !t.is_empty())
}

/// `xs:boolean` as the wire writes it.
pub(crate) fn bool_text(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

/// Reads `xs:boolean`.
pub(crate) fn parse_bool(text: &str, name: &str) -> Result<bool, String> {
    match text {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(format!("{name} must be true or false")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_text_never_carries_a_cpr() {
        let fault = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>citizen 0101901234 / 010190-1234 unknown, code 4770</faultstring></s:Fault></s:Body></s:Envelope>"#;
        let error = response_body(fault.as_bytes()).unwrap_err();
        assert_eq!(error, DfdgError::Fault("citizen ********** / ********** unknown, code 4770".into()));
    }

    #[test]
    fn requests_escape_their_text() {
        let request = create_sequence("a<b&c");
        let parsed = xml::parse(request.body.as_bytes()).unwrap();
        let body = parsed.child(SOAP11, "Body").unwrap().child(WSRM_NS, "CreateSequence").unwrap();
        assert_eq!(body.child(WSRM_DFDG_NS, "SubQueueIdentifier").unwrap().text, "a<b&c");
        assert_eq!(request.action, "urn:planner:dfdg:WsrmService:1/CreateSequence");
    }
}
