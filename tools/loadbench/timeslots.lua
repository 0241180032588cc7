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

bad = 0
response = function(status, headers, body)
  if status ~= 200 or not string.find(body, "BookingTimeslot", 1, true) then bad = bad + 1 end
end

local threads = {}
setup = function(thread) table.insert(threads, thread) end

-- An answer without a single BookingTimeslot counts as an error: it measures nothing.
done = function(summary, latency, requests)
  local empty = 0
  for _, thread in ipairs(threads) do empty = empty + thread:get("bad") end
  io.write(string.format("RESULT timeslots rps=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d empty_or_failed=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout, empty))
end
