"""People as a caller may see them: the list, one person, and their network at a date.

Every path that shows a person (GraphQL, pages, pictures, the CLI) goes through
:func:`show`, so the view of them (``visibility.person_view``) and the audit of
the read are decided in one place.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from netmap.analysis.circles import Circle, CircleEntry, Member
from netmap.analysis.person import PersonMeasures, measure_person
from netmap.analysis.temporal import TemporalNetwork
from netmap.domain.access import Principal, PersonView
from netmap.domain.kinds import Closeness
from netmap.domain.records import Person
from netmap.services.context import Context
from netmap.services.guards import person_in_scope
from netmap.services.visibility import ANONYMOUS_NAME, SHOWN_IN_FULL, Appearance, person_view
from netmap.domain.errors import InvalidInput, Problem
from netmap.store.pages import MAX_PAGE, Page, decode_cursor, encode_cursor, page_size
from netmap.store.people import PeopleFilter, page_people


@dataclass(frozen=True)
class SeenPerson:
    """A person and how much of them this caller may see: the fields below are empty
    beyond the view, so whatever renders a ``SeenPerson`` cannot show too much."""

    record: Person
    view: PersonView

    @property
    def id(self) -> str | None:
        return None if self.view is PersonView.ANONYMOUS else self.record.id

    @property
    def name(self) -> str:
        return ANONYMOUS_NAME if self.view is PersonView.ANONYMOUS else self.record.name

    @property
    def full(self) -> bool:
        return self.view is PersonView.FULL

    @property
    def seen(self) -> bool:
        """Shown beyond a name: in full, or as an organiser sees them."""
        return self.view in SHOWN_IN_FULL

    @property
    def area(self) -> str | None:
        return self.record.area if self.full else None

    @property
    def interests(self) -> tuple[str, ...]:
        return tuple(self.record.interests) if self.seen else ()

    @property
    def mapped(self) -> bool:
        """Whether their own network may be shown: in full view, and they agreed to be mapped."""
        return self.full and self.record.consent.mapped


async def show(
    ctx: Context, operation: str, person: Person, appearance: Appearance = Appearance.DIRECT, *, audit: bool = True
) -> SeenPerson | None:
    """The person as this caller may see them in ``operation`` (None: not at all). A read
    beyond a name is noted for the audit log, unless ``audit`` is off (a write's own
    answer is covered by its WRITE entry)."""
    view = await ctx.view_of(person, appearance, operation)
    if view is None:
        return None
    if audit and view in SHOWN_IN_FULL:
        ctx.note_read(person.id, operation)
    return SeenPerson(person, view)


async def show_all(ctx: Context, operation: str, people: Iterable[Person]) -> list[SeenPerson | None]:
    """Each person as this caller may see them, None where not at all, in order."""
    return list(await asyncio.gather(*(show(ctx, operation, person) for person in people)))


async def met(ctx: Context, operation: str, person: Person, *, audit: bool = True) -> SeenPerson:
    """A person met in someone else's map: never hidden outright, but anonymous when
    the rule names them to no one."""
    found = await show(ctx, operation, person, Appearance.CONTACT, audit=audit)
    return found or SeenPerson(person, PersonView.ANONYMOUS)


async def list_people(
    ctx: Context, filter: PeopleFilter, after: str | None = None, first: int = 50
) -> tuple[Page[Person], list[SeenPerson | None]]:
    """One page of the people in the caller's scope, in name order, each as the caller
    may see them (aligned with the page's records; None where the view hides someone).
    ``after`` is the cursor of the last one already seen; a made-up cursor is bad input."""
    ctx.allow("people")
    if filter.ids is not None and len(filter.ids) > MAX_PAGE:
        raise InvalidInput([Problem("ids", "TOO_MANY", f"at most {MAX_PAGE} ids")])
    page = await ctx.store.read(page_people, filter, decode_cursor(after), page_size(first), ctx.scope("people"))
    return page, await show_all(ctx, "people", page.items)


def end_cursor(page: Page[Person]) -> str | None:
    """Where the next page starts; None on the last page."""
    return encode_cursor(page.keys[-1]) if page.has_next and page.keys else None


async def person(ctx: Context, person_id: str, operation: str = "person") -> SeenPerson:
    """One person the caller may ask for directly; NOT_FOUND otherwise (as for an unknown id)."""
    ctx.allow(operation)
    found = await person_in_scope(ctx, operation, person_id)
    seen = await show(ctx, operation, found)
    assert seen is not None, "person_in_scope admits only people the caller may see"
    return seen


@dataclass(frozen=True)
class CircleMember:
    """Someone or something in a circle, as this caller may see them: ``id`` is None
    for someone who asked not to be named."""

    member: Member
    id: str | None
    name: str
    relation: str
    title: str | None
    closeness: Closeness | None = None
    """The person's own answer on this tie, when asked (``CircleEntry.closeness``)."""


def named_member(entry: CircleEntry, network: TemporalNetwork, caller: Principal | None) -> CircleMember:
    """A circle entry named by the one rule: a contact who said no is anonymous."""
    if entry.member is not Member.PERSON:
        organisation = network.organisation(entry.id)
        return CircleMember(entry.member, entry.id, organisation.name, entry.relation, entry.title)
    contact = network.person(entry.id)
    if person_view(caller, contact, in_scope=False, appearance=Appearance.CONTACT) is PersonView.ANONYMOUS:
        return CircleMember(entry.member, None, ANONYMOUS_NAME, entry.relation, entry.title, entry.closeness)
    return CircleMember(entry.member, contact.id, contact.name, entry.relation, entry.title, entry.closeness)


@dataclass(frozen=True)
class NetworkAt:
    """A person's measures at one date, with their circles named as the caller may see them."""

    measures: PersonMeasures
    circles: dict[Circle, tuple[CircleMember, ...]]

    @property
    def at(self) -> date:
        return self.measures.at


async def network_at(ctx: Context, seen: SeenPerson, at: date) -> NetworkAt | None:
    """The person's network at ``at``; None unless the caller sees them in full and they
    agreed to be mapped (or they are not yet in the analysis)."""
    if not seen.mapped:
        return None
    snapshot = await ctx.network.get(ctx.store)
    network = snapshot.network
    if seen.record.id not in network.people:
        return None
    measured = await asyncio.to_thread(measure_person, network, seen.record.id, at)
    return NetworkAt(measured, circles_named(measured, network, ctx.principal))


def circles_named(
    measured: PersonMeasures, network: TemporalNetwork, caller: Principal | None
) -> dict[Circle, tuple[CircleMember, ...]]:
    return {
        circle: tuple(named_member(entry, network, caller) for entry in measured.circles.of(circle))
        for circle in Circle
    }
