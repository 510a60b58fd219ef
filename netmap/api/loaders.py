"""Per-request DataLoaders: each batches one kind of lookup into one store round trip.

A person's ties and participations are loaded whole (their full history) and
filtered by date in Python, so asking for them "as at" several dates costs no
extra query.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import Any

from neo4j import AsyncManagedTransaction
from strawberry.dataloader import DataLoader

from netmap.domain.access import Principal
from netmap.domain.records import Correction, Organisation, Participation, Person, Tie
from netmap.store._links import corrections_of
from netmap.store.connection import Store
from netmap.store.organisations import get_organisations
from netmap.store.participations import participations_of_people
from netmap.store.people import get_people
from netmap.store.scopes import visible_people
from netmap.domain.self_reports import SelfReport
from netmap.store.self_reports import self_reports_of
from netmap.store.ties import ties_of_people
from netmap.domain.timebank import Exchange
from netmap.store.timebank import exchanges_of

Fetch = Callable[[AsyncManagedTransaction, list[str]], Awaitable[dict[str, Any]]]


def _loader(store: Store, fetch: Fetch, default: Callable[[], Any]) -> DataLoader[str, Any]:
    async def load(keys: Sequence[str]) -> list[Any]:
        found = await store.read(fetch, list(keys))
        return [found.get(key, default()) for key in keys]

    return DataLoader(load_fn=load)


class Loaders:
    """The loaders of one request."""

    def __init__(self, store: Store, principal: Principal | None, today: date) -> None:
        self.person: DataLoader[str, Person | None] = _loader(store, get_people, lambda: None)
        self.organisation: DataLoader[str, Organisation | None] = _loader(
            store, get_organisations, lambda: None
        )
        self.ties: DataLoader[str, list[Tie]] = _loader(store, ties_of_people, list)
        self.participations: DataLoader[str, list[Participation]] = _loader(
            store, participations_of_people, list
        )
        self.corrections: DataLoader[str, list[Correction]] = _loader(store, corrections_of, list)
        self.exchanges: DataLoader[str, list[Exchange]] = _loader(store, exchanges_of, list)
        self.self_reports: DataLoader[str, list[SelfReport]] = _loader(store, self_reports_of, list)

        async def visible(keys: Sequence[str]) -> list[bool]:
            seen = await store.read(visible_people, principal, today, list(keys))
            return [key in seen for key in keys]

        self.visible: DataLoader[str, bool] = DataLoader(load_fn=visible)
