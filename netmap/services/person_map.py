"""A person's map as the mapping page shows it: who they have ties with (one row
per person, however many ties), where they go, what was corrected, and what
changed since the last mapping. Each person named is shown as the one rule
(``visibility``) lets this caller see them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

from netmap.analysis.circles import CIRCLE_OF_TIE_KIND, Circle
from netmap.domain.access import PersonView
from netmap.domain.kinds import Closeness, Role, TieKind
from netmap.domain.records import Correction, Organisation, Participation, Person, Tie
from netmap.services import guards, people
from netmap.services.context import Context
from netmap.services.visibility import ANONYMOUS_NAME
from netmap.store.organisations import OrganisationFilter, page_organisations
from netmap.store.people import PeopleFilter, page_people
from netmap.store.reviews import reviews_of

__all__ = ["Change", "Contact", "MapChanges", "PersonMap", "Shown", "choices", "directory", "person_map"]

_CIRCLE_OF_CLOSENESS = {
    Closeness.CLOSEST: Circle.INTIMACY,
    Closeness.CLOSE: Circle.FRIENDSHIP,
    Closeness.FURTHER: Circle.PARTICIPATION,
}
_ORDER = list(Circle)


@dataclass(frozen=True)
class Shown:
    """Someone as this caller may see them: no id for an anonymous contact."""

    id: str | None
    name: str
    view: PersonView


@dataclass(frozen=True)
class Contact:
    """One person in the map, with every tie to them (a neighbour who is also a friend: one row)."""

    shown: Shown
    ties: tuple[Tie, ...]


@dataclass(frozen=True)
class Change:
    """One line of the comparison: who or what, and how."""

    name: str
    what: str


@dataclass(frozen=True)
class MapChanges:
    since: date
    new: tuple[Change, ...]
    ended: tuple[Change, ...]
    moved: tuple[Change, ...]


@dataclass(frozen=True)
class PersonMap:
    person: Person
    may_change: bool
    """Only someone who agreed to be mapped can have their map changed."""
    contacts: tuple[Contact, ...]
    """Current ties, one row per person."""
    ended: tuple[tuple[Tie, Shown], ...]
    participations: tuple[tuple[Participation, Organisation | None], ...]
    ended_participations: tuple[tuple[Participation, Organisation | None], ...]
    corrections: dict[str, tuple[Correction, ...]]
    """Record id → its corrections, oldest first."""
    last_mapped: date | None
    """The last mapping (network review) before today."""
    changes: MapChanges | None


def circle_of(tie: Tie) -> Circle:
    """Where a tie puts the other person: by how close they feel when that was asked, else by the tie's kind."""
    if tie.kind is TieKind.PAID_SUPPORT or tie.closeness is None:
        return CIRCLE_OF_TIE_KIND[tie.kind]
    return _CIRCLE_OF_CLOSENESS[tie.closeness]


def _innermost(ties: list[Tie]) -> Circle:
    return min((circle_of(t) for t in ties), key=_ORDER.index)


CIRCLE_NAMES = {
    Circle.INTIMACY: "closest",
    Circle.FRIENDSHIP: "close",
    Circle.PARTICIPATION: "further out",
    Circle.EXCHANGE: "paid support",
}


async def _shown(ctx: Context, person: Person | None, operation: str) -> Shown:
    """A contact in the map as the caller may see them (``people.met``: anonymous when the rule names them to no one)."""
    if person is None:
        return Shown(None, ANONYMOUS_NAME, PersonView.ANONYMOUS)
    seen = await people.met(ctx, operation, person)
    return Shown(seen.id, seen.name, seen.view)


def compare(
    person_id: str, ties: list[Tie], parts: list[Participation], names: dict[str, str],
    org_names: dict[str, str], before: date, now: date,
) -> MapChanges:  # fmt: skip
    """New, ended and moved contacts and groups between two dates."""

    def by_contact(at: date) -> dict[str, list[Tie]]:
        found: dict[str, list[Tie]] = {}
        for tie in ties:
            if tie.period.active_at(at):
                found.setdefault(tie.other_end(person_id), []).append(tie)
        return found

    then, nowadays = by_contact(before), by_contact(now)
    kinds = lambda ts: ", ".join(t.kind.value.lower().replace("_", " ") for t in ts)  # noqa: E731
    new = [Change(names[i], kinds(ts)) for i, ts in nowadays.items() if i not in then]
    ended = [Change(names[i], kinds(ts)) for i, ts in then.items() if i not in nowadays]
    moved = [
        Change(names[i], f"from {CIRCLE_NAMES[_innermost(then[i])]} to {CIRCLE_NAMES[_innermost(ts)]}")
        for i, ts in nowadays.items()
        if i in then and _innermost(then[i]) != _innermost(ts)
    ]
    groups_then = {p.organisation_id for p in parts if p.period.active_at(before)}
    groups_now = {p.organisation_id for p in parts if p.period.active_at(now)}
    new += [Change(org_names.get(o, "?"), "group") for o in groups_now - groups_then]
    ended += [Change(org_names.get(o, "?"), "group") for o in groups_then - groups_now]
    order = lambda cs: tuple(sorted(cs, key=lambda c: c.name))  # noqa: E731
    return MapChanges(before, order(new), order(ended), order(moved))


async def person_map(ctx: Context, person_id: str, operation: str = "person") -> PersonMap:
    """The person's map for the mapping page; NOT_FOUND if the caller may not see them."""
    ctx.allow(operation)
    person = await guards.person_in_scope(ctx, operation, person_id)
    ctx.note_read(person.id, operation)
    ties: list[Tie] = await ctx.loaders.ties.load(person.id) if person.consent.mapped else []
    parts: list[Participation] = await ctx.loaders.participations.load(person.id) if person.consent.mapped else []
    others = list(dict.fromkeys(t.other_end(person.id) for t in ties))
    people = dict(zip(others, await ctx.loaders.person.load_many(others)))
    shown = dict(zip(others, await asyncio.gather(*(_shown(ctx, people[i], operation) for i in others))))
    orgs = dict(zip([p.organisation_id for p in parts],
                    await ctx.loaders.organisation.load_many([p.organisation_id for p in parts])))  # fmt: skip
    today = ctx.today
    current: dict[str, list[Tie]] = {}
    for tie in ties:
        if tie.period.active_at(today):
            current.setdefault(tie.other_end(person.id), []).append(tie)
    contacts = sorted((Contact(shown[i], tuple(ts)) for i, ts in current.items()), key=lambda c: c.shown.name)
    ended = tuple((t, shown[t.other_end(person.id)]) for t in ties if t.period.until is not None and t.period.until <= today)
    record_ids = [t.id for t in ties] + [p.id for p in parts]
    corrections = dict(zip(record_ids, await ctx.loaders.corrections.load_many(record_ids)))
    reviews = await ctx.store.read(reviews_of, person.id) if person.consent.mapped else []
    earlier = [r.date for r in reviews if r.date < today]
    last = max(earlier) if earlier else None
    changes = None
    if last is not None:
        names = {i: s.name for i, s in shown.items()}
        org_names = {i: o.name for i, o in orgs.items() if o is not None}
        changes = compare(person.id, ties, parts, names, org_names, last, today)
    return PersonMap(
        person=person,
        may_change=person.consent.mapped,
        contacts=tuple(contacts),
        ended=ended,
        participations=tuple((p, orgs.get(p.organisation_id)) for p in parts if p.period.active_at(today)),
        ended_participations=tuple(
            (p, orgs.get(p.organisation_id)) for p in parts if p.period.until is not None and p.period.until <= today
        ),
        corrections={k: tuple(v) for k, v in corrections.items() if v},
        last_mapped=last,
        changes=changes,
    )


async def choices(ctx: Context, search: str, exclude: str, limit: int = 20) -> list[Person]:
    """Whom ``search`` may add to ``exclude``'s map: people the caller may see, and people
    already in that map (their contacts, seen as contacts), whose name contains it."""
    ctx.allow("people")
    wanted = search.strip().casefold()
    if not wanted:
        return []
    page = await ctx.store.read(page_people, PeopleFilter(search=wanted), None, limit, ctx.scope("people"))
    found = {p.id: p for p in page.items if p.id != exclude and not p.consent.refused_mapping}
    owner = await ctx.loaders.person.load(exclude)
    mapped = owner is not None and owner.consent.mapped and await ctx.view_of(owner, operation="person") is PersonView.FULL
    ties: list[Tie] = await ctx.loaders.ties.load(exclude) if mapped else []
    contacts = list(dict.fromkeys(t.other_end(exclude) for t in ties))
    for contact in await ctx.loaders.person.load_many(contacts):
        if contact is not None and wanted in contact.name.casefold() and not contact.consent.refused_mapping:
            found.setdefault(contact.id, contact)
    for id in found:
        ctx.note_read(id, "people")
    return sorted(found.values(), key=lambda p: p.name)[:limit]


async def directory(ctx: Context, limit: int = 200) -> list[Organisation]:
    """Organisations to pick from (the directory is public)."""
    page = await ctx.store.read(page_organisations, OrganisationFilter(), None, limit)
    return list(page.items)


COMMUNITY_ROLES = (Role.MEMBER, Role.ATTENDEE, Role.VOLUNTEER, Role.ORGANISER, Role.ROLE)
