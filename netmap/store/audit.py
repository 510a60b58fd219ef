"""The audit log: who looked at or changed whose data, and when.

Entries are only ever added here; nothing in the API changes or removes them.
Erasing a person keeps their entries but removes what identified the person.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.access import Principal
from netmap.store._convert import native
from netmap.store.pages import After, Page, after_params

ANONYMOUS_SUBJECT = "anonymous"


@dataclass(frozen=True)
class AuditEntry:
    id: str
    at: datetime
    subject: str
    role: str
    action: str
    """READ, WRITE, EXPORT or ERASE."""
    operation: str
    """The GraphQL field or command that did it."""
    person_id: str | None
    """None once the person has been erased, or for an action on no one's data (making or revoking a token)."""


def entry(
    principal: Principal | None, action: str, operation: str, person_id: str | None, at: datetime
) -> dict[str, Any]:
    """One entry, ready for :func:`write_audit`."""
    return {
        "id": str(uuid.uuid4()),
        "at": at,
        "subject": principal.subject if principal else ANONYMOUS_SUBJECT,
        "role": principal.role.value if principal else "none",
        "action": action,
        "operation": operation,
        "person_id": person_id,
    }


async def write_audit(tx: AsyncManagedTransaction, entries: list[dict[str, Any]]) -> None:
    if entries:
        await tx.run("UNWIND $rows AS row CREATE (e:AuditEntry) SET e = row", rows=entries)


def _entry(props: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        id=props["id"],
        at=native(props["at"]),
        subject=props["subject"],
        role=props["role"],
        action=props["action"],
        operation=props["operation"],
        person_id=props.get("person_id"),
    )


async def page_audit(
    tx: AsyncManagedTransaction,
    person_id: str | None,
    subject: str | None,
    after: After | None,
    limit: int,
) -> Page[AuditEntry]:
    """Entries newest first, optionally about one person or by one subject."""
    conditions = ["($person IS NULL OR e.person_id = $person)", "($subject IS NULL OR e.subject = $subject)"]
    result = await tx.run(
        "MATCH (e:AuditEntry) WITH e, toString(e.at) AS key "  # type: ignore[arg-type]
        f"WHERE {' AND '.join(conditions)} AND "
        "($after_key IS NULL OR key < $after_key OR (key = $after_key AND e.id < $after_id)) "
        "RETURN properties(e) AS e, key ORDER BY key DESC, e.id DESC LIMIT $limit",
        person=person_id,
        subject=subject,
        limit=limit + 1,
        **after_params(after),
    )
    rows = [(row["e"], row["key"]) async for row in result]
    shown = rows[:limit]
    return Page(
        items=[_entry(e) for e, _ in shown],
        has_next=len(rows) > limit,
        keys=[After(key, e["id"]) for e, key in shown],
    )


async def entries_about(tx: AsyncManagedTransaction, person_id: str) -> list[AuditEntry]:
    result = await tx.run(
        "MATCH (e:AuditEntry {person_id: $id}) RETURN properties(e) AS e ORDER BY e.at", id=person_id
    )
    return [_entry(row["e"]) async for row in result]


async def forget_person(tx: AsyncManagedTransaction, person_id: str) -> int:
    """Keep a person's audit entries but remove what identified them."""
    result = await tx.run(
        "MATCH (e:AuditEntry {person_id: $id}) SET e.person_id = null RETURN count(e) AS n", id=person_id
    )
    row = await result.single()
    return int(row["n"]) if row else 0

