"""Which people a caller may see, as one Cypher condition on a person ``n``.

The same condition filters lists (so pages stay whole) and checks single ids
(so an id outside the scope answers exactly like an unknown one).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.access import AccessRole, Principal
from netmap.domain.records import Person
from netmap.store import _convert

_CONDITIONS: dict[AccessRole, str] = {
    AccessRole.ADMIN: "true",
    AccessRole.PLANNER: "EXISTS { MATCH (:Account {subject: $scope_subject})-[:PLANS_FOR]->(n) }",
    AccessRole.SERVICE_MANAGER: (
        "EXISTS { MATCH (n)-[:PARTICIPATES {role: 'SUPPORTED'}]->(:Organisation {id: $scope_id}) }"
    ),
    AccessRole.COMMUNITY_ORGANISER: (
        "coalesce(n.consent_organisers, false) AND EXISTS { "
        "MATCH (n)-[r:PARTICIPATES]->(:Organisation {id: $scope_id}) "
        "WHERE r.since <= $scope_today AND (r.until IS NULL OR $scope_today < r.until) }"
    ),
    AccessRole.PERSON: "n.id = $scope_id",
    AccessRole.ANALYST: "false",
}


def scope_condition(principal: Principal | None, today: date) -> tuple[str, dict[str, Any]]:
    """A WHERE fragment on ``n`` true for the people ``principal`` may see, and its parameters.

    Service managers see the people their service supports or has supported;
    organisers see current participants of their group who agreed to be shown
    to organisers; nobody unauthenticated sees anyone.
    """
    if principal is None:
        return "false", {}
    return _CONDITIONS[principal.role], {
        "scope_subject": principal.subject,
        "scope_id": principal.scope_id,
        "scope_today": today,
    }


async def people_as_seen(
    tx: AsyncManagedTransaction, principal: Principal | None, today: date, ids: list[str]
) -> dict[str, tuple[Person, bool]]:
    """The people with these ids, each with whether ``principal`` may see them (one
    query serves both questions, so asking either answers the other)."""
    condition, params = scope_condition(principal, today)
    result = await tx.run(
        "UNWIND $ids AS id MATCH (n:Person {id: id}) "  # type: ignore[arg-type]
        f"RETURN properties(n) AS n, {condition} AS visible",
        ids=list(dict.fromkeys(ids)),
        **params,
    )
    return {row["n"]["id"]: (_convert.person(row["n"]), bool(row["visible"])) async for row in result}
