"""Load and soak: many concurrent clients against a running netmap over loopback.

``netmap load`` builds a synthetic community in a fresh embedded store, starts
``netmap serve`` on it as a separate process, and for a bounded time drives it
with concurrent clients mixing person reads and tie writes (each write with an
Idempotency-Key). After each acknowledged write a client's next request reads
the person's measures on a new connection (so on whichever worker takes it)
and checks that the new contact is among them: an answer without it is a
stale read. Then it stops the service with SIGTERM, reopens the store and
checks that every acknowledged write is there and none is doubled. It prints
throughput, latency percentiles, errors by kind, stale reads and the
service's memory at the start and the end. Nothing is asserted: the figures
are read.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx

from netmap.domain.access import AccessRole, Principal
from netmap.store.accounts import create_token
from netmap.store.bulk import rows_from_records, write_rows
from netmap.store.connection import open_store
from netmap.store.embedded import _free_port
from netmap.store.settings import StoreSettings
from netmap.devtools.synthetic import generate

READ = "query($id: ID!) { person(id: $id) { name ties { kind contact { name } } participations { role } } }"
WRITE = 'mutation($a: ID!, $b: ID!) { recordTie(input: {personId: $a, otherId: $b, kind: ACQUAINTANCE, since: "2026-01-01"}) { id } }'
MEASURES = 'query($id: ID!) { person(id: $id) { measures(at: "2026-06-01") { circles { participation { id } } } } }'
"""An ACQUAINTANCE puts the other person in the participation circle (docs/measures.md)."""


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    acknowledged: list[str] = field(default_factory=list)
    checked: int = 0
    """Measures read right after a client's acknowledged write."""
    stale: int = 0
    """Of those, answers that did not show the write."""


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def wait_until_ready(url: str, seconds: float = 120) -> None:
    """Return once ``url``'s ``/readyz`` answers 200; RuntimeError after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} was not ready within {seconds:g} s")


def wait_until_analysing(url: str, token: str, seconds: float = 600) -> None:
    """Return once five measures reads in a row, each on a new connection, are answered
    (every worker has read the store); RuntimeError after ``seconds``."""
    deadline = time.monotonic() + seconds
    body = {"query": "{ people(first: 1) { nodes { measures { unpaidTies } } } }"}
    answered = 0
    while answered < 5:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer analysis questions within {seconds:g} s")
        response = httpx.post(f"{url}/graphql", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        answered = answered + 1 if response.status_code == 200 and "errors" not in response.json() else 0
        if not answered:
            time.sleep(0.5)


def _cpu_s(pid: int) -> float:
    """CPU time (user + system) a process has used so far, in seconds; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    try:
        children = [int(c) for t in Path(f"/proc/{pid}/task").iterdir() for c in (t / "children").read_text().split()]
    except OSError:
        return []
    return [found for child in children for found in (child, *_descendants(child))]


def _is_store(pid: int) -> bool:
    try:
        return b"netmap.store._arcadedb_process" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _service_rss_mb(pid: int) -> float | None:
    """Resident memory of the service: its process and its workers, not the store."""
    found = [_rss_mb(p) for p in (pid, *(p for p in _descendants(pid) if not _is_store(p)))]
    return round(sum(m for m in found if m is not None), 1) if found[0] is not None else None


def _cpu_by_process(pid: int) -> dict[str, float]:
    """CPU seconds used so far by the service (with its workers), the store it started, and this process."""
    others = _descendants(pid)
    return {
        "service": _cpu_s(pid) + sum(_cpu_s(p) for p in others if not _is_store(p)),
        "store": sum(_cpu_s(p) for p in others if _is_store(p)),
        "load generator": _cpu_s(os.getpid()),
    }


async def _prepare(settings: StoreSettings, people: int, seed: int) -> tuple[list[str], str]:
    community = generate(people, seed)
    async with open_store(settings) as store:
        rows = rows_from_records(community.people, community.organisations, community.ties, community.participations)
        await write_rows(store, rows)
        now = datetime.now(timezone.utc)
        token, _ = await store.write(create_token, Principal("load", AccessRole.ADMIN), "load", now, now + timedelta(hours=2))
    return [p.id for p in community.people], token


async def _client(url: str, token: str, ids: list[str], until: float, write_share: float, rng: random.Random, tally: Tally) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    fresh_connections = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as client, \
            httpx.AsyncClient(base_url=url, headers=headers, timeout=30, limits=fresh_connections) as checker:  # fmt: skip
        written: tuple[str, str] | None = None
        while time.monotonic() < until:
            if written is not None:
                await _check(checker, *written, tally)
                written = None
                continue
            writing = rng.random() < write_share
            if writing:
                a, b = rng.sample(ids, 2)
                body: dict[str, Any] = {"query": WRITE, "variables": {"a": a, "b": b}}
                headers = {"Idempotency-Key": str(uuid.UUID(int=rng.getrandbits(128)))}
            else:
                body, headers = {"query": READ, "variables": {"id": rng.choice(ids)}}, {}
            start = time.perf_counter()
            try:
                response = await client.post("/graphql", json=body, headers=headers)
            except httpx.HTTPError as exc:
                tally.outcomes[f"transport:{type(exc).__name__}"] += 1
                continue
            tally.latencies.append(time.perf_counter() - start)
            errors = response.json().get("errors") if response.headers.get("content-type", "").startswith("application/json") else None
            if response.status_code >= 500:
                tally.outcomes[f"http {response.status_code}"] += 1
            elif errors:
                tally.outcomes[str(errors[0].get("extensions", {}).get("code"))] += 1
            else:
                tally.outcomes["write ok" if writing else "read ok"] += 1
                if writing:
                    tally.acknowledged.append(response.json()["data"]["recordTie"]["id"])
                    written = (body["variables"]["a"], body["variables"]["b"])


async def _check(checker: httpx.AsyncClient, a: str, b: str, tally: Tally) -> None:
    """Read a's measures on a new connection; b must be among them (a stale answer is counted)."""
    start = time.perf_counter()
    try:
        response = await checker.post("/graphql", json={"query": MEASURES, "variables": {"id": a}})
    except httpx.HTTPError as exc:
        tally.outcomes[f"transport:{type(exc).__name__}"] += 1
        return
    tally.latencies.append(time.perf_counter() - start)
    answer = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
    if response.status_code >= 500 or answer.get("errors"):
        code = (answer.get("errors") or [{}])[0].get("extensions", {}).get("code")
        tally.outcomes[f"http {response.status_code}" if response.status_code >= 500 else str(code)] += 1
        return
    tally.checked += 1
    tally.outcomes["measures ok"] += 1
    circle = answer["data"]["person"]["measures"]["circles"]["participation"]
    if b not in {entry["id"] for entry in circle}:
        tally.stale += 1


async def _verify(settings: StoreSettings, acknowledged: list[str]) -> dict[str, int]:
    async with open_store(settings, migrate=False) as store:
        async def check(tx: Any) -> tuple[int, int]:
            found = await (await tx.run("MATCH ()-[t:TIE]->() WHERE t.id IN $ids RETURN count(t) AS n", ids=acknowledged)).single()
            doubled = await (
                await tx.run(
                    "MATCH (a:Person)-[t:TIE {kind: 'ACQUAINTANCE'}]-(b:Person) WHERE a.id < b.id AND t.until IS NULL "
                    "WITH a, b, count(t) AS n WHERE n > 1 RETURN count(*) AS pairs"
                )
            ).single()
            return int(found["n"]), int(doubled["pairs"])

        present, doubled = await store.read(check)
    return {"acknowledged": len(acknowledged), "present": present, "lost": len(acknowledged) - present, "doubled_pairs": doubled}


def run(
    people: int, clients: int, seconds: float, write_share: float, seed: int, workers: int = 1, warm_up: float = 0
) -> dict[str, Any]:
    """Figures of one run; ``warm_up`` seconds of the same load come first, not counted
    in the figures (their writes are checked too)."""
    with tempfile.TemporaryDirectory(prefix="netmap-load-") as folder:
        settings = StoreSettings(data_dir=Path(folder))
        ids, token = asyncio.run(_prepare(settings, people, seed))
        port = _free_port()
        env = {**os.environ, "NETMAP_RATE_PER_MINUTE": "10000000", "NETMAP_MODE": "production"}
        server = subprocess.Popen(
            [sys.executable, "-m", "netmap.cli", "--data-dir", folder, "serve", "--port", str(port), "--workers", str(workers)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(url)
            wait_until_analysing(url, token)

            def drive(seconds: float, tally: Tally, round_: int) -> float:
                """Drive the service with every client for ``seconds``; return how long it took."""
                until = time.monotonic() + seconds

                async def clients_() -> None:
                    await asyncio.gather(*(
                        _client(url, token, ids, until, write_share, random.Random((seed * 1000 + i) * 10 + round_), tally)
                        for i in range(clients)
                    ))  # fmt: skip

                started = time.perf_counter()
                asyncio.run(clients_())
                return time.perf_counter() - started

            warm = Tally()
            if warm_up:
                drive(warm_up, warm, 1)
            memory_start = _service_rss_mb(server.pid)
            cpu_start = _cpu_by_process(server.pid)
            tally = Tally()
            elapsed = drive(seconds, tally, 0)
            memory_end = _service_rss_mb(server.pid)
            cpu_end = _cpu_by_process(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=120)
        checked = asyncio.run(_verify(settings, warm.acknowledged + tally.acknowledged))
    ordered = sorted(tally.latencies) or [0.0]

    def pct(p: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)

    return {
        "people": people, "clients": clients, "workers": workers, "warm_up_s": warm_up, "seconds": round(elapsed, 1),
        "write_share": write_share,
        "requests": len(tally.latencies), "throughput_per_s": round(len(tally.latencies) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(ordered), 1), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
        "outcomes": dict(tally.outcomes), "server_exit_code": server.returncode,
        "measures_read_after_a_write": tally.checked, "stale_reads": tally.stale,
        "service_rss_mb_start": memory_start, "service_rss_mb_end": memory_end,
        "cpu_ms_per_request": {
            name: round(1000 * (cpu_end[name] - cpu_start[name]) / max(1, len(tally.latencies)), 2) for name in cpu_end
        },
        **checked,
    }  # fmt: skip
