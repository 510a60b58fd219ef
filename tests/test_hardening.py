"""The OWASP GraphQL limits, JWTs from an identity provider, and production mode."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import jwt
import pytest
from starlette.testclient import TestClient

from netmap.api.settings import ApiSettings, JwtSettings, Limits, Mode
from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings, create_app
from support.api import Api
from support.probe import StoreProbe
from support.worlds import build_world

SECRET = "a-test-secret-that-is-long-enough-for-hs256"


@contextmanager
def serving(store_settings: StoreSettings, **api: object) -> Iterator[TestClient]:
    with TestClient(create_app(AppSettings(store=store_settings, api=ApiSettings(**api)))) as client:  # type: ignore[arg-type]
        yield client


def _code(response: object) -> str:
    body = response.json()  # type: ignore[attr-defined]
    return str(body["errors"][0]["extensions"]["code"])


def test_deep_queries_are_refused(api: Api) -> None:
    deep = "{ people { nodes { " + "ties { contact { " * 5 + "name" + " } }" * 5 + " } } }"
    errors = api(deep)["errors"]
    assert {e["extensions"]["code"] for e in errors} == {"QUERY_TOO_COMPLEX"}
    assert any("maximum operation depth of 10" in e["message"] for e in errors)


def test_too_many_aliases_are_refused(api: Api) -> None:
    aliased = "{ " + " ".join(f"a{i}: organisations {{ nodes {{ name }} }}" for i in range(16)) + " }"
    assert api.error(aliased)["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_costly_queries_are_refused_with_the_estimate(api: Api) -> None:
    costly = "{ people(first: 100) { nodes { ties { contact { participations { organisation { participants(first: 100) { nodes { role } } } } } } } } }"
    error = api.error(costly)
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["cost"] > error["extensions"]["limit"]


def test_too_many_tokens_are_refused(store_settings: StoreSettings, probe: StoreProbe) -> None:
    token = probe.token("admin", "limits")
    with serving(store_settings, limits=Limits(max_tokens=50)) as client:
        query = "{ organisations { nodes { " + " ".join(["name"] * 60) + " } } }"
        response = client.post("/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"})
        assert _code(response) == "QUERY_TOO_COMPLEX"


def test_big_bodies_are_refused(store_settings: StoreSettings, probe: StoreProbe) -> None:
    with serving(store_settings, limits=Limits(max_body_bytes=1000)) as client:
        response = client.post("/graphql", json={"query": "{ me { role } }", "pad": "x" * 2000})
        assert (response.status_code, _code(response)) == (413, "REQUEST_TOO_LARGE")


def test_rate_limit_per_token(store_settings: StoreSettings, probe: StoreProbe) -> None:
    token = probe.token("admin", "busy")
    other = probe.token("admin", "calm")
    with serving(store_settings, limits=Limits(rate_per_minute=3)) as client:
        statuses = [
            client.post("/graphql", json={"query": "{ me { role } }"}, headers={"Authorization": f"Bearer {token}"}).status_code
            for _ in range(4)
        ]
        calm = client.post("/graphql", json={"query": "{ me { role } }"}, headers={"Authorization": f"Bearer {other}"})
    assert statuses == [200, 200, 200, 429]
    assert calm.status_code == 200


def test_slow_requests_time_out(store_settings: StoreSettings, probe: StoreProbe) -> None:
    token = probe.token("admin", "slow")
    with serving(store_settings, limits=Limits(timeout_s=0.000001)) as client:
        response = client.post(
            "/graphql", json={"query": "{ people { nodes { name } } }"}, headers={"Authorization": f"Bearer {token}"}
        )
    assert (response.status_code, _code(response)) == (503, "TIMEOUT")


def test_production_hides_introspection_and_graphiql(store_settings: StoreSettings, probe: StoreProbe) -> None:
    with serving(store_settings, mode=Mode.PRODUCTION) as client:
        introspection = client.post("/graphql", json={"query": "{ __schema { types { name } } }"})
        ide = client.get("/graphql", headers={"accept": "text/html"})
        public = client.post("/graphql", json={"query": "{ organisations { nodes { name } } }"})
    assert _code(introspection) == "GRAPHQL_VALIDATION_FAILED"
    assert ide.status_code != 200 or "graphiql" not in ide.text.lower()
    assert public.json()["data"] == {"organisations": {"nodes": []}}


def test_development_serves_graphiql_and_introspection(api: Api) -> None:
    ide = api.client.get("/graphql", headers={"accept": "text/html"})
    assert ide.status_code == 200 and "graphiql" in ide.text.lower()
    assert api.data("{ __schema { queryType { name } } }") == {"__schema": {"queryType": {"name": "Query"}}}


def test_cors_allows_only_listed_origins(store_settings: StoreSettings, probe: StoreProbe) -> None:
    with serving(store_settings, cors_origins=("https://planner.example",)) as client:
        def preflight(origin: str) -> int:
            return client.options(
                "/graphql",
                headers={"origin": origin, "access-control-request-method": "POST"},
            ).status_code

        assert preflight("https://planner.example") == 200
        assert preflight("https://elsewhere.example") == 400


def _jwt(claims: dict[str, object], key: str = SECRET) -> str:
    return jwt.encode({"exp": datetime.now(timezone.utc) + timedelta(minutes=5), **claims}, key, algorithm="HS256")


@pytest.mark.parametrize(
    ("claims", "key", "status", "role"),
    [
        ({"sub": "ann", "netmap_role": "service_manager", "netmap_scope": "day"}, SECRET, 200, "SERVICE_MANAGER"),
        ({"sub": "ann", "netmap_role": "service_manager"}, SECRET, 401, None),
        ({"sub": "ann", "netmap_role": "overlord"}, SECRET, 401, None),
        ({"sub": "ann", "netmap_role": "admin"}, "another-secret-of-sufficient-length-xx", 401, None),
        ({"sub": "ann", "netmap_role": "admin", "exp": 1}, SECRET, 401, None),
    ],
    ids=["valid", "scope missing", "unknown role", "wrong key", "expired"],
)
def test_jwts_from_an_identity_provider(
    store_settings: StoreSettings, probe: StoreProbe, claims: dict[str, object], key: str, status: int, role: str | None
) -> None:
    build_world(probe)
    settings = {"jwt": JwtSettings(key=SECRET, algorithms=("HS256",))}
    with serving(store_settings, **settings) as client:
        response = client.post(
            "/graphql",
            json={"query": '{ me { role } people { nodes { name } } }'},
            headers={"Authorization": f"Bearer {_jwt(claims, key)}"},
        )
    assert response.status_code == status
    if role:
        assert response.json()["data"] == {"me": {"role": role}, "people": {"nodes": [{"name": "Vera"}]}}
    else:
        assert _code(response) == "UNAUTHENTICATED"
