-- wrk script: the booking flow (GetBookingDetails, then CreateBooking with its reservation),
-- each flow by a new citizen on the next free time from SLOTS (a file of "start caseworker" lines).
-- Environment: OFFER, SLOTS, CALLER, THREADS. Run with one connection per thread (-tN -cN): the
-- flow's state lives in the thread. Counts flows that ended in a booking.
local threads = {}
local counter = 0

setup = function(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
  table.insert(threads, thread)
end

init = function(args)
  slots = {}
  for line in io.lines(os.getenv("SLOTS")) do
    local start, worker = line:match("^(%S+) (%S+)$")
    if start then table.insert(slots, { start, worker }) end
  end
  stride = tonumber(os.getenv("THREADS") or "1")
  next_slot = thread_id
  citizen = 0
  pending = nil
  booked = 0
  refused = 0
end

local function envelope(op, fields)
  return '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><' .. op
    .. 'Request xmlns="urn:planner:dfdg:ExternalBookingService:3">' .. fields .. '</' .. op
    .. 'Request></s:Body></s:Envelope>'
end

-- One day-of-month per thread (at most 28 threads), so citizens never repeat across threads.
local function cpr(n)
  return string.format("%02d0185%04d", thread_id, n % 10000)
end

local function headers(op)
  return {
    ["Content-Type"] = "text/xml; charset=utf-8",
    ["X-Planner-Caller"] = os.getenv("CALLER"),
    ["SOAPAction"] = '"urn:planner:dfdg:ExternalBookingService:3/' .. op .. '"',
  }
end

request = function()
  if pending then
    local body = envelope("CreateBooking", "<PersonCivilRegistrationIdentifier>" .. pending.cpr
      .. "</PersonCivilRegistrationIdentifier><ReservationIdentifier>" .. pending.reservation
      .. "</ReservationIdentifier>")
    return wrk.format("POST", "/ExternalBookingService", headers("CreateBooking"), body)
  end
  local slot = slots[((next_slot - 1) % #slots) + 1]
  next_slot = next_slot + stride
  citizen = citizen + 1
  current = cpr(citizen)
  local body = envelope("GetBookingDetails", "<PersonCivilRegistrationIdentifier>" .. current
    .. "</PersonCivilRegistrationIdentifier><InterviewOptionIdentifier>" .. os.getenv("OFFER")
    .. "</InterviewOptionIdentifier><StartTime>" .. slot[1] .. "</StartTime><CaseWorkerIdentifier>"
    .. slot[2] .. "</CaseWorkerIdentifier>")
  return wrk.format("POST", "/ExternalBookingService", headers("GetBookingDetails"), body)
end

response = function(status, headers, body)
  if pending then
    if status == 200 then booked = booked + 1 else refused = refused + 1 end
    pending = nil
    return
  end
  local reservation = body:match("<ReservationIdentifier>([^<]+)</ReservationIdentifier>")
  if status == 200 and reservation then
    pending = { cpr = current, reservation = reservation }
  else
    refused = refused + 1
  end
end

done = function(summary, latency, requests)
  local booked_total, refused_total = 0, 0
  for _, thread in ipairs(threads) do
    booked_total = booked_total + thread:get("booked")
    refused_total = refused_total + thread:get("refused")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT booking requests_per_s=%.0f bookings_per_s=%.0f p50_ms=%.2f p99_ms=%.2f bookings=%d refused=%d\n",
    summary.requests / seconds, booked_total / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    booked_total, refused_total))
end
