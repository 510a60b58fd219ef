"""The GraphQL object types: people, organisations, ties, participations.

Each wraps a domain record; nested lists come through the request's
DataLoaders, so a page of people with their ties costs a fixed number of
store round trips, however many people and ties there are.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import asyncio
from typing import Annotated

import strawberry
from graphql import OperationType
from strawberry.scalars import JSON

from netmap.api.context import Info, operation_of
from netmap.api.enums import Closeness, ContactFrequency, OrganisationKind, PersonView, Role, TieKind
from netmap.analysis.person import measure_person, person_history
from netmap.analysis.steps import Every
from netmap.api.measures import EveryStep, Measures, SelfReportType
from netmap.api.permissions import Allowed
from netmap.api.pagination import DEFAULT_PAGE, Connection, connection
from netmap.store.pages import decode_cursor, page_size
from netmap.domain import records
from netmap.domain.access import PersonView as View
from netmap.domain.valid_time import Period
from netmap.services import people
from netmap.services.visibility import ANONYMOUS_NAME, SHOWN_IN_FULL, Appearance
from netmap.store import audit
from netmap.store.participations import page_participants
from netmap.domain.timebank import Exchange as StoredExchange
from netmap.domain.timebank import balance


@strawberry.type(description="Who entered a record and when (not when it held in the world).")
class Recorded:
    by: str
    at: datetime

    @classmethod
    def of(cls, recorded: records.Recorded) -> Recorded:
        return cls(by=recorded.by, at=recorded.at)


@strawberry.type(description="One look at, or change to, a person's data.")
class AuditEntry:
    id: strawberry.ID
    at: datetime
    subject: str
    role: str
    action: str = strawberry.field(description="READ, WRITE, EXPORT or ERASE.")
    operation: str
    person_id: strawberry.ID | None = strawberry.field(description="Null once the person was erased.")

    @classmethod
    def of(cls, entry: audit.AuditEntry) -> AuditEntry:
        return cls(
            id=strawberry.ID(entry.id),
            at=entry.at,
            subject=entry.subject,
            role=entry.role,
            action=entry.action,
            operation=entry.operation,
            person_id=strawberry.ID(entry.person_id) if entry.person_id else None,
        )


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


@strawberry.type(description="Time given through a timebank.")
class Exchange:
    id: strawberry.ID
    giver_id: strawberry.ID
    receiver_id: strawberry.ID
    hours: float
    date: date
    what: str

    @classmethod
    def of(cls, exchange: StoredExchange) -> Exchange:
        return cls(
            id=strawberry.ID(exchange.id),
            giver_id=strawberry.ID(exchange.giver_id),
            receiver_id=strawberry.ID(exchange.receiver_id),
            hours=exchange.hours,
            date=exchange.date,
            what=exchange.what,
        )


@strawberry.type(description="Hours given and received through timebanks up to a date.")
class Timebank:
    given: float
    received: float
    balance: float = strawberry.field(description="given − received: above 0 gives more than gets.")
    exchanges: list[Exchange]


@strawberry.type(description="What a person has agreed to, and who recorded it when.")
class Consent:
    mapped: bool = strawberry.field(description="Their ties and participations may be recorded and shown.")
    show_to_organisers: bool = strawberry.field(description="Organisers of their groups may see them.")
    use_in_aggregates: bool = strawberry.field(description="They count in cohort figures and trends.")
    recorded: Recorded | None

    @classmethod
    def of(cls, consent: records.Consent) -> Consent:
        return cls(
            mapped=consent.mapped,
            show_to_organisers=consent.show_to_organisers,
            use_in_aggregates=consent.use_in_aggregates,
            recorded=Recorded.of(consent.recorded) if consent.recorded else None,
        )


async def shown(
    info: Info, person: records.Person, appearance: Appearance = Appearance.DIRECT
) -> Person | None:
    """The person as this caller may see them (None: not at all), by ``people.show``; a
    mutation's own answer is covered by its WRITE entry, so it is not audited as a read."""
    audit = info.operation.operation is not OperationType.MUTATION
    seen = await people.show(info.context, operation_of(info), person, appearance, audit=audit)
    return None if seen is None else Person.of(person, seen.view)


async def shown_all(info: Info, found: Iterable[records.Person]) -> list[Person | None]:
    """Each person as this caller may see them, None where not at all (in order;
    their views are looked up together)."""
    return list(await asyncio.gather(*(shown(info, person) for person in found)))


async def answered(info: Info, person: records.Person) -> Person:
    """A mutation's answer about the person it changed: as the caller may now see
    them, or anonymous when the change (say, a refusal of consent) hides them."""
    return await shown(info, person) or Person.of(person, View.ANONYMOUS)


async def met(info: Info, person: records.Person) -> Person:
    """A person met in someone else's map or record: never hidden outright, but
    shown as an anonymous contact when the rule names them to no one."""
    audit = info.operation.operation is not OperationType.MUTATION
    seen = await people.met(info.context, operation_of(info), person, audit=audit)
    return Person.of(person, seen.view)


@strawberry.type(
    description=(
        "Someone whose network netmap maps, or who appears in such a network. "
        "`view` says how much of them the caller may see: FULL (in scope), ORGANISER "
        "(name, interests, skills, their part in the organiser's group), CONTACT "
        "(id and name only; other fields are empty) or ANONYMOUS (someone in this map "
        "who asked not to be named: no id, no name, nothing else)."
    )
)
class Person:
    id: strawberry.ID | None = strawberry.field(description="Null only for an ANONYMOUS view.")
    name: str
    view: PersonView
    record: strawberry.Private[records.Person]

    @classmethod
    def of(cls, person: records.Person, view: View) -> Person:
        if view is View.ANONYMOUS:
            return cls(id=None, name=ANONYMOUS_NAME, view=view, record=person)
        return cls(id=strawberry.ID(person.id), name=person.name, view=view, record=person)

    @property
    def _seen(self) -> bool:
        """Shown beyond a name: in full, or as an organiser sees them."""
        return self.view in SHOWN_IN_FULL

    @property
    def _full(self) -> bool:
        return self.view is View.FULL

    @strawberry.field
    def area(self) -> str | None:
        return self.record.area if self._full else None

    @strawberry.field(description="The key they were imported with (CSV or community file); null if made here.")
    def key(self) -> str | None:
        return self.record.key if self._full else None

    @strawberry.field
    def interests(self) -> list[str]:
        return list(self.record.interests) if self._seen else []

    @strawberry.field(description="What the person can offer others.")
    def skills(self) -> list[str]:
        return list(self.record.skills) if self._seen else []

    @strawberry.field
    def access_needs(self) -> list[str]:
        return list(self.record.access_needs) if self._full else []

    @strawberry.field(description="Offered to go along with someone new to a group.")
    def offers_buddying(self) -> bool:
        return self.record.offers_buddying if self._seen else False

    @strawberry.field(description="Their timebank hours up to a date (default today); null outside full view.")
    async def timebank(self, info: Info, at: date | None = None) -> Timebank | None:
        if not self._full:
            return None
        day = at or info.context.today
        found = [e for e in await info.context.loaders.exchanges.load(self.id) if e.date <= day]
        totals = balance(self.id, found, day)
        return Timebank(
            given=totals.given, received=totals.received, balance=totals.balance,
            exchanges=[Exchange.of(e) for e in found],
        )  # fmt: skip

    @strawberry.field(
        description=(
            "Their network measures at a date (default today); null unless the caller sees the "
            "whole person and they agreed to be mapped. docs/measures.md defines each."
        )
    )
    async def measures(self, info: Info, at: date | None = None) -> Measures | None:
        if not (self._full and self.record.consent.mapped):
            return None
        snapshot = await info.context.network.get(info.context.store)
        day = at or info.context.today
        if self.id not in snapshot.network.people:
            return None
        return Measures.of(await asyncio.to_thread(measure_person, snapshot.network, self.id, day), snapshot.network, info.context.principal)

    @strawberry.field(description="The same measures at every step between two dates, e.g. month by month.")
    async def history(
        self, info: Info, from_: Annotated[date, strawberry.argument(name="from")], to: date | None = None,
        every: EveryStep = Every.MONTH,
    ) -> list[Measures]:  # fmt: skip
        if not (self._full and self.record.consent.mapped):
            return []
        snapshot = await info.context.network.get(info.context.store)
        if self.id not in snapshot.network.people:
            return []
        found = await asyncio.to_thread(
            person_history, snapshot.network, self.id, from_, to or info.context.today, every
        )
        return [Measures.of(m, snapshot.network, info.context.principal) for m in found]

    @strawberry.field(description="Their answers to LSNS-6, UCLA-3 and the ONS question, oldest first.")
    async def self_reports(self, info: Info) -> list[SelfReportType]:
        if not self._full:
            return []
        return [SelfReportType.of(r) for r in await info.context.loaders.self_reports.load(self.id)]

    @strawberry.field
    def consent(self) -> Consent | None:
        return Consent.of(self.record.consent) if self._full else None

    @strawberry.field
    def recorded(self) -> Recorded | None:
        return Recorded.of(self.record.recorded) if self._full else None

    @strawberry.field(
        description=(
            "The person's ties as at a date (default today): those active then, or with "
            "includeEnded also those that had ended by then; never those not yet begun. "
            "Empty unless the caller sees the whole person and the person agreed to be mapped."
        )
    )
    async def ties(
        self, info: Info, at: date | None = None, include_ended: bool = False
    ) -> list[Tie]:
        if not (self._full and self.record.consent.mapped):
            return []
        day = at or info.context.today
        found = await info.context.loaders.ties.load(self.id)
        return [Tie.of(t, seen_from=self.id) for t in found if _shown(t.period, day, include_ended)]

    @strawberry.field(
        description=(
            "The person's participations as at a date (default today). An organiser sees "
            "only those in their own organisation."
        )
    )
    async def participations(
        self, info: Info, at: date | None = None, include_ended: bool = False
    ) -> list[Participation]:
        if not (self._seen and self.record.consent.mapped):
            return []
        day = at or info.context.today
        found = await info.context.loaders.participations.load(self.id)
        own = info.context.principal.scope_id if self.view is View.ORGANISER and info.context.principal else None
        return [
            Participation.of(p)
            for p in found
            if _shown(p.period, day, include_ended) and own in (None, p.organisation_id)
        ]


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
    key: str | None = strawberry.field(description="The key it was imported with; null if made here.")

    @classmethod
    def of(cls, organisation: records.Organisation) -> Organisation:
        return cls(
            id=strawberry.ID(organisation.id),
            key=organisation.key,
            name=organisation.name,
            kind=organisation.kind,
            category=organisation.category,
            area=organisation.area,
            interests=list(organisation.interests),
            accessibility=list(organisation.accessibility),
            description=organisation.description,
            recorded=Recorded.of(organisation.recorded),
        )

    @strawberry.field(
        permission_classes=[Allowed],
        description="Who takes part at a date (default today), in name order, within your scope.",
    )
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
            info.context.scope("participants"),
        )
        people = await info.context.loaders.person.load_many([p.person_id for p in page.items])
        kept = [
            Participation.of(p)
            if person is not None and person.consent.mapped
            and await info.context.view_of(person, operation="participants") is not None
            else None
            for p, person in zip(page.items, people)
        ]
        return connection(page, kept)


@strawberry.type(
    description=(
        "A relationship between two people over a period. Active on a date d iff "
        "since <= d and (until is null or d < until). For PAID_SUPPORT and PEER_SUPPORT, "
        "`person` is the one supported and `other` the (paid or peer) supporter."
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
    closeness: Closeness | None = strawberry.field(description="How close, when asked; null if not.")
    contact_frequency: ContactFrequency | None = strawberry.field(description="How often in touch, when asked; null if not.")
    end_reason: str | None = strawberry.field(description="Why it ended, if said when it was ended.")
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
            closeness=tie.closeness,
            contact_frequency=tie.contact_frequency,
            end_reason=tie.end_reason,
            person_id=tie.person_id,
            other_id=tie.other_id,
            seen_from=seen_from,
        )

    @strawberry.field
    async def person(self, info: Info) -> Person:
        return await met(info, await _person(info, self.person_id))

    @strawberry.field
    async def other(self, info: Info) -> Person:
        return await met(info, await _person(info, self.other_id))

    @strawberry.field(
        description="The person at the other end from the one whose ties were asked for."
    )
    async def contact(self, info: Info) -> Person:
        far = self.other_id if self.seen_from in (None, self.person_id) else self.person_id
        return await met(info, await _person(info, far))

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
    end_reason: str | None = strawberry.field(description="Why it ended, if said when it was ended.")
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
            end_reason=participation.end_reason,
            person_id=participation.person_id,
            organisation_id=participation.organisation_id,
        )

    @strawberry.field
    async def person(self, info: Info) -> Person:
        return await met(info, await _person(info, self.person_id))

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
