//! The one XML writer of every SOAP answer and fault (and of the outbound DFDG messages).
//!
//! Every string that reaches the output passes [`clean`] here: element names, attribute values,
//! text and raw fragments. A character XML 1.0 forbids becomes U+FFFD, so an answer is
//! well-formed whatever was stored (old rows, another channel), and no operation can forget it.

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::writer::Writer;

use super::chars::clean;

/// Writes response XML: elements in one namespace, declared once on the outermost element.
pub struct XmlOut {
    writer: Writer<Vec<u8>>,
}

impl Default for XmlOut {
    fn default() -> Self {
        Self { writer: Writer::new(Vec::new()) }
    }
}

fn start<'a>(name: &'a str, attributes: &[(&str, &str)]) -> BytesStart<'a> {
    let mut start = BytesStart::new(clean(name));
    for (key, value) in attributes {
        start.push_attribute((clean(key).as_ref(), clean(value).as_ref()));
    }
    start
}

impl XmlOut {
    /// A writer whose buffer starts with room for `bytes`.
    pub fn with_capacity(bytes: usize) -> Self {
        Self { writer: Writer::new(Vec::with_capacity(bytes)) }
    }

    /// Opens an element, with optional attributes (such as `xmlns`).
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        // Writing into a Vec cannot fail.
        let _ = self.writer.write_event(Event::Start(start(name, attributes)));
    }

    /// Closes an element.
    pub fn close(&mut self, name: &str) {
        let _ = self.writer.write_event(Event::End(BytesEnd::new(clean(name))));
    }

    /// Writes `<name>text</name>`, escaping the text.
    pub fn leaf(&mut self, name: &str, text: &str) {
        self.leaf_with(name, &[], text);
    }

    /// Writes `<name attributes...>text</name>`, escaping the text.
    pub fn leaf_with(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        let _ = self.writer.write_event(Event::Text(BytesText::new(&clean(text))));
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
        let _ = self.writer.write_event(Event::Empty(start(name, attributes)));
    }

    /// Appends XML that was written (and escaped) by another `XmlOut`; forbidden characters
    /// are replaced here too, so nothing reaches the output unchecked.
    pub fn raw(&mut self, xml: &str) {
        self.writer.get_mut().extend_from_slice(clean(xml).as_bytes());
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
