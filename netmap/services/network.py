"""The analysis network every request of a worker shares, kept current from the change feed.

The whole store is read once, when the worker starts (warming up). Before
answering an analysis question, the cache reads the feed's position (one
small read); if it moved, it reads the records of the people and
organisations the feed names since its own position, in the same read
transaction, and makes a new network from the old one with those replaced
(``TemporalNetwork.changed``). So the next analysis answer from any worker
reflects every write acknowledged before the question was asked. Only a gap
in the feed (a worker too far behind, a restore, a bulk load, an emptied
store) reads everything again. Between questions a worker follows the feed
every second, so a question rarely finds much to apply.

While the whole store is being read, analysis questions wait up to
``warm_wait_s`` and then fail with ``WARMING_UP`` (HTTP 503 with
Retry-After); the worker's other requests are served meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
import logging
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from netmap.analysis.temporal import TemporalNetwork
from netmap.domain.errors import NetmapError
from netmap.domain.self_reports import SelfReport
from netmap.store.connection import Store
from netmap.store.feed import FeedChanges, Position, position
from netmap.store.reviews import all_reviews
from netmap.store.self_reports import all_self_reports
from netmap.store.network_reads import Changed, read_changed, read_everything
from netmap.store.timebank import all_exchanges

log = logging.getLogger("netmap.analysis")

WARM_WAIT_S = 5.0
"""How long an analysis question waits for the network to be built before answering 503."""
RETRY_AFTER_S = 5
FREEZE_FROM = 20_000
"""From how many people a new network is kept out of the garbage collector's full passes."""
FOLLOW_S = 1.0
"""How often an idle worker applies the feed, so that questions find little to do."""


class WarmingUp(NetmapError):
    """The analysis network is still being read from the store; ask again shortly."""

    code = "WARMING_UP"

    def __init__(self, retry_after_s: int = RETRY_AFTER_S) -> None:
        super().__init__(
            f"The analysis is still reading the store; ask again in {retry_after_s} s.", retry_after_s=retry_after_s
        )


@dataclass(frozen=True)
class Snapshot:
    """One version of the analysis network, with the self-reports, at a position of the feed."""

    network: TemporalNetwork
    reports_by_person: Mapping[str, tuple[SelfReport, ...]]
    position: Position

    @property
    def reports(self) -> Iterable[SelfReport]:
        """Every self-report."""
        return itertools.chain.from_iterable(self.reports_by_person.values())


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


def _reports_index(reports: Iterable[SelfReport]) -> dict[str, tuple[SelfReport, ...]]:
    found: dict[str, list[SelfReport]] = {}
    for report in reports:
        found.setdefault(report.person_id, []).append(report)
    return {pid: tuple(sorted(mine, key=lambda r: (r.date, r.id))) for pid, mine in found.items()}


async def build_snapshot(store: Store) -> Snapshot:
    """The feed's position, then the whole store, then the network built from it (in a thread).

    The position is read first: whatever was committed after it and is seen
    by the later reads is read again from the feed, which converges.
    """
    with collector_paused():
        at = await store.read(position)
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
            drop_dangling=True,
        )
        del everything
    if len(network.people) >= FREEZE_FROM:
        _freeze()
    return Snapshot(network, _reports_index(reports), at)


def _freeze() -> None:
    """Keep the network just built out of the collector's full passes.

    The records hold no cycles; a full pass over millions of them took half a
    second, falling on whichever request was running. Objects frozen at an
    earlier build are unfrozen and collected first, so nothing is kept alive.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def apply_changes(snapshot: Snapshot, changed: Changed) -> Snapshot:
    """A new snapshot with the changed records; ``snapshot`` is left as it is."""
    ids = changed.changes.ids
    network = snapshot.network.changed(
        ids, changed.people, changed.organisations, changed.ties, changed.participations, changed.exchanges,
        changed.reviews,
    )
    reports = dict(snapshot.reports_by_person)
    fresh = _reports_index(changed.reports)
    for i in ids:
        if i in fresh:
            reports[i] = fresh[i]
        else:
            reports.pop(i, None)
    return Snapshot(network, reports, changed.changes.position)


class NetworkCache:
    """A worker's analysis network: built once, then kept current from the change feed.

    ``warm_wait_s`` bounds how long a question waits for a whole-store read
    (None: as long as it takes, for command-line use).
    """

    def __init__(self, warm_wait_s: float | None = None, follow_s: float | None = None) -> None:
        self.warm_wait_s = warm_wait_s
        self.follow_s = follow_s
        self._snapshot: Snapshot | None = None
        self._building: asyncio.Task[Snapshot] | None = None
        self._following: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self._ticks = itertools.count(1)
        self._checked = 0
        """The tick at which the last look at the feed began."""
        self.builds = 0
        """How many times the whole store was read: lets tests see that writes do not cause it."""
        self.updates = 0
        """How many times changes from the feed were applied."""

    @property
    def ready(self) -> bool:
        """Whether a network has been built (it may still need changes applied)."""
        return self._snapshot is not None

    def start(self, store: Store) -> None:
        """Begin the whole-store read now, and follow the feed if ``follow_s`` is set."""
        self._build(store)
        if self.follow_s and self._following is None:
            self._following = asyncio.get_running_loop().create_task(self._follow(store))

    async def close(self) -> None:
        for task in (self._following, self._building):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    async def get(self, store: Store) -> Snapshot:
        """The network as of now: every write committed before this call is in it."""
        asked = next(self._ticks)
        deadline = None if self.warm_wait_s is None else time.monotonic() + self.warm_wait_s
        while True:
            building = self._building
            if building is not None and not building.done():
                await self._wait_for(building, deadline)
                continue
            async with self._lock:
                if self._building is not None and not self._building.done():
                    continue
                snapshot = self._snapshot
                if snapshot is None:
                    self._build(store)
                    continue
                if self._checked > asked:
                    return snapshot
                if await self._catch_up(store, snapshot):
                    return self._snapshot  # type: ignore[return-value]

    async def _catch_up(self, store: Store, snapshot: Snapshot) -> bool:
        """Apply what the feed says changed; False if a whole-store read had to begin instead."""
        began = next(self._ticks)
        found = await store.read(read_changed, snapshot.position)
        if isinstance(found, FeedChanges):
            if found.rebuild:
                log.info("the change feed has a gap or asks for a full read; reading the store again")
                self._snapshot = None
                self._build(store)
                return False
            if found.position != snapshot.position:
                self._snapshot = Snapshot(snapshot.network, snapshot.reports_by_person, found.position)
        else:
            self._snapshot = await asyncio.to_thread(apply_changes, snapshot, found)
            self.updates += 1
        self._checked = began
        return True

    def _build(self, store: Store) -> None:
        if self._building is not None and not self._building.done():
            return

        async def build() -> Snapshot:
            began = next(self._ticks)
            snapshot = await build_snapshot(store)
            self._snapshot = snapshot
            self._checked = began
            self.builds += 1
            return snapshot

        def done(task: asyncio.Task[Snapshot]) -> None:
            self._building = None
            if not task.cancelled() and task.exception() is not None:
                log.warning("reading the store for analysis failed: %s", task.exception())

        self._building = asyncio.get_running_loop().create_task(build())
        self._building.add_done_callback(done)

    async def _wait_for(self, building: asyncio.Task[Snapshot], deadline: float | None) -> None:
        """Wait for the whole-store read; WarmingUp once ``deadline`` passes; its failure is ours."""
        try:
            if deadline is None:
                await asyncio.shield(building)
            else:
                await asyncio.wait_for(asyncio.shield(building), max(0.0, deadline - time.monotonic()))
        except asyncio.TimeoutError:
            raise WarmingUp() from None

    async def _follow(self, store: Store) -> None:
        """Apply the feed every ``follow_s`` while nobody asks, so that questions find it done."""
        while True:
            await asyncio.sleep(self.follow_s or FOLLOW_S)
            if self._snapshot is None or self._building is not None or self._lock.locked():
                continue
            try:
                await self.get(store)
            except Exception as exc:  # noqa: BLE001 - the next question tries again and reports it
                log.debug("following the change feed failed: %s", exc)
