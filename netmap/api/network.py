"""The analysis snapshot the API shares between requests.

One read of the store (``read_everything``) builds the temporal network; it
is kept until this process writes to the store (``Store.generation`` moves)
or ``max_age`` passes (writes by another process, such as ``netmap seed``).
Only one rebuild runs at a time; the CPU-bound build runs in a thread.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from netmap.analysis.temporal import TemporalNetwork
from netmap.domain.self_reports import SelfReport
from netmap.store.connection import Store
from netmap.store.reviews import all_reviews
from netmap.store.self_reports import all_self_reports
from netmap.store.snapshot import read_everything
from netmap.store.timebank import all_exchanges

MAX_AGE_S = 300.0


@dataclass(frozen=True)
class Snapshot:
    network: TemporalNetwork
    reports: list[SelfReport]
    generation: int
    built: float


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while hundreds of thousands of records are made.

    The records hold no cycles worth collecting, and the collector's repeated
    passes over them cost a fifth of the read and over half of the build.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


async def build_snapshot(store: Store) -> tuple[TemporalNetwork, list[SelfReport]]:
    """One read of the store, then the temporal network built from it (in a thread)."""
    with collector_paused():
        everything = await store.read(read_everything)
        reports = await store.read(all_self_reports)
        exchanges = await store.read(all_exchanges)
        reviews = await store.read(all_reviews)
        network = await asyncio.to_thread(
            TemporalNetwork.build,
            everything.people,
            everything.organisations,
            everything.ties,
            everything.participations,
            exchanges,
            reviews,
        )
    return network, reports


class NetworkCache:
    def __init__(self, max_age_s: float = MAX_AGE_S) -> None:
        self.max_age_s = max_age_s
        self._snapshot: Snapshot | None = None
        self._lock = asyncio.Lock()
        self.builds = 0
        """How many times the whole store was read: lets tests see the cache work."""

    def _fresh(self, store: Store) -> Snapshot | None:
        found = self._snapshot
        if found and found.generation == store.generation and time.monotonic() - found.built < self.max_age_s:
            return found
        return None

    async def get(self, store: Store) -> Snapshot:
        if (found := self._fresh(store)) is not None:
            return found
        async with self._lock:
            if (found := self._fresh(store)) is not None:
                return found
            generation = store.generation
            network, reports = await build_snapshot(store)
            self.builds += 1
            self._snapshot = Snapshot(network, reports, generation, time.monotonic())
            return self._snapshot
