//! The one XML writer of every SOAP answer and fault (and of the outbound DFDG messages).
//!
//! Every string that reaches the output passes [`clean`] here: element names, attribute values,
//! text and raw fragments. A character XML 1.0 forbids becomes U+FFFD, so an answer is
//! well-formed whatever was stored (old rows, another channel), and no operation can forget it.
//! Text and attribute values are escaped with quick-xml's `escape` (all five special
//! characters).
//!
//! The tags are written straight into one string rather than through quick-xml's event writer:
//! an answer of GetSelfbookTimeslots is a few hundred small elements, and building an event
//! (and its attribute list) for each cost more than the rest of the answer's writing. What a
//! tag is (`<`, the name, attributes as `name="value"`, `>`) is all there is to it here.

use quick_xml::escape::escape;

use super::chars::clean;

/// Writes response XML: elements in one namespace, declared once on the outermost element.
#[derive(Default)]
pub struct XmlOut {
    out: String,
}

impl XmlOut {
    /// A writer whose buffer starts with room for `bytes`.
    pub fn with_capacity(bytes: usize) -> Self {
        Self { out: String::with_capacity(bytes) }
    }

    /// `<name attributes...`, the tag left open.
    fn tag(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(&clean(name));
        for (key, value) in attributes {
            self.out.push(' ');
            self.out.push_str(&clean(key));
            self.out.push_str("=\"");
            self.out.push_str(&escape(clean(value).as_ref()));
            self.out.push('"');
        }
    }

    /// Opens an element, with optional attributes (such as `xmlns`).
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.tag(name, attributes);
        self.out.push('>');
    }

    /// Closes an element.
    pub fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(&clean(name));
        self.out.push('>');
    }

    /// Writes `<name>text</name>`, escaping the text.
    pub fn leaf(&mut self, name: &str, text: &str) {
        self.leaf_with(name, &[], text);
    }

    /// Writes `<name attributes...>text</name>`, escaping the text.
    pub fn leaf_with(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        self.out.push_str(&escape(clean(text).as_ref()));
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
        self.tag(name, attributes);
        self.out.push_str("/>");
    }

    /// Appends XML that was written (and escaped) by another `XmlOut`; forbidden characters
    /// are replaced here too, so nothing reaches the output unchecked.
    pub fn raw(&mut self, xml: &str) {
        self.out.push_str(&clean(xml));
    }

    /// The text written.
    pub fn into_string(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writer_escapes() {
        let mut out = XmlOut::default();
        out.open("R", &[("xmlns", "urn:x")]);
        out.leaf("T", "a<b&c");
        out.close("R");
        let text = out.into_string();
        assert_eq!(text, r#"<R xmlns="urn:x"><T>a&lt;b&amp;c</T></R>"#);
        assert_eq!(super::super::parse(text.as_bytes()).unwrap().child("urn:x", "T").unwrap().text, "a<b&c");
    }

    #[test]
    fn forbidden_characters_never_reach_the_output() {
        let mut out = XmlOut::default();
        out.open("R", &[("a", "x\u{1}y")]);
        out.leaf("T", "link\u{1}\u{0}\u{FFFF}end");
        out.empty("E", &[("b", "\u{1b}")]);
        out.raw("<U>\u{8}</U>");
        out.close("R");
        let text = out.into_string();
        let document = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}: {text:?}"));
        let t = document.descendants().find(|n| n.has_tag_name("T")).unwrap();
        assert_eq!(t.text(), Some("link\u{FFFD}\u{FFFD}\u{FFFD}end"));
        assert_eq!(document.root_element().attribute("a"), Some("x\u{FFFD}y"));
    }
}
