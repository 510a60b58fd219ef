"""Person-to-organisation participations: record, end, correct, list."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.errors import Conflict, InvalidInput, NotFound, Problem
from netmap.domain.inputs import ParticipationCorrection, ParticipationInput
from netmap.domain.kinds import Role
from netmap.domain.records import Participation, Recorded
from netmap.domain.valid_time import Period
from netmap.store import _convert, feed
from netmap.store._convert import recorded_props
from netmap.store._locks import lock_nodes
from netmap.store._relationships import Link, correct_link, end_link, get_links
from netmap.store._nodes import missing_ids
from netmap.store.pages import After, Page, after_clause, after_params

PARTICIPATION = Link(
    what="participation",
    pattern="(a:Person)-[r:PARTICIPATES]->(b:Organisation)",
    projection="r {.*, person_id: a.id, organisation_id: b.id}",
    convert=_convert.participation,
)


def _versioned(participation: Participation) -> dict[str, Any]:
    return {
        "role": participation.role.value,
        "title": participation.title,
        "since": participation.period.since,
        "until": participation.period.until,
    }


async def _refuse_overlap(
    tx: AsyncManagedTransaction,
    person_id: str,
    organisation_id: str,
    role: str,
    period: Period,
    ignore: str | None = None,
) -> None:
    """Refuse a second participation in the same role in the same organisation at once."""
    result = await tx.run(
        "MATCH (:Person {id: $p})-[r:PARTICIPATES {role: $role}]->(:Organisation {id: $o}) "
        "RETURN r.id AS id, r.since AS since, r.until AS until",
        p=person_id,
        o=organisation_id,
        role=role,
    )
    async for row in result:
        if row["id"] != ignore and _convert.period(row).overlaps(period):
            raise Conflict(
                f"This person is already {role} of that organisation over those dates "
                f"(participation {row['id']}); end or correct it instead.",
                code="DUPLICATE_PARTICIPATION",
                participation_id=row["id"],
            )


async def record_participation(
    tx: AsyncManagedTransaction, participation: ParticipationInput, by: Recorded
) -> Participation:
    if await missing_ids(tx, "Person", [participation.person_id]):
        raise NotFound("person", participation.person_id)
    if await missing_ids(tx, "Organisation", [participation.organisation_id]):
        raise NotFound("organisation", participation.organisation_id)
    await lock_nodes(tx, [participation.person_id, participation.organisation_id])
    feed.note(participation.person_id)
    role = participation.role.value
    period = Period(participation.since, participation.until)
    await _refuse_overlap(tx, participation.person_id, participation.organisation_id, role, period)
    props = {
        "id": str(uuid.uuid4()),
        "role": role,
        "title": participation.title,
        "since": participation.since,
        "until": participation.until,
        **recorded_props(by),
    }
    await tx.run(
        "MATCH (a:Person {id: $p}), (b:Organisation {id: $o}) "
        "CREATE (a)-[r:PARTICIPATES]->(b) SET r = $props",
        p=participation.person_id,
        o=participation.organisation_id,
        props=props,
    )
    return _convert.participation(
        {**props, "person_id": participation.person_id, "organisation_id": participation.organisation_id}
    )


async def find_participations(tx: AsyncManagedTransaction, ids: list[str]) -> dict[str, Participation]:
    """The participations with these ids, by id; unknown ids are absent."""
    return await get_links(tx, PARTICIPATION, ids)


async def end_participation(
    tx: AsyncManagedTransaction, id: str, until: date, by: Recorded, reason: str | None = None
) -> Participation:
    return await end_link(tx, PARTICIPATION, id, lambda p: p.period, until, by, reason)


async def correct_participation(
    tx: AsyncManagedTransaction, id: str, correction: ParticipationCorrection, by: Recorded
) -> Participation:
    async def check(participation: Participation, after: dict[str, Any]) -> None:
        if after["role"] == Role.ROLE.value and not after["title"]:
            raise InvalidInput(
                [Problem("title", "TITLE_REQUIRED", "a ROLE participation needs a title")]
            )
        await lock_nodes(tx, [participation.person_id, participation.organisation_id])
        await _refuse_overlap(
            tx, participation.person_id, participation.organisation_id, after["role"],
            Period(after["since"], after["until"]), ignore=participation.id,
        )  # fmt: skip

    changes = correction.changes(clearable={"until", "title"})
    return await correct_link(
        tx, PARTICIPATION, id, _versioned, changes, correction.reason, by, check
    )


async def participations_of_people(
    tx: AsyncManagedTransaction, person_ids: list[str]
) -> dict[str, list[Participation]]:
    """Every participation each person has ever had, oldest first."""
    result = await tx.run(
        "UNWIND $ids AS pid MATCH (a:Person {id: pid})-[r:PARTICIPATES]->(b:Organisation) "
        f"RETURN pid, {PARTICIPATION.projection} AS r ORDER BY r.since, r.id",
        ids=list(dict.fromkeys(person_ids)),
    )
    return await _convert.grouped(result, person_ids, "pid", "r", _convert.participation)


async def page_participants(
    tx: AsyncManagedTransaction,
    organisation_id: str,
    at: date,
    role: Role | None,
    after: After | None,
    limit: int,
    scope: tuple[str, dict[str, Any]] = ("true", {}),
) -> Page[Participation]:
    """Participations in an organisation active at ``at``, in the participants' name order,
    of people within ``scope`` (a condition on the person ``n``)."""
    role_clause = "AND r.role = $role " if role else ""
    result = await tx.run(
        "MATCH (n:Person)-[r:PARTICIPATES]->(b:Organisation {id: $o}) "  # type: ignore[arg-type]
        f"WHERE r.since <= $at AND (r.until IS NULL OR $at < r.until) AND {scope[0]} "
        f"{role_clause}AND {after_clause('n.name_key', 'r.id')} "
        "RETURN r {.*, person_id: n.id, organisation_id: b.id} AS r, n.name_key AS key "
        "ORDER BY n.name_key, r.id LIMIT $limit",
        o=organisation_id,
        at=at,
        role=role.value if role else None,
        limit=limit + 1,
        **scope[1],
        **after_params(after),
    )
    rows = [(row["r"], row["key"]) async for row in result]
    shown = rows[:limit]
    return Page(
        items=[_convert.participation(r) for r, _ in shown],
        has_next=len(rows) > limit,
        keys=[After(key, r["id"]) for r, key in shown],
    )
