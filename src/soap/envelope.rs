//! The SOAP envelope: version detection (1.1 or 1.2), the optional STAR headers, the body's
//! request element, and writing responses and faults in the caller's SOAP version.

use super::fault::{Fault, Side};
use crate::domain::{Cpr, JobCenterCode};
use crate::xml::{self, Element, XmlOut};

/// SOAP 1.1 envelope namespace.
pub const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// SOAP 1.2 envelope namespace.
pub const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
/// Namespace of ActiveOrganisationHeader.
pub const ACTIVE_ORGANISATION_NS: &str = "http://rep.oio.dk/ams.dk/xml/schemas/2005/09/01/";
/// Namespace of RequestUserMetadata.
pub const REQUEST_USER_NS: &str = "http://service.bm.dk/RequestUserMetadata/2015/01/21/";

/// The SOAP version of a message; answers use the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// SOAP 1.1 (`text/xml`).
    Soap11,
    /// SOAP 1.2 (`application/soap+xml`).
    Soap12,
}

impl Version {
    /// The envelope namespace.
    pub fn namespace(&self) -> &'static str {
        match self {
            Version::Soap11 => SOAP11,
            Version::Soap12 => SOAP12,
        }
    }

    /// The response content type.
    pub fn content_type(&self) -> &'static str {
        match self {
            Version::Soap11 => "text/xml; charset=utf-8",
            Version::Soap12 => "application/soap+xml; charset=utf-8",
        }
    }
}

/// What the optional headers say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    /// The jobcenter named by ActiveOrganisationHeader, when it names one.
    pub jobcenter: Option<JobCenterCode>,
    /// RequestUserMetadata's user, for the audit log ("citizen" when it is a CPR).
    pub request_user: Option<String>,
}

/// A parsed request envelope.
#[derive(Debug)]
pub struct Envelope {
    /// 1.1 or 1.2.
    pub version: Version,
    /// The optional headers.
    pub headers: Headers,
    /// The request element inside Body.
    pub body: Element,
}

/// Parses an envelope; a fault comes back with the version to answer in.
pub fn parse(bytes: &[u8], hinted: Version) -> Result<Envelope, (Version, Fault)> {
    let root = xml::parse(bytes).map_err(|e| (hinted, Fault::invalid(e.0)))?;
    let version = match root.ns.as_str() {
        SOAP11 if root.name == "Envelope" => Version::Soap11,
        SOAP12 if root.name == "Envelope" => Version::Soap12,
        _ => return Err((hinted, Fault::invalid("the message is not a SOAP 1.1 or 1.2 Envelope"))),
    };
    let ns = version.namespace();
    let fail = |text: &str| (version, Fault::invalid(text));
    let at = {
        let mut bodies = root.children.iter().enumerate().filter(|(_, child)| child.is(ns, "Body"));
        let (at, body) = bodies.next().ok_or_else(|| fail("the Envelope has no Body"))?;
        if bodies.next().is_some() || root.children_named(ns, "Header").count() > 1 {
            return Err(fail("the Envelope has more than one Body or Header"));
        }
        match body.children.len() {
            0 => return Err(fail("the Body is empty")),
            1 => at,
            _ => return Err(fail("the Body holds more than one element")),
        }
    };
    let headers = match root.child(ns, "Header") {
        Some(header) => read_headers(header).map_err(|fault| (version, fault))?,
        None => Headers::default(),
    };
    // The request element is moved out of the tree, not copied.
    let mut root = root;
    let request = root.children.swap_remove(at).children.pop().ok_or_else(|| fail("the Body is empty"))?;
    Ok(Envelope { version, headers, body: request })
}

/// The first descendant with this local name, in any namespace (STAR's header children are
/// qualified inconsistently across versions; their names are unique within their header).
fn find<'a>(element: &'a Element, name: &str) -> Option<&'a Element> {
    element.children.iter().find_map(|child| if child.name == name { Some(child) } else { find(child, name) })
}

fn read_headers(header: &Element) -> Result<Headers, Fault> {
    let mut headers = Headers::default();
    if let Some(active) = header.child(ACTIVE_ORGANISATION_NS, "ActiveOrganisationHeader") {
        let kind = find(active, "OrganisationTypeIdentifier").map(|e| e.text.as_str());
        let code = find(active, "OrganisationCode").map(|e| e.text.as_str());
        // STAR's examples name a jobcenter with type 2 and its list says 8; both mean jobcenter.
        if let (Some("2" | "8"), Some(code)) = (kind, code) {
            let number: u32 = code
                .parse()
                .map_err(|_| Fault::invalid("ActiveOrganisationHeader/OrganisationCode must be a number"))?;
            let jobcenter = JobCenterCode::parse(&format!("{number:05}")).map_err(|_| {
                Fault::invalid("ActiveOrganisationHeader/OrganisationCode is not a jobcenter code")
            })?;
            headers.jobcenter = Some(jobcenter);
        }
    }
    if let Some(metadata) =
        header.child(REQUEST_USER_NS, "RequestUserMetadata").or_else(|| find(header, "RequestUserMetadata"))
    {
        if let Some(user) = find(metadata, "UserIdentifier").map(|e| e.text.trim()).filter(|u| !u.is_empty())
        {
            // A citizen acting for themself is identified by CPR, which must never be stored plainly.
            let user = if Cpr::parse(user).is_ok() {
                "citizen".to_owned()
            } else {
                user.chars().take(255).collect()
            };
            headers.request_user = Some(user);
        }
    }
    Ok(headers)
}

/// What comes before a response element in the envelope of `version`.
pub(super) fn head(version: Version) -> &'static str {
    match version {
        Version::Soap11 => {
            r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>"#
        }
        Version::Soap12 => {
            r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body>"#
        }
    }
}

/// What comes after a response element in every envelope.
pub(super) const TAIL: &str = "</soap:Body></soap:Envelope>";

/// Wraps a response body (XML text of one element) in an envelope, as one string (the HTTP
/// answer sends the same three parts without joining them: `super::answer::EnvelopeBody`).
pub fn response(version: Version, body_xml: &str) -> String {
    [head(version), body_xml, TAIL].concat()
}

/// A fault envelope with the PlannerFault detail of contract §2.
pub fn fault(version: Version, fault: &Fault) -> String {
    fault_in(version, fault, super::NAMESPACE)
}

/// A fault envelope whose PlannerFault detail is in the service namespace `ns`.
pub fn fault_in(version: Version, fault: &Fault, ns: &str) -> String {
    let client = fault.side == Side::Client;
    let mut out = XmlOut::default();
    out.open("soap:Fault", &[]);
    let detail = match version {
        Version::Soap11 => {
            out.leaf("faultcode", if client { "soap:Client" } else { "soap:Server" });
            out.leaf("faultstring", &fault.text);
            "detail"
        }
        Version::Soap12 => {
            out.open("soap:Code", &[]);
            out.leaf("soap:Value", if client { "soap:Sender" } else { "soap:Receiver" });
            out.close("soap:Code");
            out.open("soap:Reason", &[]);
            out.leaf_with("soap:Text", &[("xml:lang", "en")], &fault.text);
            out.close("soap:Reason");
            "soap:Detail"
        }
    };
    out.open(detail, &[]);
    out.open("PlannerFault", &[("xmlns", ns)]);
    out.leaf("ErrorCode", &fault.code.to_string());
    out.leaf("ErrorText", &fault.text);
    out.close("PlannerFault");
    out.close(detail);
    out.close("soap:Fault");
    response(version, &out.into_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(ns: &str, header: &str, body: &str) -> String {
        format!(
            r#"<e:Envelope xmlns:e="{ns}"><e:Header>{header}</e:Header><e:Body>{body}</e:Body></e:Envelope>"#
        )
    }

    #[test]
    fn detects_versions_and_reads_headers() {
        let header = r#"<a:ActiveOrganisationHeader xmlns:a="http://rep.oio.dk/ams.dk/xml/schemas/2005/09/01/"><a:OrganisationTypeIdentifier>2</a:OrganisationTypeIdentifier><a:OrganisationCode>101</a:OrganisationCode></a:ActiveOrganisationHeader>
            <m:RequestUserMetadata xmlns:m="http://service.bm.dk/RequestUserMetadata/2015/01/21/"><s:RequestUserStructure xmlns:s="urn:s"><s:UserIdentifier>0101851234</s:UserIdentifier></s:RequestUserStructure></m:RequestUserMetadata>"#;
        let parsed =
            parse(envelope(SOAP12, header, "<Op xmlns='urn:x'/>").as_bytes(), Version::Soap11).unwrap();
        assert_eq!(parsed.version, Version::Soap12);
        assert_eq!(parsed.headers.jobcenter, Some(JobCenterCode::parse("00101").unwrap()));
        assert_eq!(parsed.headers.request_user.as_deref(), Some("citizen"));
        assert!(parsed.body.is("urn:x", "Op"));
        let plain = parse(envelope(SOAP11, "", "<Op/>").as_bytes(), Version::Soap12).unwrap();
        assert_eq!((plain.version, plain.headers), (Version::Soap11, Headers::default()));
    }

    #[test]
    fn refuses_what_is_not_one_request() {
        for bad in [
            "<Envelope/>".to_owned(),
            envelope(SOAP11, "", ""),
            envelope(SOAP11, "", "<A/><B/>"),
            format!(r#"<e:Envelope xmlns:e="{SOAP11}"><e:Header/></e:Envelope>"#),
        ] {
            let (_, fault) = parse(bad.as_bytes(), Version::Soap11).unwrap_err();
            assert_eq!(fault.code, 1014, "{bad}");
        }
    }

    #[test]
    fn fault_bodies_parse_and_carry_the_code() {
        for version in [Version::Soap11, Version::Soap12] {
            let text = fault(version, &Fault::client(4770, "no <times> & none"));
            let root = xml::parse(text.as_bytes()).unwrap();
            let ns = version.namespace();
            let fault = root.child(ns, "Body").unwrap().child(ns, "Fault").unwrap();
            let detail = fault.children.iter().find(|c| c.name.eq_ignore_ascii_case("detail")).unwrap();
            let planner = detail.child(super::super::NAMESPACE, "PlannerFault").unwrap();
            assert_eq!(planner.child(super::super::NAMESPACE, "ErrorCode").unwrap().text, "4770");
            assert!(text.contains("no &lt;times&gt; &amp; none"), "{text}");
        }
    }
}
