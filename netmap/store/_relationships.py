"""Dated relationships (ties, participations): fetch, end and correct them.

Both kinds share the rules of valid time: ending sets ``until`` and nothing
else; a correction rewrites a record entered wrongly but first saves what it
said, with who corrected it, when and why, as a :Correction node.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from neo4j import AsyncManagedTransaction

from netmap.domain.errors import Conflict, InvalidInput, NotFound, Problem
from netmap.domain.records import Correction, Recorded
from netmap.domain.valid_time import Period
from netmap.store import feed
from netmap.store._convert import grouped, native, recorded, recorded_props
from netmap.store._locks import lock_link

R = TypeVar("R")


@dataclass(frozen=True)
class Link(Generic[R]):
    """How one kind of dated relationship is matched and read."""

    what: str
    pattern: str
    """A MATCH pattern binding the relationship as ``r`` and its ends as ``a``, ``b``."""
    projection: str
    """A map projection of ``r`` that adds the ids of its ends."""
    convert: Callable[[Mapping[str, Any]], R]


async def get_links(
    tx: AsyncManagedTransaction, link: Link[R], ids: list[str]
) -> dict[str, R]:
    result = await tx.run(
        f"UNWIND $ids AS id MATCH {link.pattern} WHERE r.id = id "  # type: ignore[arg-type]
        f"RETURN {link.projection} AS r",
        ids=list(dict.fromkeys(ids)),
    )
    return {row["r"]["id"]: link.convert(row["r"]) async for row in result}


async def get_link(tx: AsyncManagedTransaction, link: Link[R], id: str) -> R:
    found = (await get_links(tx, link, [id])).get(id)
    if found is None:
        raise NotFound(link.what, id)
    return found


async def set_link(
    tx: AsyncManagedTransaction, link: Link[R], id: str, changes: dict[str, Any]
) -> R:
    result = await tx.run(
        f"MATCH {link.pattern} WHERE r.id = $id SET r += $changes "  # type: ignore[arg-type]
        f"RETURN {link.projection} AS r",
        id=id,
        changes=changes,
    )
    row = await result.single()
    if row is None:
        raise NotFound(link.what, id)
    feed.note(row["r"].get("person_id"), row["r"].get("other_id"))
    return link.convert(row["r"])


async def end_link(
    tx: AsyncManagedTransaction,
    link: Link[R],
    id: str,
    period: Callable[[R], Period],
    until: date,
    by: Recorded,
    reason: str | None = None,
) -> R:
    """Set ``until`` on an ongoing record: the first date it no longer holds (and why, if said)."""
    await lock_link(tx, link.pattern, id)
    current = period(await get_link(tx, link, id))
    if current.until is not None:
        raise Conflict(
            f"This {link.what} already ended on {current.until.isoformat()}; "
            "use the correct mutation to change that date.",
            code="ALREADY_ENDED",
        )
    if until <= current.since:
        raise InvalidInput(
            [Problem("until", "INVALID_INTERVAL", f"must be after since ({current.since.isoformat()})")]
        )
    return await set_link(
        tx, link, id, {"until": until, "ended_by": by.by, "ended_at": by.at, "ended_reason": reason}
    )


Clash = Callable[[R, dict[str, Any]], Awaitable[None]]


async def correct_link(
    tx: AsyncManagedTransaction,
    link: Link[R],
    id: str,
    current_props: Callable[[R], dict[str, Any]],
    changes: dict[str, Any],
    reason: str,
    by: Recorded,
    check: Clash[R],
) -> R:
    """Rewrite a wrongly entered record, keeping the old version in a :Correction."""
    await lock_link(tx, link.pattern, id)
    record = await get_link(tx, link, id)
    before = current_props(record)
    stored = {key: as_stored(value) for key, value in changes.items()}
    after = {**before, **stored}
    if after == before:
        raise InvalidInput([Problem("input", "NOTHING_TO_CHANGE", "the correction changes nothing")])
    if after["until"] is not None and after["until"] <= after["since"]:
        raise InvalidInput(
            [Problem("until", "INVALID_INTERVAL", "until must be after since")]
        )
    await check(record, after)
    await tx.run(
        "CREATE (c:Correction) SET c = $props",
        props={
            "id": str(uuid.uuid4()),
            "record_id": id,
            "reason": reason,
            "before": json.dumps(before, default=str, sort_keys=True),
            **recorded_props(by),
        },
    )
    return await set_link(tx, link, id, stored)


async def corrections_of(
    tx: AsyncManagedTransaction, record_ids: list[str]
) -> dict[str, list[Correction]]:
    """Every correction of each record, oldest first."""
    result = await tx.run(
        "UNWIND $ids AS id MATCH (c:Correction {record_id: id}) "
        "RETURN id, properties(c) AS c ORDER BY c.recorded_at",
        ids=list(dict.fromkeys(record_ids)),
    )
    return await grouped(result, record_ids, "id", "c", _correction)


def _correction(props: Mapping[str, Any]) -> Correction:
    return Correction(recorded=recorded(props), reason=props["reason"], before=json.loads(props["before"]))


def as_stored(value: Any) -> Any:
    """An enum as its value, a neo4j date as a Python date; for comparing versions."""
    return getattr(value, "value", native(value))
