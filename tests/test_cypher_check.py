"""The Neo4j check of `make test`: the store records every Cypher text it sends when
NETMAP_CYPHER_LOG is set, and Neo4j's own front end (tools/cypher-check) fails on
errors, deprecations and names netmap does not declare, but not on parameters."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from neo4j import AsyncGraphDatabase, AsyncManagedTransaction

from netmap.store import cypher_log
from netmap.store.connection import Store
from netmap.store.embedded import Endpoint
from netmap.store.names import as_json
from support.paths import REPO

CHECK = REPO / "tools" / "cypher-check"


async def _two_statements(tx: AsyncManagedTransaction) -> None:
    for _ in range(2):
        await (await tx.run("MATCH (p:Person {id: $id}) RETURN p.name AS name", id="x")).consume()
    await (await tx.run("RETURN 1 AS one")).consume()


def test_the_store_records_each_distinct_statement_once(
    endpoint: Endpoint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "statements.jsonl"
    monkeypatch.setenv(cypher_log.ENV, str(log))

    async def run() -> None:
        driver = AsyncGraphDatabase.driver(endpoint.uri, auth=(endpoint.user, endpoint.password))
        store = Store(driver, endpoint.database)
        try:
            await store.read(_two_statements)
            await store.write(_two_statements)
            await store.ping()
        finally:
            await store.close()

    asyncio.run(run())

    lines = [json.loads(line)["cypher"] for line in log.read_text().splitlines()]
    assert lines == ["MATCH (p:Person {id: $id}) RETURN p.name AS name", "RETURN 1 AS one", "RETURN 1 AS ok"]


@pytest.mark.skipif(
    shutil.which("node") is None or not (CHECK / "node_modules").is_dir(),
    reason="the Cypher check needs Node.js and `npm ci` in tools/cypher-check (make test does both)",
)
def test_the_check_fails_on_errors_deprecations_and_unknown_names(tmp_path: Path) -> None:
    statements = {
        "MATCH (p:Person {id: $id}) RETURN p.name AS name": None,
        "UNWIND $rows AS row MATCH (p:Person {id: row.anything}) RETURN p.id AS id": None,
        "MATCH (p:Person) RETURN p ORDER BY": "error: Invalid input",
        "MATCH (p:Person) RETURN id(p) AS i": "deprecated function",
        "MATCH (p:Persn) RETURN p.id AS id": "Label Persn is not present",
        "MATCH (p:Person) RETURN p.nmae AS n": "nmae is not present",
    }
    log, names = tmp_path / "statements.jsonl", tmp_path / "names.json"
    log.write_text("".join(json.dumps({"cypher": s}) + "\n" for s in statements))
    names.write_text(as_json())

    done = subprocess.run(["node", str(CHECK / "check.mjs"), str(log), str(names)], capture_output=True, text=True, timeout=600)

    assert done.returncode == 1, done.stdout + done.stderr
    failures = done.stdout.split("Failures")[1]
    for statement, expected in statements.items():
        if expected is None:
            assert statement not in failures
        else:
            assert expected in failures and statement in failures
    assert "6 distinct statements x 2 versions = 12 checks" in done.stdout
