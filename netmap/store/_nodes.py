"""Create, fetch, update and page through nodes of one label (Person, Organisation).

Labels are passed in by this package's own code, never from user input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from neo4j import AsyncManagedTransaction

from netmap.domain.errors import NotFound
from netmap.store import feed
from netmap.store.pages import After, Page, after_clause, after_params

T = TypeVar("T")
Convert = Callable[[Mapping[str, Any]], T]


def person_or_organisation(variable: str, id: str) -> str:
    """Cypher binding ``variable`` to the person or organisation whose id is ``id`` (an
    expression), or null. Through both labels' id indexes: an unlabelled ``({id: …})``
    match reads every node in the store, audit entries included."""
    p, o = f"{variable}_as_person", f"{variable}_as_organisation"
    return (
        f"OPTIONAL MATCH ({p}:Person {{id: {id}}}) OPTIONAL MATCH ({o}:Organisation {{id: {id}}}) "
        f"WITH *, coalesce({p}, {o}) AS {variable} "
    )


def name_key(name: str) -> str:
    """The sort key of a name: lower case, so 'anne' sorts beside 'Anne'."""
    return name.casefold()


_ANALYSED = frozenset({"Person", "Organisation"})
"""Labels whose records the analysis reads: their writes go on the change feed."""


async def create_node(tx: AsyncManagedTransaction, label: str, props: dict[str, Any]) -> None:
    if label in _ANALYSED:
        feed.note(props["id"])
    await tx.run(
        f"CREATE (n:{label}) SET n = $props",  # type: ignore[arg-type]
        props={**props, "name_key": name_key(props["name"])},
    )


async def get_nodes(
    tx: AsyncManagedTransaction, label: str, ids: list[str], convert: Convert[T]
) -> dict[str, T]:
    """The nodes with these ids, by id; unknown ids are simply absent."""
    result = await tx.run(
        f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN properties(n) AS n",  # type: ignore[arg-type]
        ids=list(dict.fromkeys(ids)),
    )
    return {row["n"]["id"]: convert(row["n"]) async for row in result}


async def missing_ids(tx: AsyncManagedTransaction, label: str, ids: list[str]) -> list[str]:
    """Those of ``ids`` with no node of ``label``, in the order given."""
    result = await tx.run(
        f"UNWIND $ids AS id OPTIONAL MATCH (n:{label} {{id: id}}) "  # type: ignore[arg-type]
        "WITH id, n WHERE n IS NULL RETURN id",
        ids=ids,
    )
    return [row["id"] async for row in result]


async def update_node(
    tx: AsyncManagedTransaction,
    label: str,
    what: str,
    id: str,
    changes: dict[str, Any],
    convert: Convert[T],
) -> T:
    """Set the changed properties (None removes one) and return the node as it now is."""
    if "name" in changes:
        changes = {**changes, "name_key": name_key(changes["name"])}
    if label in _ANALYSED:
        feed.note(id)
    result = await tx.run(
        f"MATCH (n:{label} {{id: $id}}) SET n += $changes RETURN properties(n) AS n",  # type: ignore[arg-type]
        id=id,
        changes=changes,
    )
    row = await result.single()
    if row is None:
        raise NotFound(what, id)
    return convert(row["n"])


WINDOW = 4
"""A page is first looked for among the next ``WINDOW`` × page-size names."""


async def page_nodes(
    tx: AsyncManagedTransaction,
    label: str,
    where: list[str],
    params: dict[str, Any],
    after: After | None,
    limit: int,
    convert: Convert[T],
) -> Page[T]:
    """One page of nodes matching every ``where`` condition, in name order.

    Sorting every node of a label for each page took half a second at 100,000
    people, so a page is first sought in a bounded range of the ``name_key``
    index (the next few hundred names, a range the store answers from the
    index); only if the conditions leave too few there is the rest searched.
    """
    start = after.key if after else ""

    async def rows_up_to(end: str | None) -> list[dict[str, Any]]:
        """Up to ``limit + 1`` matching nodes after ``after``, name keys from ``start`` to ``end``."""
        window = ["n.name_key >= $window_start", *(["n.name_key <= $window_end"] if end is not None else [])]
        conditions = " AND ".join([*where, *window, after_clause("n.name_key", "n.id")])
        result = await tx.run(
            f"MATCH (n:{label}) WHERE {conditions} "  # type: ignore[arg-type]
            "RETURN properties(n) AS n ORDER BY n.name_key, n.id LIMIT $limit",
            **params,
            **after_params(after),
            window_start=start,
            window_end=end,
            limit=limit + 1,
        )
        return [row["n"] async for row in result]

    end = await _window_end(tx, label, start, WINDOW * (limit + 1))
    rows = await rows_up_to(end)
    if end is not None and len(rows) <= limit:
        rows = await rows_up_to(None)
    shown = rows[:limit]
    return Page(
        items=[convert(row) for row in shown],
        has_next=len(rows) > limit,
        keys=[After(row["name_key"], row["id"]) for row in shown],
    )


async def _window_end(tx: AsyncManagedTransaction, label: str, start: str, span: int) -> str | None:
    """The largest of the first ``span`` name keys from ``start`` on, or None if fewer remain."""
    result = await tx.run(
        f"MATCH (n:{label}) WHERE n.name_key >= $start RETURN n.name_key AS key LIMIT $span",  # type: ignore[arg-type]
        start=start,
        span=span,
    )
    keys = [row["key"] async for row in result]
    return max(keys) if len(keys) == span else None
