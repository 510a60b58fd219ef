"""Two planners at the same moment: writes really run concurrently against a
live server over loopback; one wins, the others get a clear conflict, and
nothing is duplicated or lost."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx

from support.probe import StoreProbe

RECORD = 'mutation($a: ID!, $b: ID!) { recordTie(input: {personId: $a, otherId: $b, kind: FRIEND, since: "2024-01-01"}) { id } }'
END = "mutation($id: ID!, $until: Date!) { endTie(id: $id, until: $until) { until } }"
WORLD = """
CREATE (:Person {id: 'a', name: 'Ann', name_key: 'ann', consent_mapped: true, recorded_by: 't', recorded_at: datetime()}),
       (:Person {id: 'b', name: 'Bob', name_key: 'bob', consent_mapped: true, recorded_by: 't', recorded_at: datetime()})
"""


async def _all_at_once(url: str, token: str, bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        responses = await asyncio.gather(*(client.post("/graphql", json=body) for body in bodies))
    return [r.json() for r in responses]


def _outcomes(bodies: list[dict[str, Any]]) -> Counter[str]:
    return Counter(b["errors"][0]["extensions"]["code"] if b.get("errors") else "OK" for b in bodies)


def test_concurrent_records_of_the_same_tie_make_one(live: tuple[str, str], probe: StoreProbe) -> None:
    probe.rows(WORLD)
    bodies = [{"query": RECORD, "variables": {"a": "a", "b": "b"} if i % 2 else {"a": "b", "b": "a"}} for i in range(8)]

    results = asyncio.run(_all_at_once(*live, bodies))

    assert _outcomes(results) == Counter({"OK": 1, "DUPLICATE_TIE": 7})
    assert probe.rows("MATCH (:Person {id: 'a'})-[t:TIE]-(:Person {id: 'b'}) RETURN count(t) AS n") == [{"n": 1}]


def test_concurrent_endings_lose_no_update(live: tuple[str, str], probe: StoreProbe) -> None:
    probe.rows(WORLD + " WITH 1 AS x MATCH (a:Person {id: 'a'}), (b:Person {id: 'b'}) "
               "CREATE (a)-[:TIE {id: 't', kind: 'FRIEND', since: date('2020-01-01'), recorded_by: 't', recorded_at: datetime()}]->(b)")  # fmt: skip
    dates = [f"2025-0{month}-01" for month in range(1, 9)]
    bodies = [{"query": END, "variables": {"id": "t", "until": d}} for d in dates]

    results = asyncio.run(_all_at_once(*live, bodies))

    assert _outcomes(results) == Counter({"OK": 1, "ALREADY_ENDED": 7})
    [winner] = [r["data"]["endTie"]["until"] for r in results if not r.get("errors")]
    stored = probe.rows("MATCH ()-[t:TIE {id: 't'}]->() RETURN toString(t.until) AS until")
    assert stored == [{"until": winner}]


def _post(url: str, token: str, query: str, **variables: Any) -> dict[str, Any]:
    """One request that must succeed, to set the scene."""
    body: dict[str, Any] = httpx.post(
        f"{url}/graphql", json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"}, timeout=60,
    ).json()  # fmt: skip
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


ASSIGN = "mutation($planner: String!, $ids: [ID!]!) { assignCaseload(planner: $planner, personIds: $ids) }"


def test_concurrent_assignments_of_one_person_make_one_link(live: tuple[str, str], probe: StoreProbe) -> None:
    probe.rows(WORLD)
    bodies = [{"query": ASSIGN, "variables": {"planner": "planner-1", "ids": ["a"]}} for _ in range(8)]

    results = asyncio.run(_all_at_once(*live, bodies))

    assert _outcomes(results) == Counter({"OK": 8})
    assert sum(r["data"]["assignCaseload"] for r in results) == 1
    assert probe.rows("MATCH (:Account)-[l:PLANS_FOR]->(:Person {id: 'a'}) RETURN count(l) AS n") == [{"n": 1}]


def test_concurrent_first_calls_for_a_new_planner_make_one_account(live: tuple[str, str], probe: StoreProbe) -> None:
    people = [f"p{i}" for i in range(8)]
    probe.rows(
        "UNWIND $ids AS id CREATE (:Person {id: id, name: id, name_key: id, consent_mapped: true, "
        "recorded_by: 't', recorded_at: datetime()})",
        ids=people,
    )
    bodies = [{"query": ASSIGN, "variables": {"planner": "new-planner", "ids": [p]}} for p in people]

    results = asyncio.run(_all_at_once(*live, bodies))

    assert _outcomes(results) == Counter({"OK": 8})
    assert probe.rows("MATCH (a:Account {subject: 'new-planner'}) RETURN count(a) AS n") == [{"n": 1}]
    assert probe.rows("MATCH (:Account {subject: 'new-planner'})-[l:PLANS_FOR]->() RETURN count(l) AS n") == [{"n": 8}]


ACTIVITY = """
mutation($org: ID!) { createActivity(input: {organisationId: $org, title: "Choir",
  schedule: {repeat: WEEKLY, starts: "2025-01-06", weekday: MONDAY}}) { id } }
"""
ATTEND = """
mutation($activity: ID!, $date: Date!) {
  recordAttendance(input: {activityId: $activity, date: $date, personIds: ["a"]}) { recorded newAttendees }
}
"""


def _choir(url: str, token: str, probe: StoreProbe) -> str:
    probe.rows(WORLD + " CREATE (:Organisation {id: 'club', name: 'Club', name_key: 'club', kind: 'COMMUNITY_GROUP', "
               "recorded_by: 't', recorded_at: datetime()})")  # fmt: skip
    return str(_post(url, token, ACTIVITY, org="club")["createActivity"]["id"])


def test_concurrent_records_of_one_attendance_make_one(live: tuple[str, str], probe: StoreProbe) -> None:
    choir = _choir(*live, probe)
    bodies = [{"query": ATTEND, "variables": {"activity": choir, "date": "2025-01-06"}} for _ in range(8)]

    results = asyncio.run(_all_at_once(*live, bodies))

    assert _outcomes(results) == Counter({"OK": 8})
    assert sum(r["data"]["recordAttendance"]["recorded"] for r in results) == 1
    assert probe.rows("MATCH (:Person {id: 'a'})-[r:ATTENDED]->() RETURN count(r) AS n") == [{"n": 1}]


def test_concurrent_attendances_derive_one_participation(live: tuple[str, str], probe: StoreProbe) -> None:
    """Two sessions already; eight more at once: the rule makes the person an attendee once."""
    choir = _choir(*live, probe)
    for day in ("2025-01-06", "2025-01-13"):
        _post(*live, ATTEND, activity=choir, date=day)
    mondays = [f"2025-02-{d:02d}" for d in (3, 10, 17, 24)] + [f"2025-03-{d:02d}" for d in (3, 10, 17, 24)]
    bodies = [{"query": ATTEND, "variables": {"activity": choir, "date": day}} for day in mondays]

    results = asyncio.run(_all_at_once(*live, bodies))

    assert _outcomes(results) == Counter({"OK": 8})
    assert sum(len(r["data"]["recordAttendance"]["newAttendees"]) for r in results) == 1
    assert probe.rows("MATCH (:Person {id: 'a'})-[r:PARTICIPATES {role: 'ATTENDEE'}]->() RETURN count(r) AS n") == [{"n": 1}]
    assert probe.rows("MATCH (:Person {id: 'a'})-[r:ATTENDED]->() RETURN count(r) AS n") == [{"n": 10}]


UPDATE = "mutation($id: ID!, $input: ActivityUpdateInput!) { updateActivity(id: $id, input: $input) { title description } }"


def test_concurrent_activity_changes_keep_the_search_key_whole(live: tuple[str, str], probe: StoreProbe) -> None:
    """Half change the title, half the description: the search key follows both."""
    choir = _choir(*live, probe)
    changes = [{"title": f"Choir {i}"} if i % 2 else {"description": f"Singing {i}"} for i in range(8)]
    bodies = [{"query": UPDATE, "variables": {"id": choir, "input": change}} for change in changes]

    results = asyncio.run(_all_at_once(*live, bodies))

    assert _outcomes(results) == Counter({"OK": 8})
    [stored] = probe.rows("MATCH (a:Activity {id: $id}) RETURN a.title AS title, a.description AS d, a.search_key AS key", id=choir)
    assert stored["title"] != "Choir" and stored["d"] is not None
    assert stored["key"] == f"{stored['title']} {stored['d']}".casefold()
