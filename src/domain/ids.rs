//! Identifier newtypes, each parsed once at the edge: `Cpr`, `JobCenterCode`, `CaseworkerId`,
//! and the GUID identifiers `OfferId`, `BookingId`, `ReservationId`.
//!
//! Fields are private and `parse` is the only way in, so a value of these types is always valid.
//! `Cpr` never prints its digits: `Debug` and `Display` mask them, and only
//! [`Cpr::expose_for_admin`] and [`Cpr::expose_for_storage`] hand them out, by name.

use std::fmt;

use super::Error;

/// A Danish civil registration number (CPR), 10 digits, `DDMMYY` + 4.
///
/// Validated with STAR's `PersonCivilRegistrationIdentifierType` pattern; `0000000000`
/// ("required but unknown") is accepted by the pattern and reported by [`Cpr::is_unknown`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cpr(String);

impl Cpr {
    /// Parses a CPR; the error never repeats the input.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(Error::InvalidCpr);
        }
        if text == "0000000000" {
            return Ok(Self(text.to_owned()));
        }
        let day = (bytes[0] - b'0') * 10 + (bytes[1] - b'0');
        let month = (bytes[2] - b'0') * 10 + (bytes[3] - b'0');
        let max_day = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 => 29,
            _ => return Err(Error::InvalidCpr),
        };
        if day == 0 || day > max_day {
            return Err(Error::InvalidCpr);
        }
        Ok(Self(text.to_owned()))
    }

    /// True for `0000000000`, STAR's "required but unknown".
    pub fn is_unknown(&self) -> bool {
        self.0 == "0000000000"
    }

    /// The digits, for showing to a caller with the admin role only.
    pub fn expose_for_admin(&self) -> &str {
        &self.0
    }

    /// The digits, for the store's keyed hash and encryption only.
    pub fn expose_for_storage(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Cpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cpr(******-****)")
    }
}

impl fmt::Display for Cpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("******-****")
    }
}

/// A jobcenter's code: exactly five digits (`JobCenterCodeType`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobCenterCode(String);

impl JobCenterCode {
    /// Parses a five-digit code.
    pub fn parse(text: &str) -> Result<Self, Error> {
        if text.len() == 5 && text.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(text.to_owned()))
        } else {
            Err(Error::InvalidJobCenterCode)
        }
    }

    /// The five digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for JobCenterCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A caseworker's identifier (`CaseWorkerIdentifierType`): 1-255 characters, usually the RID
/// of the employee certificate.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseworkerId(String);

impl CaseworkerId {
    /// Parses an identifier of 1-255 characters without surrounding whitespace.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let n = text.chars().count();
        if n == 0 || n > 255 || text.trim() != text {
            return Err(Error::InvalidCaseworkerId);
        }
        Ok(Self(text.to_owned()))
    }

    /// The identifier text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseworkerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks STAR's guid pattern and returns the canonical lower-case form.
fn parse_guid(text: &str, field: &'static str) -> Result<String, Error> {
    let groups: Vec<&str> = text.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    let ok = groups.len() == 5
        && groups.iter().zip(lengths).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()));
    if ok {
        Ok(text.to_ascii_lowercase())
    } else {
        Err(Error::InvalidGuid(field))
    }
}

macro_rules! guid_id {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Parses a GUID (any case); stored in lower case.
            pub fn parse(text: &str) -> Result<Self, Error> {
                parse_guid(text, $field).map(Self)
            }

            /// Wraps a freshly generated random (v4) GUID given as text by the caller.
            pub fn from_generated(uuid_text: &str) -> Result<Self, Error> {
                Self::parse(uuid_text)
            }

            /// The GUID in lower case.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

guid_id!(
    /// An interview offer's identifier (`InterviewOptionIdentifier`).
    OfferId,
    "InterviewOptionIdentifier"
);
guid_id!(
    /// A booking's identifier (`BookingIdentifier`); kept when the booking is rescheduled.
    BookingId,
    "BookingIdentifier"
);
guid_id!(
    /// A reservation's identifier (`ReservationIdentifier`), returned by GetBookingDetails.
    ReservationId,
    "ReservationIdentifier"
);
guid_id!(
    /// A group meeting's identifier (`GroupMeetingIdentifier`), shared by every citizen
    /// registered for one group meeting.
    GroupMeetingId,
    "GroupMeetingIdentifier"
);
guid_id!(
    /// A counselor's internal identifier in the store.
    CounselorId,
    "CounselorIdentifier"
);
guid_id!(
    /// A team's identifier.
    TeamId,
    "team"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpr_table() {
        let cases = [
            ("0101901234", true),
            ("3112991234", true),
            ("2902001234", true),
            ("0000000000", true),
            ("3002001234", false),
            ("3104001234", false),
            ("0013001234", false),
            ("0001001234", false),
            ("010190123", false),
            ("01019012345", false),
            ("010190-1234", false),
            ("01019O1234", false),
            ("", false),
        ];
        for (input, ok) in cases {
            assert_eq!(Cpr::parse(input).is_ok(), ok, "{input}");
        }
    }

    #[test]
    fn cpr_never_prints_digits() {
        let cpr = Cpr::parse("0101901234").unwrap();
        assert!(!format!("{cpr:?} {cpr}").contains("0101"));
        assert!(!Cpr::parse("x").unwrap_err().to_string().contains('x'));
    }

    #[test]
    fn jobcenter_and_caseworker() {
        assert!(JobCenterCode::parse("00851").is_ok());
        for bad in ["0085", "008511", "0085a", ""] {
            assert_eq!(JobCenterCode::parse(bad), Err(Error::InvalidJobCenterCode));
        }
        assert!(CaseworkerId::parse("CVR:12345678-UUID:abc").is_ok());
        assert!(CaseworkerId::parse("").is_err());
        assert!(CaseworkerId::parse(" x").is_err());
        assert!(CaseworkerId::parse(&"x".repeat(256)).is_err());
    }

    #[test]
    fn guid_table() {
        let good = "0F8FAD5B-D9CB-469F-A165-70867728950E";
        assert_eq!(OfferId::parse(good).unwrap().as_str(), good.to_lowercase());
        for bad in [
            "",
            "0f8fad5b-d9cb-469f-a165-70867728950",
            "0f8fad5bd9cb469fa16570867728950e",
            "0f8fad5b-d9cb-469f-a165-70867728950g",
        ] {
            assert_eq!(BookingId::parse(bad), Err(Error::InvalidGuid("BookingIdentifier")));
        }
    }
}
