//! What the domain's table tests share: one self-booked booking whose interval, status, billing
//! and change flags each test chooses.

use crate::domain::{
    Booking, BookingId, BookingStatus, ChangeFlags, Channel, CounselorId, Interval, JobCenterCode, Originator,
};

/// A self-booked, compulsory booking of jobcenter 00101 over `interval`.
pub(crate) fn booking(
    interval: Interval,
    status: BookingStatus,
    billed: bool,
    changes: ChangeFlags,
) -> Booking {
    Booking {
        id: BookingId::parse("0f8fad5b-d9cb-469f-a165-70867728950e").unwrap(),
        counselor: CounselorId::parse("1f8fad5b-d9cb-469f-a165-70867728950e").unwrap(),
        jobcenter: JobCenterCode::parse("00101").unwrap(),
        offer: None,
        interval,
        status,
        channel: Channel::SelfBooking,
        originator: Originator { code: 101, type_id: 8 },
        interview_type: 7,
        form_type: 1,
        contact_type: 1,
        changes,
        compulsory: true,
        self_booked: true,
        group_meeting: None,
        digital_link: None,
        lapsed_reason: None,
        billed,
        version: 1,
    }
}
