"""Write locks taken before a check-then-write, so concurrent writers queue.

"Is there already an overlapping tie?" followed by "create one" is only safe
if no one else can do the same in between. A lock adds one to the record's
``_netmap_lock`` count. On Neo4j that takes the record's write lock: the other
transaction waits, then sees the committed change. On ArcadeDB it is a change
to the record, so of two concurrent transactions the second fails at commit
with a transient conflict and the driver runs it again, when it sees the change.
The count must really change: ArcadeDB compares a record's content at commit,
so setting a property and removing it again (this module's first way) left
the record as it was and locked nothing there (docs/architecture.md). The
count is netmap's own bookkeeping: it is never shown (subject access leaves
it out) and travels with backups.
"""

from __future__ import annotations

from neo4j import AsyncManagedTransaction

from netmap.store._nodes import person_or_organisation


async def lock_nodes(tx: AsyncManagedTransaction, ids: list[str]) -> None:
    """Lock people and organisations by id, in a fixed order to avoid deadlocks."""
    await tx.run(
        f"UNWIND $ids AS id {person_or_organisation('n', 'id')}"  # type: ignore[arg-type]
        "WITH n WHERE n IS NOT NULL SET n._netmap_lock = coalesce(n._netmap_lock, 0) + 1",
        ids=sorted(set(ids)),
    )


async def lock_node(tx: AsyncManagedTransaction, label: str, id: str) -> None:
    """Lock one node of ``label`` (this package's own label, never user input) by id."""
    await tx.run(
        f"MATCH (n:{label} {{id: $id}}) SET n._netmap_lock = coalesce(n._netmap_lock, 0) + 1",  # type: ignore[arg-type]
        id=id,
    )


async def lock_account(tx: AsyncManagedTransaction, subject: str) -> None:
    """Lock a caller's account, making it first if it is new.

    Two first calls for one new subject both find no account and both make one; on
    Neo4j the uniqueness constraint makes the second wait and match, on ArcadeDB the
    second fails with a ConstraintError at commit, and ``Store.write`` runs it again,
    when it finds the account (docs/robustness.md).
    """
    await tx.run(
        "MERGE (a:Account {subject: $subject}) SET a._netmap_lock = coalesce(a._netmap_lock, 0) + 1",
        subject=subject,
    )


async def lock_link(tx: AsyncManagedTransaction, pattern: str, id: str) -> None:
    """Lock one tie or participation (``pattern`` binds it as ``r``)."""
    await tx.run(
        f"MATCH {pattern} WHERE r.id = $id SET r._netmap_lock = coalesce(r._netmap_lock, 0) + 1",  # type: ignore[arg-type]
        id=id,
    )
