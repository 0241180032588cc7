//! Reading a SIVI `Verzuimmeldingen` message (release 2022) into absence reports.
//!
//! The document is read with the namespace-aware tree of `soap::xml` (DOCTYPE, entities and deep
//! nesting refused) and matched by namespace URI and local name, never by prefix. Every element
//! the XSD requires in the parts we read is checked with its type and code list, and an error
//! names the element's path (`Verzuimmeldingen/Wrkgvr[1]/Wrknmr[1]/.../PrcVrzm`) and what is
//! wrong, never the value (values are personal data). Elements we do not use are ignored.
//!
//! The message id is `IdInzndr` + `/` + `Berrefnr` from `BrAlg`; both are optional in the XSD
//! but required here, because the intake is idempotent by message id.

use chrono::NaiveDate;

use crate::domain::absence::{AbsenceReport, Bsn, PersonNumber};
use crate::domain::Cpr;
use crate::store::AbsenceMessage;
use crate::xml::{self, Element};

/// The namespace of `Verzuimmeldingen` release 2022.
pub const NAMESPACE: &str = "http://www.sivi.org/Verzuimmanagement/Verzuimmeldingen/2022";

/// Why a message was refused: the element and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{element}: {message}")]
pub struct Invalid {
    /// The element's path from the root, with 1-based positions of repeated elements.
    pub element: String,
    /// What is wrong and how to fix it (never the value).
    pub message: String,
}

fn invalid(element: impl Into<String>, message: impl Into<String>) -> Invalid {
    Invalid { element: element.into(), message: message.into() }
}

/// One element with its path, for reading children.
struct Node<'a> {
    element: &'a Element,
    path: String,
}

impl<'a> Node<'a> {
    fn children(&self, name: &str) -> Vec<Node<'a>> {
        self.element
            .children
            .iter()
            .filter(|child| child.is(NAMESPACE, name))
            .enumerate()
            .map(|(index, element)| Node { element, path: format!("{}/{name}[{}]", self.path, index + 1) })
            .collect()
    }

    fn at_least_one(&self, name: &str) -> Result<Vec<Node<'a>>, Invalid> {
        let children = self.children(name);
        if children.is_empty() {
            return Err(invalid(format!("{}/{name}", self.path), "required element is missing"));
        }
        Ok(children)
    }

    fn optional(&self, name: &str, max: usize) -> Result<Option<String>, Invalid> {
        let Some(child) = self.element.child(NAMESPACE, name) else { return Ok(None) };
        let text = child.text.trim();
        let path = format!("{}/{name}", self.path);
        if text.is_empty() {
            return Err(invalid(path, "must not be empty; leave the element out instead"));
        }
        if text.chars().count() > max {
            return Err(invalid(path, format!("must be at most {max} characters")));
        }
        Ok(Some(text.to_owned()))
    }

    fn required(&self, name: &str, max: usize) -> Result<String, Invalid> {
        self.optional(name, max)?
            .ok_or_else(|| invalid(format!("{}/{name}", self.path), "required element is missing"))
    }

    fn date(&self, name: &str) -> Result<Option<NaiveDate>, Invalid> {
        let Some(text) = self.optional(name, 40)? else { return Ok(None) };
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| invalid(format!("{}/{name}", self.path), "must be a date (xsd:date, YYYY-MM-DD)"))
    }

    fn required_date(&self, name: &str) -> Result<NaiveDate, Invalid> {
        self.date(name)?
            .ok_or_else(|| invalid(format!("{}/{name}", self.path), "required element is missing"))
    }

    fn code(&self, name: &str, allowed: &[&str]) -> Result<String, Invalid> {
        let text = self.required(name, 4)?;
        if !allowed.contains(&text.as_str()) {
            return Err(invalid(
                format!("{}/{name}", self.path),
                format!("must be one of {}", allowed.join(", ")),
            ));
        }
        Ok(text)
    }
}

/// Reads and validates a whole message. Nothing is stored here; an error names the element.
pub fn parse_message(bytes: &[u8]) -> Result<AbsenceMessage, Invalid> {
    let root = xml::parse(bytes).map_err(|error| invalid("(document)", error.0))?;
    if root.name != "Verzuimmeldingen" {
        return Err(invalid(root.name.clone(), "the document element must be 'Verzuimmeldingen'"));
    }
    if root.ns != NAMESPACE {
        return Err(invalid(
            "Verzuimmeldingen",
            format!(
                "namespace '{}' is not SIVI Verzuimmeldingen release 2022 ('{NAMESPACE}'); other editions are not supported",
                root.ns
            ),
        ));
    }
    let root = Node { element: &root, path: "Verzuimmeldingen".to_owned() };
    let header = root.at_least_one("BrAlg")?.remove(0);
    let code = header.required("BrCd", 5)?;
    if code != "00100" {
        return Err(invalid(format!("{}/BrCd", header.path), "must be 00100 (Verzuimmeldingen)"));
    }
    let sender = header.required("IdInzndr", 40)?;
    let reference = header.required("Berrefnr", 512)?;
    header.date("AandatBr")?;
    let mut reports = Vec::new();
    for employer in root.at_least_one("Wrkgvr")? {
        employer.required("HndlsnmOrg", 70)?;
        employer.required("AansltnrGeguitwlngArbdnst", 70)?;
        let employer_id = employer.required("IdWrkgvrArbdnst", 40)?;
        for employee in employer.at_least_one("Wrknmr")? {
            read_employee(&employee, &employer_id, &mut reports)?;
        }
    }
    Ok(AbsenceMessage {
        key: format!("{sender}/{reference}"),
        body_sha256: hex::encode(openssl::sha::sha256(bytes)),
        reports,
    })
}

fn read_employee(
    employee: &Node<'_>,
    employer_id: &str,
    reports: &mut Vec<AbsenceReport>,
) -> Result<(), Invalid> {
    employee.required_date("Gebdat")?;
    employee.required("SignNm", 200)?;
    employee.required("Voorl", 10)?;
    employee.code("NmvrkrCd", &["01", "02", "03", "04"])?;
    employee.code("GslchtCd", &["M", "O", "V"])?;
    let employee_id = employee.required("IdWrknmr", 40)?;
    let padded = employee.element.child(NAMESPACE, "SofiNr").is_some_and(|child| child.padded);
    let person_number = match employee.optional("SofiNr", 10)? {
        None => None,
        // A person number's pattern preserves whitespace: spaces around it are refused, not trimmed.
        Some(_) if padded => {
            return Err(invalid(format!("{}/SofiNr", employee.path), "must not have spaces around it"))
        }
        Some(text) => Some(
            person_number(&text).map_err(|message| invalid(format!("{}/SofiNr", employee.path), message))?,
        ),
    };
    for employment in employee.at_least_one("Dnstvbnd")? {
        employment.required("IdDnstvbnd", 40)?;
        employment.required_date("Ingdat")?;
        employment.required("OrgeenhCd", 40)?;
        for absence in employment.children("Vrzm") {
            reports.push(read_absence(&absence, employer_id, &employee_id, person_number.clone())?);
        }
    }
    Ok(())
}

/// A BSN (9 digits, eleven test) or, for Danish deployments, a CPR (10 digits); see README.
fn person_number(text: &str) -> Result<PersonNumber, &'static str> {
    match text.len() {
        9 => Bsn::parse(text)
            .map(PersonNumber::Bsn)
            .map_err(|_| "must be a BSN (9 digits passing the eleven test)"),
        10 => Cpr::parse(text)
            .map(PersonNumber::Cpr)
            .map_err(|_| "must be a CPR number (10 digits, DDMMYY first)"),
        _ => Err("must be a BSN (9 digits) or a CPR number (10 digits)"),
    }
}

fn read_absence(
    absence: &Node<'_>,
    employer: &str,
    employee: &str,
    person_number: Option<PersonNumber>,
) -> Result<AbsenceReport, Invalid> {
    absence.code("VrwrkCd", &["01", "02", "03", "04", "05"])?;
    absence.code("OorzkVrzmCd", &["10", "11", "99"])?;
    absence.code("VngntJN", &["J", "N", "O"])?;
    let case_id = absence.required("VrzmgvlId", 40)?;
    let sequence_text = absence.required("VrzmgvlVnrMld", 3)?;
    let sequence = sequence_text
        .parse::<i32>()
        .ok()
        .filter(|n| *n >= 0 && sequence_text.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| {
            invalid(format!("{}/VrzmgvlVnrMld", absence.path), "must be a number of up to 3 digits")
        })?;
    let ended = absence.code("EndVrzmJN", &["J", "N"])? == "J";
    let percentage_text = absence.required("PrcVrzm", 7)?;
    let percentage_hundredths =
        hundredths(&percentage_text).filter(|p| (0..=10_000).contains(p)).ok_or_else(|| {
            invalid(
                format!("{}/PrcVrzm", absence.path),
                "must be a percentage from 0 to 100 with at most 2 decimals",
            )
        })?;
    let recovered_on = absence.date("DatHrstld")?;
    if ended && recovered_on.is_none() {
        return Err(invalid(
            format!("{}/DatHrstld", absence.path),
            "is required when EndVrzmJN is J (full recovery)",
        ));
    }
    Ok(AbsenceReport {
        employer: employer.to_owned(),
        employee: employee.to_owned(),
        person_number,
        case_id,
        sequence,
        effective_on: absence.required_date("IngdatMutVrzm")?,
        first_day: absence.required_date("DatEerstVrzmdg")?,
        percentage_hundredths,
        ended,
        recovered_on,
    })
}

/// `n..6,2`: digits with an optional `.` and at most two decimals, in hundredths.
fn hundredths(text: &str) -> Option<i32> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 4 || fraction.len() > 2 || !digits(whole) || !digits(fraction) {
        return None;
    }
    let fraction = format!("{fraction:0<2}");
    Some(whole.parse::<i32>().ok()? * 100 + fraction.parse::<i32>().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages() {
        for (text, expected) in
            [("100.00", Some(10_000)), ("50", Some(5_000)), ("37.5", Some(3_750)), ("0", Some(0))]
        {
            assert_eq!(hundredths(text), expected, "{text}");
        }
        for text in ["", ".5", "1.234", "-1", "1e2", "12345"] {
            assert_eq!(hundredths(text), None, "{text}");
        }
    }
}
