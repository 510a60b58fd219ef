"""People: create, update, fetch by id, and search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.records import Person
from netmap.store import _convert
from netmap.store._convert import consent_props, recorded_props
from netmap.store._nodes import create_node, get_nodes, page_nodes, update_node
from netmap.store.pages import After, Page

LABEL = "Person"


@dataclass(frozen=True)
class PeopleFilter:
    """Who to list: every given condition must hold."""

    search: str | None = None
    """Part of the name, any case."""
    area: str | None = None
    interest: str | None = None
    offering: str | None = None
    """A skill or interest they have, among people who agreed to be mapped ("who knows computers?")."""
    ids: tuple[str, ...] | None = None
    """Only these people (names for a list of ids, in one round trip)."""


def person_props(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "area": person.area,
        "interests": list(person.interests),
        "skills": list(person.skills),
        "access_needs": list(person.access_needs),
        "offers_buddying": person.offers_buddying,
        "key": person.key,
        **consent_props(person.consent),
        **recorded_props(person.recorded),
    }


async def create_person(tx: AsyncManagedTransaction, person: Person) -> Person:
    await create_node(tx, LABEL, person_props(person))
    if person.consent.recorded is not None:
        await tx.run(
            "CREATE (c:ConsentRecord) SET c = $props",
            props={"person_id": person.id, **consent_props(person.consent)},
        )
    return person


async def get_people(tx: AsyncManagedTransaction, ids: list[str]) -> dict[str, Person]:
    return await get_nodes(tx, LABEL, ids, _convert.person)


async def update_person(
    tx: AsyncManagedTransaction, id: str, changes: dict[str, Any]
) -> Person:
    return await update_node(tx, LABEL, "person", id, changes, _convert.person)


async def page_people(
    tx: AsyncManagedTransaction,
    where: PeopleFilter,
    after: After | None,
    limit: int,
    scope: tuple[str, dict[str, Any]] = ("true", {}),
) -> Page[Person]:
    """A page of the people matching ``where`` within ``scope`` (a condition on ``n``)."""
    conditions, params = [scope[0]], dict(scope[1])
    if where.search:
        conditions.append("n.name_key CONTAINS $search")
        params["search"] = where.search.casefold()
    if where.area:
        conditions.append("n.area = $area")
        params["area"] = where.area
    if where.interest:
        conditions.append("$interest IN n.interests")
        params["interest"] = where.interest.casefold()
    if where.ids is not None:
        conditions.append("n.id IN $ids")
        params["ids"] = list(where.ids)
    if where.offering:
        conditions.append("coalesce(n.consent_mapped, false) AND ($offering IN n.skills OR $offering IN n.interests)")
        params["offering"] = where.offering.casefold()
    return await page_nodes(tx, LABEL, conditions, params, after, limit, _convert.person)


async def buddy_candidates(tx: AsyncManagedTransaction, interests: list[str]) -> list[Person]:
    """People who offered to buddy, agreed to be mapped, and share one of ``interests``."""
    result = await tx.run(
        "MATCH (n:Person) WHERE coalesce(n.offers_buddying, false) AND coalesce(n.consent_mapped, false) "
        "AND any(i IN n.interests WHERE i IN $interests) RETURN properties(n) AS n",
        interests=interests,
    )
    return [_convert.person(row["n"]) async for row in result]
