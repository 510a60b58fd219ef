"""A backup restored into an empty store gives an identical graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient
from typer.testing import CliRunner

from netmap.cli import app
from netmap.store.embedded import EmbeddedServer
from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings, create_app
from support.builders import store_options
from support.probe import StoreProbe

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
    assert any('"closeness": "CLOSEST"' in link for link in original[1]), "the tie answers are in the backup"


def test_a_file_that_is_not_a_backup_is_refused(store_settings: StoreSettings, probe: StoreProbe, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "something-else"}))
    result = runner.invoke(app, [*store_options(store_settings), "restore", str(bad)])
    assert result.exit_code == 2 and "format" in result.output
    assert probe.state() == set()


def _backup_file(tmp_path: Path, nodes: list[dict[str, Any]], relationships: list[dict[str, Any]]) -> Path:
    file = tmp_path / "crafted.json"
    file.write_text(json.dumps({"format": "netmap-backup", "version": 1, "nodes": nodes, "relationships": relationships}))
    return file


PERSON = {"labels": ["Person"], "props": {"id": "p1", "name": "Ann", "name_key": "ann"}}


def test_a_backup_naming_anything_netmap_does_not_write_is_refused_before_writing(
    store_settings: StoreSettings, probe: StoreProbe, tmp_path: Path
) -> None:
    """Names go into Cypher text: one with a backtick could carry Cypher of its own."""
    crafted = _backup_file(
        tmp_path,
        [PERSON, {"labels": ["Person`) WITH n MATCH (m) DETACH DELETE m //"], "props": {"id": "p2"}},
         {"labels": ["Person"], "props": {"id": "p3", "password`": "x"}}],
        [{"type": "TIE]->(b) DETACH DELETE b //", "props": {},
          "start": {"label": "Person", "key": "id", "value": "p1"}, "end": {"label": "Person", "key": "id", "value": "p3"}},
         {"type": "TIE", "props": {}, "start": {"label": "Person", "key": "id`})", "value": "p1"},
          "end": {"label": "Person", "key": "id", "value": "p3"}}],
    )  # fmt: skip

    result = runner.invoke(app, [*store_options(store_settings), "restore", str(crafted)])

    assert result.exit_code == 2, result.output
    assert result.output.count("UNKNOWN_NAME") == 4
    assert probe.rows("MATCH (n) WHERE NOT (n:ChangeFeed OR n:Change) RETURN count(n) AS n") == [{"n": 0}]  # the feed is bookkeeping


def test_a_restore_that_fails_half_way_leaves_the_store_as_it_was(
    store_settings: StoreSettings, probe: StoreProbe, tmp_path: Path
) -> None:
    """Nodes first, then a relationship whose end is not in the file: the counts do not
    match, and nothing of it is kept, so the next attempt is not refused."""
    broken = _backup_file(
        tmp_path,
        [PERSON] * 1 + [{"labels": ["Person"], "props": {"id": f"q{i}", "name": "Q", "name_key": "q"}} for i in range(2500)],
        [{"type": "TIE", "props": {"id": "t1", "kind": "FRIEND"},
          "start": {"label": "Person", "key": "id", "value": "p1"}, "end": {"label": "Person", "key": "id", "value": "missing"}}],
    )  # fmt: skip

    result = runner.invoke(app, [*store_options(store_settings), "restore", str(broken)])

    assert result.exit_code == 1 and "nothing was kept" in result.output, result.output
    assert probe.rows("MATCH (n) WHERE NOT (n:ChangeFeed OR n:Change) RETURN count(n) AS n") == [{"n": 0}]  # the feed is bookkeeping
