//! Rules a jobcenter sets per interview type (as Xpert Suite's municipalities know them):
//! - a **no-show follow-up** type is not offered for new summons or self-bookings; existing
//!   bookings of it are still edited, held and moved;
//! - a type can **require contact data** (phone and video interviews): a summons without the
//!   citizen's e-mail address or mobile number, as the rule says, is refused with that reason, and
//!   a bulk summons reports such citizens as not placed.
//!
//! The planner does not keep citizens' contact data: a summons carries it, the rule checks that
//! it is there.

use super::Error;

/// What contact data a type needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContactRequirement {
    /// Nothing.
    #[default]
    None,
    /// An e-mail address.
    Email,
    /// A mobile number.
    Phone,
    /// An e-mail address or a mobile number.
    EmailOrPhone,
}

impl ContactRequirement {
    /// The wire and storage name.
    pub fn as_str(&self) -> &'static str {
        match self {
            ContactRequirement::None => "none",
            ContactRequirement::Email => "email",
            ContactRequirement::Phone => "phone",
            ContactRequirement::EmailOrPhone => "email_or_phone",
        }
    }

    /// Parses the wire name.
    pub fn parse(text: &str) -> Result<Self, Error> {
        [Self::None, Self::Email, Self::Phone, Self::EmailOrPhone]
            .into_iter()
            .find(|r| r.as_str() == text)
            .ok_or(Error::CodeNotAllowed("requires_contact"))
    }
}

/// The citizen's contact data a summons carries (only whether it is there matters here).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactData {
    /// An e-mail address.
    pub email: Option<String>,
    /// A mobile number.
    pub phone: Option<String>,
}

impl ContactData {
    fn has(value: &Option<String>) -> bool {
        value.as_deref().is_some_and(|v| !v.trim().is_empty())
    }
}

/// The rules of one interview type in one jobcenter; the default is no rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TypeRule {
    /// The InterviewTypeIdentifier.
    pub interview_type: i32,
    /// Not offered for new summons or self-bookings.
    pub no_show_follow_up: bool,
    /// Contact data a summons must carry.
    pub requires_contact: ContactRequirement,
}

impl TypeRule {
    /// May a new booking of this type be made (a summons or a self-booking)?
    pub fn check_offered(&self) -> Result<(), Error> {
        if self.no_show_follow_up {
            Err(Error::TypeNotOffered)
        } else {
            Ok(())
        }
    }

    /// Does `contact` hold what the type requires?
    pub fn check_contact(&self, contact: &ContactData) -> Result<(), Error> {
        let (email, phone) = (ContactData::has(&contact.email), ContactData::has(&contact.phone));
        let missing = match self.requires_contact {
            ContactRequirement::None => None,
            ContactRequirement::Email => (!email).then_some("e-mail address"),
            ContactRequirement::Phone => (!phone).then_some("mobile number"),
            ContactRequirement::EmailOrPhone => {
                (!email && !phone).then_some("e-mail address or mobile number")
            }
        };
        match missing {
            Some(what) => Err(Error::ContactMissing(what)),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_requirements_table() {
        let data = |email: Option<&str>, phone: Option<&str>| ContactData {
            email: email.map(str::to_owned),
            phone: phone.map(str::to_owned),
        };
        let rule =
            |requires| TypeRule { interview_type: 7, no_show_follow_up: false, requires_contact: requires };
        use ContactRequirement as R;
        let cases = [
            (R::None, data(None, None), true),
            (R::Email, data(Some("a@b.dk"), None), true),
            (R::Email, data(None, Some("12345678")), false),
            (R::Email, data(Some("  "), None), false),
            (R::Phone, data(None, Some("12345678")), true),
            (R::Phone, data(Some("a@b.dk"), None), false),
            (R::EmailOrPhone, data(None, Some("12345678")), true),
            (R::EmailOrPhone, data(Some("a@b.dk"), None), true),
            (R::EmailOrPhone, data(None, None), false),
        ];
        for (requires, contact, ok) in cases {
            assert_eq!(rule(requires).check_contact(&contact).is_ok(), ok, "{requires:?} {contact:?}");
        }
        assert_eq!(
            rule(R::Phone).check_contact(&data(None, None)),
            Err(Error::ContactMissing("mobile number"))
        );
        assert_eq!(
            TypeRule { no_show_follow_up: true, ..rule(R::None) }.check_offered(),
            Err(Error::TypeNotOffered)
        );
        for requires in [R::None, R::Email, R::Phone, R::EmailOrPhone] {
            assert_eq!(ContactRequirement::parse(requires.as_str()), Ok(requires));
        }
        assert!(ContactRequirement::parse("fax").is_err());
    }
}
