//! Reading a request element's fields: required and optional children, each parsed into its
//! domain type or refused with a fault that names the field (1014; 1001 for a CPR).

use chrono::{DateTime, Utc};

use super::fault::Fault;
use super::NAMESPACE;
use crate::domain::{self, Cpr};
use crate::xml::chars::excerpt;
use crate::xml::Element;

/// The children of one request element in the service namespace.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    element: &'a Element,
    path: &'a str,
    ns: &'a str,
}

impl<'a> Fields<'a> {
    /// Reads `element`, refusing children other than `allowed` (the XSD's sequence), and
    /// elements from other namespaces.
    pub fn new(element: &'a Element, allowed: &[&str]) -> Result<Self, Fault> {
        Self::new_in(NAMESPACE, element, allowed)
    }

    /// [`Fields::new`] for a request of another service namespace (ExternalCalendarService).
    pub fn new_in(ns: &'a str, element: &'a Element, allowed: &[&str]) -> Result<Self, Fault> {
        for child in &element.children {
            if child.ns != ns || !allowed.contains(&child.name.as_str()) {
                return Err(Fault::invalid(format!(
                    "unexpected element '{}' in {}",
                    excerpt(&child.name),
                    excerpt(&element.name)
                )));
            }
        }
        Ok(Self { element, path: &element.name, ns })
    }

    fn all(&self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.element.children_named(self.ns, name)
    }

    /// The child element, if present exactly once.
    pub fn opt_element(&self, name: &'a str) -> Result<Option<&'a Element>, Fault> {
        let mut found = self.all(name);
        let first = found.next();
        if found.next().is_some() {
            return Err(Fault::invalid(format!("'{name}' may appear only once")));
        }
        Ok(first)
    }

    /// The required child element.
    pub fn element(&self, name: &'a str) -> Result<&'a Element, Fault> {
        self.opt_element(name)?
            .ok_or_else(|| Fault::invalid(format!("'{name}' is required in {}", self.path)))
    }

    /// The text of an optional leaf; an empty element counts as absent.
    pub fn opt_text(&self, name: &'a str) -> Result<Option<&'a str>, Fault> {
        Ok(self.opt_element(name)?.map(|e| e.text.as_str()).filter(|t| !t.is_empty()))
    }

    /// The text of a required leaf.
    pub fn text(&self, name: &'a str) -> Result<&'a str, Fault> {
        self.opt_text(name)?.ok_or_else(|| Fault::invalid(format!("'{name}' is required in {}", self.path)))
    }

    /// A required CPR (1001 when malformed). The CPR's pattern preserves whitespace, so a CPR
    /// with spaces around it is malformed, never trimmed.
    pub fn cpr(&self, name: &'a str) -> Result<Cpr, Fault> {
        let malformed = || Fault::client(1001, format!("'{name}' is not a valid CPR number"));
        let text = self.text(name)?;
        if self.element(name)?.padded {
            return Err(malformed());
        }
        Cpr::parse(text).map_err(|_| malformed())
    }

    /// A required value parsed by a domain parser; its error becomes 1014 naming the field.
    pub fn parsed<T>(&self, name: &'a str, parse: fn(&str) -> Result<T, domain::Error>) -> Result<T, Fault> {
        parse(self.text(name)?).map_err(|e| Fault::invalid(format!("'{name}': {e}")))
    }

    /// An optional value parsed by a domain parser.
    pub fn opt_parsed<T>(
        &self,
        name: &'a str,
        parse: fn(&str) -> Result<T, domain::Error>,
    ) -> Result<Option<T>, Fault> {
        self.opt_text(name)?
            .map(|t| parse(t).map_err(|e| Fault::invalid(format!("'{name}': {e}"))))
            .transpose()
    }

    /// A required `xs:int`.
    pub fn int(&self, name: &'a str) -> Result<i32, Fault> {
        int(self.text(name)?, name)
    }

    /// An optional `xs:int`.
    pub fn opt_int(&self, name: &'a str) -> Result<Option<i32>, Fault> {
        self.opt_text(name)?.map(|t| int(t, name)).transpose()
    }

    /// A required `xs:boolean`.
    pub fn bool(&self, name: &'a str) -> Result<bool, Fault> {
        match self.text(name)? {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(Fault::invalid(format!("'{name}' must be true or false"))),
        }
    }

    /// A required `xs:dateTime`.
    pub fn datetime(&self, name: &'a str) -> Result<DateTime<Utc>, Fault> {
        datetime(self.text(name)?, name)
    }

    /// An optional `xs:dateTime`.
    pub fn opt_datetime(&self, name: &'a str) -> Result<Option<DateTime<Utc>>, Fault> {
        self.opt_text(name)?.map(|t| datetime(t, name)).transpose()
    }

    /// An optional string of at most `max` characters.
    pub fn opt_string(&self, name: &'a str, max: usize) -> Result<Option<String>, Fault> {
        match self.opt_text(name)? {
            Some(text) if text.chars().count() > max => {
                Err(Fault::invalid(format!("'{name}' must be at most {max} characters")))
            }
            other => Ok(other.map(str::to_owned)),
        }
    }
}

fn int(text: &str, name: &str) -> Result<i32, Fault> {
    text.trim().parse().map_err(|_| Fault::invalid(format!("'{name}' must be an integer")))
}

/// Parses `xs:dateTime` ([`crate::xml::parse_datetime`]); fault 1014 names the field.
pub fn datetime(text: &str, name: &str) -> Result<DateTime<Utc>, Fault> {
    crate::xml::parse_datetime(text).ok_or_else(|| {
        Fault::invalid(format!("'{name}' must be an xs:dateTime such as 2027-03-01T09:00:00+01:00"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_name_what_is_wrong() {
        let element = crate::xml::parse(
            br#"<R xmlns="urn:planner:dfdg:ExternalBookingService:3"><A>x</A><C>0101851234</C><N>12</N><B>maybe</B></R>"#,
        )
        .unwrap();
        assert!(Fields::new(&element, &["A"]).unwrap_err().text.contains("'C'"));
        let fields = Fields::new(&element, &["A", "B", "C", "N", "M"]).unwrap();
        assert!(fields.text("M").unwrap_err().text.contains("'M' is required"));
        assert_eq!(fields.int("N"), Ok(12));
        assert_eq!(fields.int("A").unwrap_err().code, 1014);
        assert_eq!(fields.cpr("A").unwrap_err().code, 1001);
        assert!(fields.cpr("C").is_ok());
        assert!(fields.bool("B").unwrap_err().text.contains("'B'"));
        assert_eq!(fields.opt_text("M"), Ok(None));
    }
}
