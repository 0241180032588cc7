//! A dry run of a bulk summons: the report a real run would give now, planned on one read
//! snapshot; nothing is written, not even the batch.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use diesel::Connection;

use crate::domain::summons::Placement;
use crate::domain::{availability, CaseworkerId, CounselorId};
use crate::store::summons::batch::{
    BatchStatus, ItemStatus, SummonsBatch, SummonsCitizen, SummonsItem, SummonsReport,
};
use crate::store::summons::{resolve_offer, resolve_pool, OfferChoice};
use crate::store::{booking, calendar, Error, Store};

impl Store {
    /// Plans the whole list on one read snapshot and writes nothing.
    pub(super) fn dry_run(
        &self,
        batch: &SummonsBatch,
        list: &[SummonsCitizen],
        now: DateTime<Utc>,
    ) -> Result<SummonsReport, Error> {
        let mut conn = self.conn()?;
        conn.transaction(|conn| {
            let offer = resolve_offer(conn, &OfferChoice::Offer(batch.offer.clone()))?;
            let rule = crate::store::type_rules::rule_of(conn, &offer.jobcenter, offer.interview_type)?;
            rule.check_offered()?;
            let pool = resolve_pool(conn, &offer, &batch.pool)?;
            let ids: Vec<CounselorId> = pool.iter().map(|c| c.id.clone()).collect();
            let mut seen = HashSet::new();
            let mut already = Vec::with_capacity(list.len());
            for citizen in list {
                let hash = self.vault.hash(&citizen.cpr);
                let booked = booking::check_one_future_booking(conn, &hash, &offer.id, None, now).is_err();
                let no_contact = rule.check_contact(&citizen.contact).is_err();
                already.push(booked || no_contact || !seen.insert(hash));
            }
            let calendars = calendar::load(conn, &offer.id, &pool, batch.window, now)?;
            let times = availability::free_times(&offer, &calendars, batch.window, now);
            let times = crate::store::rooms::with_free_room(conn, &offer, times)?;
            let step = offer.slots.duration + offer.slots.buffer;
            let plan = crate::domain::summons::plan(batch.strategy, &ids, times, step, &already);
            let caseworkers: HashMap<&CounselorId, &CaseworkerId> =
                pool.iter().map(|c| (&c.id, &c.caseworker)).collect();
            let items = list
                .iter()
                .zip(plan)
                .map(|(citizen, placement)| match placement {
                    Placement::Placed { counselor, interval } => SummonsItem {
                        line: citizen.line,
                        status: ItemStatus::Placed,
                        booking: None,
                        caseworker: caseworkers.get(&counselor).map(|c| (*c).clone()),
                        start: Some(interval.start()),
                        reason: None,
                    },
                    Placement::NotPlaced { .. } if rule.check_contact(&citizen.contact).is_err() => {
                        SummonsItem::not_placed(
                            citizen.line,
                            crate::domain::summons::NotPlacedReason::ContactMissing,
                        )
                    }
                    Placement::NotPlaced { reason } => SummonsItem::not_placed(citizen.line, reason),
                })
                .collect();
            Ok(SummonsReport {
                key: batch.key.clone(),
                offer: offer.id.clone(),
                status: BatchStatus::Planned,
                dry_run: true,
                pool: ids,
                items,
            })
        })
    }
}
