//! Reads the SOAP headers a WSDL 1.1 document declares, with roxmltree: for every binding
//! operation, the element of each `soap:header` / `soap12:header` of its input, found through
//! the `wsdl:message` part it names; and the top-level elements a schema document declares, to check those elements exist.
//! Used by the SOAP interop tests and the DFDG schema tests, so a generated client or server
//! knows every header the wire code sends or reads.

const WSDL: &str = "http://schemas.xmlsoap.org/wsdl/";
const SOAP11: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
const SOAP12: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";
const XSD: &str = "http://www.w3.org/2001/XMLSchema";

/// The headers of one binding operation's input, as `{namespace}local` element names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationHeaders {
    /// The binding's name.
    pub binding: String,
    /// The operation's name.
    pub operation: String,
    /// The header elements, in the order declared.
    pub headers: Vec<String>,
}

/// `prefix:local` resolved in `node`'s scope to `{namespace}local`.
fn qname(node: roxmltree::Node, value: &str) -> String {
    let (prefix, local) = value.split_once(':').map_or((None, value), |(p, l)| (Some(p), l));
    let namespace = node.lookup_namespace_uri(prefix).unwrap_or_default();
    format!("{{{namespace}}}{local}")
}

fn is(node: &roxmltree::Node, namespace: &str, name: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(namespace) && node.tag_name().name() == name
}

/// Every binding operation of `wsdl` with the elements of its input headers.
pub fn input_headers(wsdl: &str) -> Vec<OperationHeaders> {
    let document = roxmltree::Document::parse(wsdl).expect("the WSDL is well-formed XML");
    let root = document.root_element();
    let target = root.attribute("targetNamespace").unwrap_or_default();
    let part_element = |message: &str, part: &str| -> String {
        let message = root
            .children()
            .find(|m| {
                is(m, WSDL, "message") && format!("{{{target}}}{}", m.attribute("name").unwrap()) == message
            })
            .unwrap_or_else(|| panic!("wsdl:message {message} is not declared"));
        let part = message
            .children()
            .find(|p| is(p, WSDL, "part") && p.attribute("name") == Some(part))
            .unwrap_or_else(|| panic!("part {part} is not in wsdl:message {message:?}"));
        qname(part, part.attribute("element").expect("a header part names an element"))
    };
    let mut found = Vec::new();
    for binding in root.children().filter(|b| is(b, WSDL, "binding")) {
        for operation in binding.children().filter(|o| is(o, WSDL, "operation")) {
            let input = operation.children().find(|i| is(i, WSDL, "input")).expect("an input");
            let headers = input
                .children()
                .filter(|h| is(h, SOAP11, "header") || is(h, SOAP12, "header"))
                .map(|h| {
                    part_element(&qname(h, h.attribute("message").unwrap()), h.attribute("part").unwrap())
                })
                .collect();
            found.push(OperationHeaders {
                binding: binding.attribute("name").unwrap().to_owned(),
                operation: operation.attribute("name").unwrap().to_owned(),
                headers,
            });
        }
    }
    found
}

/// The top-level elements `xsd` declares, as `{targetNamespace}name`.
pub fn declared_elements(xsd: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(xsd).expect("the schema is well-formed XML");
    let root = document.root_element();
    let target = root.attribute("targetNamespace").unwrap_or_default();
    root.children()
        .filter(|e| is(e, XSD, "element"))
        .map(|e| format!("{{{target}}}{}", e.attribute("name").unwrap()))
        .collect()
}

/// `{namespace}ActiveOrganisationHeader`.
pub const ACTIVE_ORGANISATION: &str =
    "{http://rep.oio.dk/ams.dk/xml/schemas/2005/09/01/}ActiveOrganisationHeader";
/// `{namespace}RequestUserMetadata`.
pub const REQUEST_USER: &str = "{http://service.bm.dk/RequestUserMetadata/2015/01/21/}RequestUserMetadata";
/// `{namespace}PersonCivilRegistrationIdentifier` of IndkaldelseService.
pub const CPR_HEADER: &str = "{urn:planner:dfdg:IndkaldelseService:1}PersonCivilRegistrationIdentifier";

/// Asserts every operation of `wsdl` (at least `operations` per binding, over `bindings`
/// bindings) declares exactly `expected` as its input headers.
#[track_caller]
pub fn assert_every_operation_declares(wsdl: &str, bindings: usize, operations: usize, expected: &[&str]) {
    let found = input_headers(wsdl);
    let mut names: Vec<&str> = found.iter().map(|o| o.binding.as_str()).collect();
    names.dedup();
    assert_eq!(names.len(), bindings, "{names:?}");
    assert_eq!(found.len(), bindings * operations, "{found:?}");
    for operation in &found {
        assert_eq!(operation.headers, expected, "{}/{}", operation.binding, operation.operation);
    }
}

/// The output of `tests/interop/zeep_headers.py` for `wsdl` (a URL or a path), or `None` when
/// `PLANNER_ZEEP_PYTHON` is not set.
pub fn zeep_headers(wsdl: &str) -> Option<Vec<String>> {
    let python = std::env::var_os("PLANNER_ZEEP_PYTHON")?;
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/zeep_headers.py");
    let output = std::process::Command::new(python).arg(script).arg(wsdl).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "zeep failed on {wsdl}:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(stdout.lines().map(str::to_owned).collect())
}
