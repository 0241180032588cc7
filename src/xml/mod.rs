//! A small namespace-aware XML element tree, read with quick-xml, and a writer for responses.
//!
//! Requests are small (at most 1 MiB), so the body is read into a tree and the operation files
//! pick their fields from it by namespace URI and local name; prefixes never matter. The reader
//! (`read.rs`) accepts only well-formed XML 1.0 with namespaces: it refuses characters XML
//! forbids (raw or as character references, in text, attribute values and names), duplicate
//! attributes, undeclared prefixes, DOCTYPE declarations (and so every entity but the five
//! predefined ones), processing instructions, and nesting deeper than [`MAX_DEPTH`]. The writer
//! (`writer.rs`) replaces forbidden characters, so every answer is well-formed.

pub mod chars;
mod datetime;
mod read;
mod writer;

pub use datetime::{format_datetime, parse_datetime};
pub use read::{parse, parse_tolerating_forbidden_text};
pub use writer::XmlOut;

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

/// Why a document could not be read; the text is safe to return to the caller (it quotes at
/// most short, escaped excerpts of the input).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct XmlError(pub String);
