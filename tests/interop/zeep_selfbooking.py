"""Runs the DFDG self-booking flow against a running planner with zeep, a SOAP client that no one
on this project wrote: it loads the served WSDL and schemas and builds every request from them.

Usage: zeep_selfbooking.py WSDL_URL CALLER CPR JOBCENTER CONTACT_GROUP OTHER_CPR
Exits 0 after printing "ok" when the flow worked; any failure raises.
"""

import datetime
import sys

import requests
import zeep
from zeep.exceptions import Fault
from zeep.transports import Transport


def main(wsdl_url, caller, cpr, jobcenter, contact_group, other_cpr):
    session = requests.Session()
    # On the plain-HTTP test listener the caller is named by a header (contract section 1).
    session.headers["X-Planner-Caller"] = caller
    client = zeep.Client(wsdl_url, transport=Transport(session=session))
    service = client.service

    options = service.GetSelfbookInterviewOptions(
        PersonCivilRegistrationIdentifier=cpr,
        JobCenterCode=jobcenter,
        ContactGroupTypeIdentifier=int(contact_group),
    )
    offers = options if isinstance(options, list) else options["InterviewOption"]
    assert offers, "no interview options"
    offer = offers[0]
    offer_id = offer["InterviewOptionIdentifier"]

    workers = service.GetSelfbookCaseWorkers(
        PersonCivilRegistrationIdentifier=cpr, InterviewOptionIdentifier=offer_id
    )
    supervisors = workers if isinstance(workers, list) else workers["Supervisor"]
    assert supervisors, "no caseworkers"

    now = datetime.datetime.now(datetime.timezone.utc)
    slots = service.GetSelfbookTimeslots(
        PersonCivilRegistrationIdentifier=cpr,
        InterviewOptionIdentifier=offer_id,
        # Two days ahead, so that the offer's 24-hour cancellation deadline has not passed.
        BookingOptionIntervalStartTime=now + datetime.timedelta(days=2),
        BookingOptionIntervalEndTime=now + datetime.timedelta(days=16),
    )
    per_worker = slots if isinstance(slots, list) else slots["CaseWorkerTimeslot"]
    first = per_worker[0]
    timeslots = first["BookingTimeslotCollection"]["BookingTimeslot"]
    start = timeslots[0]["StartTime"]
    worker_id = first["Supervisor"]["CaseWorkerIdentifier"]

    details = service.GetBookingDetails(
        PersonCivilRegistrationIdentifier=cpr,
        InterviewOptionIdentifier=offer_id,
        StartTime=start,
        CaseWorkerIdentifier=worker_id,
    )
    reservation = details["ReservationIdentifier"]
    assert details["BookingStartTime"] == start, (details["BookingStartTime"], start)

    booking = service.CreateBooking(PersonCivilRegistrationIdentifier=cpr, ReservationIdentifier=reservation)
    booking_id = booking["BookingIdentifier"]
    assert booking["BookingStatus"] == "Booked"
    assert booking["SelfBooked"] is True
    again = service.CreateBooking(PersonCivilRegistrationIdentifier=cpr, ReservationIdentifier=reservation)
    assert again["BookingIdentifier"] == booking_id, "CreateBooking is idempotent"

    bookings = service.GetBookings(PersonCivilRegistrationIdentifier=cpr)
    listed = bookings if isinstance(bookings, list) else bookings["Booking"]
    assert [b["BookingIdentifier"] for b in listed] == [booking_id]

    try:
        # Another citizen asks for the time just booked.
        service.GetBookingDetails(
            PersonCivilRegistrationIdentifier=other_cpr,
            InterviewOptionIdentifier=offer_id,
            StartTime=start,
            CaseWorkerIdentifier=worker_id,
        )
        raise AssertionError("a taken time must be refused")
    except Fault as fault:
        code = fault.detail.find(".//{urn:planner:dfdg:ExternalBookingService:3}ErrorCode").text
        assert code == "4770", code

    service.CancelBooking(PersonCivilRegistrationIdentifier=cpr, BookingIdentifier=booking_id)
    after = service.GetBookings(PersonCivilRegistrationIdentifier=cpr)
    listed = after if isinstance(after, list) else after["Booking"]
    assert [b["BookingStatus"] for b in listed] == ["Cancelled"]
    print("ok")


if __name__ == "__main__":
    main(*sys.argv[1:7])
