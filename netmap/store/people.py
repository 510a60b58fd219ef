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


def person_props(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "area": person.area,
        "interests": list(person.interests),
        "skills": list(person.skills),
        "access_needs": list(person.access_needs),
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
    return await page_nodes(tx, LABEL, conditions, params, after, limit, _convert.person)
