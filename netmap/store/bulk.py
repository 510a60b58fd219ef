"""Batched writes of many records: ``UNWIND $rows … MERGE`` in batches.

MERGE on our own ids makes every write idempotent: loading the same rows
again changes nothing, so a bulk load that stopped half-way can simply be run
again. ``atomic=True`` writes everything in one transaction instead (a
community file: all or nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.records import Organisation, Participation, Person, Recorded, Tie
from netmap.domain.valid_time import Period
from netmap.store import feed
from netmap.store._convert import recorded_props
from netmap.store._nodes import person_or_organisation
from netmap.store.connection import Store
from netmap.store.organisations import organisation_props
from netmap.store.people import person_props

BATCH = 5000

_WRITES = {
    "organisations": "UNWIND $rows AS row MERGE (n:Organisation {id: row.id}) ON CREATE SET n = row.props",
    "people": "UNWIND $rows AS row MERGE (n:Person {id: row.id}) ON CREATE SET n = row.props",
    "ties": (
        "UNWIND $rows AS row MATCH (a:Person {id: row.a}), (b:Person {id: row.b}) "
        "MERGE (a)-[r:TIE {id: row.id}]->(b) ON CREATE SET r = row.props"
    ),
    "participations": (
        "UNWIND $rows AS row MATCH (a:Person {id: row.a}), (b:Organisation {id: row.b}) "
        "MERGE (a)-[r:PARTICIPATES {id: row.id}]->(b) ON CREATE SET r = row.props"
    ),
    "activities": (
        "UNWIND $rows AS row MATCH (o:Organisation {id: row.b}) "
        "MERGE (a:Activity {id: row.id}) ON CREATE SET a = row.props MERGE (o)-[:RUNS]->(a)"
    ),
    "attendance": (
        "UNWIND $rows AS row MATCH (p:Person {id: row.a}), (x:Activity {id: row.b}) "
        "MERGE (p)-[r:ATTENDED {date: row.props.date}]->(x) ON CREATE SET r = row.props"
    ),
    "volunteering": (
        "UNWIND $rows AS row MATCH (p:Person {id: row.a}), (x:Activity {id: row.b}) "
        "MERGE (p)-[r:VOLUNTEERED {date: row.props.date}]->(x) ON CREATE SET r = row.props"
    ),
    "exchanges": (
        f"UNWIND $rows AS row {person_or_organisation('g', 'row.a')}{person_or_organisation('r', 'row.b')}"
        "WITH row, g, r WHERE g IS NOT NULL AND r IS NOT NULL "
        "MERGE (e:Exchange {id: row.id}) ON CREATE SET e = row.props "
        "MERGE (g)-[:GAVE]->(e) MERGE (e)-[:RECEIVED_BY]->(r)"
    ),
    "reviews": (
        "UNWIND $rows AS row MATCH (p:Person {id: row.a}) "
        "MERGE (r:NetworkReview {id: row.id}) ON CREATE SET r = row.props MERGE (p)-[:REVIEWED]->(r)"
    ),
}


@dataclass
class Rows:
    """Property maps ready for Cypher: nodes as ``{id, props}``, links as ``{id, a, b, props}``."""

    organisations: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    ties: list[dict[str, Any]] = field(default_factory=list)
    participations: list[dict[str, Any]] = field(default_factory=list)
    activities: list[dict[str, Any]] = field(default_factory=list)
    """``{id, b: organisation id, props}``"""
    attendance: list[dict[str, Any]] = field(default_factory=list)
    volunteering: list[dict[str, Any]] = field(default_factory=list)
    exchanges: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    """``{id, a: person id, props}``"""

    def sections(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """In the order they must be written: nodes before the links between them."""
        return [
            ("organisations", self.organisations),
            ("people", self.people),
            ("ties", self.ties),
            ("participations", self.participations),
            ("activities", self.activities),
            ("attendance", self.attendance),
            ("volunteering", self.volunteering),
            ("exchanges", self.exchanges),
            ("reviews", self.reviews),
        ]

    def total(self) -> int:
        return sum(len(rows) for _, rows in self.sections())


def node_row(props: dict[str, Any]) -> dict[str, Any]:
    return {"id": props["id"], "props": {**props, "name_key": props["name"].casefold()}}


def _link_row(id: str, a: str, b: str, period: Period, recorded: Recorded, **fields: Any) -> dict[str, Any]:
    """One tie or participation as a bulk-write row."""
    props = {"id": id, **fields, "since": period.since, "until": period.until, **recorded_props(recorded)}
    return {"id": id, "a": a, "b": b, "props": props}


def rows_from_records(
    people: Iterable[Person],
    organisations: Iterable[Organisation],
    ties: Iterable[Tie],
    participations: Iterable[Participation],
) -> Rows:
    return Rows(
        organisations=[node_row(organisation_props(o)) for o in organisations],
        people=[node_row(person_props(p)) for p in people],
        ties=[
            _link_row(
                t.id, t.person_id, t.other_id, t.period, t.recorded, kind=t.kind.value, label=t.label,
                closeness=t.closeness.value if t.closeness else None,
                contact_frequency=t.contact_frequency.value if t.contact_frequency else None,
            )
            for t in ties
        ],
        participations=[
            _link_row(p.id, p.person_id, p.organisation_id, p.period, p.recorded, role=p.role.value, title=p.title)
            for p in participations
        ],
    )


_ANALYSED_ENDS = {
    "organisations": ("id",), "people": ("id",), "ties": ("a", "b"), "participations": ("a",), "exchanges": ("a", "b"),
    "reviews": ("a",),
}  # fmt: skip
"""Per section, the row keys naming the people and organisations whose analysed records it writes."""


async def write_batches(tx: AsyncManagedTransaction, batches: Sequence[tuple[str, list[dict[str, Any]]]]) -> None:
    """Write each ``(section, rows)`` batch in this transaction, nodes before the links between them."""
    for section, rows in batches:
        for key in _ANALYSED_ENDS.get(section, ()):
            feed.note_many(row[key] for row in rows)
        await tx.run(_WRITES[section], rows=rows)  # type: ignore[arg-type]


async def write_rows(
    store: Store,
    rows: Rows,
    *,
    atomic: bool = False,
    batch_size: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write every row; return how many. ``progress`` is told how many rows each batch wrote."""
    batches = [
        (section, section_rows[start : start + batch_size])
        for section, section_rows in rows.sections()
        for start in range(0, len(section_rows), batch_size)
    ]
    if atomic:
        await store.write(write_batches, batches)
        if progress:
            progress(rows.total())
        return rows.total()
    for batch in batches:
        await store.write(write_batches, [batch])
        if progress:
            progress(len(batch[1]))
    return rows.total()
