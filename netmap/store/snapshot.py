"""Reading the whole community at once, for analysis: one read transaction,
one query per kind of record, no query per person. Relationships, by far the
most rows, come back as plain columns rather than maps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.records import Organisation, Participation, Person, Tie
from netmap.store import _convert
from netmap.store.participations import PARTICIPATION
from netmap.store.ties import TIE


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


def _columns(fields: tuple[str, ...], far_end: str) -> str:
    """Plain columns rather than maps: about half the decoding work for many rows."""
    ends = {"person_id": "a.id", far_end: "b.id"}
    return ", ".join(ends.get(f, _column("r", f)) for f in fields)
