//! `store.attributes()`: what a counselor may be given — self-booking times and summons (each
//! can be switched off; no row means both) — their competencies, and offers that require
//! competencies instead of listing counselors.
//!
//! An offer that requires competencies has as counselors every active counselor of its jobcenter
//! who holds all of them: setting a counselor's competencies or an offer's requirement rewrites
//! `offer_counselors` in the same transaction, so every reader keeps reading one table (the same
//! way as offers that name a team). The readers of new bookings leave out counselors who take no
//! self-bookings ([`self_booking_off`]) or no summons ([`summons_off`]).

use std::collections::{BTreeSet, HashSet};

use diesel::prelude::*;

use crate::domain::{self, CounselorId, OfferId};
use crate::store::db::schema::{
    counselor_competencies as competencies, counselor_settings as settings, counselors, offer_competencies,
    offer_counselors, offers,
};
use crate::store::{AnyConnection, Entity, Error, Store};

/// The attribute operations of a [`Store`]; see [`Store::attributes`].
#[derive(Debug, Clone, Copy)]
pub struct Attributes<'a> {
    store: &'a Store,
}

impl Store {
    /// Counselors' attributes and offers' competency requirements: `store.attributes()`.
    pub fn attributes(&self) -> Attributes<'_> {
        Attributes { store: self }
    }
}

/// What a counselor may be given, and their competencies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounselorAttributes {
    /// Holds self-booking times (citizens see and book them).
    pub self_booking: bool,
    /// May be given summons (one citizen or in bulk).
    pub summons: bool,
    /// Competencies (kompetencer), each 1-50 characters.
    pub competencies: BTreeSet<String>,
}

impl Default for CounselorAttributes {
    fn default() -> Self {
        Self { self_booking: true, summons: true, competencies: BTreeSet::new() }
    }
}

/// Checks a set of competencies: each 1-50 characters, no control characters, at most 50.
pub fn check_competencies(list: &BTreeSet<String>) -> Result<(), Error> {
    let bad = |c: &String| c.trim().is_empty() || c.chars().count() > 50 || c.chars().any(char::is_control);
    if list.len() > 50 || list.iter().any(bad) {
        return Err(domain::Error::InvalidText { field: "competencies", max: 50 }.into());
    }
    Ok(())
}

/// Which of `ids` take no self-bookings.
pub(crate) fn self_booking_off(conn: &mut AnyConnection, ids: &[&str]) -> Result<HashSet<String>, Error> {
    let off: Vec<String> = settings::table
        .filter(settings::counselor_id.eq_any(ids))
        .filter(settings::self_booking.eq(false))
        .select(settings::counselor_id)
        .load(conn)?;
    Ok(off.into_iter().collect())
}

/// Which of `ids` may be given no summons.
pub(crate) fn summons_off(conn: &mut AnyConnection, ids: &[&str]) -> Result<HashSet<String>, Error> {
    let off: Vec<String> = settings::table
        .filter(settings::counselor_id.eq_any(ids))
        .filter(settings::summons.eq(false))
        .select(settings::counselor_id)
        .load(conn)?;
    Ok(off.into_iter().collect())
}

/// Rewrites the counselors of `offer` (which requires `required`) to the active counselors of
/// its jobcenter holding all of them.
fn sync_offer(conn: &mut AnyConnection, offer: &str, required: &BTreeSet<String>) -> Result<(), Error> {
    let jobcenter: String = offers::table.find(offer).select(offers::jobcenter_code).first(conn)?;
    let candidates: Vec<String> = counselors::table
        .filter(counselors::jobcenter_code.eq(&jobcenter))
        .filter(counselors::active.eq(true))
        .select(counselors::id)
        .load(conn)?;
    let held: Vec<(String, String)> = competencies::table
        .filter(competencies::counselor_id.eq_any(&candidates))
        .filter(competencies::competency.eq_any(required))
        .select((competencies::counselor_id, competencies::competency))
        .load(conn)?;
    diesel::delete(offer_counselors::table.filter(offer_counselors::offer_id.eq(offer))).execute(conn)?;
    for candidate in &candidates {
        let count = held.iter().filter(|(c, _)| c == candidate).count();
        if count == required.len() {
            diesel::insert_into(offer_counselors::table)
                .values((offer_counselors::offer_id.eq(offer), offer_counselors::counselor_id.eq(candidate)))
                .execute(conn)?;
        }
    }
    Ok(())
}

fn required_of(conn: &mut AnyConnection, offer: &str) -> Result<BTreeSet<String>, Error> {
    let list: Vec<String> = offer_competencies::table
        .filter(offer_competencies::offer_id.eq(offer))
        .select(offer_competencies::competency)
        .load(conn)?;
    Ok(list.into_iter().collect())
}

impl Attributes<'_> {
    /// A counselor's attributes (the defaults when none are set).
    pub fn of(&self, counselor: &CounselorId) -> Result<CounselorAttributes, Error> {
        let mut conn = self.store.conn()?;
        crate::store::reference::ensure_counselor(&mut conn, counselor)?;
        let flags: Option<(bool, bool)> = settings::table
            .find(counselor.as_str())
            .select((settings::self_booking, settings::summons))
            .first(&mut conn)
            .optional()?;
        let list: Vec<String> = competencies::table
            .filter(competencies::counselor_id.eq(counselor.as_str()))
            .select(competencies::competency)
            .load(&mut conn)?;
        let (self_booking, summons) = flags.unwrap_or((true, true));
        Ok(CounselorAttributes { self_booking, summons, competencies: list.into_iter().collect() })
    }

    /// Sets a counselor's attributes; the offers of the jobcenter that require competencies get
    /// their counselors again.
    pub fn set(&self, counselor: &CounselorId, attributes: &CounselorAttributes) -> Result<(), Error> {
        check_competencies(&attributes.competencies)?;
        self.store.write(|conn| {
            crate::store::reference::ensure_counselor(conn, counselor)?;
            diesel::delete(settings::table.find(counselor.as_str())).execute(conn)?;
            diesel::insert_into(settings::table)
                .values((
                    settings::counselor_id.eq(counselor.as_str()),
                    settings::self_booking.eq(attributes.self_booking),
                    settings::summons.eq(attributes.summons),
                ))
                .execute(conn)?;
            diesel::delete(competencies::table.filter(competencies::counselor_id.eq(counselor.as_str())))
                .execute(conn)?;
            for competency in &attributes.competencies {
                diesel::insert_into(competencies::table)
                    .values((
                        competencies::counselor_id.eq(counselor.as_str()),
                        competencies::competency.eq(competency.trim()),
                    ))
                    .execute(conn)?;
            }
            let jobcenter: String =
                counselors::table.find(counselor.as_str()).select(counselors::jobcenter_code).first(conn)?;
            let requiring: Vec<String> = offer_competencies::table
                .inner_join(offers::table)
                .filter(offers::jobcenter_code.eq(&jobcenter))
                .select(offer_competencies::offer_id)
                .distinct()
                .load(conn)?;
            for offer in requiring {
                let required = required_of(conn, &offer)?;
                sync_offer(conn, &offer, &required)?;
            }
            Ok(())
        })
    }

    /// Makes `offer` require `required` (its counselors follow), or with an empty set, list its
    /// counselors itself again (they stay as they are now). A requirement replaces a team.
    pub fn require(&self, offer: &OfferId, required: &BTreeSet<String>) -> Result<(), Error> {
        check_competencies(required)?;
        self.store.write(|conn| {
            let found: i64 = offers::table.find(offer.as_str()).count().get_result(conn)?;
            if found == 0 {
                return Err(Error::NotFound(Entity::Offer));
            }
            diesel::delete(offer_competencies::table.filter(offer_competencies::offer_id.eq(offer.as_str())))
                .execute(conn)?;
            if required.is_empty() {
                return Ok(());
            }
            diesel::update(offers::table.find(offer.as_str()))
                .set(offers::team_id.eq(None::<String>))
                .execute(conn)?;
            for competency in required {
                diesel::insert_into(offer_competencies::table)
                    .values((
                        offer_competencies::offer_id.eq(offer.as_str()),
                        offer_competencies::competency.eq(competency.trim()),
                    ))
                    .execute(conn)?;
            }
            sync_offer(conn, offer.as_str(), required)
        })
    }

    /// The competencies `offer` requires (empty: it lists its counselors or names a team).
    pub fn required_by(&self, offer: &OfferId) -> Result<BTreeSet<String>, Error> {
        let mut conn = self.store.conn()?;
        required_of(&mut conn, offer.as_str())
    }
}
