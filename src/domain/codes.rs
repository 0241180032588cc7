//! The STAR code lists a registered booking must use (contract §3): interview type,
//! interview form and contact type.
//!
//! Offers carry their own allowed codes; these rules are for bookings another system registers
//! (RegisterBooking), which name their codes directly. A code outside its list is refused with
//! [`Error::CodeNotAllowed`] naming the wire field, which the edge maps to 4709 / 4805 / 4708.

use super::Error;

/// STAR's InterviewTypeIdentifier list (SamtaleType): 4 Opfølgningssamtale, 7 Jobsamtale,
/// 8 Henvisning, 9 Informationsmøde, 10 CV samtale, 11 Formidlingssamtale, 12 Anden samtale,
/// 13 Informationsmøde uden mødepligt, 15 Rådighedssamtale, 17 Jobsamtale med a-kasse,
/// 19 Fælles Jobsamtale med dagpengemodtager, 20 A-kasse forsøgssamtale.
pub const INTERVIEW_TYPES: [i32; 12] = [4, 7, 8, 9, 10, 11, 12, 13, 15, 17, 19, 20];

/// Accepts an InterviewTypeIdentifier from STAR's list (else 4709).
pub fn check_interview_type(code: i32) -> Result<i32, Error> {
    if INTERVIEW_TYPES.contains(&code) {
        Ok(code)
    } else {
        Err(Error::CodeNotAllowed("InterviewTypeIdentifier"))
    }
}

/// Accepts an InterviewFormTypeIdentifier: 1 individual or 2 group meeting (else 4805).
pub fn check_form_type(code: i32) -> Result<i32, Error> {
    if matches!(code, 1 | 2) {
        Ok(code)
    } else {
        Err(Error::CodeNotAllowed("InterviewFormTypeIdentifier"))
    }
}

/// Accepts an InterviewContactTypeIdentifier: any positive code, since STAR has not published
/// the ids of its contact forms (else 4708).
pub fn check_contact_type(code: i32) -> Result<i32, Error> {
    if code > 0 {
        Ok(code)
    } else {
        Err(Error::CodeNotAllowed("InterviewContactTypeIdentifier"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Check = fn(i32) -> Result<i32, Error>;

    #[test]
    fn code_lists() {
        let interview = Error::CodeNotAllowed("InterviewTypeIdentifier");
        let form = Error::CodeNotAllowed("InterviewFormTypeIdentifier");
        let contact = Error::CodeNotAllowed("InterviewContactTypeIdentifier");
        let cases: [(Check, i32, Option<&Error>); 14] = [
            (check_interview_type, 4, None),
            (check_interview_type, 7, None),
            (check_interview_type, 20, None),
            (check_interview_type, 5, Some(&interview)),
            (check_interview_type, 0, Some(&interview)),
            (check_interview_type, 21, Some(&interview)),
            (check_form_type, 1, None),
            (check_form_type, 2, None),
            (check_form_type, 0, Some(&form)),
            (check_form_type, 3, Some(&form)),
            (check_contact_type, 1, None),
            (check_contact_type, 6, None),
            (check_contact_type, 0, Some(&contact)),
            (check_contact_type, -1, Some(&contact)),
        ];
        for (check, code, expected) in cases {
            assert_eq!(check(code).err().as_ref(), expected, "{code}");
        }
    }
}
