"""Writing a checked community (a community file, or CSV rows) to the store.

One transaction of batched ``UNWIND … MERGE`` statements; ids come with the
rows (derived from the file's keys, ``netmap.interchange.community_file``), so
loading the same file twice gives the same store as loading it once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.community_records import Community, consent_given, date_of
from netmap.domain.records import Recorded
from netmap.store.bulk import Rows, node_row, write_batches
from netmap.store.community_activities import activity_rows
from netmap.store.connection import Store

PROGRESS_BATCH = 1000
"""Rows per statement when writing a community: small enough for a progress bar to move."""

NOT_STORED = ("where", "given")
"""Bookkeeping of a community row that is not a property of the record."""

OnWritten = Callable[[int], None]
"""Told how many rows this transaction has written so far (a retry starts again from 0)."""


async def load_community(store: Store, community: Community, progress: OnWritten | None = None) -> dict[str, int]:
    """Write the community in one transaction; what exists already is left as it is."""
    await store.write(_write_all, community_rows(community, datetime.now(timezone.utc)), progress)
    return community.counts()


async def _write_all(tx: AsyncManagedTransaction, rows: Rows, progress: OnWritten | None) -> None:
    """Every batch in this one transaction, so a fault anywhere leaves nothing behind."""
    done = 0
    for section, section_rows in rows.sections():
        for start in range(0, len(section_rows), PROGRESS_BATCH):
            batch = section_rows[start : start + PROGRESS_BATCH]
            await write_batches(tx, [(section, batch)])
            done += len(batch)
            if progress:
                progress(done)


def community_rows(community: Community, now: datetime) -> Rows:
    """The community as bulk-write rows, stamped as recorded now by its ``recorded_by``."""
    stamp = {"recorded_by": community.recorded_by, "recorded_at": now}
    consent_stamp = {"consent_recorded_by": community.recorded_by, "consent_recorded_at": now}

    def links(rows: list[dict[str, Any]], *ends: str) -> list[dict[str, Any]]:
        return [
            {
                "id": r["id"],
                "a": r[ends[0]],
                "b": r[ends[1]],
                "props": {
                    **{k: v for k, v in r.items() if k not in (*ends, *NOT_STORED)},
                    "since": date_of(r["since"]),
                    "until": date_of(r["until"]),
                    **stamp,
                },
            }
            for r in rows
        ]

    return Rows(
        organisations=[node_row({**_stored(r), **stamp}) for r in community.organisations],
        people=[
            node_row({**_stored(r), **stamp, **(consent_stamp if consent_given(r) else {})})
            for r in community.people
        ],
        ties=links(community.ties, "person_id", "other_id"),
        participations=links(community.participations, "person_id", "organisation_id"),
        **activity_rows(community.groups, Recorded(community.recorded_by, now)),
    )


def _stored(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in NOT_STORED}
