//! The citizens file of a bulk summons (`planner summons batch`, and the staff web app's upload),
//! as summoners save it from Excel: read with the `csv` crate, so quoted fields (with
//! separators, doubled quotes or line breaks inside) work.
//!
//! - Encoding: UTF-8 (with or without a byte order mark); a file that is not valid UTF-8 is read
//!   as Windows-1252 (Excel's legacy "CSV" on Danish Windows) and the caller is told so.
//! - Separator: `,` or `;` (Danish Excel), whichever the header line holds more of.
//! - Errors name the physical line where the record starts (line 1 is the header), never its
//!   content. Cells are not trimmed before the CPR is parsed: ` 0101901234` is malformed.
//! - Errors are values ([`LineError`]), so each edge words them in its own language (the CLI
//!   in English, the web app in Danish).

use crate::domain::type_rules::ContactData;
use crate::domain::Cpr;
use crate::store::SummonsCitizen;

/// The header the file must start with.
pub const HEADER: &str = "cpr[,name,phone,email]";

/// Fields a line may hold (cpr, name, phone, email).
pub const MAX_FIELDS: usize = 4;

/// What is wrong with one line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineProblem {
    /// The first line is not the header [`HEADER`].
    Header,
    /// The record cannot be read as CSV.
    Unreadable,
    /// More than [`MAX_FIELDS`] fields.
    TooManyFields,
    /// The CPR cell is not a CPR number (the domain's rule, never the value).
    Cpr(crate::domain::Error),
    /// The e-mail cell has no `@`.
    Email,
}

/// One bad line: its physical line number (1 is the header) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// The line where the record starts.
    pub line: u64,
    /// What is wrong.
    pub problem: LineProblem,
}

impl std::fmt::Display for LineError {
    /// `line N: ...` in English, as the CLI prints it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let line = self.line;
        match &self.problem {
            LineProblem::Header => write!(f, "line {line}: the header must be '{HEADER}'"),
            LineProblem::Unreadable => write!(f, "line {line}: not a readable CSV record"),
            LineProblem::TooManyFields => {
                write!(f, "line {line}: expected at most {MAX_FIELDS} fields (cpr,name,phone,email)")
            }
            LineProblem::Cpr(error) => write!(f, "line {line}: {error}"),
            LineProblem::Email => write!(f, "line {line}: the email must contain '@'"),
        }
    }
}

/// How the file was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    /// The encoding assumed: `UTF-8` or `Windows-1252`.
    pub encoding: &'static str,
    /// The separator found in the header line.
    pub separator: char,
}

impl Format {
    /// True when the file was not UTF-8 and a legacy encoding was assumed.
    pub fn assumed_legacy(&self) -> bool {
        self.encoding != "UTF-8"
    }
}

/// Decodes the file's bytes: UTF-8 without its BOM, else Windows-1252.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let unmarked = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(unmarked) {
        Ok(text) => (text.to_owned(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text.into_owned(), "Windows-1252")
        }
    }
}

/// `;` when the header line holds more semicolons than commas, else `,`.
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let count = |c: char| header.chars().filter(|h| *h == c).count();
    if count(';') > count(',') {
        b';'
    } else {
        b','
    }
}

/// Reads the citizens file; every bad line is reported by its number (never echoing it).
pub fn parse(bytes: &[u8]) -> (Format, Result<Vec<SummonsCitizen>, Vec<LineError>>) {
    let (text, encoding) = decode(bytes);
    let delimiter = separator(&text);
    let format = Format { encoding, separator: char::from(delimiter) };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header_ok = reader
        .headers()
        .ok()
        .and_then(|h| h.get(0).map(|first| first.trim().eq_ignore_ascii_case("cpr")))
        .unwrap_or(false);
    if !header_ok {
        return (format, Err(vec![LineError { line: 1, problem: LineProblem::Header }]));
    }
    let mut lines = Lines { text: text.as_bytes(), at: 0, line: 1 };
    let mut citizens = Vec::new();
    let mut errors = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let next = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = lines.of(record.position().map_or(next, csv::Position::byte));
                read_citizen(&record, line, &mut citizens, &mut errors);
            }
            Err(_) => {
                // Reading text from memory with flexible records cannot fail; stop if it does.
                errors.push(LineError { line: lines.of(next), problem: LineProblem::Unreadable });
                break;
            }
        }
    }
    let result = if errors.is_empty() { Ok(citizens) } else { Err(errors) };
    (format, result)
}

/// The physical line where a record starts. csv's own line count skips blank lines, and a
/// record's byte offset is before the blank lines the reader skipped. Records come in order,
/// so the newlines are counted once, from the last record on (a count from the file's start
/// for every record made a large file quadratic).
struct Lines<'a> {
    text: &'a [u8],
    /// The byte up to which newlines are counted, and the line it is on.
    at: usize,
    line: u64,
}

impl Lines<'_> {
    /// The line of the first byte at or after `byte` that is not a line break.
    fn of(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(self.text.len());
        while self.text.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        if start < self.at {
            (self.at, self.line) = (0, 1);
        }
        self.line += self.text[self.at..start].iter().filter(|b| **b == b'\n').count() as u64;
        self.at = start;
        self.line
    }
}

/// Checks one record (whose first line is `line`) and adds the citizen or its errors.
fn read_citizen(
    record: &csv::StringRecord,
    line: u64,
    citizens: &mut Vec<SummonsCitizen>,
    errors: &mut Vec<LineError>,
) {
    if record.iter().all(|field| field.trim().is_empty()) {
        return;
    }
    if record.len() > MAX_FIELDS {
        errors.push(LineError { line, problem: LineProblem::TooManyFields });
        return;
    }
    let cpr = record.get(0).unwrap_or_default();
    match Cpr::parse(&cpr.replace('-', "")) {
        Ok(cpr) => {
            let field = |i: usize| record.get(i).map(str::trim).filter(|f| !f.is_empty()).map(str::to_owned);
            let contact = ContactData { phone: field(2), email: field(3) };
            citizens.push(SummonsCitizen { line: u32::try_from(line).unwrap_or(u32::MAX), cpr, contact })
        }
        Err(error) => errors.push(LineError { line, problem: LineProblem::Cpr(error) }),
    }
    if record.get(3).is_some_and(|email| !email.trim().is_empty() && !email.contains('@')) {
        errors.push(LineError { line, problem: LineProblem::Email });
    }
}
