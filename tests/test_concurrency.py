"""Two planners at the same moment: writes really run concurrently against a
live server over loopback; one wins, the others get a clear conflict, and
nothing is duplicated or lost."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx

from conftest import StoreProbe

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
