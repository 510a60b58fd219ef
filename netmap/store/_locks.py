"""Write locks taken before a check-then-write, so concurrent writers queue.

"Is there already an overlapping tie?" followed by "create one" is only safe
if no one else can do the same in between. Setting and removing a property
takes the record's write lock on Neo4j (the other transaction waits, then
sees the committed change) and marks the record changed on ArcadeDB (the
other transaction fails with a transient conflict and the driver retries it,
seeing the change). Nothing is left on the record.
"""

from __future__ import annotations

from neo4j import AsyncManagedTransaction

from netmap.store._nodes import person_or_organisation


async def lock_nodes(tx: AsyncManagedTransaction, ids: list[str]) -> None:
    """Lock people and organisations by id, in a fixed order to avoid deadlocks."""
    await tx.run(
        f"UNWIND $ids AS id {person_or_organisation('n', 'id')}"  # type: ignore[arg-type]
        "WITH n WHERE n IS NOT NULL SET n._netmap_lock = true REMOVE n._netmap_lock",
        ids=sorted(set(ids)),
    )


async def lock_link(tx: AsyncManagedTransaction, pattern: str, id: str) -> None:
    """Lock one tie or participation (``pattern`` binds it as ``r``)."""
    await tx.run(
        f"MATCH {pattern} WHERE r.id = $id SET r._netmap_lock = true REMOVE r._netmap_lock",  # type: ignore[arg-type]
        id=id,
    )
