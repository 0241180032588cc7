//! STUB: being written.

use super::fault::Fault;
use super::operations::{Call, Note};
use super::xml::Element;

/// Not implemented yet.
pub fn handle(_call: &Call, _request: &Element, _note: &mut Note) -> Result<String, Fault> {
    Err(Fault::invalid("not implemented yet"))
}
