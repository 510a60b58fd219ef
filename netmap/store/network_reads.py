"""Reading the community for analysis: the whole of it at once (one read
transaction, one query per kind of record, no query per person), or the
records of the people and organisations the change feed names. Relationships,
by far the most rows, come back as plain columns rather than maps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.records import Organisation, Participation, Person, Tie
from netmap.domain.reviews import NetworkReview
from netmap.domain.self_reports import SelfReport
from netmap.domain.timebank import Exchange
from netmap.store import _convert
from netmap.store.feed import FeedChanges, Position, changes_since, position
from netmap.store.participations import PARTICIPATION
from netmap.store.reviews import reviews_of_people
from netmap.store.self_reports import self_reports_of
from netmap.store.ties import TIE
from netmap.store.timebank import exchange_record


@dataclass(frozen=True)
class Everything:
    people: list[Person]
    organisations: list[Organisation]
    ties: list[Tie]
    participations: list[Participation]

    def size(self) -> int:
        return len(self.people) + len(self.organisations) + len(self.ties) + len(self.participations)


async def read_everything(tx: AsyncManagedTransaction) -> Everything:
    people = await tx.run(f"MATCH (n:Person) RETURN {_node_columns(_PERSON_FIELDS)}")
    found_people = [_convert.person(_row(_PERSON_FIELDS, row)) for row in await people.values()]
    organisations = await tx.run("MATCH (n:Organisation) RETURN properties(n) AS n")
    found_organisations = [_convert.organisation(row["n"]) async for row in organisations]
    ties = await tx.run(f"MATCH {TIE.pattern} RETURN {_columns(_TIE_FIELDS, 'other_id')}")
    found_ties = [_convert.tie(_row(_TIE_FIELDS, row)) for row in await ties.values()]
    participations = await tx.run(
        f"MATCH {PARTICIPATION.pattern} RETURN {_columns(_PARTICIPATION_FIELDS, 'organisation_id')}"
    )
    found_participations = [
        _convert.participation(_row(_PARTICIPATION_FIELDS, row)) for row in await participations.values()
    ]
    return Everything(found_people, found_organisations, found_ties, found_participations)


@dataclass(frozen=True)
class Changed:
    """The current records of some people and organisations (``ids``), as the feed named them.

    An id in ``ids`` that is neither among ``people`` nor ``organisations``
    no longer exists (erased). ``ties``, ``participations``, ``exchanges``
    and ``reports`` are every such record with an end among ``ids``.
    """

    changes: FeedChanges
    people: list[Person]
    organisations: list[Organisation]
    ties: list[Tie]
    participations: list[Participation]
    exchanges: list[Exchange]
    reports: list[SelfReport]
    reviews: list[NetworkReview]


async def read_changed(tx: AsyncManagedTransaction, since: Position) -> Changed | FeedChanges:
    """What changed after ``since``: the feed's position alone if nothing did or only a
    full read will do, else the changed records, all in this one read transaction."""
    now = await position(tx)
    if now == since:
        return FeedChanges(now, frozenset(), rebuild=False)
    changes = await changes_since(tx, since, now)
    if changes.rebuild or not changes.ids:
        return changes
    ids = sorted(changes.ids)
    people = await tx.run(f"UNWIND $ids AS id MATCH (n:Person {{id: id}}) RETURN {_node_columns(_PERSON_FIELDS)}", ids=ids)
    found_people = [_convert.person(_row(_PERSON_FIELDS, row)) for row in await people.values()]
    organisations = await tx.run("UNWIND $ids AS id MATCH (n:Organisation {id: id}) RETURN properties(n) AS n", ids=ids)
    found_organisations = [_convert.organisation(row["n"]) async for row in organisations]
    ties: dict[str, Tie] = {}
    rows = await tx.run(  # undirected, from the named end: ArcadeDB scans when a pattern is anchored at its far end
        f"UNWIND $ids AS id MATCH (:Person {{id: id}})-[r:TIE]-(:Person) RETURN {_columns(_TIE_FIELDS, 'other_id', True)}",
        ids=ids,
    )
    for row in await rows.values():
        tie = _convert.tie(_row(_TIE_FIELDS, row))
        ties[tie.id] = tie
    participations = await tx.run(
        "UNWIND $ids AS id MATCH (a:Person {id: id})-[r:PARTICIPATES]->(b:Organisation) "
        f"RETURN {_columns(_PARTICIPATION_FIELDS, 'organisation_id')}",
        ids=ids,
    )
    found_participations = [
        _convert.participation(_row(_PARTICIPATION_FIELDS, row)) for row in await participations.values()
    ]
    exchanges: dict[str, Exchange] = {}
    for end in ("giver_id", "receiver_id"):  # one indexed lookup each: an OR of the two is a scan
        found = await tx.run(f"UNWIND $ids AS id MATCH (e:Exchange {{{end}: id}}) RETURN properties(e) AS e", ids=ids)
        exchanges.update((e.id, e) for e in [exchange_record(row["e"]) async for row in found])
    reports = [r for found in (await self_reports_of(tx, ids)).values() for r in found]
    return Changed(
        changes, found_people, found_organisations, list(ties.values()), found_participations,
        list(exchanges.values()), reports, await reviews_of_people(tx, ids),
    )  # fmt: skip


_PERSON_FIELDS = (
    "id", "name", "area", "interests", "skills", "access_needs", "offers_buddying", "consent_mapped",
    "consent_organisers", "consent_aggregates", "consent_recorded_by", "consent_recorded_at", "recorded_by",
    "recorded_at",
)  # fmt: skip
_TIE_FIELDS = (
    "id", "kind", "label", "since", "until", "recorded_by", "recorded_at", "person_id", "other_id",
    "closeness", "contact_frequency",
)  # fmt: skip
_PARTICIPATION_FIELDS = (
    "id", "role", "title", "since", "until", "recorded_by", "recorded_at", "person_id", "organisation_id",
)  # fmt: skip


def _row(fields: tuple[str, ...], values: list[Any]) -> dict[str, Any]:
    """A row of columns as properties, times parsed back from the text they were sent as."""
    return {
        field: _convert.parse_time(value) if field.endswith("_at") and isinstance(value, str) else value
        for field, value in zip(fields, values)
    }


def _column(variable: str, field: str) -> str:
    """Times come as text: decoding a Bolt datetime costs more than parsing its text."""
    return f"toString({variable}.{field})" if field.endswith("_at") else f"{variable}.{field}"


def _node_columns(fields: tuple[str, ...]) -> str:
    return ", ".join(_column("n", f) for f in fields)


def _columns(fields: tuple[str, ...], far_end: str, unbound: bool = False) -> str:
    """Plain columns rather than maps: about half the decoding work for many rows.

    ``unbound``: the ends are not bound as ``a`` and ``b`` (an undirected match), so they are
    read as the relationship's start and end."""
    ends = {"person_id": "startNode(r).id", far_end: "endNode(r).id"} if unbound else {"person_id": "a.id", far_end: "b.id"}
    return ", ".join(ends.get(f, _column("r", f)) for f in fields)
