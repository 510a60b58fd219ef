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
from netmap.domain.errors import InvalidInput, Problem
from netmap.store._convert import native, parse_time
from netmap.store.pages import After, Page

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
    """Entries newest first, optionally about one person or by one subject.

    Ordered and resumed on the time itself, not its text: Neo4j writes a varying number
    of fraction digits and a 'Z' after whole seconds, so text order is not time order."""
    conditions = ["($person IS NULL OR e.person_id = $person)", "($subject IS NULL OR e.subject = $subject)"]
    result = await tx.run(
        f"MATCH (e:AuditEntry) WHERE {' AND '.join(conditions)} AND "  # type: ignore[arg-type]
        "($after_at IS NULL OR e.at < $after_at OR (e.at = $after_at AND e.id < $after_id)) "
        "RETURN properties(e) AS e ORDER BY e.at DESC, e.id DESC LIMIT $limit",
        person=person_id,
        subject=subject,
        limit=limit + 1,
        after_at=_cursor_time(after),
        after_id=after.id if after else None,
    )
    rows = [row["e"] async for row in result]
    shown = [_entry(e) for e in rows[:limit]]
    return Page(items=shown, has_next=len(rows) > limit, keys=[After(e.at.isoformat(), e.id) for e in shown])


def _cursor_time(after: After | None) -> datetime | None:
    if after is None:
        return None
    try:
        return parse_time(after.key)
    except ValueError:
        raise InvalidInput([Problem("after", "INVALID_INPUT", "not a cursor from this list")]) from None


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

