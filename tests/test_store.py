"""The store wrapper and migrations, against the real server."""

from __future__ import annotations

import asyncio

import pytest
from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from netmap.store.connection import open_store
from netmap.store.migrations import statements
from netmap.store.settings import StoreSettings
from support.paths import REPO
from support.probe import StoreProbe

pytestmark = pytest.mark.fast


class Boom(Exception):
    pass


async def _write_then_fail(tx: AsyncManagedTransaction) -> None:
    await tx.run("CREATE (:Person {id: 'half', name: 'Half'})")
    raise Boom


def test_a_failing_transaction_writes_nothing(store_settings: StoreSettings, probe: StoreProbe) -> None:
    async def run() -> None:
        async with open_store(store_settings) as store:
            await store.write(_write_then_fail)

    with pytest.raises(Boom):
        asyncio.run(run())
    assert probe.state() == set()


def test_migrations_are_idempotent_and_enforce_unique_ids(
    store_settings: StoreSettings, probe: StoreProbe
) -> None:
    async def migrate_twice() -> None:
        async with open_store(store_settings):
            pass
        async with open_store(store_settings):
            pass

    asyncio.run(migrate_twice())
    constraints = {row["name"] for row in probe.rows("SHOW CONSTRAINTS")}
    assert {"person_id", "organisation_id", "correction_id"} <= constraints
    probe.rows("CREATE (:Person {id: 'x', name: 'X'})")
    with pytest.raises(ConstraintError):
        probe.rows("CREATE (:Person {id: 'x', name: 'Y'})")


def test_schema_files_hold_only_idempotent_statements() -> None:
    found = statements(REPO / "netmap" / "store" / "schema")
    assert found, "no schema statements found"
    assert all("IF NOT EXISTS" in statement for statement in found)


def test_ping_reports_a_reachable_store(store_settings: StoreSettings) -> None:
    async def ping() -> bool:
        async with open_store(store_settings, migrate=False) as store:
            return await store.ping()

    assert asyncio.run(ping()) is True
