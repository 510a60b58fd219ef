"""``netmap serve --workers 2``: two worker processes on one port share one embedded
store, which the supervising process starts again if it dies."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from netmap.domain.access import AccessRole, Principal
from netmap.devtools.load import wait_until_ready
from netmap.store.accounts import create_token
from netmap.store.connection import open_store
from netmap.store.embedded import _free_port
from netmap.store.settings import StoreSettings
from support.builders import CONSENTED
from support.ops import CREATE_PERSON

pytestmark = pytest.mark.slow

PERSON = "query($id: ID!) { person(id: $id) { name } }"
TIE = 'mutation($a: ID!, $b: ID!) { recordTie(input: {personId: $a, otherId: $b, kind: FRIEND, since: "2020-01-01"}) { id } }'
MEASURES = "query($id: ID!) { person(id: $id) { measures { unpaidTies } } }"


def _children(pid: int) -> list[int]:
    return [int(c) for t in Path(f"/proc/{pid}/task").iterdir() for c in (t / "children").read_text().split()]


def _command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def _store_pid(serve: int) -> int:
    (found,) = [c for c in _children(serve) if "netmap.store._arcadedb_process" in _command_line(c)]
    return found


async def _token(settings: StoreSettings) -> str:
    async with open_store(settings) as store:
        now = datetime.now(timezone.utc)
        token, _ = await store.write(create_token, Principal("workers", AccessRole.ADMIN), "workers", now, now + timedelta(hours=1))
    return token


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, str]]:
    token = asyncio.run(_token(StoreSettings(data_dir=tmp_path)))
    port = _free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "netmap.cli", "--data-dir", str(tmp_path), "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, "NETMAP_MODE": "production"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url)
        yield serve, url, token
    finally:
        if serve.poll() is None:
            serve.send_signal(signal.SIGTERM)
            serve.wait(timeout=60)


def test_two_workers_share_one_store_that_outlives_a_crash(served: tuple[subprocess.Popen[bytes], str, str]) -> None:
    serve, url, token = served
    store = _store_pid(serve.pid)
    workers = [c for c in _children(serve.pid) if c != store and "spawn_main" in _command_line(c)]
    assert len(workers) == 2

    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:

        def ask(query: str, **variables: object) -> dict:
            body = client.post("/graphql", json={"query": query, "variables": variables}).json()
            assert "errors" not in body, body
            return dict(body["data"])

        made = ask(CREATE_PERSON, input={"name": "Shared by workers"})["createPerson"]["id"]
        # New connections each time, so both workers answer some of these.
        seen = {httpx.post(f"{url}/graphql", json={"query": PERSON, "variables": {"id": made}},
                           headers={"Authorization": f"Bearer {token}"}).json()["data"]["person"]["name"]
                for _ in range(20)}  # fmt: skip
        assert seen == {"Shared by workers"}

        os.kill(store, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while _store_pid_or_none(serve.pid) in (None, store) and time.monotonic() < deadline:
            time.sleep(0.2)
        wait_until_ready(url)
        restarted = _store_pid(serve.pid)
        assert restarted != store
        assert ask(PERSON, id=made)["person"]["name"] == "Shared by workers"

    serve.send_signal(signal.SIGTERM)
    serve.wait(timeout=60)
    assert not Path(f"/proc/{restarted}").exists(), "the store stops with the service"


def test_a_write_through_one_worker_is_in_the_next_answer_of_either(
    served: tuple[subprocess.Popen[bytes], str, str],
) -> None:
    """Every request on a new connection, so the two workers take turns at random: a worker that
    kept its own copy of the network would answer some of these with an old count."""
    _, url, token = served
    headers = {"Authorization": f"Bearer {token}"}

    def ask(query: str, **variables: object) -> dict:
        body = httpx.post(f"{url}/graphql", json={"query": query, "variables": variables}, headers=headers, timeout=30).json()
        assert "errors" not in body, body
        return dict(body["data"])

    ann = ask(CREATE_PERSON, input={"name": "Ann", "consent": CONSENTED})["createPerson"]["id"]
    for _ in range(6):  # both workers have read the store
        assert ask(MEASURES, id=ann)["person"]["measures"]["unpaidTies"] == 0
    for n in range(1, 13):
        friend = ask(CREATE_PERSON, input={"name": f"Friend {n}", "consent": CONSENTED})["createPerson"]["id"]
        ask(TIE, a=ann, b=friend)
        assert ask(MEASURES, id=ann)["person"]["measures"]["unpaidTies"] == n
        assert ask(MEASURES, id=friend)["person"]["measures"]["unpaidTies"] == 1


def _store_pid_or_none(serve: int) -> int | None:
    try:
        return _store_pid(serve)
    except ValueError:
        return None
