"""A retried request with the same Idempotency-Key returns the first answer and writes nothing twice."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from conftest import Api, StoreProbe
from helpers import person

RECORD = 'mutation($a: ID!, $b: ID!) { recordTie(input: {personId: $a, otherId: $b, kind: FRIEND, since: "2024-01-01"}) { id since } }'


def _post(api: Api, key: str, variables: dict[str, str]) -> httpx.Response:
    return api.client.post(
        "/graphql",
        json={"query": RECORD, "variables": variables},
        headers={"Authorization": f"Bearer {api.token}", "Idempotency-Key": key},
    )


def _ties(probe: StoreProbe) -> int:
    return int(probe.rows("MATCH ()-[t:TIE]->() RETURN count(t) AS n")[0]["n"])


def test_a_retry_returns_the_first_answer_and_writes_nothing(api: Api, probe: StoreProbe) -> None:
    a, b = person(api, "Ann"), person(api, "Bob")

    first = _post(api, "retry-1", {"a": a, "b": b})
    second = _post(api, "retry-1", {"a": a, "b": b})

    assert first.json()["data"]["recordTie"]["id"]
    assert second.json() == first.json()
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert _ties(probe) == 1
    without_key = api(RECORD, a=a, b=b)
    assert without_key["errors"][0]["extensions"]["code"] == "DUPLICATE_TIE"


def test_a_key_reused_for_another_request_is_refused(api: Api, probe: StoreProbe) -> None:
    a, b, c = person(api, "Ann"), person(api, "Bob"), person(api, "Cat")
    _post(api, "reused", {"a": a, "b": b})
    other = _post(api, "reused", {"a": a, "b": c})
    assert other.status_code == 422
    assert other.json()["errors"][0]["extensions"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert _ties(probe) == 1


def test_a_refused_request_can_be_retried_with_its_key(api: Api, probe: StoreProbe) -> None:
    a = person(api, "Ann")
    refused = _post(api, "fix-and-retry", {"a": a, "b": a})
    assert refused.json()["errors"][0]["extensions"]["code"] == "SELF_TIE"
    assert probe.rows("MATCH (i:IdempotentRequest) RETURN count(i) AS n") == [{"n": 0}]


def test_concurrent_retries_write_once(live: tuple[str, str], probe: StoreProbe) -> None:
    url, token = live
    probe.rows(
        "CREATE (:Person {id: 'a', name: 'Ann', name_key: 'ann', consent_mapped: true, recorded_by: 't', recorded_at: datetime()}), "
        "(:Person {id: 'b', name: 'Bob', name_key: 'bob', consent_mapped: true, recorded_by: 't', recorded_at: datetime()})"
    )
    body = {"query": RECORD, "variables": {"a": "a", "b": "b"}}

    async def burst() -> list[httpx.Response]:
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "burst"}
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as client:
            return list(await asyncio.gather(*(client.post("/graphql", json=body) for _ in range(6))))

    responses = asyncio.run(burst())

    outcomes = Counter(
        "replayed" if r.headers.get("Idempotent-Replayed") else
        (r.json()["errors"][0]["extensions"]["code"] if r.json().get("errors") else "OK")
        for r in responses
    )  # fmt: skip
    assert outcomes["OK"] == 1
    assert set(outcomes) <= {"OK", "replayed", "IDEMPOTENCY_IN_PROGRESS", "DUPLICATE_TIE"}
    assert _ties(probe) == 1
