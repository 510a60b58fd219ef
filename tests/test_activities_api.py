"""Community groups over HTTP: activities and the directory, attendance and
the attendance rule, volunteering, the timebank — and bad input writing nothing."""

from __future__ import annotations

from typing import Any

import pytest

from support.api import Api
from support.builders import organisation, person
from support.probe import StoreProbe

CREATE = """
mutation($input: ActivityInput!) {
  createActivity(input: $input) { id title free status nextSessions(after: "2026-01-01", count: 3)
    schedule { repeat weekday } organisation { name } }
}
"""
DIRECTORY = """
query($interest: String, $area: String, $weekday: Weekday, $features: [String!], $free: Boolean, $text: String) {
  activities(interest: $interest, area: $area, weekday: $weekday, features: $features, free: $free, text: $text) {
    nodes { title }
  }
}
"""
ATTEND = """
mutation($activity: ID!, $date: Date!, $people: [ID!]!) {
  recordAttendance(input: {activityId: $activity, date: $date, personIds: $people}) { recorded newAttendees }
}
"""
PARTICIPATIONS = """
query($id: ID!, $at: Date) { person(id: $id) { participations(at: $at) { role title since organisation { name } } } }
"""


def _activity(api: Api, club: str, title: str, **fields: Any) -> dict[str, Any]:
    schedule = fields.pop("schedule", {"repeat": "WEEKLY", "starts": "2025-01-06", "weekday": "MONDAY"})
    made: dict[str, Any] = api.data(
        CREATE, input={"organisationId": club, "title": title, "schedule": schedule, **fields}
    )["createActivity"]
    return made


def test_register_an_activity_with_its_schedule(api: Api) -> None:
    club = organisation(api, "Make & Mend")
    made = _activity(
        api, club, "Craft morning", costPence=0,
        schedule={"repeat": "MONTHLY", "starts": "2025-01-01", "weekday": "TUESDAY", "weekOfMonth": 2, "at": "10:30:00"},
    )  # fmt: skip
    assert made["free"] is True and made["status"] == "ACTIVE"
    assert made["nextSessions"] == ["2026-01-13", "2026-02-10", "2026-03-10"]
    assert made["organisation"] == {"name": "Make & Mend"}


def test_directory_search_by_every_filter(api: Api) -> None:
    club = organisation(api, "Riverside Arts")
    _activity(api, club, "Painting for all", interests=["painting"], area="Riverside", costPence=0,
              accessibility=["step-free access", "accessible toilet"], description="Watercolours, all levels")  # fmt: skip
    _activity(api, club, "Evening life drawing", interests=["painting"], area="Riverside", costPence=500,
              schedule={"repeat": "WEEKLY", "starts": "2025-01-01", "weekday": "THURSDAY"})  # fmt: skip
    _activity(api, club, "Walking football", interests=["football"], area="Northfield", costPence=0,
              accessibility=["step-free access"])  # fmt: skip
    _activity(api, club, "Summer fair", costPence=0,
              schedule={"repeat": "ONE_OFF", "starts": "2026-07-04", "dates": ["2026-07-04"]})

    def titles(**filters: Any) -> list[str]:
        return [a["title"] for a in api.data(DIRECTORY, **filters)["activities"]["nodes"]]

    assert titles(interest="painting", features=["step-free access"], weekday="MONDAY", free=True) == ["Painting for all"]
    assert titles(free=False) == ["Evening life drawing"]
    assert titles(area="Northfield") == ["Walking football"]
    assert titles(weekday="SATURDAY") == ["Summer fair"]
    assert titles(text="watercolour") == ["Painting for all"]
    assert titles(features=["step-free access", "accessible toilet"]) == ["Painting for all"]


def test_paused_stays_listed_ended_leaves_the_directory(api: Api) -> None:
    club = organisation(api, "Club")
    made = _activity(api, club, "Choir")
    update = 'mutation($id: ID!, $s: ActivityStatus!) { updateActivity(id: $id, input: {status: $s}) { status nextSessions } }'
    assert api.data(update, id=made["id"], s="PAUSED")["updateActivity"] == {"status": "PAUSED", "nextSessions": []}
    assert [a["title"] for a in api.data(DIRECTORY)["activities"]["nodes"]] == ["Choir"]
    api.data(update, id=made["id"], s="ENDED")
    assert api.data(DIRECTORY)["activities"]["nodes"] == []


def test_bulk_attendance_and_the_attendee_rule(api: Api, probe: StoreProbe) -> None:
    club = organisation(api, "Make & Mend")
    crafts = _activity(api, club, "Craft morning")
    lily, joe, ann = person(api, "Lily"), person(api, "Joe"), person(api, "Ann")

    first = api.data(ATTEND, activity=crafts["id"], date="2025-01-06", people=[lily, joe, ann])
    again = api.data(ATTEND, activity=crafts["id"], date="2025-01-06", people=[lily, joe])
    api.data(ATTEND, activity=crafts["id"], date="2025-01-13", people=[lily, joe])
    third = api.data(ATTEND, activity=crafts["id"], date="2025-02-03", people=[lily])
    late = api.data(ATTEND, activity=crafts["id"], date="2025-06-02", people=[joe])

    assert first["recordAttendance"] == {"recorded": 3, "newAttendees": []}
    assert again["recordAttendance"]["recorded"] == 0
    assert third["recordAttendance"]["newAttendees"] == [lily]
    assert late["recordAttendance"]["newAttendees"] == [], "three sessions, but not within 90 days"
    [derived] = api.data(PARTICIPATIONS, id=lily, at="2025-03-01")["person"]["participations"]
    assert derived == {"role": "ATTENDEE", "title": "Craft morning", "since": "2025-01-06",
                       "organisation": {"name": "Make & Mend"}}  # fmt: skip
    assert probe.rows("MATCH ()-[r:PARTICIPATES {role: 'ATTENDEE'}]->() RETURN r.recorded_by AS by") == [
        {"by": "attendance rule"}
    ]


def test_volunteering_makes_a_volunteer(api: Api) -> None:
    club = organisation(api, "Make & Mend")
    crafts = _activity(api, club, "Craft morning")
    claire = person(api, "Claire")
    done = api.data(
        'mutation($a: ID!, $p: ID!) { recordVolunteering(input: {activityId: $a, personId: $p, date: "2025-01-06", hours: 2.5}) }',
        a=crafts["id"], p=claire,
    )["recordVolunteering"]  # fmt: skip
    assert done == {"personId": claire, "hours": 2.5, "becameVolunteer": True}
    roles = [p["role"] for p in api.data(PARTICIPATIONS, id=claire, at="2025-02-01")["person"]["participations"]]
    assert roles == ["VOLUNTEER"]


BAD: dict[str, tuple[str, str]] = {
    "activity ending before it starts": (
        "mutation($club: ID!) { createActivity(input: {organisationId: $club, title: 'X', "
        'schedule: {repeat: WEEKLY, weekday: MONDAY, starts: "2025-05-01", ends: "2025-04-01"}}) { id } }',
        "INVALID_INTERVAL",
    ),
    "weekly without a weekday": (
        'mutation($club: ID!) { createActivity(input: {organisationId: $club, title: "X", '
        'schedule: {repeat: WEEKLY, starts: "2025-05-01"}}) { id } }',
        "SCHEDULE_INCOMPLETE",
    ),
    "activity for unknown organisation": (
        'mutation { createActivity(input: {organisationId: "nowhere", title: "X", '
        'schedule: {repeat: WEEKLY, weekday: MONDAY, starts: "2025-05-01"}}) { id } }',
        "NOT_FOUND",
    ),
    "attendance for someone unknown": (
        'mutation($activity: ID!, $lily: ID!) { recordAttendance(input: {activityId: $activity, date: "2025-01-06", '
        'personIds: [$lily, "ghost"]}) { recorded } }',
        "NOT_FOUND",
    ),
    "attendance on a day without a session": (
        'mutation($activity: ID!, $lily: ID!) { recordAttendance(input: {activityId: $activity, date: "2025-01-07", '
        "personIds: [$lily]}) { recorded } }",
        "NOT_A_SESSION",
    ),
    "attendance at an unknown activity": (
        'mutation($lily: ID!) { recordAttendance(input: {activityId: "none", date: "2025-01-06", '
        "personIds: [$lily]}) { recorded } }",
        "NOT_FOUND",
    ),
    "negative hours volunteered": (
        'mutation($activity: ID!, $lily: ID!) { recordVolunteering(input: {activityId: $activity, personId: $lily, '
        'date: "2025-01-06", hours: -2}) }',
        "OUT_OF_RANGE",
    ),
    "negative timebank hours": (
        'mutation($lily: ID!, $club: ID!) { recordExchange(input: {giverId: $lily, receiverId: $club, hours: -1, '
        'date: "2025-01-06", what: "gardening"}) { id } }',
        "OUT_OF_RANGE",
    ),
    "timebank exchange with oneself": (
        'mutation($lily: ID!) { recordExchange(input: {giverId: $lily, receiverId: $lily, hours: 1, '
        'date: "2025-01-06", what: "gardening"}) { id } }',
        "SELF_EXCHANGE",
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_writes_nothing(api: Api, probe: StoreProbe, case: str) -> None:
    club = organisation(api, "Make & Mend")
    crafts = _activity(api, club, "Craft morning")
    lily = person(api, "Lily")
    query, code = BAD[case]
    variables = {k: v for k, v in {"club": club, "activity": crafts["id"], "lily": lily}.items() if f"${k}" in query}
    before = probe.state()

    error = api.error(query.replace("'X'", '"X"'), **variables)

    assert error["extensions"]["code"] == code, error
    assert probe.state() == before


SUGGEST = """
query($id: ID!, $at: Date, $all: Boolean = false) {
  suggestions(personId: $id, at: $at, includeUnsuitable: $all) { activity { title } reasons suitable missingFeatures score }
}
"""
TIE = 'mutation($a: ID!, $b: ID!) { recordTie(input: {personId: $a, otherId: $b, kind: FRIEND, since: "2020-01-01"}) { id } }'


def test_suggestions_say_why(api: Api) -> None:
    club = organisation(api, "Riverside Arts", area="Riverside")
    painting = _activity(api, club, "Painting for all", interests=["painting"], costPence=0, area="Riverside",
                         accessibility=["step-free access"])  # fmt: skip
    _activity(api, club, "Upstairs printmaking", interests=["painting"], accessibility=[])
    _activity(api, club, "Bridge club", interests=["cards"])
    kathy = person(api, "Kathy", interests=["painting", "green politics"], accessNeeds=["step-free access"], area="Riverside")
    joan, sam = person(api, "Joan"), person(api, "Sam")
    api.data(TIE, a=kathy, b=joan)
    api.data(TIE, a=kathy, b=sam)
    api.data(ATTEND, activity=painting["id"], date="2026-01-05", people=[joan, sam])

    found = api.data(SUGGEST, id=kathy, at="2026-01-10")["suggestions"]

    assert [s["activity"]["title"] for s in found] == ["Painting for all"]
    assert found[0]["reasons"] == [
        "matches their interest in painting",
        "2 people they know go: Joan and Sam",
        "in their area (Riverside)",
        "free",
        "has the access they need: step-free access",
    ]
    assert found[0]["score"] == 3 + 2 * 2 + 1 + 0.5
    marked = api.data(SUGGEST, id=kathy, at="2026-01-10", all=True)["suggestions"]
    assert [(s["activity"]["title"], s["suitable"], s["missingFeatures"]) for s in marked] == [
        ("Painting for all", True, []),
        ("Upstairs printmaking", False, ["step-free access"]),
    ]


def test_timebank_balance_and_buddies_and_assets(api: Api) -> None:
    bank = organisation(api, "Ashbridge Timebank", "TIMEBANK")
    jane = person(api, "Jane", skills=["gardening"], interests=["walking"])
    pete = person(api, "Pete", interests=["walking", "golf"], offersBuddying=True)
    exchange = 'mutation($g: ID!, $r: ID!, $h: Float!, $d: Date!) { recordExchange(input: {giverId: $g, receiverId: $r, hours: $h, date: $d, what: "help"}) { id } }'
    api.data(exchange, g=jane, r=bank, h=3.0, d="2025-05-01")
    api.data(exchange, g=bank, r=jane, h=1.0, d="2025-06-01")
    api.data(exchange, g=jane, r=pete, h=2.0, d="2025-07-01")

    timebank = 'query($id: ID!, $at: Date) { person(id: $id) { timebank(at: $at) { given received balance exchanges { hours } } } }'
    assert api.data(timebank, id=jane, at="2025-06-15")["person"]["timebank"] == {
        "given": 3.0, "received": 1.0, "balance": 2.0, "exchanges": [{"hours": 3.0}, {"hours": 1.0}],
    }  # fmt: skip
    buddies = api.data('query($id: ID!) { buddies(personId: $id) { person { name } sharedInterests } }', id=jane)
    assert buddies["buddies"] == [{"person": {"name": "Pete"}, "sharedInterests": ["walking"]}]
    assets = api.data('{ assets(offering: "Gardening") { nodes { name } } }')
    assert assets["assets"]["nodes"] == [{"name": "Jane"}]
