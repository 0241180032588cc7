//! Reading a document into an [`Element`] tree, refusing everything that is not well-formed
//! XML 1.0 with namespaces or that a request never needs (DOCTYPE, entities, PIs, deep nesting).
//! Every refusal names the element where it can and quotes input only as a short excerpt.

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::chars::{code_point, excerpt, excerpt_within, forbidden_char, is_qname};
use super::{Element, XmlError, MAX_DEPTH};

fn fail<T>(text: impl Into<String>) -> Result<T, XmlError> {
    Err(XmlError(text.into()))
}

/// Parses a whole document into its root element.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    parse_with(bytes, Tree::default())
}

/// [`parse`], except that characters XML forbids in text (raw or as character references) are
/// kept in the tree instead of refusing the document. For a document that bundles independent
/// messages (DFDG's queue): one broken message must be refused on its own, not block the
/// others; the reader of each message checks its text with [`super::chars::forbidden_char`].
pub fn parse_tolerating_forbidden_text(bytes: &[u8]) -> Result<Element, XmlError> {
    parse_with(bytes, Tree { tolerate_forbidden_text: true, ..Tree::default() })
}

fn parse_with(bytes: &[u8], mut tree: Tree) -> Result<Element, XmlError> {
    let text = std::str::from_utf8(bytes).map_err(|_| XmlError("the message is not UTF-8".into()))?;
    let mut reader = NsReader::from_str(text);
    reader.config_mut().check_end_names = true;
    reader.config_mut().check_comments = true;
    loop {
        let (resolved, event) = reader.read_resolved_event().map_err(|e| malformed(&e))?;
        let ns = namespace_of(&resolved);
        match event {
            Event::Eof => break,
            Event::Start(start) => tree.start(&reader, ns?, &start, false)?,
            Event::Empty(start) => tree.start(&reader, ns?, &start, true)?,
            other => tree.other(other)?,
        }
        tree.events += 1;
    }
    tree.finish()
}

/// quick-xml's error as a refusal; names from the input appear only as excerpts.
fn malformed(error: &quick_xml::Error) -> XmlError {
    use quick_xml::errors::IllFormedError as Ill;
    let text = match error {
        quick_xml::Error::IllFormed(Ill::MismatchedEndTag { expected, found }) => {
            format!("end tag '{}' does not match start tag '{}'", excerpt(found), excerpt(expected))
        }
        quick_xml::Error::IllFormed(Ill::UnmatchedEndTag(name)) => {
            format!("end tag '{}' has no start tag", excerpt(name))
        }
        quick_xml::Error::IllFormed(Ill::MissingEndTag(name)) => {
            format!("element '{}' is not closed", excerpt(name))
        }
        other => excerpt_within(&other.to_string(), 160),
    };
    XmlError(format!("malformed XML: {text}"))
}

fn namespace_of(resolved: &ResolveResult) -> Result<String, XmlError> {
    match resolved {
        ResolveResult::Bound(ns) => Ok(String::from_utf8_lossy(ns.as_ref()).into_owned()),
        ResolveResult::Unbound => Ok(String::new()),
        ResolveResult::Unknown(prefix) => {
            fail(format!("undeclared namespace prefix '{}'", excerpt(&String::from_utf8_lossy(prefix))))
        }
    }
}

/// The elements read so far.
#[derive(Default)]
struct Tree {
    stack: Vec<Element>,
    root: Option<Element>,
    events: usize,
    /// Keep forbidden characters in text instead of refusing the document.
    tolerate_forbidden_text: bool,
}

impl Tree {
    /// The innermost open element's name, for refusals (already checked to be a name).
    fn here(&self) -> String {
        self.stack.last().map(|e| excerpt(&e.name)).unwrap_or_else(|| "the document".into())
    }

    fn start(
        &mut self,
        reader: &NsReader<&[u8]>,
        ns: String,
        start: &BytesStart,
        empty: bool,
    ) -> Result<(), XmlError> {
        if self.root.is_some() {
            return fail("content after the document element");
        }
        let qname = std::str::from_utf8(start.name().into_inner()).unwrap_or_default();
        if !is_qname(qname) {
            return fail(format!("'{}' in {} is not a valid element name", excerpt(qname), self.here()));
        }
        check_attributes(reader, qname, start)?;
        let name = qname.rsplit(':').next().unwrap_or(qname).to_owned();
        let element = Element { ns, name, ..Element::default() };
        if empty {
            self.close(element);
        } else if self.stack.len() >= MAX_DEPTH {
            return fail(format!("elements nested deeper than {MAX_DEPTH}"));
        } else {
            self.stack.push(element);
        }
        Ok(())
    }

    fn other(&mut self, event: Event) -> Result<(), XmlError> {
        match event {
            Event::End(_) => {
                let element = self.stack.pop().ok_or_else(|| XmlError("unbalanced end tag".into()))?;
                self.close(element);
            }
            Event::Text(text) => {
                let text = text.decode().map_err(|e| XmlError(format!("malformed text: {e}")))?;
                if text.contains("]]>") {
                    return fail(format!("the text of {} contains ']]>'", self.here()));
                }
                self.text(&text, true)?;
            }
            Event::CData(data) => {
                let data = std::str::from_utf8(&data).unwrap_or_default().to_owned();
                self.text(&data, false)?;
            }
            Event::GeneralRef(reference) => {
                let resolved = resolve_reference(&reference)?;
                self.text(&resolved, false)?;
            }
            Event::Comment(comment) => {
                if let Some(c) = forbidden_char(std::str::from_utf8(&comment).unwrap_or_default()) {
                    return fail(format!("a comment contains {}, which XML does not allow", code_point(c)));
                }
            }
            Event::Decl(_) if self.events > 0 => return fail("the XML declaration must come first"),
            Event::Decl(decl) => {
                if !is_xml_decl(std::str::from_utf8(&decl).unwrap_or_default()) {
                    return fail("malformed XML declaration");
                }
            }
            Event::DocType(_) => return fail("DOCTYPE is not allowed"),
            Event::PI(_) => return fail("processing instructions are not allowed"),
            Event::Start(_) | Event::Empty(_) | Event::Eof => {}
        }
        Ok(())
    }

    /// Character data; `literal` text may be whitespace outside the document element.
    fn text(&mut self, text: &str, literal: bool) -> Result<(), XmlError> {
        if let Some(c) = forbidden_char(text).filter(|_| !self.tolerate_forbidden_text) {
            return fail(format!("{} contains {}, which XML does not allow", self.here(), code_point(c)));
        }
        match self.stack.last_mut() {
            Some(element) => {
                element.text.push_str(text);
                Ok(())
            }
            None if literal && text.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r')) => Ok(()),
            None => fail("text outside the document element"),
        }
    }

    fn close(&mut self, mut element: Element) {
        let trimmed = element.text.trim();
        if trimmed.len() != element.text.len() {
            element.padded = !trimmed.is_empty();
            element.text = trimmed.to_owned();
        }
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(element),
            None => self.root = Some(element),
        }
    }

    fn finish(self) -> Result<Element, XmlError> {
        if !self.stack.is_empty() {
            return fail("the document ends inside an element");
        }
        self.root.ok_or_else(|| XmlError("the message holds no XML element".into()))
    }
}

/// Attributes: valid names, no duplicates (by name nor by namespace and local name), declared
/// prefixes, values without `<`, with well-formed references and only characters XML allows.
fn check_attributes(reader: &NsReader<&[u8]>, element: &str, start: &BytesStart) -> Result<(), XmlError> {
    let mut seen: Vec<(String, String)> = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| match e {
            quick_xml::events::attributes::AttrError::Duplicated(..) => {
                XmlError(format!("'{}' has the same attribute twice", excerpt(element)))
            }
            other => XmlError(format!("malformed attribute in '{}': {other}", excerpt(element))),
        })?;
        let key = std::str::from_utf8(attribute.key.into_inner()).unwrap_or_default();
        if !is_qname(key) {
            return fail(format!(
                "'{}' of '{}' is not a valid attribute name",
                excerpt(key),
                excerpt(element)
            ));
        }
        check_value(key, element, &attribute)?;
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let (resolved, local) = reader.resolve_attribute(attribute.key);
        let ns = namespace_of(&resolved)?;
        let local = String::from_utf8_lossy(local.into_inner()).into_owned();
        if seen.iter().any(|(n, l)| *n == ns && *l == local) {
            return fail(format!("'{}' has the same attribute twice", excerpt(element)));
        }
        seen.push((ns, local));
    }
    Ok(())
}

fn check_value(key: &str, element: &str, attribute: &Attribute) -> Result<(), XmlError> {
    let wrong =
        |what: String| XmlError(format!("attribute '{}' of '{}' {what}", excerpt(key), excerpt(element)));
    if attribute.value.contains(&b'<') {
        return Err(wrong("contains '<'".into()));
    }
    let value = attribute.unescape_value().map_err(|_| wrong("holds a malformed reference".into()))?;
    if let Some(c) = forbidden_char(&value) {
        return Err(wrong(format!("contains {}, which XML does not allow", code_point(c))));
    }
    if key.starts_with("xmlns:") && value.is_empty() {
        return Err(wrong("may not undeclare a prefix".into()));
    }
    Ok(())
}

/// XML 1.0 `XMLDecl` between `<?` and `?>`: `xml`, `version` (1.x), then optionally
/// `encoding` and `standalone` (yes|no), in this order, each value in matching quotes.
fn is_xml_decl(content: &str) -> bool {
    let Some(mut rest) = content.strip_prefix("xml") else { return false };
    let mut names = ["version", "encoding", "standalone"].into_iter().peekable();
    let mut seen_version = false;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
        if trimmed.is_empty() {
            return seen_version;
        }
        if trimmed.len() == rest.len() {
            return false;
        }
        let Some((name, value, after)) = pseudo_attribute(trimmed) else { return false };
        let valid = match name {
            "version" => value
                .strip_prefix("1.")
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())),
            "encoding" => {
                value.starts_with(|c: char| c.is_ascii_alphabetic())
                    && value.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
            }
            "standalone" => value == "yes" || value == "no",
            _ => false,
        };
        // Each name at most once, in order; version first.
        if !valid || !names.by_ref().any(|n| n == name) || (name != "version") != seen_version {
            return false;
        }
        seen_version = true;
        rest = after;
    }
}

/// `name = "value"` (or single quotes) at the start of `text`: the name, value and the rest.
fn pseudo_attribute(text: &str) -> Option<(&str, &str, &str)> {
    let (name, rest) = text.split_once('=')?;
    let name = name.trim_end_matches([' ', '\t', '\r', '\n']);
    let rest = rest.trim_start_matches([' ', '\t', '\r', '\n']);
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let (value, after) = rest[1..].split_once(quote)?;
    Some((name, value, after))
}

/// The five predefined entities and character references; anything else needs a DTD, refused.
fn resolve_reference(reference: &quick_xml::events::BytesRef) -> Result<String, XmlError> {
    let name = reference.decode().map_err(|e| XmlError(format!("malformed reference: {e}")))?;
    if let Some(number) = name.strip_prefix('#') {
        // Checked against the Char production where the text is added, naming the element.
        let code = match number.strip_prefix('x') {
            Some(hex) => u32::from_str_radix(hex, 16),
            None => number.parse::<u32>(),
        };
        let digits = number.trim_start_matches('x').bytes().all(|b| b.is_ascii_hexdigit());
        return match code.ok().filter(|_| digits).and_then(char::from_u32) {
            Some(c) => Ok(c.to_string()),
            None => fail(format!("malformed character reference '&{};'", excerpt(&name))),
        };
    }
    let text = match name.as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return fail("entity references other than the predefined five are not allowed"),
    };
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_tolerant_reader_keeps_forbidden_characters_in_text() {
        let document = "<Root><A>a&#1;b</A><B>c\u{0}d</B></Root>";
        assert!(parse(document.as_bytes()).is_err());
        let root = parse_tolerating_forbidden_text(document.as_bytes()).unwrap();
        let texts: Vec<&str> = root.children.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["a\u{1}b", "c\u{0}d"]);
        assert!(parse_tolerating_forbidden_text(b"<Ro\x01ot/>").is_err(), "names are still checked");
    }

    #[test]
    fn trims_text_and_says_it_was_padded() {
        let root = parse(br#"<Root><A> 1 </A><B>2</B><C>  </C></Root>"#).unwrap();
        let texts: Vec<(&str, bool)> = root.children.iter().map(|c| (c.text.as_str(), c.padded)).collect();
        assert_eq!(texts, [("1", true), ("2", false), ("", false)]);
    }

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
        assert_eq!(parse(b"<r>a &amp; b &lt;c&gt; &#x41;&#66;</r>").unwrap().text, "a & b <c> AB");
    }

    /// Each of these is not well-formed XML 1.0 with namespaces; roxmltree agrees.
    #[test]
    fn refuses_what_is_not_xml() {
        let cases = [
            "<r a=\"1\" a=\"2\"/>",
            "<r xmlns:p=\"urn:x\" xmlns:q=\"urn:x\" p:a=\"1\" q:a=\"2\"/>",
            "<r><L>link\u{1}</L></r>",
            "<r><L>link&#1;</L></r>",
            "<r><L>&#x1b;</L></r>",
            "<r><L>&#xFFFE;</L></r>",
            "<r><L>&#0;</L></r>",
            "<r><L>&#xD800;</L></r>",
            "<r><L>&#x;</L></r>",
            "<r a=\"&#1;\"/>",
            "<r a=\"x\u{1}\"/>",
            "<r a=\"<\"/>",
            "<r><Person\u{1b}Name/></r>",
            "<r><1a/></r>",
            "<r><a:b:c xmlns:a=\"urn:x\"/></r>",
            "<r xmlns:p=\"\"/>",
            "<r><!-- a\u{0} --></r>",
            "<r><!-- a -- b --></r>",
            "<r>]]></r>",
            "<r/>\u{1}",
            " <?xml version=\"1.0\"?><r/>",
            "<r/><?xml version=\"1.0\"?>",
            "<![CDATA[ ]]><r/>",
            "&#32;<r/>",
            "\u{A0}<r/>",
            "<?xml v=\"1.0\"?><r/>",
            "<?xml version='1.0\"?><r/>",
            "<?xml encoding=\"utf-8\" version=\"1.0\"?><r/>",
            "<?xml version=\"1.0\" standalone=\"maybe\"?><r/>",
            "<?xml version=\"1.0\"encoding=\"utf-8\"?><r/>",
        ];
        for good in
            ["<?xml version=\"1.0\"?><r/>", "<?xml version='1.0' encoding=\"UTF-8\" standalone='yes' ?><r/>"]
        {
            assert!(parse(good.as_bytes()).is_ok() && roxmltree::Document::parse(good).is_ok(), "{good}");
        }
        for case in cases {
            let error = parse(case.as_bytes()).expect_err(case);
            // roxmltree lets a surrogate reference, an undeclared prefix and `standalone` pass.
            let lax = ["D800", "xmlns:p=\"\"", "maybe"].iter().any(|l| case.contains(l));
            assert!(lax || roxmltree::Document::parse(case).is_err(), "roxmltree accepts {case:?}");
            assert!(!error.0.chars().any(|c| c.is_control()), "{error:?}");
        }
        let named = parse("<r><DigitalMeetingLink>a&#1;</DigitalMeetingLink></r>".as_bytes()).unwrap_err();
        assert!(named.0.contains("DigitalMeetingLink") && named.0.contains("U+0001"), "{named:?}");
    }

    #[test]
    fn quotes_long_names_only_as_excerpts() {
        let name = "n".repeat(900_000);
        for document in [format!("<r><{name}></x></r>"), format!("<r><a{name}\u{1b}/></r>")] {
            let error = parse(document.as_bytes()).unwrap_err();
            assert!(error.0.len() < 300, "{}", &error.0[..300]);
        }
    }
}
