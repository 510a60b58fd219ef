"""The GraphQL object types: people, organisations, ties, participations.

Each wraps a domain record; nested lists come through the request's
DataLoaders, so a page of people with their ties costs a fixed number of
store round trips, however many people and ties there are.
"""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.scalars import JSON

from netmap.api.context import Info
from netmap.api.enums import OrganisationKind, Role, TieKind
from netmap.api.pagination import DEFAULT_PAGE, Connection, connection, decode_cursor, page_size
from netmap.domain import records
from netmap.domain.valid_time import Period
from netmap.store.participations import page_participants


@strawberry.type(description="Who entered a record and when (not when it held in the world).")
class Recorded:
    by: str
    at: datetime

    @classmethod
    def of(cls, recorded: records.Recorded) -> Recorded:
        return cls(by=recorded.by, at=recorded.at)


@strawberry.type(description="A fix to a record entered wrongly, with what it said before.")
class Correction:
    recorded: Recorded
    reason: str
    before: JSON


def _shown(period: Period, at: date, include_ended: bool) -> bool:
    """Active at ``at``; or, with ``include_ended``, begun by ``at`` (ended ones too)."""
    return period.started_by(at) if include_ended else period.active_at(at)


async def _corrections(info: Info, record_id: str) -> list[Correction]:
    found = await info.context.loaders.corrections.load(record_id)
    return [Correction(recorded=Recorded.of(c.recorded), reason=c.reason, before=c.before) for c in found]


@strawberry.type(description="Someone whose network netmap maps, or who is part of such a network.")
class Person:
    id: strawberry.ID
    name: str
    area: str | None
    interests: list[str]
    skills: list[str] = strawberry.field(description="What the person can offer others.")
    access_needs: list[str]
    recorded: Recorded

    @classmethod
    def of(cls, person: records.Person) -> Person:
        return cls(
            id=strawberry.ID(person.id),
            name=person.name,
            area=person.area,
            interests=list(person.interests),
            skills=list(person.skills),
            access_needs=list(person.access_needs),
            recorded=Recorded.of(person.recorded),
        )

    @strawberry.field(
        description=(
            "The person's ties as at a date (default today): those active then, or with "
            "includeEnded also those that had ended by then. Never those not yet begun."
        )
    )
    async def ties(
        self, info: Info, at: date | None = None, include_ended: bool = False
    ) -> list[Tie]:
        day = at or info.context.today
        found = await info.context.loaders.ties.load(self.id)
        return [Tie.of(t, seen_from=self.id) for t in found if _shown(t.period, day, include_ended)]

    @strawberry.field(description="The person's participations as at a date (default today).")
    async def participations(
        self, info: Info, at: date | None = None, include_ended: bool = False
    ) -> list[Participation]:
        day = at or info.context.today
        found = await info.context.loaders.participations.load(self.id)
        return [Participation.of(p) for p in found if _shown(p.period, day, include_ended)]


@strawberry.type(description="A service, community group, timebank or other body people belong to.")
class Organisation:
    id: strawberry.ID
    name: str
    kind: OrganisationKind
    category: str | None = strawberry.field(description="Free text: day service, church, club…")
    area: str | None
    interests: list[str]
    accessibility: list[str]
    description: str | None
    recorded: Recorded

    @classmethod
    def of(cls, organisation: records.Organisation) -> Organisation:
        return cls(
            id=strawberry.ID(organisation.id),
            name=organisation.name,
            kind=organisation.kind,
            category=organisation.category,
            area=organisation.area,
            interests=list(organisation.interests),
            accessibility=list(organisation.accessibility),
            description=organisation.description,
            recorded=Recorded.of(organisation.recorded),
        )

    @strawberry.field(description="Who takes part at a date (default today), in name order.")
    async def participants(
        self,
        info: Info,
        at: date | None = None,
        role: Role | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Participation]:
        page = await info.context.store.read(
            page_participants,
            self.id,
            at or info.context.today,
            role,
            decode_cursor(after),
            page_size(first),
        )
        return connection(page, Participation.of)


@strawberry.type(
    description=(
        "A relationship between two people over a period. Active on a date d iff "
        "since <= d and (until is null or d < until). For PAID_SUPPORT, `person` is "
        "the one supported and `other` the paid supporter."
    )
)
class Tie:
    id: strawberry.ID
    kind: TieKind
    paid: bool = strawberry.field(description="Follows from the kind: true only for PAID_SUPPORT.")
    label: str | None = strawberry.field(description="Free text such as 'Mum' or 'PA'.")
    since: date
    until: date | None = strawberry.field(description="First date it no longer held; null if ongoing.")
    recorded: Recorded
    person_id: strawberry.Private[str]
    other_id: strawberry.Private[str]
    seen_from: strawberry.Private[str | None]

    @classmethod
    def of(cls, tie: records.Tie, seen_from: str | None = None) -> Tie:
        return cls(
            id=strawberry.ID(tie.id),
            kind=tie.kind,
            paid=tie.paid,
            label=tie.label,
            since=tie.period.since,
            until=tie.period.until,
            recorded=Recorded.of(tie.recorded),
            person_id=tie.person_id,
            other_id=tie.other_id,
            seen_from=seen_from,
        )

    @strawberry.field
    async def person(self, info: Info) -> Person:
        return Person.of(await _person(info, self.person_id))

    @strawberry.field
    async def other(self, info: Info) -> Person:
        return Person.of(await _person(info, self.other_id))

    @strawberry.field(
        description="The person at the other end from the one whose ties were asked for."
    )
    async def contact(self, info: Info) -> Person:
        far = self.other_id if self.seen_from in (None, self.person_id) else self.person_id
        return Person.of(await _person(info, far))

    @strawberry.field(description="Corrections made to this tie, oldest first.")
    async def corrections(self, info: Info) -> list[Correction]:
        return await _corrections(info, self.id)


@strawberry.type(description="A person's part in an organisation over a period.")
class Participation:
    id: strawberry.ID
    role: Role
    title: str | None
    since: date
    until: date | None
    recorded: Recorded
    person_id: strawberry.Private[str]
    organisation_id: strawberry.Private[str]

    @classmethod
    def of(cls, participation: records.Participation) -> Participation:
        return cls(
            id=strawberry.ID(participation.id),
            role=participation.role,
            title=participation.title,
            since=participation.period.since,
            until=participation.period.until,
            recorded=Recorded.of(participation.recorded),
            person_id=participation.person_id,
            organisation_id=participation.organisation_id,
        )

    @strawberry.field
    async def person(self, info: Info) -> Person:
        return Person.of(await _person(info, self.person_id))

    @strawberry.field
    async def organisation(self, info: Info) -> Organisation:
        found = await info.context.loaders.organisation.load(self.organisation_id)
        if found is None:
            raise LookupError(f"participation {self.id} points at a missing organisation")
        return Organisation.of(found)

    @strawberry.field(description="Corrections made to this participation, oldest first.")
    async def corrections(self, info: Info) -> list[Correction]:
        return await _corrections(info, self.id)


async def _person(info: Info, id: str) -> records.Person:
    found = await info.context.loaders.person.load(id)
    if found is None:
        raise LookupError(f"a tie or participation points at missing person {id}")
    return found
