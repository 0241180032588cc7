//! A small namespace-aware XML element tree, read with quick-xml, and a writer for responses.
//!
//! Requests are small (at most 1 MiB), so the body is read into a tree and the operation files
//! pick their fields from it by namespace URI and local name; prefixes never matter. The reader
//! refuses DOCTYPE declarations (and so every entity but the five predefined ones), processing
//! instructions other than the XML declaration, and nesting deeper than [`MAX_DEPTH`].

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::name::ResolveResult;
use quick_xml::writer::Writer;
use quick_xml::NsReader;

/// Deeper nesting than this is refused (no legitimate request comes close).
pub const MAX_DEPTH: usize = 64;

/// An element: its namespace URI (empty when unqualified), local name, text and children.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Element {
    /// Namespace URI, or "" for none.
    pub ns: String,
    /// Local name.
    pub name: String,
    /// Concatenated text content directly inside this element, trimmed.
    pub text: String,
    /// True when the text had leading or trailing whitespace, trimmed away in `text`: a value
    /// whose type preserves whitespace (a CPR's pattern) must then be refused, not trimmed.
    pub padded: bool,
    /// Child elements in document order.
    pub children: Vec<Element>,
}

impl Element {
    /// Children with this local name in this namespace.
    pub fn children_named<'a>(
        &'a self,
        ns: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.ns == ns && c.name == name)
    }

    /// The first child with this local name in this namespace.
    pub fn child(&self, ns: &str, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.ns == ns && c.name == name)
    }

    /// True when this element has this namespace and local name.
    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.ns == ns && self.name == name
    }
}

/// Why a document could not be read; the text is safe to return to the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct XmlError(pub String);

fn namespace_of(resolved: &ResolveResult) -> Result<String, XmlError> {
    match resolved {
        ResolveResult::Bound(ns) => Ok(String::from_utf8_lossy(ns.as_ref()).into_owned()),
        ResolveResult::Unbound => Ok(String::new()),
        ResolveResult::Unknown(prefix) => {
            Err(XmlError(format!("undeclared namespace prefix '{}'", String::from_utf8_lossy(prefix))))
        }
    }
}

/// Parses a whole document into its root element.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let text = std::str::from_utf8(bytes).map_err(|_| XmlError("the message is not UTF-8".into()))?;
    let mut reader = NsReader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let (resolved, event) =
            reader.read_resolved_event().map_err(|e| XmlError(format!("malformed XML: {e}")))?;
        match event {
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let _ = start;
                return Err(XmlError("content after the document element".into()));
            }
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError(format!("elements nested deeper than {MAX_DEPTH}")));
                }
                stack.push(open(&resolved, &start)?);
            }
            Event::Empty(start) => {
                let element = open(&resolved, &start)?;
                close(&mut stack, &mut root, element);
            }
            Event::End(_) => {
                let element = stack.pop().ok_or_else(|| XmlError("unbalanced end tag".into()))?;
                close(&mut stack, &mut root, element);
            }
            Event::Text(text) => append_text(&mut stack, &text)?,
            Event::CData(data) => {
                let data = String::from_utf8_lossy(&data).into_owned();
                push_text(&mut stack, &data)?;
            }
            Event::DocType(_) => return Err(XmlError("DOCTYPE is not allowed".into())),
            Event::PI(_) => return Err(XmlError("processing instructions are not allowed".into())),
            Event::GeneralRef(reference) => {
                let resolved = resolve_reference(&reference)?;
                push_text(&mut stack, &resolved)?;
            }
            Event::Decl(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(XmlError("the document ends inside an element".into()));
    }
    root.ok_or_else(|| XmlError("the message holds no XML element".into()))
}

fn open(resolved: &ResolveResult, start: &BytesStart) -> Result<Element, XmlError> {
    Ok(Element {
        ns: namespace_of(resolved)?,
        name: String::from_utf8_lossy(start.local_name().as_ref()).into_owned(),
        ..Element::default()
    })
}

/// The five predefined entities and character references; anything else needs a DTD, refused.
fn resolve_reference(reference: &quick_xml::events::BytesRef) -> Result<String, XmlError> {
    if let Ok(Some(character)) = reference.resolve_char_ref() {
        return Ok(character.to_string());
    }
    let name = reference.decode().map_err(|e| XmlError(format!("malformed reference: {e}")))?;
    let text = match name.as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return Err(XmlError("entity references other than the predefined five are not allowed".into())),
    };
    Ok(text.to_owned())
}

fn close(stack: &mut [Element], root: &mut Option<Element>, mut element: Element) {
    let trimmed = element.text.trim();
    if trimmed.len() != element.text.len() {
        element.padded = !trimmed.is_empty();
        element.text = trimmed.to_owned();
    }
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

fn append_text(stack: &mut [Element], text: &BytesText) -> Result<(), XmlError> {
    let decoded = text.decode().map_err(|e| XmlError(format!("malformed text: {e}")))?;
    push_text(stack, &decoded)
}

fn push_text(stack: &mut [Element], text: &str) -> Result<(), XmlError> {
    match stack.last_mut() {
        Some(element) => {
            element.text.push_str(text);
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err(XmlError("text outside the document element".into())),
    }
}

/// Writes response XML: elements in one namespace, declared once on the outermost element.
pub struct XmlOut {
    writer: Writer<Vec<u8>>,
}

impl Default for XmlOut {
    fn default() -> Self {
        Self { writer: Writer::new(Vec::new()) }
    }
}

impl XmlOut {
    /// A writer whose buffer starts with room for `bytes`.
    pub fn with_capacity(bytes: usize) -> Self {
        Self { writer: Writer::new(Vec::with_capacity(bytes)) }
    }

    /// Opens an element, with optional attributes (such as `xmlns`).
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let mut start = BytesStart::new(name);
        for attribute in attributes {
            start.push_attribute(*attribute);
        }
        // Writing into a Vec cannot fail.
        let _ = self.writer.write_event(Event::Start(start));
    }

    /// Closes an element.
    pub fn close(&mut self, name: &str) {
        let _ = self.writer.write_event(Event::End(quick_xml::events::BytesEnd::new(name)));
    }

    /// Writes `<name>text</name>`, escaping the text.
    pub fn leaf(&mut self, name: &str, text: &str) {
        self.leaf_with(name, &[], text);
    }

    /// Writes `<name attributes...>text</name>`, escaping the text.
    pub fn leaf_with(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        let _ = self.writer.write_event(Event::Text(BytesText::new(text)));
        self.close(name);
    }

    /// Writes the leaf when the value is present.
    pub fn opt_leaf(&mut self, name: &str, text: Option<&str>) {
        if let Some(text) = text {
            self.leaf(name, text);
        }
    }

    /// Writes an empty element `<name/>` with attributes.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let mut start = BytesStart::new(name);
        for attribute in attributes {
            start.push_attribute(*attribute);
        }
        let _ = self.writer.write_event(Event::Empty(start));
    }

    /// Appends XML that was written (and escaped) by another `XmlOut`.
    pub fn raw(&mut self, xml: &str) {
        self.writer.get_mut().extend_from_slice(xml.as_bytes());
    }

    /// The bytes written.
    pub fn into_string(self) -> String {
        String::from_utf8(self.writer.into_inner()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_namespaces_not_prefixes() {
        let a = parse(br#"<a:Root xmlns:a="urn:x"><a:Child>1</a:Child><!-- c --><b:Child xmlns:b="urn:y">2</b:Child></a:Root>"#).unwrap();
        let b = parse(
            br#"<?xml version="1.0"?><Root xmlns="urn:x">
            <Child>1</Child><Child xmlns="urn:y">2</Child></Root>"#,
        )
        .unwrap();
        assert_eq!(a, b);
        assert_eq!(a.child("urn:x", "Child").unwrap().text, "1");
        assert_eq!(a.child("urn:y", "Child").unwrap().text, "2");
    }

    #[test]
    fn trims_text_and_says_it_was_padded() {
        let root = parse(br#"<Root><A> 1 </A><B>2</B><C>  </C></Root>"#).unwrap();
        let texts: Vec<(&str, bool)> = root.children.iter().map(|c| (c.text.as_str(), c.padded)).collect();
        assert_eq!(texts, [("1", true), ("2", false), ("", false)]);
    }

    #[test]
    fn refuses_dangerous_and_broken_documents() {
        let cases: [&[u8]; 9] = [
            b"<!DOCTYPE r [<!ENTITY x \"y\">]><r>&x;</r>",
            b"<r>&x;</r>",
            b"<?php evil ?><r/>",
            b"<r><a></r>",
            b"<r>",
            b"",
            b"<p:r/>",
            b"<r/><s/>",
            b"\xff\xfe<r/>",
        ];
        for case in cases {
            assert!(parse(case).is_err(), "{}", String::from_utf8_lossy(case));
        }
        let deep = format!("{}{}", "<a>".repeat(MAX_DEPTH + 1), "</a>".repeat(MAX_DEPTH + 1));
        assert!(parse(deep.as_bytes()).is_err());
        assert_eq!(parse(b"<r>a &amp; b &lt;c&gt;</r>").unwrap().text, "a & b <c>");
    }

    #[test]
    fn writer_escapes() {
        let mut out = XmlOut::default();
        out.open("R", &[("xmlns", "urn:x")]);
        out.leaf("T", "a<b&c");
        out.close("R");
        let text = out.into_string();
        assert_eq!(text, r#"<R xmlns="urn:x"><T>a&lt;b&amp;c</T></R>"#);
        assert_eq!(parse(text.as_bytes()).unwrap().child("urn:x", "T").unwrap().text, "a<b&c");
    }
}
