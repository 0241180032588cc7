//! Who summoned a Summons booking, recorded with the booking in the transaction that writes it
//! (`bookings.summoned_by`, `bookings.summoned_by_user`), so DFDG registration can send the
//! summoner's request metadata (issue #9).
//!
//! `identity` is the caller the transport established: an admin caller's certificate identity,
//! or `cli:<os user>` for the CLI. `user` is the person acting, when the edge was told (the admin
//! API's `summoner` field, the CLI's `--summoner`, else the OS user). Neither may be a CPR.

use diesel::prelude::*;

use crate::domain::BookingId;
use crate::store::db::schema::bookings;
use crate::store::{Entity, Error, Store};

/// Longest identity or user text.
const MAX_LEN: usize = 128;

/// Who summoned: the calling system and, when known, the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summoner {
    identity: String,
    user: Option<String>,
}

impl Summoner {
    /// Checks both texts: 1-128 characters, no control characters, and never CPR-shaped (ten
    /// digits in a row, with or without the dash). The error names the part, never the value.
    pub fn new(identity: &str, user: Option<&str>) -> Result<Summoner, String> {
        check("the caller identity", identity)?;
        if let Some(user) = user {
            check("the summoner", user)?;
        }
        Ok(Summoner { identity: identity.to_owned(), user: user.map(str::to_owned) })
    }

    /// The calling system's identity (certificate identity, or `cli:<os user>`).
    pub fn identity(&self) -> &str {
        &self.identity
    }

    /// The person acting, when known.
    pub fn user(&self) -> Option<&str> {
        self.user.as_deref()
    }
}

fn check(what: &str, text: &str) -> Result<(), String> {
    if text.trim().is_empty() || text.chars().count() > MAX_LEN {
        return Err(format!("{what} must be 1-{MAX_LEN} characters"));
    }
    if text.chars().any(char::is_control) {
        return Err(format!("{what} must not contain control characters"));
    }
    if looks_like_cpr(text) {
        return Err(format!("{what} must not be a CPR number; give a user id or RID"));
    }
    Ok(())
}

/// A run of exactly ten digits (the dash after the sixth allowed); longer digit runs (the last
/// group of an OCES3 RID's UUID may be all digits) are not a CPR.
fn looks_like_cpr(text: &str) -> bool {
    let digits: String = text.chars().map(|c| if c.is_ascii_digit() { c } else { ' ' }).collect();
    let runs: Vec<&str> = digits.split(' ').collect();
    let dashed = runs.windows(2).enumerate().any(|(i, pair)| {
        let at: usize = runs[..=i].iter().map(|r| r.len() + 1).sum::<usize>() - 1;
        pair[0].len() == 6 && pair[1].len() == 4 && text.as_bytes().get(at) == Some(&b'-')
    });
    dashed || runs.iter().any(|run| run.len() == 10)
}

impl Store {
    /// Who summoned the booking; `None` for bookings of other channels, and for summons made
    /// before the summoner was recorded.
    pub fn booking_summoner(&self, id: &BookingId) -> Result<Option<Summoner>, Error> {
        let mut conn = self.conn()?;
        let row: Option<(Option<String>, Option<String>)> = bookings::table
            .find(id.as_str())
            .select((bookings::summoned_by, bookings::summoned_by_user))
            .first(&mut conn)
            .optional()?;
        match row {
            None => Err(Error::NotFound(Entity::Booking)),
            Some((Some(identity), user)) => Ok(Some(Summoner { identity, user })),
            Some((None, _)) => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summoners_are_checked_and_never_a_cpr() {
        assert!(Summoner::new("CVR:12345678-FID:1234", Some("CVR:12345678-UUID:abc")).is_ok());
        assert!(Summoner::new("cli:alice", None).is_ok());
        for bad in ["", " ", "0101851234", "010185-1234", "x\ny", &"a".repeat(129)] {
            let error = Summoner::new("admin", Some(bad)).unwrap_err();
            assert!(error.starts_with("the summoner"), "{bad:?}: {error}");
            assert!(!error.contains("1234"), "{error}");
        }
        assert!(Summoner::new("0101851234", None).is_err());
        assert!(Summoner::new("CVR:1-UUID:12345678-1234-1234-1234-123456789012", None).is_ok());
    }
}
