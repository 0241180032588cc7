//! The operation table and what every operation gets: the store, the authorized caller, the
//! headers, "now", and a note for the audit row.

use chrono::{DateTime, Utc};

use super::answer::Answer;
use super::envelope::Headers;
use super::fault::Fault;
use super::{
    cancel_booking, create_booking, create_fejlmelding, get_booking_details, get_bookings,
    get_selfbook_case_workers, get_selfbook_interview_options, get_selfbook_timeslots, register_booking,
    reschedule_booking,
};
use crate::domain::{Caller, JobCenterCode, Permission};
use crate::store::Store;
use crate::xml::Element;

/// One authorized call.
pub struct Call<'a> {
    /// The store.
    pub store: &'a Store,
    /// The registered, enabled caller.
    pub caller: &'a Caller,
    /// The optional STAR headers.
    pub headers: &'a Headers,
    /// When the request arrived.
    pub now: DateTime<Utc>,
    /// The read model's numbers when the call began (its caller was found by them).
    pub numbers: crate::store::Numbers,
    /// The request's correlation id (internal faults carry it).
    pub correlation_id: &'a str,
}

impl Call<'_> {
    /// Refuses (4575) unless the caller acts for `jobcenter` and the ActiveOrganisationHeader,
    /// when given, names the same jobcenter.
    pub fn authorize(&self, jobcenter: &JobCenterCode, note: &mut Note) -> Result<(), Fault> {
        note.jobcenter = Some(jobcenter.as_str().to_owned());
        if !self.caller.acts_for(jobcenter) {
            return Err(Fault::unauthorized(format!("the caller may not act for jobcenter {jobcenter}")));
        }
        if self.headers.jobcenter.as_ref().is_some_and(|header| header != jobcenter) {
            return Err(Fault::unauthorized("ActiveOrganisationHeader names another jobcenter"));
        }
        Ok(())
    }

    /// A store error as a fault (internal ones logged with the correlation id).
    pub fn fault(&self, error: &crate::store::Error) -> Fault {
        super::service::store_fault(error, self.correlation_id)
    }
}

/// What an operation tells the audit log: the jobcenter acted for and the ids involved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Note {
    /// The jobcenter, once known.
    pub jobcenter: Option<String>,
    /// Offer, booking or reservation ids (never personal data).
    pub detail: Option<String>,
    /// The FejlOphav of an error report CreateFejlmelding stored (counted in the metrics).
    pub error_report_origin: Option<i32>,
}

/// An operation: its name, who may call it, and its handler returning the response element.
pub struct Operation {
    /// The operation name (the request element without `Request`).
    pub name: &'static str,
    /// The permission it needs.
    pub permission: Permission,
    /// Reads the request element, runs the use case and writes the response element.
    pub handle: fn(&Call, &Element, &mut Note) -> Result<Answer, Fault>,
    /// It only reads, and what it reads is held in memory (the availability read model) but
    /// for a query or two: where reads are local (SQLite) it runs on the request's own thread
    /// instead of the blocking pool, saving two thread hand-offs on the hottest call.
    pub quick_read: bool,
}

/// Every operation of contract §3.
pub const OPERATIONS: [Operation; 10] = [
    Operation {
        name: "GetSelfbookInterviewOptions",
        permission: Permission::SelfService,
        handle: get_selfbook_interview_options::handle,
        quick_read: false,
    },
    Operation {
        name: "GetSelfbookCaseWorkers",
        permission: Permission::SelfService,
        handle: get_selfbook_case_workers::handle,
        quick_read: false,
    },
    Operation {
        name: "GetSelfbookTimeslots",
        permission: Permission::SelfService,
        handle: get_selfbook_timeslots::handle,
        quick_read: true,
    },
    Operation {
        name: "GetBookingDetails",
        permission: Permission::SelfService,
        handle: get_booking_details::handle,
        quick_read: false,
    },
    Operation {
        name: "CreateBooking",
        permission: Permission::SelfService,
        handle: create_booking::handle,
        quick_read: false,
    },
    Operation {
        name: "RescheduleBooking",
        permission: Permission::SelfService,
        handle: reschedule_booking::handle,
        quick_read: false,
    },
    Operation {
        name: "CancelBooking",
        permission: Permission::Cancel,
        handle: cancel_booking::handle,
        quick_read: false,
    },
    Operation {
        name: "GetBookings",
        permission: Permission::ReadBookings,
        handle: get_bookings::handle,
        quick_read: false,
    },
    Operation {
        name: "RegisterBooking",
        permission: Permission::RegisterBookings,
        handle: register_booking::handle,
        quick_read: false,
    },
    Operation {
        name: "CreateFejlmelding",
        permission: Permission::SelfService,
        handle: create_fejlmelding::handle,
        quick_read: false,
    },
];

/// The operation with this name.
pub fn find(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|operation| operation.name == name)
}

impl Call<'_> {
    /// A response element `name` holding one booking's BookingDetails; `before` writes fields
    /// that precede them (GetBookingDetails' reservation id and expiry).
    pub fn booking_response(
        &self,
        name: &str,
        booking: &crate::domain::Booking,
        with_id: bool,
        before: impl FnOnce(&mut crate::xml::XmlOut),
    ) -> Result<Answer, Fault> {
        let mut out = crate::xml::XmlOut::default();
        out.open(name, &[("xmlns", super::NAMESPACE)]);
        before(&mut out);
        self.write_booking(&mut out, booking, with_id)?;
        out.close(name);
        Ok(out.into())
    }

    /// Writes one booking's BookingDetails fields, looking up its counselor and location.
    pub fn write_booking(
        &self,
        out: &mut crate::xml::XmlOut,
        booking: &crate::domain::Booking,
        with_id: bool,
    ) -> Result<(), Fault> {
        let counselor = self.store.counselor(&booking.counselor).map_err(|e| self.fault(&e))?;
        let location = match &booking.offer {
            Some(offer) => self.store.offer(offer).map_err(|e| self.fault(&e))?.location,
            None => None,
        };
        super::wire::booking_details(out, booking, &counselor, location.as_ref(), with_id);
        Ok(())
    }
}
