//! Listings kept for reuse: [`Store::offer_listing`] gives a caller what it made of an offer's
//! free times over a window (the SOAP answer of GetSelfbookTimeslots) again, for as long as
//! nothing it was made from changed. A listing asked for again and again (Jobnet shows the same
//! offer's week to one citizen after another) then costs one read of the read model's two
//! numbers, not the read, the engine and the rendering each time.
//!
//! Kept means kept under the numbers every write that could change a listing raises (see
//! `store::read_model`), and only while the clock alone leaves the times as they are: until the
//! earliest listed time passes its notice or a reservation in the calendars expires
//! ([`OfferTimes::holds_until`]). A listing whose times may change at any moment (the offer's
//! horizon ends inside the window) is made afresh each time. Booking never reads a kept
//! listing: the database decides.

use std::any::TypeId;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use diesel::Connection;

use super::queries::{times_of, OfferTimes};
use crate::domain::{CaseworkerId, Interval, JobCenterCode, OfferId};
use crate::store::read_model::{Memo, MemoKey};
use crate::store::{Error, Numbers, Store};

/// What a caller made of an offer's free times ([`Store::offer_listing`]).
#[derive(Debug)]
pub struct Listing<T> {
    /// The offer's jobcenter, to authorize the caller by before anything is shown.
    pub jobcenter: JobCenterCode,
    /// What the caller made of the times.
    pub made: Arc<T>,
}

impl Store {
    /// What `make` makes of [`Store::offer_times`] for `offer` over `window` (optionally one
    /// caseworker's) at `now`; a listing kept from an earlier call with the same offer, window,
    /// filter and `T` when it still holds at `numbers` (read by [`Store::numbers`] when the
    /// call began; see the module doc), so `make` must depend only on the [`OfferTimes`] it is
    /// given.
    pub fn offer_listing<T: Send + Sync + 'static>(
        &self,
        (offer, window, caseworker): (&OfferId, Interval, Option<&CaseworkerId>),
        (numbers, now): (Numbers, DateTime<Utc>),
        make: impl FnOnce(&OfferTimes) -> T,
    ) -> Result<Listing<T>, Error> {
        let key = MemoKey {
            offer: offer.clone(),
            window,
            caseworker: caseworker.cloned(),
            made_as: TypeId::of::<T>(),
        };
        if let Some(kept) = self.read_model.at_numbers(numbers).memo(&key, now) {
            if let Ok(made) = kept.value.downcast::<T>() {
                return Ok(Listing { jobcenter: kept.jobcenter, made });
            }
        }
        let (model, found) = self.read(|conn| {
            conn.transaction(|conn| {
                let model = self.read_model.at(conn)?;
                let statics = model.offer(conn, offer)?;
                let found = times_of(conn, &model, &statics, window, caseworker, now)?;
                Ok((model, found))
            })
        })?;
        let made = Arc::new(make(&found));
        let jobcenter = found.offer.jobcenter;
        if let Some(until) = found.holds_until {
            let value = Arc::clone(&made) as Arc<dyn std::any::Any + Send + Sync>;
            model.keep(key, Memo { jobcenter: jobcenter.clone(), made_at: now, until, value });
        }
        Ok(Listing { jobcenter, made })
    }
}
