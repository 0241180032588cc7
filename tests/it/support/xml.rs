//! XML as the tests read it: answers and outbound requests are parsed with roxmltree, not with
//! the service's own parser, into a small owned tree (namespace URI, local name, direct text
//! trimmed, child elements) that outlives the text it was read from.

/// An element: its namespace URI (empty when unqualified), local name, text and children.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Element {
    /// Namespace URI, or "" for none.
    pub ns: String,
    /// Local name.
    pub name: String,
    /// The text directly inside this element, concatenated and trimmed.
    pub text: String,
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
        self.children.iter().filter(move |c| c.is(ns, name))
    }

    /// The first child with this local name in this namespace.
    pub fn child(&self, ns: &str, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.is(ns, name))
    }

    /// True when this element has this namespace and local name.
    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.ns == ns && self.name == name
    }

    /// The first element named `name` (any namespace) in this subtree, this one included.
    pub fn find(&self, name: &str) -> Option<&Element> {
        if self.name == name {
            return Some(self);
        }
        self.children.iter().find_map(|c| c.find(name))
    }
}

/// The document element of `text`.
pub fn parse(text: &str) -> Result<Element, roxmltree::Error> {
    Ok(element(roxmltree::Document::parse(text)?.root_element()))
}

fn element(node: roxmltree::Node<'_, '_>) -> Element {
    let text: String = node.children().filter(|c| c.is_text()).filter_map(|c| c.text()).collect();
    Element {
        ns: node.tag_name().namespace().unwrap_or_default().to_owned(),
        name: node.tag_name().name().to_owned(),
        text: text.trim().to_owned(),
        children: node.children().filter(|c| c.is_element()).map(element).collect(),
    }
}
