"""Calendar connector reconciliation with zeep in strict mode (a SOAP client no one on this
project wrote): it loads the served ExternalCalendarService WSDL, pushes one good and one bad
event, reads every receipt (Accepted and Rejected) and finds its own event id in GetEvents.

Usage: zeep_calendar.py WSDL_URL CALLER RESOURCE_EMAIL START_ISO
Exits 0 after printing "ok" when everything was read; any failure raises.
"""

import datetime
import sys

import requests
import zeep
from zeep.transports import Transport


def main(wsdl_url, caller, email, start_iso):
    session = requests.Session()
    # On the plain-HTTP test listener the caller is named by a header (contract section 1).
    session.headers["X-Planner-Caller"] = caller
    client = zeep.Client(wsdl_url, transport=Transport(session=session), settings=zeep.Settings(strict=True))
    service = client.service
    start = datetime.datetime.fromisoformat(start_iso)
    hour = datetime.timedelta(hours=1)
    events = [
        {"EventIdentifier": "zeep-1", "ResourceEmail": email, "StartTime": start, "EndTime": start + hour},
        {"EventIdentifier": "zeep-2", "ResourceEmail": email, "StartTime": start + hour, "EndTime": start},
    ]
    answer = service.CreateEvents(EventCollection={"Event": events})
    receipts = answer if isinstance(answer, list) else answer["Receipt"]
    got = [(r["EventIdentifier"], r["Status"], r["Outcome"], r["ErrorCode"]) for r in receipts]
    assert got == [("zeep-1", "Accepted", "Created", None), ("zeep-2", "Rejected", None, "EndBeforeStart")], got
    assert receipts[0]["ConflictCount"] == 0 and receipts[1]["ErrorText"], receipts

    found = service.GetEvents(
        ResourceEmail=email, IntervalStartTime=start - hour, IntervalEndTime=start + 2 * hour
    )
    planner_events = found if isinstance(found, list) else found["PlannerEvent"]
    mine = [e for e in planner_events if e["ExternalEventIdentifier"] == "zeep-1"]
    assert len(mine) == 1, planner_events
    assert mine[0]["EventIdentifier"] != "zeep-1", "EventIdentifier is the planner's id"
    assert all(e["LastModified"] is not None for e in planner_events), planner_events
    print("ok")


if __name__ == "__main__":
    main(*sys.argv[1:5])
