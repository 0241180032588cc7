//! Absence (verzuim) as an occupational-health system reports it: who is absent, in which
//! absence case, from when and for how much, and what each report means for the case.
//!
//! The SIVI wire format lives in `adapters/sivi`; this module holds the parsed values and the one
//! rule the intake needs: how a report changes a case (sick report, partial recovery, full
//! recovery, other change), and whether it was seen before. Pure: no I/O, no clock.

use std::fmt;

use chrono::NaiveDate;

use super::{Cpr, Error};

/// A Dutch citizen service number (BSN, SIVI `SofiNr`): 9 digits passing the eleven test.
/// Like [`Cpr`], it never prints its digits.
#[derive(Clone, PartialEq, Eq)]
pub struct Bsn(String);

impl Bsn {
    /// Parses 9 digits whose weighted sum (9..2, and -1 for the last) is divisible by 11.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        if text.len() != 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::InvalidText { field: "SofiNr", max: 9 });
        }
        let sum: i64 = text
            .bytes()
            .enumerate()
            .map(|(index, digit)| {
                let weight = if index == 8 { -1 } else { 9 - index as i64 };
                weight * i64::from(digit - b'0')
            })
            .sum();
        if sum % 11 != 0 || text == "000000000" {
            return Err(Error::InvalidText { field: "SofiNr", max: 9 });
        }
        Ok(Self(text.to_owned()))
    }

    /// The digits, for the keyed hash and the ciphertext only.
    pub fn expose_for_storage(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Bsn(*********)")
    }
}

/// The person number an absence report carries: a BSN, or a CPR (Danish deployments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonNumber {
    /// A Dutch BSN; the planner cannot summon such a person (its citizens are CPR-keyed).
    Bsn(Bsn),
    /// A Danish CPR number.
    Cpr(Cpr),
}

/// One absence mutation (SIVI `Vrzm`) with the employer and employee it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbsenceReport {
    /// The employer as the absence system names it (`IdWrkgvrArbdnst`).
    pub employer: String,
    /// The employee within the employer (`IdWrknmr`).
    pub employee: String,
    /// The person number, when given (`SofiNr`).
    pub person_number: Option<PersonNumber>,
    /// The absence case (`VrzmgvlId`).
    pub case_id: String,
    /// The report's number within the case (`VrzmgvlVnrMld`), rising with each mutation.
    pub sequence: i32,
    /// The day the mutation takes effect (`IngdatMutVrzm`).
    pub effective_on: NaiveDate,
    /// The first day of absence (`DatEerstVrzmdg`).
    pub first_day: NaiveDate,
    /// The absence percentage in hundredths (`PrcVrzm` 100.00 = 10000).
    pub percentage_hundredths: i32,
    /// The case ends with this report (`EndVrzmJN` = J).
    pub ended: bool,
    /// The day of recovery (`DatHrstld`), for an ending report.
    pub recovered_on: Option<NaiveDate>,
}

/// What is known of a case before a report is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseState {
    /// The current absence percentage in hundredths.
    pub percentage_hundredths: i32,
    /// The case has ended.
    pub ended: bool,
    /// The highest report number applied.
    pub last_sequence: i32,
}

/// What a report means for its case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// The first report of a new case (ziekmelding).
    SickReport,
    /// A lower percentage, the case goes on (deelherstel): recorded, cancels nothing.
    PartialRecovery,
    /// The case ends (hersteldmelding).
    Recovery,
    /// Any other mutation of a known case (a correction, a higher percentage).
    Change,
}

impl ReportKind {
    /// The stored name.
    pub fn as_str(&self) -> &'static str {
        match self {
            ReportKind::SickReport => "sick_report",
            ReportKind::PartialRecovery => "partial_recovery",
            ReportKind::Recovery => "recovery",
            ReportKind::Change => "change",
        }
    }
}

/// How the intake treats a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Apply it as this kind.
    Apply(ReportKind),
    /// A report with this number (or a later one) was applied already: change nothing.
    AlreadyApplied,
}

/// Classifies `report` against the case as it stands (`None`: a case not seen before).
pub fn decide(previous: Option<&CaseState>, report: &AbsenceReport) -> Decision {
    let Some(case) = previous else {
        return Decision::Apply(if report.ended { ReportKind::Recovery } else { ReportKind::SickReport });
    };
    if report.sequence <= case.last_sequence {
        return Decision::AlreadyApplied;
    }
    if report.ended {
        Decision::Apply(ReportKind::Recovery)
    } else if report.percentage_hundredths < case.percentage_hundredths {
        Decision::Apply(ReportKind::PartialRecovery)
    } else {
        Decision::Apply(ReportKind::Change)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(sequence: i32, percentage: i32, ended: bool) -> AbsenceReport {
        let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        AbsenceReport {
            employer: "WG1".into(),
            employee: "E1".into(),
            person_number: None,
            case_id: "V1".into(),
            sequence,
            effective_on: day,
            first_day: day,
            percentage_hundredths: percentage,
            ended,
            recovered_on: None,
        }
    }

    #[test]
    fn decisions() {
        let case = CaseState { percentage_hundredths: 10_000, ended: false, last_sequence: 1 };
        let check = |previous: Option<&CaseState>, report: AbsenceReport, expected: Decision| {
            assert_eq!(decide(previous, &report), expected, "{report:?}");
        };
        check(None, report(1, 10_000, false), Decision::Apply(ReportKind::SickReport));
        check(None, report(1, 0, true), Decision::Apply(ReportKind::Recovery));
        check(Some(&case), report(1, 5_000, false), Decision::AlreadyApplied);
        check(Some(&case), report(2, 5_000, false), Decision::Apply(ReportKind::PartialRecovery));
        check(Some(&case), report(2, 10_000, false), Decision::Apply(ReportKind::Change));
        check(Some(&case), report(3, 0, true), Decision::Apply(ReportKind::Recovery));
    }

    #[test]
    fn bsn_eleven_test_and_masking() {
        for good in ["111222333", "123456782"] {
            assert!(Bsn::parse(good).is_ok(), "{good}");
        }
        for bad in ["111222334", "12345678", "1234567890", "12345678a", "000000000"] {
            assert!(Bsn::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(format!("{:?}", Bsn::parse("111222333").unwrap()), "Bsn(*********)");
    }
}
