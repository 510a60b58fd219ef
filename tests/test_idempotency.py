"""A retried request with the same Idempotency-Key returns the first answer and writes nothing twice."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from urllib.parse import urlsplit

from datetime import date, datetime, time as clock, timezone

import httpx
import pytest

from netmap.api.settings import ApiSettings, Limits
from netmap.domain import records
from netmap.domain.activities import Activity, Repeat, Schedule, Weekday
from netmap.domain.kinds import TieKind
from netmap.domain.records import Recorded
from netmap.domain.self_reports import Instrument, SelfReport
from netmap.domain.valid_time import Period
from netmap.store.attendance import AttendanceResult
from netmap.store.connection import RETRY_TIME_S
from netmap.store.embedded import Endpoint
from netmap.store.idempotency import decode_result, encode_result
from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings
from support.api import Api, serving
from support.bolt_router import BoltRouter
from support.builders import person
from support.probe import StoreProbe

TIMEOUT_S = 15.0

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


def test_a_retry_after_a_crash_between_commit_and_saved_answer_gets_the_answer(
    endpoint: Endpoint, probe: StoreProbe
) -> None:
    """The link to the store is cut whenever the answer is being saved, so the request
    dies after its write committed. Retried once it is surely over, the key answers
    with the tie that was written (rendered again from the kept result), not 409."""
    probe.rows(
        "CREATE (:Person {id: 'a', name: 'Ann', name_key: 'ann', consent_mapped: true, recorded_by: 't', recorded_at: datetime()}), "
        "(:Person {id: 'b', name: 'Bob', name_key: 'bob', consent_mapped: true, recorded_by: 't', recorded_at: datetime()})"
    )
    token = probe.token("admin", "crash-admin")
    body = {"query": RECORD, "variables": {"a": "a", "b": "b"}}
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "crash"}
    target = urlsplit(endpoint.uri)
    with BoltRouter(str(target.hostname), int(target.port or 0), endpoint.database) as router:
        store = StoreSettings(uri=f"bolt://127.0.0.1:{router.ports['WRITE']}", user=endpoint.user,
                              password=endpoint.password, database=endpoint.database)  # fmt: skip
        # A time limit well above the store's retry time: the retry below comes while the first
        # request still counts as running, however busy the machine (the 409 is what is tested).
        api = ApiSettings(limits=Limits(timeout_s=TIMEOUT_S))
        with serving(AppSettings(store=store, api=api)) as url:
            router.cut = b"SET i.response"
            started = time.monotonic()
            first = httpx.post(f"{url}/graphql", json=body, headers=headers, timeout=60)
            time.sleep(max(0.0, started + RETRY_TIME_S + 1 - time.monotonic()))  # saving the answer has given up
            router.cut = None  # the store is back: the retry's lookup reaches it
            soon = httpx.post(f"{url}/graphql", json=body, headers=headers, timeout=60)
            answered = time.monotonic()
            never_saved = probe.rows("MATCH (i:IdempotentRequest) RETURN i.response IS NULL AS missing")
            time.sleep(max(0.0, answered + float(soon.headers["Retry-After"]) - time.monotonic()))
            later = httpx.post(f"{url}/graphql", json=body, headers=headers, timeout=60)
            again = httpx.post(f"{url}/graphql", json=body, headers=headers, timeout=60)

    assert first.status_code == 503
    assert never_saved == [{"missing": True}]
    [tie] = probe.rows("MATCH ()-[t:TIE]->() RETURN t.id AS id, toString(t.since) AS since")
    assert soon.status_code == 409 and soon.json()["errors"][0]["extensions"]["code"] == "IDEMPOTENCY_IN_PROGRESS"
    assert later.status_code == 200, later.text
    assert later.headers.get("Idempotent-Replayed") == "true"
    assert later.json() == {"data": {"recordTie": tie}}
    assert again.json() == later.json() and again.headers.get("Idempotent-Replayed") == "true"
    assert _ties(probe) == 1


def test_kept_results_come_back_equal() -> None:
    """Every kind of result a write returns survives being kept as text."""
    at = Recorded("someone", datetime(2025, 3, 1, 12, 30, 15, 123456, tzinfo=timezone.utc))
    period = Period(date(2024, 1, 1), date(2025, 1, 1))
    results = [
        3,
        {"personId": "p", "hours": 1.5, "becameVolunteer": True, "nested": [{"$dict-like": "text"}]},
        records.Person("p", "Ann", at, interests=("gardening",), consent=records.Consent(True, False, True, at)),
        records.Tie("t", "p", "q", TieKind.FRIEND, period, at, label="school friend",
                    corrections=(records.Correction(at, "wrong date", {"since": date(2023, 1, 1), "kind": "FRIEND"}),)),  # fmt: skip
        Activity("x", "o", "Choir", Schedule(Repeat.WEEKLY, date(2025, 1, 6), weekday=Weekday.MONDAY, at=clock(10, 30)), at),
        AttendanceResult("x", date(2025, 1, 6), 2, ["p", "q"]),
        SelfReport("s", "p", Instrument.ONS, date(2025, 2, 1), (), "never", None, "not lonely", at),
    ]
    for result in results:
        again = decode_result(encode_result(result))
        assert again == result and repr(again) == repr(result)  # str enums stay enums


def test_only_netmaps_own_records_are_made_again() -> None:
    with pytest.raises(ValueError):
        decode_result('{"$record": "subprocess:Popen", "fields": {"args": "true"}}')
