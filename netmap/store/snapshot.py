"""Reading the whole community at once, for analysis: one read transaction,
one query per kind of record, no query per person."""

from __future__ import annotations

from dataclasses import dataclass

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
    people = await tx.run("MATCH (n:Person) RETURN properties(n) AS n")
    found_people = [_convert.person(row["n"]) async for row in people]
    organisations = await tx.run("MATCH (n:Organisation) RETURN properties(n) AS n")
    found_organisations = [_convert.organisation(row["n"]) async for row in organisations]
    ties = await tx.run(f"MATCH {TIE.pattern} RETURN {TIE.projection} AS r")
    found_ties = [_convert.tie(row["r"]) async for row in ties]
    participations = await tx.run(f"MATCH {PARTICIPATION.pattern} RETURN {PARTICIPATION.projection} AS r")
    found_participations = [_convert.participation(row["r"]) async for row in participations]
    return Everything(found_people, found_organisations, found_ties, found_participations)
