"""Organisations: services, community groups, timebanks and others."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.kinds import OrganisationKind
from netmap.domain.records import Organisation
from netmap.store import _convert
from netmap.store._convert import recorded_props
from netmap.store._nodes import create_node, get_nodes, page_nodes, update_node
from netmap.store.pages import After, Page

LABEL = "Organisation"


@dataclass(frozen=True)
class OrganisationFilter:
    kind: OrganisationKind | None = None
    area: str | None = None
    interest: str | None = None
    search: str | None = None


def organisation_props(organisation: Organisation) -> dict[str, Any]:
    return {
        "id": organisation.id,
        "name": organisation.name,
        "kind": organisation.kind.value,
        "category": organisation.category,
        "area": organisation.area,
        "interests": list(organisation.interests),
        "accessibility": list(organisation.accessibility),
        "description": organisation.description,
        "key": organisation.key,
        **recorded_props(organisation.recorded),
    }


async def create_organisation(
    tx: AsyncManagedTransaction, organisation: Organisation
) -> Organisation:
    await create_node(tx, LABEL, organisation_props(organisation))
    return organisation


async def get_organisations(
    tx: AsyncManagedTransaction, ids: list[str]
) -> dict[str, Organisation]:
    return await get_nodes(tx, LABEL, ids, _convert.organisation)


async def update_organisation(
    tx: AsyncManagedTransaction, id: str, changes: dict[str, Any]
) -> Organisation:
    if isinstance(changes.get("kind"), OrganisationKind):
        changes = {**changes, "kind": changes["kind"].value}
    return await update_node(tx, LABEL, "organisation", id, changes, _convert.organisation)


async def page_organisations(
    tx: AsyncManagedTransaction, where: OrganisationFilter, after: After | None, limit: int
) -> Page[Organisation]:
    conditions, params = [], {}
    if where.kind:
        conditions.append("n.kind = $kind")
        params["kind"] = where.kind.value
    if where.area:
        conditions.append("n.area = $area")
        params["area"] = where.area
    if where.interest:
        conditions.append("$interest IN n.interests")
        params["interest"] = where.interest.casefold()
    if where.search:
        conditions.append("n.name_key CONTAINS $search")
        params["search"] = where.search.casefold()
    return await page_nodes(tx, LABEL, conditions, params, after, limit, _convert.organisation)
