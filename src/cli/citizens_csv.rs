//! The citizens file of `planner summons batch`: read by the store's reader
//! (`store::citizens_csv`, shared with the staff web app's upload), its errors worded here as
//! the CLI prints them, `line N: ...` (never echoing the line).

use crate::store::citizens_csv;
use crate::store::SummonsCitizen;

pub use citizens_csv::Format;

#[cfg(test)]
use citizens_csv::decode;

/// Reads the citizens file; every bad line is reported as `line N: ...` (never echoing it).
pub fn parse(bytes: &[u8]) -> (Format, Result<Vec<SummonsCitizen>, Vec<String>>) {
    let (format, read) = citizens_csv::parse(bytes);
    (format, read.map_err(|errors| errors.iter().map(ToString::to_string).collect()))
}

#[cfg(test)]
#[path = "citizens_csv_tests.rs"]
mod tests;
