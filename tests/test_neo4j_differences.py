"""Where Neo4j differs from the embedded store: times as Neo4j writes them, the audit
log's order within one second, and a store that is not up yet when netmap starts."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

import pytest

from netmap.store._convert import parse_time
from netmap.store.connection import open_store
from netmap.store.embedded import Endpoint
from netmap.store.errors import StoreUnavailable
from netmap.store.settings import StoreSettings
from support.api import Api
from support.probe import StoreProbe

UTC = timezone.utc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01T10:00:00.123+01:00", datetime(2024, 5, 1, 10, 0, 0, 123000, timezone(timedelta(hours=1)))),
        ("2024-05-01T10:00Z", datetime(2024, 5, 1, 10, 0, tzinfo=UTC)),
        ("2024-05-01T10:00:07.1Z", datetime(2024, 5, 1, 10, 0, 7, 100000, UTC)),
        ("2024-05-01T10:00:07.123456789Z", datetime(2024, 5, 1, 10, 0, 7, 123456, UTC)),
        ("2024-05-01T10:00:07.5-03:30[America/St_Johns]", datetime(2024, 5, 1, 10, 0, 7, 500000, timezone(-timedelta(hours=3, minutes=30)))),
        ("2024-05-01T10:00:07", datetime(2024, 5, 1, 10, 0, 7, tzinfo=UTC)),
        ("2024-05-01T10:00:07+0530", datetime(2024, 5, 1, 10, 0, 7, tzinfo=timezone(timedelta(hours=5, minutes=30)))),
    ],
)
def test_times_in_every_iso_form_the_stores_write(text: str, expected: datetime) -> None:
    found = parse_time(text)
    assert found == expected and found.utcoffset() == expected.utcoffset()


def test_text_that_is_not_a_time_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_time("yesterday")


PAGE = """
query($after: String) { auditLog(first: 1, after: $after) { nodes { operation } pageInfo { endCursor hasNextPage } } }
"""


def test_the_audit_log_is_in_time_order_within_one_second(api: Api, probe: StoreProbe) -> None:
    """Zoned times as Neo4j stores them: as text '…:00Z' sorts after '…:00.5Z'."""
    for operation, at in [("first", "2025-01-01T12:00:00Z"), ("second", "2025-01-01T12:00:00.5Z"), ("third", "2025-01-01T12:00:01Z")]:
        probe.rows(
            "CREATE (:AuditEntry {id: $op, at: datetime($at), subject: 's', role: 'admin', action: 'READ', operation: $op})",
            op=operation,
            at=at,
        )
    seen, after = [], None
    while True:
        page = api.data(PAGE, after=after)["auditLog"]
        seen += [n["operation"] for n in page["nodes"] if n["operation"] in ("first", "second", "third")]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["third", "second", "first"]


def test_a_cursor_that_is_not_a_time_is_bad_input(api: Api) -> None:
    cursor = base64.urlsafe_b64encode(json.dumps(["not a time", "x"]).encode()).decode()
    assert api.error(PAGE, after=cursor)["extensions"]["code"] == "INVALID_INPUT"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _store_up_after(delay_s: float, port: int, target: Endpoint) -> Iterator[None]:
    """After ``delay_s``, a loopback port that passes every connection on to the store."""
    loop = asyncio.new_event_loop()
    target_url = urlsplit(target.uri)

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    connections: set[asyncio.Task[Any]] = set()

    async def forward(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        connections.add(asyncio.current_task())  # type: ignore[arg-type]
        server_r, server_w = await asyncio.open_connection(target_url.hostname, target_url.port)
        await asyncio.gather(pipe(client_r, server_w), pipe(server_r, client_w))

    async def serve() -> None:
        await asyncio.sleep(delay_s)
        server = await asyncio.start_server(forward, "127.0.0.1", port)
        try:
            async with server:
                await server.serve_forever()
        finally:
            for task in connections:
                task.cancel()
            await asyncio.gather(*connections, return_exceptions=True)

    async def stop() -> None:
        """Cancel every task of the forwarder's loop and wait until each has finished."""
        others = asyncio.all_tasks() - {asyncio.current_task()}
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
        await asyncio.sleep(0.1)  # the closed transports' callbacks run

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(serve(), loop)
    try:
        yield
    finally:
        asyncio.run_coroutine_threadsafe(stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


def test_netmap_waits_for_a_store_that_is_not_up_yet(endpoint: Endpoint, caplog: pytest.LogCaptureFixture) -> None:
    port = _free_port()
    settings = StoreSettings(uri=f"bolt://127.0.0.1:{port}", user=endpoint.user, password=endpoint.password,
                             database=endpoint.database, wait_s=60)  # fmt: skip

    async def open_and_ping() -> bool:
        async with open_store(settings, migrate=False) as store:
            return await store.ping()

    with _store_up_after(2.0, port, endpoint), caplog.at_level(logging.WARNING, "netmap.store"):
        assert asyncio.run(open_and_ping())
    assert any("does not answer yet" in r.getMessage() for r in caplog.records)


def test_netmap_gives_up_on_a_store_that_stays_down_with_a_clear_message() -> None:
    settings = StoreSettings(uri=f"bolt://127.0.0.1:{_free_port()}", user="neo4j", password="x", wait_s=1.5)

    async def open_it() -> None:
        async with open_store(settings, migrate=False):
            pass

    with pytest.raises(StoreUnavailable, match="(?s)within 1.5 s.*NETMAP_DB_WAIT_S"):
        asyncio.run(open_it())


def test_a_wrong_password_is_not_waited_for(endpoint: Endpoint) -> None:
    settings = StoreSettings(uri=endpoint.uri, user=endpoint.user, password="not-the-password",
                             database=endpoint.database, wait_s=600)  # fmt: skip

    async def open_it() -> None:
        async with open_store(settings, migrate=False):
            pass

    with pytest.raises(StoreUnavailable, match="refused the user name or password"):
        asyncio.run(open_it())
