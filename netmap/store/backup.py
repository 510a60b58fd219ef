"""Backup and restore: the whole store as one portable, versioned JSON file.

Every node with its labels and properties, every relationship with its type,
properties and the keys of its two ends (a node's ``id``, or an account's
``subject``). Dates and times are written as tagged strings so they come back
as dates and times.

Restore checks every label, type and property name in the file against netmap's
own (``store/names.py``) before anything is written, since names go into the
Cypher text. It then writes the whole file in one transaction, into a store it
finds empty in that same transaction, and checks the counts before committing:
it completes, or the store stays as it was (empty).
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap import __version__
from netmap.domain.errors import Conflict, InvalidInput, Problem
from netmap.store import feed
from netmap.store._convert import native
from netmap.store.connection import Store
from netmap.store.names import LABELS, PROPERTY_KEYS, RELATIONSHIP_TYPES

FORMAT = "netmap-backup"
VERSION = 1
BATCH = 2000


def _encode(value: Any) -> Any:
    value = native(value)
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "$datetime" in value:
        return datetime.fromisoformat(value["$datetime"])
    if isinstance(value, dict) and "$date" in value:
        return date.fromisoformat(value["$date"])
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _props(props: dict[str, Any], code: Any = _encode) -> dict[str, Any]:
    return {k: code(v) for k, v in props.items()}


def _end(label: str, id: str | None, subject: str | None) -> dict[str, str]:
    """How to find one end again: its label and its key (``id``, or an account's ``subject``)."""
    return {"label": label, "key": "id", "value": id} if id is not None else {"label": label, "key": "subject", "value": subject or ""}


_DATA = "NOT (n:ChangeFeed OR n:Change OR n:Session)"
"""The change feed is the store's own bookkeeping: not backed up, not restored (a restore starts a new one)."""


async def _dump(tx: AsyncManagedTransaction) -> dict[str, Any]:
    nodes = await tx.run(f"MATCH (n) WHERE {_DATA} RETURN labels(n) AS labels, properties(n) AS props")
    found_nodes = [{"labels": sorted(row["labels"]), "props": _props(row["props"])} async for row in nodes]
    links = await tx.run(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, properties(r) AS props, "
        "head(labels(a)) AS start_label, a.id AS start_id, a.subject AS start_subject, "
        "head(labels(b)) AS end_label, b.id AS end_id, b.subject AS end_subject"
    )
    found_links = [
        {
            "type": row["type"],
            "start": _end(row["start_label"], row["start_id"], row["start_subject"]),
            "end": _end(row["end_label"], row["end_id"], row["end_subject"]),
            "props": _props(row["props"]),
        }
        async for row in links
    ]
    return {"nodes": found_nodes, "relationships": found_links}


async def backup(store: Store, path: Path) -> dict[str, int]:
    """Write the whole store to ``path`` (gzip-compressed JSON if it ends in .gz)."""
    dump = await store.read(_dump)
    document = {"format": FORMAT, "version": VERSION, "netmap": __version__,
                "created": datetime.now().astimezone().isoformat(), **dump}  # fmt: skip
    text = json.dumps(document, ensure_ascii=False, sort_keys=True)
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text)
    return {"nodes": len(dump["nodes"]), "relationships": len(dump["relationships"])}


MAX_PROBLEMS = 20


def check_names(document: dict[str, Any]) -> None:
    """InvalidInput unless every node, relationship and name is one netmap writes."""
    problems: list[Problem] = []

    def refuse(where: str, what: str) -> None:
        if len(problems) < MAX_PROBLEMS:
            problems.append(Problem(where, "UNKNOWN_NAME", what))

    def check_props(where: str, props: Any) -> None:
        if not isinstance(props, dict):
            refuse(where, "properties are not a map")
            return
        for key in props:
            if key not in PROPERTY_KEYS:
                refuse(where, f"property {key!r} is not one of netmap's")

    nodes, links = document.get("nodes"), document.get("relationships")
    if not isinstance(nodes, list) or not isinstance(links, list):
        raise InvalidInput([Problem("nodes", "INVALID_INPUT", "a backup holds a list of nodes and one of relationships")])
    for i, node in enumerate(nodes):
        where = f"nodes[{i}]"
        labels = node.get("labels") if isinstance(node, dict) else None
        if not isinstance(labels, list) or not labels:
            refuse(where, "no labels")
            continue
        for label in labels:
            if label not in LABELS:
                refuse(where, f"label {label!r} is not one of netmap's")
        check_props(where, node.get("props"))
    for i, link in enumerate(links):
        where = f"relationships[{i}]"
        if not isinstance(link, dict):
            refuse(where, "not a relationship")
            continue
        if link.get("type") not in RELATIONSHIP_TYPES:
            refuse(where, f"type {link.get('type')!r} is not one of netmap's")
        for side in ("start", "end"):
            end = link.get(side)
            if not isinstance(end, dict) or end.get("label") not in LABELS or end.get("key") not in ("id", "subject"):
                refuse(f"{where}.{side}", "an end is a label of netmap's and its key, id or subject")
        check_props(where, link.get("props"))
    if problems:
        raise InvalidInput(problems)


def read_backup(path: Path) -> dict[str, Any]:
    """Read and check a backup file; InvalidInput if it is not one this netmap can restore."""
    raw = path.read_bytes()
    try:
        document = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
    except (ValueError, OSError) as exc:
        raise InvalidInput([Problem(str(path), "INVALID_INPUT", f"not a backup file: {exc}")]) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput([Problem("format", "INVALID_INPUT", f"expected format {FORMAT!r}")])
    if document.get("version") != VERSION:
        raise InvalidInput([Problem("version", "INVALID_INPUT", f"this netmap restores version {VERSION}")])
    check_names(document)
    return document


async def _count(tx: AsyncManagedTransaction) -> tuple[int, int]:
    nodes = await (await tx.run(f"MATCH (n) WHERE {_DATA} RETURN count(n) AS n")).single()
    links = await (await tx.run("MATCH ()-[r]->() RETURN count(r) AS n")).single()
    return int(nodes["n"] if nodes else 0), int(links["n"] if links else 0)


async def _create_nodes(tx: AsyncManagedTransaction, labels: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    """Labels checked by :func:`check_names`: netmap's own names, safe in Cypher text."""
    feed.note_everything()
    await tx.run(f"UNWIND $rows AS row CREATE (n:{':'.join(labels)}) SET n = row", rows=rows)  # type: ignore[arg-type]


async def _create_links(tx: AsyncManagedTransaction, shape: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    """Names checked by :func:`check_names`: netmap's own, safe in Cypher text."""
    kind, start_label, start_key, end_label, end_key = shape
    feed.note_everything()
    await tx.run(
        f"UNWIND $rows AS row MATCH (a:{start_label} {{{start_key}: row.start}}) "  # type: ignore[arg-type]
        f"MATCH (b:{end_label} {{{end_key}: row.end}}) "
        f"CREATE (a)-[r:{kind}]->(b) SET r = row.props",
        rows=rows,
    )


async def _restore_all(
    tx: AsyncManagedTransaction,
    nodes: dict[tuple[str, ...], list[dict[str, Any]]],
    links: dict[tuple[str, ...], list[dict[str, Any]]],
    expected: tuple[int, int],
) -> tuple[int, int]:
    """Everything in one transaction: the store is empty when it starts and holds the whole
    backup when it commits, or the transaction rolls back and leaves it empty."""
    if await _count(tx) != (0, 0):
        raise Conflict("Restore needs an empty store; this one holds data.", code="STORE_NOT_EMPTY")
    for labels, rows in nodes.items():
        for start in range(0, len(rows), BATCH):
            await _create_nodes(tx, labels, rows[start : start + BATCH])
    for shape, rows in links.items():
        for start in range(0, len(rows), BATCH):
            await _create_links(tx, shape, rows[start : start + BATCH])
    found = await _count(tx)
    if found != expected:
        raise Conflict(f"Restored {found} (nodes, relationships) but the backup holds {expected}; nothing was kept.", code="RESTORE_INCOMPLETE")
    return found


async def restore(store: Store, document: dict[str, Any]) -> dict[str, int]:
    """Load a backup into an empty store, whole or not at all."""
    check_names(document)
    if await store.read(_count) != (0, 0):
        raise Conflict("Restore needs an empty store; this one holds data.", code="STORE_NOT_EMPTY")
    by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for node in document["nodes"]:
        by_labels[tuple(node["labels"])].append(_props(node["props"], _decode))
    by_shape: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for link in document["relationships"]:
        a, b = link["start"], link["end"]
        shape = (link["type"], a["label"], a["key"], b["label"], b["key"])
        by_shape[shape].append({"start": a["value"], "end": b["value"], "props": _props(link["props"], _decode)})
    expected = (len(document["nodes"]), len(document["relationships"]))
    found = await store.write(_restore_all, by_labels, by_shape, expected)
    return {"nodes": found[0], "relationships": found[1]}
