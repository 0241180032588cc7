#!/usr/bin/env bash
# Load benchmark of ExternalBookingService on the demo data over plain HTTP keep-alive (wrk):
# GetSelfbookTimeslots for one offer (a one-day and a seven-day window), then the booking flow.
# Prints RESULT lines; copy the figures into BENCHMARKS.md with this command.
# Usage: tools/loadbench/run.sh [seconds]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"
here="$(pwd)/tools/loadbench"
cargo build --release --quiet
planner="$(pwd)/target/release/planner"
work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
caller="CVR:55568510-FID:loadbench"
"$planner" demo-data --json > demo.json 2>/dev/null
"$planner" callers add "$caller" --role dfdg --jobcenter 00101 > /dev/null
offer="$(python3 -c 'import json; print([o["id"] for o in json.load(open("demo.json"))["offers"] if o["name"] == "Jobsamtale"][0])')"
port=18443
RUST_LOG=warn "$planner" serve --insecure-http --listen "127.0.0.1:$port" 2> server.log &
server=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/ExternalBookingService"
export CALLER="$caller" OFFER="$offer"

# A whole working day in Copenhagen beyond the demo offers' 24-hour notice (so every answer
# holds free times), and the week from it.
day="$(python3 - <<'PY'
import datetime
d = datetime.date.today() + datetime.timedelta(days=2)
while d.weekday() >= 5:
    d += datetime.timedelta(days=1)
print(d.isoformat())
PY
)"
echo "machine: $(nproc) cores; server and wrk share them; window day $day"
# The measured answer must hold free times, or the run would measure nothing.
check="$(curl -s -H 'Content-Type: text/xml; charset=utf-8' -H "X-Planner-Caller: $caller" --data "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><GetSelfbookTimeslotsRequest xmlns=\"urn:planner:dfdg:ExternalBookingService:3\"><PersonCivilRegistrationIdentifier>0101851234</PersonCivilRegistrationIdentifier><InterviewOptionIdentifier>$offer</InterviewOptionIdentifier><BookingOptionIntervalStartTime>${day}T00:00:00</BookingOptionIntervalStartTime><BookingOptionIntervalEndTime>${day}T23:59:59</BookingOptionIntervalEndTime></GetSelfbookTimeslotsRequest></s:Body></s:Envelope>" "$url" | grep -o "<BookingTimeslot>" | wc -l)"
[ "$check" -gt 0 ] || { echo "the day's answer holds no free times" >&2; exit 1; }
echo "free times in the measured answer: $check"
FROM="${day}T00:00:00" TO="${day}T23:59:59" wrk -t1 -c16 -d"${seconds}s" --latency -s "$here/timeslots.lua" "$url" | grep RESULT | sed 's/timeslots/timeslots(1 day)/'
FROM="${day}T00:00:00" TO="$(date -d "$day +7 days" +%F)T00:00:00" wrk -t1 -c16 -d"${seconds}s" --latency -s "$here/timeslots.lua" "$url" | grep RESULT | sed 's/timeslots/timeslots(7 days)/'

# Free times for the flow, then the flow itself.
python3 - "$url" "$caller" "$offer" "$day" > slots.txt <<'PY'
import re, sys, urllib.request, datetime
url, caller, offer, day = sys.argv[1:5]
end = (datetime.date.fromisoformat(day) + datetime.timedelta(days=50)).isoformat()
body = ('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetSelfbookTimeslotsRequest xmlns="urn:planner:dfdg:ExternalBookingService:3">'
        f'<PersonCivilRegistrationIdentifier>0101851234</PersonCivilRegistrationIdentifier><InterviewOptionIdentifier>{offer}</InterviewOptionIdentifier>'
        f'<BookingOptionIntervalStartTime>{day}T00:00:00</BookingOptionIntervalStartTime><BookingOptionIntervalEndTime>{end}T00:00:00</BookingOptionIntervalEndTime>'
        '</GetSelfbookTimeslotsRequest></s:Body></s:Envelope>')
request = urllib.request.Request(url, body.encode(), {"Content-Type": "text/xml; charset=utf-8", "X-Planner-Caller": caller})
text = urllib.request.urlopen(request).read().decode()
for block in re.findall(r"<CaseWorkerTimeslot>(.*?)</CaseWorkerTimeslot>", text):
    worker = re.search(r"<CaseWorkerIdentifier>([^<]+)<", block).group(1)
    for start in re.findall(r"<StartTime>([^<]+)</StartTime>", block):
        print(start, worker)
PY
echo "free times for the flow: $(wc -l < slots.txt)"
# Two seconds: the demo offer has about 1,800 free times, which a longer run would exhaust.
SLOTS="$work/slots.txt" THREADS=8 wrk -t8 -c8 -d2s --latency -s "$here/booking.lua" "$url" | grep RESULT
