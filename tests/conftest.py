"""Shared fixtures: one real embedded ArcadeDB server for the session, an empty
database for each test, and the API reached over HTTP as a client would."""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from neo4j import Driver, GraphDatabase
import uvicorn
from starlette.testclient import TestClient

from netmap.store.accounts import new_token, token_hash
from netmap.store.feed import STAMP
from netmap.store.embedded import EmbeddedServer, Endpoint
from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings, create_app


# No per-example deadlines: speed is measured by `netmap bench`, never asserted in tests.
settings.register_profile(
    "netmap", deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("netmap")

# The embedded stores of a test run live for seconds to minutes, so their JVM compiles
# with C1 only: the optimising C2 compiler costs more CPU warming up than it saves in
# that time (docs/architecture.md). A long-running service keeps the JVM's defaults.
os.environ.setdefault("ARCADEDB_JVM_ARGS", "-XX:TieredStopAtLevel=1")


@pytest.fixture(scope="session")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    with EmbeddedServer(tmp_path_factory.mktemp("store"), "netmap") as server:
        yield server.endpoint


@pytest.fixture(scope="session")
def store_settings(endpoint: Endpoint) -> StoreSettings:
    """Settings a deployment would use: a Bolt URI, user, password and database."""
    return StoreSettings(
        uri=endpoint.uri, user=endpoint.user, password=endpoint.password, database=endpoint.database
    )


@pytest.fixture(scope="session")
def driver(endpoint: Endpoint) -> Iterator[Driver]:
    """A plain driver for tests to look at the store directly."""
    with GraphDatabase.driver(endpoint.uri, auth=(endpoint.user, endpoint.password)) as d:
        yield d


class StoreProbe:
    """Reads the store directly, to check what an API call did or did not write."""

    def __init__(self, driver: Driver, database: str) -> None:
        self.driver = driver
        self.database = database

    def rows(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        records, _, _ = self.driver.execute_query(cypher, params, database_=self.database)
        return [r.data() for r in records]

    def changed_outside(self) -> None:
        """Put a write made here, outside netmap, on the change feed, as a tool that writes its own Cypher must."""
        self.rows(STAMP, epoch=str(uuid.uuid4()), ids=[], full=True, at=datetime.now(timezone.utc))

    def clear(self) -> None:
        self.rows("MATCH (n) DETACH DELETE n")

    def token(
        self,
        role: str,
        subject: str,
        scope: str | None = None,
        expires: datetime | None = None,
        revoked: bool = False,
    ) -> str:
        """Store a token as `netmap token create` would, and return it."""
        token = new_token()
        self.rows(
            "MERGE (a:Account {subject: $subject}) CREATE (t:Token)-[:OF]->(a) SET t = $props",
            subject=subject,
            props={
                "id": f"token-{subject}-{role}-{len(token)}-{token[-6:]}",
                "name": subject,
                "subject": subject,
                "role": role,
                "scope_id": scope,
                "hash": token_hash(token),
                "created_at": datetime.now(timezone.utc),
                "expires_at": expires,
                "revoked_at": datetime.now(timezone.utc) if revoked else None,
            },
        )
        return token

    def state(self) -> set[str]:
        """Every record of the community (not tokens, nor the audit log) as comparable strings."""
        nodes = self.rows(
            "MATCH (n) WHERE NOT (n:AuditEntry OR n:Token OR n:Account OR n:ChangeFeed OR n:Change) "
            "RETURN labels(n) AS l, properties(n) AS p"
        )
        links = self.rows(
            "MATCH (a)-[r]->(b) WHERE NOT type(r) IN ['OF'] "
            "RETURN type(r) AS t, a.id AS a, b.id AS b, properties(r) AS p"
        )
        return {json.dumps(row, sort_keys=True, default=str) for row in nodes + links}


@pytest.fixture
def probe(driver: Driver, endpoint: Endpoint) -> StoreProbe:
    found = StoreProbe(driver, endpoint.database)
    found.clear()
    return found


class Api:
    """Posts GraphQL over HTTP, as the holder of ``token``, and hands back the JSON body."""

    def __init__(self, client: TestClient, token: str | None = None) -> None:
        self.client = client
        self.token = token

    def as_(self, token: str | None) -> Api:
        """The same client, with another token (None: anonymous)."""
        return Api(self.client, token)

    def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = self.client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def data(self, query: str, **variables: Any) -> dict[str, Any]:
        """The data of a request that must succeed."""
        body = self(query, **variables)
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result

    def error(self, query: str, **variables: Any) -> dict[str, Any]:
        """The single error of a request that must fail."""
        body = self(query, **variables)
        assert body.get("errors"), f"expected an error, got {body}"
        assert len(body["errors"]) == 1, body["errors"]
        error: dict[str, Any] = body["errors"][0]
        return error


# The test apps apply the change feed when asked only, not also every second in the
# background, so that tests counting store transactions count only their own.


@pytest.fixture
def client(store_settings: StoreSettings, probe: StoreProbe) -> Iterator[TestClient]:
    with TestClient(create_app(AppSettings(store=store_settings, analysis_follow_s=0))) as test_client:
        yield test_client


ADMIN = "test-admin"


@pytest.fixture
def api(client: TestClient, probe: StoreProbe) -> Api:
    """The API as an admin."""
    return Api(client, probe.token("admin", ADMIN))


@pytest.fixture
def demo_api(store_settings: StoreSettings, probe: StoreProbe) -> Iterator[Api]:
    with TestClient(create_app(AppSettings(store=store_settings, demo=True, analysis_follow_s=0))) as test_client:
        yield Api(test_client, probe.token("admin", ADMIN))


@contextmanager
def serving(settings: AppSettings) -> Iterator[str]:
    """The app on a real server on a free loopback port, for the block's length; its URL."""
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture
def live(store_settings: StoreSettings, probe: StoreProbe) -> Iterator[tuple[str, str]]:
    """A real server on a free loopback port, and an admin token."""
    with serving(AppSettings(store=store_settings)) as url:
        yield url, probe.token("admin", "concurrent-admin")


REPO = Path(__file__).resolve().parents[1]
