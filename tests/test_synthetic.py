"""The synthetic community: deterministic, valid, and bulk-loadable twice over."""

from __future__ import annotations

import asyncio
from collections import Counter

from netmap.domain.kinds import OrganisationKind, Role
from netmap.store.bulk import rows_from_records, write_rows
from netmap.store.connection import open_store
from netmap.store.settings import StoreSettings
from netmap.store.network_reads import read_everything
from netmap.devtools.synthetic import generate
from support.probe import StoreProbe


def test_same_seed_same_community_other_seed_another() -> None:
    first, again, other = generate(300, seed=7), generate(300, seed=7), generate(300, seed=8)
    assert first == again
    assert first.ties != other.ties


def test_it_keeps_the_rules_of_the_api() -> None:
    community = generate(2000, seed=3)
    assert all(t.person_id != t.other_id for t in community.ties)
    assert all(r.period.until is None or r.period.until > r.period.since for r in [*community.ties, *community.participations])
    pairs = Counter(frozenset((t.person_id, t.other_id)) for t in community.ties)
    assert max(pairs.values()) == 1
    kinds = Counter(o.kind for o in community.organisations)
    assert kinds[OrganisationKind.SERVICE] >= 8 and kinds[OrganisationKind.COMMUNITY_GROUP] >= 20
    roles = Counter(p.role for p in community.participations)
    assert roles[Role.SUPPORTED] > roles[Role.STAFF] > 0


def test_degrees_spread_from_none_to_many() -> None:
    community = generate(2000, seed=3)
    degree = Counter[str]()
    for tie in community.ties:
        if not tie.paid:
            degree[tie.person_id] += 1
            degree[tie.other_id] += 1
    with_none = sum(1 for p in community.people if degree[p.id] == 0)
    assert 0.05 < with_none / len(community.people) < 0.5
    assert max(degree.values()) >= 10


def test_bulk_load_writes_everything_once(store_settings: StoreSettings, probe: StoreProbe) -> None:
    community = generate(400, seed=5)
    rows = rows_from_records(community.people, community.organisations, community.ties, community.participations)
    seen: list[int] = []

    async def load_twice_and_read() -> int:
        async with open_store(store_settings) as store:
            await write_rows(store, rows, batch_size=500, progress=seen.append)
            await write_rows(store, rows, batch_size=500)
            everything = await store.read(read_everything)
            return everything.size()

    assert asyncio.run(load_twice_and_read()) == community.size()
    assert sum(seen) == community.size()
