"""The change feed: what every write that the analysis sees changed, in commit order.

Each write transaction that changes people, organisations, ties,
participations, consent, self-reports or timebank exchanges ends by
stamping the feed in the same transaction: the single ``(:ChangeFeed)``
node's ``seq`` goes up by one and a ``(:Change {seq, ids, full})`` node
names the people and organisations whose records changed (``full``: too
many to list, or a restore; readers rebuild). A failed transaction stamps
nothing, so the feed never names a change that did not happen.

The repositories say what they change with :func:`note`; ``Store.write``
wraps every transaction function with :func:`stamped`, which collects the
notes of one attempt and stamps once at its end. Writes that note nothing
(audit entries, tokens, caseloads, activities) leave the feed alone.

Order: on Neo4j the increment takes the feed node's write lock (a write
before the read), held until commit, so numbers follow commit order. On the
embedded ArcadeDB two concurrent increments conflict at commit; the driver
retries the loser, which then reads the winner's number. Either way a
reader who sees number N also sees every change numbered N or less.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Concatenate, ParamSpec, TypeVar

from neo4j import AsyncManagedTransaction

__all__ = [
    "FULL_ABOVE",
    "KEEP",
    "ChangeSet",
    "FeedChanges",
    "Position",
    "STAMP",
    "ensure_feed",
    "note",
    "note_everything",
    "note_many",
    "position",
    "changes_since",
    "stamped",
]

FULL_ABOVE = 2000
"""A transaction that changes more records than this (a bulk load) asks readers to rebuild."""
KEEP = 20_000
"""How many changes the store keeps; a reader further behind rebuilds."""
REBUILD_ABOVE = 20_000
"""A reader that would have to read the records of more people and organisations than this rebuilds."""

T = TypeVar("T")
P = ParamSpec("P")


@dataclass
class ChangeSet:
    """The ids one transaction attempt changed, or ``full`` for "too many to list"."""

    ids: set[str] = field(default_factory=set)
    full: bool = False

    def __bool__(self) -> bool:
        return self.full or bool(self.ids)


_collecting: ContextVar[ChangeSet | None] = ContextVar("netmap_changes", default=None)


def note(*ids: str | None) -> None:
    """Record that the records of these people or organisations changed in this transaction.

    A no-op outside ``Store.write`` (a transaction run by hand records nothing).
    """
    found = _collecting.get()
    if found is not None and not found.full:
        found.ids.update(i for i in ids if i)
        if len(found.ids) > FULL_ABOVE:
            found.full, found.ids = True, set()


def note_many(ids: Iterable[str | None]) -> None:
    """:func:`note` for many ids at once."""
    note(*ids)


def note_everything() -> None:
    """Record that readers must read everything again (a restore, a change too large to list)."""
    found = _collecting.get()
    if found is not None:
        found.full, found.ids = True, set()


def stamped(
    work: Callable[Concatenate[AsyncManagedTransaction, P], Awaitable[T]],
) -> Callable[Concatenate[AsyncManagedTransaction, P], Awaitable[T]]:
    """``work`` that stamps the feed at its end, in its own transaction, if it noted a change.

    The notes are collected afresh for each attempt, so a retried transaction
    stamps once.
    """

    async def run(tx: AsyncManagedTransaction, *args: P.args, **kwargs: P.kwargs) -> T:
        changes = ChangeSet()
        token = _collecting.set(changes)
        try:
            result = await work(tx, *args, **kwargs)
        finally:
            _collecting.reset(token)
        if changes:
            await _stamp(tx, changes)
        return result

    return run


STAMP = (
    "MERGE (f:ChangeFeed {id: 'feed'}) ON CREATE SET f.seq = 0, f.epoch = $epoch "
    "SET f._netmap_lock = true REMOVE f._netmap_lock "
    "WITH f SET f.seq = f.seq + 1 "
    "CREATE (c:Change) SET c.seq = f.seq, c.ids = $ids, c.full = $full, c.at = $at "
    "RETURN f.seq AS seq"
)
"""Takes the next number and records a change (parameters ``epoch``, ``ids``, ``full``, ``at``).

A tool that writes community data with its own Cypher, outside ``Store.write``,
runs this after it with ``full`` true, so that every worker reads the store again.
"""


async def _stamp(tx: AsyncManagedTransaction, changes: ChangeSet) -> int:
    """Take the next number (under the feed's lock) and record what changed; forget old changes."""
    result = await tx.run(
        STAMP,
        epoch=str(uuid.uuid4()),
        ids=sorted(changes.ids),
        full=changes.full,
        at=datetime.now(timezone.utc),
    )
    row = await result.single()
    seq = int(row["seq"]) if row else 0
    if seq > KEEP:
        await tx.run("MATCH (c:Change {seq: $old}) DETACH DELETE c", old=seq - KEEP)
    return seq


async def ensure_feed(tx: AsyncManagedTransaction) -> None:
    """Create the feed node if it is missing, so the first writes do not race to create it."""
    await tx.run("MERGE (f:ChangeFeed {id: 'feed'}) ON CREATE SET f.seq = 0, f.epoch = $epoch", epoch=str(uuid.uuid4()))


@dataclass(frozen=True)
class Position:
    """Where a reader is in the feed: the feed's identity and the last change number applied.

    ``epoch`` changes when the feed node is made anew (an emptied or restored
    store), so numbers from an earlier feed are never compared with a new one.
    """

    epoch: str | None = None
    seq: int = 0


@dataclass(frozen=True)
class FeedChanges:
    """What changed after a position, up to ``position``; ``rebuild`` when only a full read will do."""

    position: Position
    ids: frozenset[str]
    rebuild: bool


async def position(tx: AsyncManagedTransaction) -> Position:
    """The feed's current position (one indexed read of one node)."""
    result = await tx.run("MATCH (f:ChangeFeed {id: 'feed'}) RETURN f.epoch AS epoch, f.seq AS seq")
    row = await result.single()
    return Position(row["epoch"], int(row["seq"])) if row else Position()


async def changes_since(tx: AsyncManagedTransaction, since: Position, now: Position | None = None) -> FeedChanges:
    """Every change after ``since`` up to the feed's position, checked to be complete; ``rebuild`` if not.

    ``now`` is the position already read in this transaction, if any.
    """
    now = now or await position(tx)
    if now.epoch != since.epoch or now.seq < since.seq:
        return FeedChanges(now, frozenset(), rebuild=True)
    if now.seq == since.seq:
        return FeedChanges(now, frozenset(), rebuild=False)
    if now.seq - since.seq > KEEP:
        return FeedChanges(now, frozenset(), rebuild=True)
    result = await tx.run(  # one indexed lookup per number: ArcadeDB answers `c.seq > $since` by a scan
        "UNWIND range($first, $last) AS n MATCH (c:Change {seq: n}) "
        "RETURN c.seq AS seq, c.ids AS ids, c.full AS full ORDER BY c.seq",
        first=since.seq + 1,
        last=now.seq,
    )
    ids: set[str] = set()
    last = since.seq
    rebuild = False
    async for row in result:
        seq = int(row["seq"])
        if seq != last + 1:
            break
        last = seq
        rebuild = rebuild or bool(row["full"])
        ids.update(row["ids"] or ())
    if last < now.seq:
        rebuild = True
    return FeedChanges(Position(now.epoch, last), frozenset(ids), rebuild=rebuild or len(ids) > REBUILD_ABOVE)
