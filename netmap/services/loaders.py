"""Per-request DataLoaders: each batches one kind of lookup into one query, and
the batches that are ready at the same moment (a person and whether the caller
may see them; ties and participations) share one read transaction.

A person's ties and participations are loaded whole (their full history) and
filtered by date in Python, so asking for them "as at" several dates costs no
extra query.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from neo4j import AsyncManagedTransaction
from strawberry.dataloader import DataLoader

from netmap.domain.access import Principal
from netmap.domain.records import Correction, Organisation, Participation, Person, Tie
from netmap.store._relationships import corrections_of
from netmap.store.connection import Store, answer_all
from netmap.store.organisations import get_organisations
from netmap.store.participations import participations_of_people
from netmap.store.scopes import people_as_seen
from netmap.domain.self_reports import SelfReport
from netmap.store.self_reports import self_reports_of
from netmap.store.ties import ties_of_people
from netmap.domain.timebank import Exchange
from netmap.store.timebank import exchanges_of

Fetch = Callable[[AsyncManagedTransaction, list[str]], Awaitable[dict[str, Any]]]


TURNS_TO_GATHER = 3
"""Event-loop turns a read waits for other loaders' batches: a DataLoader starts
its batch two turns after the first ``load``, so loads made in the same turn
(and the next) meet in one transaction."""


@dataclass(frozen=True)
class _Fetch:
    fetch: Fetch
    keys: list[str]
    done: asyncio.Future[dict[str, Any]]


class SharedReads:
    """Runs the fetches that arrive together in one read transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._waiting: list[_Fetch] = []
        self._running: asyncio.Task[None] | None = None

    async def fetch(self, fetch: Fetch, keys: list[str]) -> dict[str, Any]:
        done: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting.append(_Fetch(fetch, keys, done))
        if len(self._waiting) == 1:
            self._running = asyncio.create_task(self._run())
        return await done

    async def _run(self) -> None:
        for _ in range(TURNS_TO_GATHER):
            await asyncio.sleep(0)
        group, self._waiting = self._waiting, []

        async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
            return [await f.fetch(tx, f.keys) for f in group]

        await answer_all([f.done for f in group], self.store.read(work))


def _loader(reads: SharedReads, fetch: Fetch, default: Callable[[], Any]) -> DataLoader[str, Any]:
    async def load(keys: Sequence[str]) -> list[Any]:
        found = await reads.fetch(fetch, list(keys))
        return [found.get(key, default()) for key in keys]

    return DataLoader(load_fn=load)


class Loaders:
    """The loaders of one request."""

    def __init__(self, store: Store, principal: Principal | None, today: date) -> None:
        reads = SharedReads(store)

        async def as_seen(tx: AsyncManagedTransaction, keys: list[str]) -> dict[str, tuple[Person, bool]]:
            """People and whether the caller may see them; whichever loader asked, both learn both."""
            found = await people_as_seen(tx, principal, today, keys)
            for key, (person, seen) in found.items():
                self.person.prime(key, person)
                self.visible.prime(key, seen)
            return found

        async def people(tx: AsyncManagedTransaction, keys: list[str]) -> dict[str, Person]:
            return {key: person for key, (person, _) in (await as_seen(tx, keys)).items()}

        async def visible(tx: AsyncManagedTransaction, keys: list[str]) -> dict[str, bool]:
            return {key: seen for key, (_, seen) in (await as_seen(tx, keys)).items()}

        self.person: DataLoader[str, Person | None] = _loader(reads, people, lambda: None)
        self.visible: DataLoader[str, bool] = _loader(reads, visible, lambda: False)
        self.organisation: DataLoader[str, Organisation | None] = _loader(reads, get_organisations, lambda: None)
        self.ties: DataLoader[str, list[Tie]] = _loader(reads, ties_of_people, list)
        self.participations: DataLoader[str, list[Participation]] = _loader(reads, participations_of_people, list)
        self.corrections: DataLoader[str, list[Correction]] = _loader(reads, corrections_of, list)
        self.exchanges: DataLoader[str, list[Exchange]] = _loader(reads, exchanges_of, list)
        self.self_reports: DataLoader[str, list[SelfReport]] = _loader(reads, self_reports_of, list)
