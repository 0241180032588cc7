-- wrk script: GetSelfbookTimeslots for one offer over a window, as DFDG sends it.
-- Environment: OFFER, FROM, TO (xs:dateTime), CALLER.
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/xml; charset=utf-8"
wrk.headers["X-Planner-Caller"] = os.getenv("CALLER")
wrk.headers["SOAPAction"] = '"urn:planner:dfdg:ExternalBookingService:3/GetSelfbookTimeslots"'
wrk.body = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
  .. '<GetSelfbookTimeslotsRequest xmlns="urn:planner:dfdg:ExternalBookingService:3">'
  .. '<PersonCivilRegistrationIdentifier>0101851234</PersonCivilRegistrationIdentifier>'
  .. '<InterviewOptionIdentifier>' .. os.getenv("OFFER") .. '</InterviewOptionIdentifier>'
  .. '<BookingOptionIntervalStartTime>' .. os.getenv("FROM") .. '</BookingOptionIntervalStartTime>'
  .. '<BookingOptionIntervalEndTime>' .. os.getenv("TO") .. '</BookingOptionIntervalEndTime>'
  .. '</GetSelfbookTimeslotsRequest></s:Body></s:Envelope>'

-- No response() callback: parsing 30 kB answers in Lua would cost wrk as much CPU as the server
-- spends answering, on the same two cores. run.sh checks beforehand that the answer holds times.
done = function(summary, latency, requests)
  io.write(string.format("RESULT timeslots rps=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
