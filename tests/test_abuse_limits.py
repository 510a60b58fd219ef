"""Limits that bound the CPU a request may cost, not just its shape: the size of a
document before validation, the steps of a series in the cost, refused credentials
per address, every refusal a coded JSON answer, dates kept inside the calendar."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from starlette.testclient import TestClient

from netmap.api.settings import ApiSettings, Limits
from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings, create_app
from support.api import Api
from support.builders import organisation, person
from support.probe import StoreProbe


@contextmanager
def serving(store_settings: StoreSettings, **api: object) -> Iterator[TestClient]:
    with TestClient(create_app(AppSettings(store=store_settings, api=ApiSettings(**api)))) as client:  # type: ignore[arg-type]
        yield client


def _code(body: dict[str, object]) -> str:
    return str(body["errors"][0]["extensions"]["code"])  # type: ignore[index]


def test_many_selections_are_refused_before_validation(api: Api) -> None:
    """Well within the token limit, but repeated fields make graphql-core's
    overlapping-fields rule quadratic: refused from their count alone."""
    repeated = "{ organisations { nodes { " + " ".join(["name"] * 160) + " } } }"
    error = api.error(repeated)
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "count": 162, "limit": 100}
    assert "selections" in error["message"]
    assert api.data("{ organisations { nodes { " + " ".join(["name"] * 90) + " } } }") == {"organisations": {"nodes": []}}


def test_the_reported_abuse_document_is_refused_by_its_size(api: Api) -> None:
    """The shape that cost 1.5 s of CPU in validation before being refused for its cost:
    ~500 fields of the same name with selections. Now refused before validation, by its
    tokens or, with fewer tokens, by its selections."""
    document = "{ people { nodes { " + " ".join(["ties { contact { name } }"] * 165) + " } } }"
    assert api.error(document)["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": 1000}
    document = "{ people { nodes { " + " ".join(["ties { contact { name } }"] * 130) + " } } }"
    assert api.error(document)["extensions"] == {"code": "QUERY_TOO_COMPLEX", "count": 392, "limit": 100}


def test_fragments_that_spread_fragments_are_counted_spread(api: Api) -> None:
    """37 selections written, 5^6 walked by the depth and alias limiters (and 9^10 for ten
    fragments of nine spreads, which would never finish): refused before validation."""
    fragments = [f"fragment F{i} on Person {{ {' '.join([f'...F{i + 1}'] * 5)} }}" for i in range(6)]
    document = " ".join(fragments) + " fragment F6 on Person { name } { people { nodes { ...F0 } } }"
    error = api.error(document)
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "count": 5**6 + 2, "limit": 1000}
    assert "fragments spread" in error["message"]
    fragments = [f"fragment F{i} on Person {{ {' '.join([f'...F{i + 1}'] * 9)} }}" for i in range(10)]
    document = " ".join(fragments) + " fragment F10 on Person { name } { people { nodes { ...F0 } } }"
    assert api.error(document)["extensions"]["count"] == 9**10 + 2
    small = " ".join(f"fragment F{i} on Person {{ ...F{i + 1} ...F{i + 1} }}" for i in range(3))
    assert api.data(small + " fragment F3 on Person { name } { people { nodes { ...F0 } } }") == {"people": {"nodes": []}}


def test_anonymous_callers_may_send_smaller_documents(api: Api) -> None:
    fifty_five = "{ organisations { nodes { " + " ".join(["name"] * 53) + " } } }"
    assert api.data(fifty_five) == {"organisations": {"nodes": []}}
    assert api.as_(None).error(fifty_five)["extensions"] == {"code": "QUERY_TOO_COMPLEX", "count": 55, "limit": 50}
    unused = "query(" + ", ".join(f"$v{i}: Int" for i in range(110)) + ") { organisations { nodes { name } } }"
    assert api.as_(None).error(unused)["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": 400}
    assert {e["extensions"]["code"] for e in api(unused)["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}


def test_steps_of_a_series_count_in_the_cost(api: Api) -> None:
    """Each step of a person's history computes their measures again (~4 ms of CPU)."""
    weekly = '{ people(first: 5) { nodes { history(from: "2016-12-19", to: "2026-11-30", every: WEEK) { at } } } }'
    error = api.error(weekly)
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["cost"] > 5 * 520 * 150
    monthly = '{ people(first: 5) { nodes { history(from: "2025-12-01", to: "2026-11-30") { at } } } }'
    assert api.data(monthly) == {"people": {"nodes": []}}
    from_variables = "query($from: Date!) { people(first: 5) { nodes { history(from: $from) { at } } } }"
    assert api.data(from_variables, **{"from": "2025-12-01"}) == {"people": {"nodes": []}}
    assert api.error(from_variables, **{"from": "2016-12-19"})["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_a_cohort_trend_costs_per_step_by_the_cohort_it_covers(api: Api) -> None:
    """A step of a service's trend costs a service's figures; a step of an area's, an area's."""
    service = organisation(api, "Day Service", kind="SERVICE")
    weekly = '{i}: cohortTrend(cohort: {c}, from: "2016-12-19", to: "2026-11-30", every: WEEK) {{ at size }}'
    one = weekly.format(i="a", c=f'{{serviceId: "{service}"}}')
    assert len(api.data("{ " + one + " }")["a"]) == 520
    two = " ".join(weekly.format(i=f"a{i}", c=f'{{serviceId: "{service}"}}') for i in range(2))
    assert api.error("{ " + two + " }")["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    area = weekly.format(i="a", c='{area: "North"}')
    assert api.error("{ " + area + " }")["extensions"]["cost"] > 520 * 300
    monthly = '{ a: cohortTrend(cohort: {area: "North"}, from: "2024-11-30", to: "2026-11-30") { at size } }'
    assert len(api.data(monthly)["a"]) == 25


def test_refused_credentials_are_rate_limited_per_address(store_settings: StoreSettings, probe: StoreProbe) -> None:
    with serving(store_settings, limits=Limits(refused_per_minute=3)) as client:
        bad = {"Authorization": "Bearer nm_not-a-token"}
        statuses = [client.post("/graphql", json={"query": "{ me { role } }"}, headers=bad).status_code for _ in range(5)]
        limited = client.post("/graphql", json={"query": "{ me { role } }"}, headers=bad)
        anonymous = client.post("/graphql", json={"query": "{ organisations { nodes { name } } }"})
    assert statuses == [401, 401, 401, 429, 429]
    assert limited.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert limited.headers["retry-after"] == "60"
    assert anonymous.status_code == 200


DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        (b"{nope", "application/json", 400, "BAD_REQUEST"),
        (DEEP, "application/json", 400, "BAD_REQUEST"),
        (json.dumps({"query": "{ me { role } }", "variables": json.loads("[" * 40 + "]" * 40)}).encode(),
         "application/json", 400, "BAD_REQUEST"),
        (b'{"query": "{ me { role } }", "variables": ' + b'{"a":' * 40 + b"1" + b"}" * 40 + b"}",
         "application/json", 400, "BAD_REQUEST"),
        (b'"{ me { role } }"', "application/json", 400, "BAD_REQUEST"),
        (b"3", "application/json", 400, "BAD_REQUEST"),
        (b'[{"query": "{ me { role } }"}]', "application/json", 400, "BAD_REQUEST"),
        (b"{ me { role } }", "text/plain", 400, "BAD_REQUEST"),
        (b"{}", "application/json", 400, "BAD_REQUEST"),
        (b'{"query": "{ organisations { nodes { } } }"}', "application/json", 200, "GRAPHQL_VALIDATION_FAILED"),
        (b'{"query": "{ organisations { nodes { name } "}', "application/json", 200, "GRAPHQL_VALIDATION_FAILED"),
    ],
    ids=["malformed", "deeply nested", "nested list variables", "nested object variables", "a string", "a number",
         "a batch", "not json", "no query", "an empty selection", "a syntax error"],
)  # fmt: skip
def test_every_refusal_is_a_coded_json_answer(
    client: TestClient, content: bytes, content_type: str, status: int, code: str
) -> None:
    response = client.post("/graphql", content=content, headers={"content-type": content_type})
    assert (response.status_code, response.headers["content-type"]) == (status, "application/json")
    body = response.json()
    assert _code(body) == code and body["data"] is None
    assert "Traceback" not in response.text and "max()" not in response.text


def test_a_mutation_sent_with_get_is_a_coded_refusal(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": 'mutation { erasePerson(personId: "x") }'})
    assert response.status_code == 400 and _code(response.json()) == "BAD_REQUEST"
    put = client.put("/graphql", json={"query": "{ me { role } }"})
    assert put.status_code == 405 and put.headers["content-type"] == "application/json"


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31"])
def test_dates_outside_the_calendar_netmap_works_with_are_refused_with_a_code(api: Api, day: str) -> None:
    org = organisation(api, "Lunch Club")
    someone = person(api, "Ada")
    activity = api.data(
        'mutation($o: ID!) { createActivity(input: {organisationId: $o, title: "Lunch", '
        'schedule: {repeat: WEEKLY, weekday: MONDAY, starts: "2025-01-06"}}) { id } }',
        o=org,
    )["createActivity"]["id"]
    public = api.as_(None)(f'{{ activity(id: "{activity}") {{ nextSessions(after: "{day}") }} }}')
    assert _code(public) == "DATE_OUT_OF_RANGE"
    for query in (
        "query($d: Date!) { person(id: $p) { history(from: $d) { at } } }".replace("$p", f'"{someone}"'),
        'query($d: Date!) { cohortTrend(cohort: {area: "x"}, from: "2025-01-01", to: $d) { at } }',
        "query($d: Date!) { suggestions(personId: $p, at: $d) { score } }".replace("$p", f'"{someone}"'),
        f'query($d: Date!) {{ selfAssessment(serviceId: "{org}", at: $d) {{ at }} }}',
    ):
        body = api(query, d=day)
        assert [e["extensions"]["code"] for e in body["errors"]] == ["DATE_OUT_OF_RANGE"], (query, body)


def test_pages_refuse_dates_outside_the_calendar_with_400(api: Api) -> None:
    headers = {"Authorization": f"Bearer {api.token}"}
    for path in ("/services/x?to=0001-01-01", "/services/x?from=9999-12-01&to=9999-12-31",
                 "/people/x?at=0001-01-01", "/pictures/services/x/trend.svg?to=0001-01-05",
                 "/pictures/people/x/circles.svg?at=9999-12-31", "/exports/services/x/network.json?from=0001-01-01"):  # fmt: skip
        response = api.client.get(path, headers=headers)
        assert response.status_code == 400, (path, response.text)
        assert "out of range" in response.text


def test_the_limits_bench_measures_what_the_limits_accept() -> None:
    """`netmap limits-bench` measures the largest documents the caps let through and
    queries just under the cost limit; both must be what the limits would accept."""
    from netmap.devtools.limits_bench import FAMILIES, accepted_for_validation, cost_of, heavy_queries, largest, under_the_limit

    limits = Limits()
    for make in FAMILIES.values():
        assert accepted_for_validation(largest(make, limits.max_tokens, limits.max_selections), limits.max_tokens,
                                       limits.max_selections)  # fmt: skip
    for make in heavy_queries([f"p{i}" for i in range(1000)], "s", "North").values():
        assert limits.max_cost * 0.6 < cost_of(under_the_limit(make, limits.max_cost, 500)) <= limits.max_cost
