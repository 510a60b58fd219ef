"""Person-to-person ties: record, end, correct, and read a person's whole history."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.errors import Conflict, NotFound
from netmap.domain.inputs import TieCorrection, TieInput
from netmap.domain.kinds import TieKind
from netmap.domain.records import Recorded, Tie
from netmap.domain.valid_time import Period
from netmap.store import _convert, feed
from netmap.store._convert import recorded_props
from netmap.store._locks import lock_nodes
from netmap.store._relationships import Link, correct_link, end_link, get_links
from netmap.store._nodes import missing_ids

TIE = Link(
    what="tie",
    pattern="(a:Person)-[r:TIE]->(b:Person)",
    projection="r {.*, person_id: a.id, other_id: b.id}",
    convert=_convert.tie,
)


def _versioned(tie: Tie) -> dict[str, Any]:
    return {
        "kind": tie.kind.value,
        "since": tie.period.since,
        "until": tie.period.until,
        "label": tie.label,
        "closeness": tie.closeness.value if tie.closeness else None,
        "contact_frequency": tie.contact_frequency.value if tie.contact_frequency else None,
    }


async def _refuse_overlap(
    tx: AsyncManagedTransaction,
    person_id: str,
    other_id: str,
    kind: str,
    period: Period,
    ignore: str | None = None,
) -> None:
    """Refuse a second tie of the same kind between the same two people at the same time."""
    result = await tx.run(
        "MATCH (a:Person {id: $a})-[r:TIE {kind: $kind}]-(b:Person {id: $b}) "
        "RETURN r.id AS id, r.since AS since, r.until AS until",
        a=person_id,
        b=other_id,
        kind=kind,
    )
    async for row in result:
        existing = _convert.period(row)
        if row["id"] != ignore and existing.overlaps(period):
            raise Conflict(
                f"These two people already have a {kind} tie over those dates (tie {row['id']}); "
                "end or correct it instead of recording another.",
                code="DUPLICATE_TIE",
                tie_id=row["id"],
            )


async def record_tie(tx: AsyncManagedTransaction, tie: TieInput, by: Recorded) -> Tie:
    missing = await missing_ids(tx, "Person", [tie.person_id, tie.other_id])
    if missing:
        raise NotFound("person", missing[0])
    await lock_nodes(tx, [tie.person_id, tie.other_id])
    feed.note(tie.person_id, tie.other_id)
    period = Period(tie.since, tie.until)
    await _refuse_overlap(tx, tie.person_id, tie.other_id, tie.kind.value, period)
    props = {
        "id": str(uuid.uuid4()),
        "kind": tie.kind.value,
        "since": tie.since,
        "until": tie.until,
        "label": tie.label,
        "closeness": tie.closeness.value if tie.closeness else None,
        "contact_frequency": tie.contact_frequency.value if tie.contact_frequency else None,
        **recorded_props(by),
    }
    await tx.run(
        "MATCH (a:Person {id: $a}), (b:Person {id: $b}) CREATE (a)-[r:TIE]->(b) SET r = $props",
        a=tie.person_id,
        b=tie.other_id,
        props=props,
    )
    return _convert.tie({**props, "person_id": tie.person_id, "other_id": tie.other_id})


async def find_ties(tx: AsyncManagedTransaction, ids: list[str]) -> dict[str, Tie]:
    """The ties with these ids, by id; unknown ids are absent."""
    return await get_links(tx, TIE, ids)


async def end_tie(
    tx: AsyncManagedTransaction, id: str, until: date, by: Recorded, reason: str | None = None
) -> Tie:
    return await end_link(tx, TIE, id, lambda tie: tie.period, until, by, reason)


async def correct_tie(
    tx: AsyncManagedTransaction, id: str, correction: TieCorrection, by: Recorded
) -> Tie:
    async def check(tie: Tie, after: dict[str, Any]) -> None:
        await lock_nodes(tx, [tie.person_id, tie.other_id])
        await _refuse_overlap(
            tx, tie.person_id, tie.other_id, TieKind(after["kind"]).value,
            Period(after["since"], after["until"]), ignore=tie.id,
        )  # fmt: skip

    changes = correction.changes(clearable={"until", "label", "closeness", "contact_frequency"})
    return await correct_link(
        tx, TIE, id, _versioned, changes, correction.reason, by, check
    )


async def ties_of_people(
    tx: AsyncManagedTransaction, person_ids: list[str]
) -> dict[str, list[Tie]]:
    """Every tie each person has ever had, in either direction, oldest first."""
    result = await tx.run(
        "UNWIND $ids AS pid MATCH (:Person {id: pid})-[r:TIE]-(:Person) "
        "RETURN pid, r {.*, person_id: startNode(r).id, other_id: endNode(r).id} AS r "
        "ORDER BY r.since, r.id",
        ids=list(dict.fromkeys(person_ids)),
    )
    return await _convert.grouped(result, person_ids, "pid", "r", _convert.tie)
