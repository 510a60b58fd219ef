"""The benchmark: netmap on synthetic communities of growing size, in figures.

Each size runs in a fresh child process (so peak memory is its own) against
a fresh embedded store: generate, bulk load, read the store and build the
temporal network, one cohort report, 24-step monthly trends (one service,
everyone), person measures, API latency over HTTP on loopback (a person, a
page of people, a person's measures, and the first measures answer after a
write, which the worker applies from the change feed), and a CSV import of
that many people (with a tie and a participation each) in a store of its own.
Two ratios show where time goes: the API against the same read through the
driver, and the analysis against the same computation on an already built
networkx graph.

Nothing here is asserted: it prints figures for people to judge.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

import httpx
import uvicorn

from netmap.analysis.cohort import Caseload, ServiceCohort, cohort_measures, cohort_trend, one_date
from netmap.analysis.person import measure_person
from netmap.analysis.steps import Every, steps
from netmap.analysis.temporal import TemporalNetwork
from netmap.services.network import collector_paused
from netmap.api.settings import ApiSettings, Limits
from netmap.domain.access import AccessRole, Principal
from netmap.domain.kinds import OrganisationKind, Role
from netmap.devtools.import_bench import measure, write_folder
from netmap.store.accounts import create_token
from netmap.store.bulk import rows_from_records, write_rows
from netmap.store.connection import open_store
from netmap.store.embedded import EmbeddedServer
from netmap.store.participations import participations_of_people
from netmap.store.settings import StoreSettings
from netmap.store.network_reads import read_everything
from netmap.store.ties import ties_of_people
from netmap.devtools.synthetic import END, generate
from netmap.web.app import AppSettings, create_app

T = TypeVar("T")
PERSON_QUERY = "query($id: ID!) { person(id: $id) { name ties { kind since contact { name } } participations { role } } }"
PEOPLE_QUERY = "{ people(first: 50) { nodes { id name area } } }"
MEASURES_QUERY = "query($id: ID!) { person(id: $id) { measures { unpaidTies circles { participation { id } } } } }"
TIE_WRITE = 'mutation($a: ID!, $b: ID!) { recordTie(input: {personId: $a, otherId: $b, kind: ACQUAINTANCE}) { id } }'
EACH_DATE_UP_TO = 10_000
"""Up to this size the bench also times the trend the old way (every person at every date), for comparison."""


def _timed(work: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def _cpu_timed(work: Callable[[], T]) -> tuple[T, float, float]:
    """The result, the wall time and the CPU time of this process (the machine may be shared)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - start, time.process_time() - cpu


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(1000 * statistics.median(ordered), 2),
        "p95_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2),
    }


def _jvm_peak_mb(pid: int | None) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def run_size(size: int, seed: int, requests: int) -> dict[str, Any]:
    """Everything for one community size; runs in its own process."""
    figures: dict[str, Any] = {"people": size}
    community, took = _timed(lambda: generate(size, seed))
    figures["generate_s"] = round(took, 2)
    rows = rows_from_records(community.people, community.organisations, community.ties, community.participations)
    figures["rows"] = rows.total()
    with tempfile.TemporaryDirectory(prefix="netmap-bench-") as folder, EmbeddedServer(Path(folder), "netmap") as server:
        endpoint = server.endpoint
        settings = StoreSettings(uri=endpoint.uri, user=endpoint.user, password=endpoint.password, database=endpoint.database)
        figures.update(asyncio.run(_store_figures(settings, rows)))
        del rows
        network, everything_s, build_s = asyncio.run(_read_and_build(settings))
        figures["read_store_s"] = round(everything_s, 2)
        figures["build_network_s"] = round(build_s, 2)
        figures.update(_analysis_figures(network, community.services, seed))
        figures["read_build_report_s"] = round(everything_s + build_s + figures["everyone_report_s"], 2)
        del network
        gc.collect()
        figures.update(_api_figures(settings, community, seed, requests))
        figures["jvm_peak_mb"] = _jvm_peak_mb(server.pid)
    figures["python_peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    figures.update(run_import_size(size, seed))
    return figures


def run_import_size(size: int, seed: int) -> dict[str, Any]:
    """The CSV import of ``size`` people (netmap/devtools/import_bench.py) into a fresh store of its own."""
    with tempfile.TemporaryDirectory(prefix="netmap-bench-import-") as folder:
        made = Path(folder) / "csv"
        write_folder(made, size, seed)
        with EmbeddedServer(Path(folder) / "store", "netmap") as server:
            endpoint = server.endpoint
            settings = StoreSettings(uri=endpoint.uri, user=endpoint.user, password=endpoint.password, database=endpoint.database)
            figures = measure(settings, made)
            figures["csv_import_jvm_peak_mb"] = _jvm_peak_mb(server.pid)
    return figures


async def _store_figures(settings: StoreSettings, rows: Any) -> dict[str, Any]:
    async with open_store(settings) as store:
        start = time.perf_counter()
        await write_rows(store, rows)
        took = time.perf_counter() - start
    return {"load_s": round(took, 2), "load_rows_per_s": round(rows.total() / took)}


async def _read_and_build(settings: StoreSettings) -> tuple[TemporalNetwork, float, float]:
    """The same read and build the API's snapshot cache does, timed apart."""
    with collector_paused():
        async with open_store(settings, migrate=False) as store:
            everything, read_s = await _atimed(store.read(read_everything))
        network, build_s = _timed(
            lambda: TemporalNetwork.build(everything.people, everything.organisations, everything.ties, everything.participations)
        )
    return network, read_s, build_s


async def _atimed(work: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = await work
    return result, time.perf_counter() - start


def _analysis_figures(network: TemporalNetwork, services: list[Any], seed: int) -> dict[str, Any]:
    at = END
    largest = max(services, key=lambda s: len(network.members(s.id, at, (Role.SUPPORTED,))))
    cohort = ServiceCohort(largest.id)
    report, report_s = _timed(lambda: cohort_measures(network, cohort, at))
    dates = steps(at - timedelta(days=730), at, Every.MONTH)[-24:]
    _, trend_s = _timed(lambda: cohort_trend(network, cohort, dates[0], dates[-1], Every.MONTH))
    clients = sorted(network.members(largest.id, at, (Role.SUPPORTED,)))
    sample = random.Random(seed).sample(clients, min(50, len(clients)))
    _, person_s = _timed(lambda: [measure_person(network, pid, at) for pid in sample])
    everyone = Caseload(tuple(sorted(network.people)))
    whole, everyone_s = _timed(lambda: cohort_measures(network, everyone, at))
    trend, everyone_trend_s, everyone_trend_cpu_s = _cpu_timed(
        lambda: cohort_trend(network, everyone, dates[0], dates[-1], Every.MONTH)
    )
    each_date: dict[str, Any] = {}
    if len(network.people) <= EACH_DATE_UP_TO:
        _, each_s = _timed(lambda: [one_date(network, everyone, d) for d in dates])
        each_date["everyone_trend_each_date_s"] = round(each_s, 2)
        each_date["trend_one_pass_equals_each_date"] = trend == [one_date(network, everyone, d) for d in dates]
    graph, snapshot_s = _timed(lambda: network.snapshot(at))

    def on_graph() -> int:
        """The same paid-only count, straight off an already built networkx graph."""
        count = 0
        for pid in clients:
            unpaid = paid = community = 0
            for _, other, data in graph.edges(pid, data=True):
                if "kind" in data:
                    if data["kind"] == "PAID_SUPPORT":
                        paid += 1
                    else:
                        unpaid += 1
                elif data.get("role") not in (None, "STAFF") and network.kind_of(other) is not OrganisationKind.SERVICE:
                    community += 1
            count += paid > 0 and unpaid == 0 and community == 0
        return count

    _, raw_s = _timed(on_graph)
    return {
        "cohort": {"service_people": report.size, "paid_only_share": report.paid_only_share},
        "cohort_report_s": round(report_s, 3),
        "trend_24_months_s": round(trend_s, 2),
        "everyone_report_s": round(everyone_s, 2),
        "everyone_trend_24_months_s": round(everyone_trend_s, 2),
        "everyone_trend_24_months_cpu_s": round(everyone_trend_cpu_s, 2),
        **each_date,
        "everyone_paid_only_share": whole.paid_only_share,
        "person_measures_ms": round(1000 * person_s / max(1, len(sample)), 2),
        "snapshot_graph_s": round(snapshot_s, 2),
        "analysis_vs_raw_networkx": round(report_s / raw_s, 1) if raw_s else None,
    }


def _api_figures(settings: StoreSettings, community: Any, seed: int, requests: int) -> dict[str, Any]:
    unlimited = replace(ApiSettings(), limits=replace(Limits(), rate_per_minute=10_000_000))
    app = create_app(AppSettings(store=settings, api=unlimited))
    started = time.perf_counter()
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        token = asyncio.run(_admin_token(settings))
        people = random.Random(seed).sample(community.people, min(requests, len(community.people)))
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=30) as client:
            # Warm-up, not counted: the same requests for other people, so that the
            # store's JIT compiler has settled as it has in a service that has run a while.
            def ask(query: str, **variables: Any) -> dict[str, Any]:
                answer = client.post("/graphql", json={"query": query, "variables": variables})
                if answer.status_code != 200 or "errors" in answer.json():
                    raise RuntimeError(f"the bench's request failed: {answer.status_code} {answer.text[:300]}")
                found: dict[str, Any] = answer.json()["data"]
                return found

            warm_s = _wait_for_analysis(client, people[0].id, started)
            rss_warm = _rss_mb()

            for other in random.Random(seed + 1).sample(community.people, min(requests, len(community.people))):
                ask(PERSON_QUERY, id=other.id)
                ask(PEOPLE_QUERY)
            person_times = [_timed(lambda: ask(PERSON_QUERY, id=person.id))[1] for person in people]
            page_times = [_timed(lambda: ask(PEOPLE_QUERY))[1] for _ in range(50)]
            for other in people[:10]:
                ask(MEASURES_QUERY, id=other.id)
            measures_times = [_timed(lambda: ask(MEASURES_QUERY, id=person.id))[1] for person in people]
            after_write, reflected = _after_writes(ask, community, seed, requests)
            builds = app.state.network.builds
        direct = asyncio.run(_direct_reads(settings, [p.id for p in people]))
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    person = _percentiles(person_times)
    return {
        "api_person": person,
        "api_people_page_50": _percentiles(page_times),
        "api_measures": _percentiles(measures_times),
        "api_measures_first_after_a_write": _percentiles(after_write),
        "writes_reflected_at_once": f"{reflected}/{len(after_write)}",
        "whole_store_reads_by_the_api": builds,
        "analysis_warm_s": round(warm_s, 2),
        "rss_after_warm_up_mb": rss_warm,
        "driver_person": _percentiles(direct),
        "api_vs_driver": round(person["p50_ms"] / max(0.001, _percentiles(direct)["p50_ms"]), 1),
    }


def _wait_for_analysis(client: httpx.Client, person_id: str, started: float) -> float:
    """Seconds from the app's start until it answers a measures question (it reads the store first)."""
    while True:
        answer = client.post("/graphql", json={"query": MEASURES_QUERY, "variables": {"id": person_id}})
        if answer.status_code == 200 and "errors" not in answer.json():
            return time.perf_counter() - started
        if answer.status_code != 503:
            raise RuntimeError(f"the bench's request failed: {answer.status_code} {answer.text[:300]}")
        time.sleep(0.2)


def _after_writes(ask: Callable[..., dict[str, Any]], community: Any, seed: int, count: int) -> tuple[list[float], int]:
    """Record a tie, then time the first measures answer for one of its people; count the answers
    that show the new contact (all should: the feed is applied before answering)."""
    rng = random.Random(seed + 2)
    times, reflected = [], 0
    for _ in range(count):
        a, b = rng.sample(community.people, 2)
        try:
            ask(TIE_WRITE, a=a.id, b=b.id)
        except RuntimeError:
            continue  # these two already have such a tie
        answer, took = _timed(lambda: ask(MEASURES_QUERY, id=a.id))
        times.append(took)
        circle = answer["person"]["measures"]["circles"]["participation"]
        reflected += b.id in {entry["id"] for entry in circle}
    return times, reflected


def _rss_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


async def _admin_token(settings: StoreSettings) -> str:
    async with open_store(settings, migrate=False) as store:
        now = datetime.now(timezone.utc)
        token, _ = await store.write(create_token, Principal("bench", AccessRole.ADMIN), "bench", now, now + timedelta(hours=1))
        return token


async def _direct_reads(settings: StoreSettings, ids: list[str]) -> list[float]:
    """The same reads as the person query, through the driver alone."""
    times = []
    async with open_store(settings, migrate=False) as store:
        from netmap.store.people import get_people

        for pid in ids:
            start = time.perf_counter()
            await store.read(get_people, [pid])
            await store.read(ties_of_people, [pid])
            await store.read(participations_of_people, [pid])
            times.append(time.perf_counter() - start)
    return times


def run(
    sizes: list[int], seed: int, requests: int, report: Callable[[dict[str, Any]], None], import_only: bool = False
) -> list[dict[str, Any]]:
    """Run each size in a child process and hand each result to ``report`` as it comes."""
    results = []
    for size in sizes:
        child = subprocess.run(
            [sys.executable, "-m", "netmap.devtools.bench", str(size), str(seed), str(requests), *(["import"] if import_only else [])],
            capture_output=True, text=True, check=False, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        if child.returncode != 0:
            raise RuntimeError(f"bench for {size} people failed:\n{child.stderr[-3000:]}")
        result = json.loads(child.stdout.strip().splitlines()[-1])
        report(result)
        results.append(result)
    return results


if __name__ == "__main__":
    size, seed, requests = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    if sys.argv[4:] == ["import"]:
        found = {"people": size, **run_import_size(size, seed)}
        found["python_peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        print(json.dumps(found))
    else:
        print(json.dumps(run_size(size, seed, requests)))
