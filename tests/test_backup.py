"""A backup restored into an empty store gives an identical graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient
from typer.testing import CliRunner

from helpers import store_options
from conftest import StoreProbe
from netmap.cli import app
from netmap.store.embedded import EmbeddedServer
from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings, create_app

runner = CliRunner()



def _everything(probe: StoreProbe) -> tuple[list[str], list[str]]:
    """Every node and relationship, with all properties and types, comparable across stores."""

    def plain(row: dict[str, Any]) -> str:
        return json.dumps(row, sort_keys=True, default=lambda v: f"{type(v).__name__}:{v}")

    # The change feed is the store's own bookkeeping: a restore starts its own (docs/architecture.md).
    nodes = probe.rows("MATCH (n) WHERE NOT (n:ChangeFeed OR n:Change) RETURN labels(n) AS labels, properties(n) AS props")
    links = probe.rows(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, properties(r) AS props, "
        "coalesce(a.id, a.subject) AS start, coalesce(b.id, b.subject) AS end"
    )
    return sorted(plain(n) for n in nodes), sorted(plain(link) for link in links)


def test_backup_then_restore_round_trips(
    store_settings: StoreSettings, probe: StoreProbe, tmp_path: Path
) -> None:
    with TestClient(create_app(AppSettings(store=store_settings, demo=True))) as client:
        token = probe.token("admin", "backup-admin")
        client.post("/graphql", json={"query": "{ people { nodes { name } } }"}, headers={"Authorization": f"Bearer {token}"})
    original = _everything(probe)
    file = tmp_path / "netmap.json.gz"

    made = runner.invoke(app, [*store_options(store_settings), "backup", str(file)])
    assert made.exit_code == 0, made.output

    with EmbeddedServer(tmp_path / "other", "netmap") as server:
        endpoint = server.endpoint
        other = StoreSettings(uri=endpoint.uri, user=endpoint.user, password=endpoint.password, database=endpoint.database)
        restored = runner.invoke(app, [*store_options(other), "restore", str(file)])
        assert restored.exit_code == 0, restored.output
        from neo4j import GraphDatabase

        with GraphDatabase.driver(endpoint.uri, auth=(endpoint.user, endpoint.password)) as driver:
            copy = _everything(StoreProbe(driver, endpoint.database))
        again = runner.invoke(app, [*store_options(other), "restore", str(file)])
        assert again.exit_code == 1 and "empty store" in again.output

    assert copy == original
    assert len(original[0]) > 100 and len(original[1]) > 500, "the demo, a token and audit entries"


def test_a_file_that_is_not_a_backup_is_refused(store_settings: StoreSettings, probe: StoreProbe, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "something-else"}))
    result = runner.invoke(app, [*store_options(store_settings), "restore", str(bad)])
    assert result.exit_code == 2 and "format" in result.output
    assert probe.state() == set()
