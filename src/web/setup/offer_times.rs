//! `GET /setup/{jobcenter}/offers/{offer}/times?week=YYYY-MM-DD`: the free times a citizen
//! would see of an offer in one week, by day, with the counselor of each. They come from the
//! listing GetSelfbookTimeslots answers with (`Store::offer_times`, over the week from now on),
//! so the preview shows what self-booking offers: working hours, breaks, closing days, busy
//! time, bookings, the minimum notice and the horizon all applied. A deactivated offer has none.
//! Administrators and summoners of the jobcenter may look; nothing changes, nothing is audited.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{Datelike, Duration, IsoWeek};

use super::{not_found, Subject, Visit};
use crate::domain::{Interval, OfferId, ZONE};
use crate::store::Error;
use crate::web::calendar::{day_name, full_name, local_days, monday, time_range, WeekQuery};
use crate::web::page;

/// One free time.
struct Time {
    time: String,
    counselor: String,
    seats_left: Option<u32>,
}

/// The free times of one day.
struct Day {
    label: String,
    times: Vec<Time>,
}

/// The page.
#[derive(Template)]
#[template(path = "web/setup_offer_times.html")]
struct TimesPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    offer_id: String,
    name: String,
    active: bool,
    week: u32,
    monday: String,
    previous: String,
    next: String,
    days: Vec<Day>,
    count: usize,
}

/// `GET /setup/{jobcenter}/offers/{offer}/times`.
pub async fn preview(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<WeekQuery>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let visit = Visit::reading(&request, &jobcenter, Subject::Offers).await?;
    let back = visit.path("/offers");
    let now = visit.context.clock.now();
    let first = monday(query.week.as_deref(), now)?;
    let offer_id = OfferId::parse(&id).map_err(|_| not_found(&back))?;
    let wanted = offer_id.clone();
    let found = visit
        .context
        .blocking(move |store| {
            let offer = match store.offer(&wanted) {
                Ok(offer) => offer,
                Err(Error::NotFound(_)) => return Ok(None),
                Err(error) => return Err(error),
            };
            let week = local_days(first, first + Duration::days(7))?;
            let times = match Interval::new(week.start().max(now), week.end()) {
                Ok(window) => Some(store.offer_times(&wanted, window, None, now)?),
                Err(_) => None,
            };
            Ok(Some((offer, times)))
        })
        .await?;
    let (offer, listed) =
        found.filter(|(offer, _)| offer.jobcenter == visit.jobcenter).ok_or_else(|| not_found(&back))?;
    let mut by_day: BTreeMap<i64, Vec<(chrono::DateTime<chrono::Utc>, Time)>> = BTreeMap::new();
    let mut count = 0;
    if let Some(listed) = listed {
        let names: BTreeMap<_, _> = listed.counselors.iter().map(|c| (c.id.clone(), full_name(c))).collect();
        for free in listed.times {
            let day = (free.interval.start().with_timezone(&ZONE).date_naive() - first).num_days();
            let counselor = names.get(&free.counselor).cloned().unwrap_or_default();
            let time = Time { time: time_range(&free.interval), counselor, seats_left: free.seats_left };
            by_day.entry(day).or_default().push((free.interval.start(), time));
            count += 1;
        }
    }
    let days = (0..7)
        .map(|n| {
            let mut times = by_day.remove(&n).unwrap_or_default();
            times.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.counselor.cmp(&b.1.counselor)));
            Day {
                label: day_name(first + Duration::days(n)),
                times: times.into_iter().map(|(_, t)| t).collect(),
            }
        })
        .collect();
    let iso: IsoWeek = first.iso_week();
    let page = TimesPage {
        csrf: &visit.person.csrf,
        jobcenter: visit.jobcenter.as_str(),
        offer_id: offer_id.as_str().to_owned(),
        name: offer.name.clone(),
        active: offer.active,
        week: iso.week(),
        monday: first.to_string(),
        previous: (first - Duration::days(7)).to_string(),
        next: (first + Duration::days(7)).to_string(),
        days,
        count,
    };
    Ok(page::html(StatusCode::OK, &page))
}
