//! Meeting rooms (mødelokaler): where in-person meetings are held. An offer can draw its rooms
//! from a pool; a free time of such an offer needs a free counselor and a free room of the right
//! capacity (the seats of a group meeting, else one citizen), and a booking or group session holds
//! its room. A room can be closed for a period (works on it).

use super::{Error, JobCenterCode};

/// A meeting room of one jobcenter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    /// Its id (a GUID).
    pub id: String,
    /// The jobcenter.
    pub jobcenter: JobCenterCode,
    /// Its name, unique in the jobcenter (1-100 characters).
    pub name: String,
    /// Its address (1-200 characters).
    pub address: String,
    /// Citizens' seats (at least one).
    pub capacity: u32,
    /// Inactive rooms are held by nothing new.
    pub active: bool,
}

impl Room {
    /// Checks the name, the address and the capacity.
    pub fn validate(&self) -> Result<(), Error> {
        let text_ok = |text: &str, max: usize| {
            let n = text.trim().chars().count();
            n > 0 && n <= max && !text.chars().any(char::is_control)
        };
        if !text_ok(&self.name, 100) {
            return Err(Error::InvalidText { field: "name", max: 100 });
        }
        if !text_ok(&self.address, 200) {
            return Err(Error::InvalidText { field: "address", max: 200 });
        }
        if self.capacity == 0 || self.capacity > 10_000 {
            return Err(Error::NotPositive("capacity"));
        }
        Ok(())
    }

    /// Can the room take a meeting of `seats` citizens?
    pub fn fits(&self, seats: u32) -> bool {
        self.active && self.capacity >= seats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rooms_are_checked_and_fit_by_capacity() {
        let room = Room {
            id: "r".into(),
            jobcenter: JobCenterCode::parse("00101").unwrap(),
            name: "Mødelokale 1".into(),
            address: "Kultorvet 2, 1175 København K".into(),
            capacity: 4,
            active: true,
        };
        assert!(room.validate().is_ok());
        assert!(room.fits(4) && !room.fits(5));
        assert!(!Room { active: false, ..room.clone() }.fits(1));
        assert!(Room { capacity: 0, ..room.clone() }.validate().is_err());
        assert!(Room { name: " ".into(), ..room.clone() }.validate().is_err());
        assert!(Room { address: "a\u{0}".into(), ..room }.validate().is_err());
    }
}
