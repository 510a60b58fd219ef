"""The whole network's history in memory, indexed so any date can be asked.

The store is read once; every measure at every date then works from these
indexes. Measures never build a graph of the whole population: they read a
person's own ties and participations (a handful each), and only small local
graphs (ego networks) are handed to networkx. :meth:`TemporalNetwork.snapshot`
builds the full graph at a date for analysts and exports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import NamedTuple, TypeVar

import networkx as nx

from netmap.domain.errors import InvalidInput, NotFound, Problem
from netmap.domain.kinds import Closeness, ContactFrequency, OrganisationKind, Role, TieKind
from netmap.domain.records import Organisation, Participation, Person, Tie
from netmap.domain.reviews import NetworkReview
from netmap.domain.timebank import Exchange
from netmap.domain.valid_time import Period

__all__ = [
    "ParticipationRow",
    "TemporalNetwork",
    "TieSpan",
    "organisation_attributes",
    "participation_attributes",
    "person_attributes",
    "present",
    "tie_attributes",
]

_MAX_PROBLEMS = 20
_CACHE_LIMIT = 50_000
_OPEN = date.max.toordinal() + 1
_PAID = {kind: kind.paid for kind in TieKind}
T = TypeVar("T")


class TieSpan(NamedTuple):
    """When a tie held, and with whom, seen from one of its people.

    Dates are ordinals (``date.toordinal()``): ints compare faster than
    dates, and a trend compares millions of them. An
    open ``until`` is past every date, so ``since <= t < until`` (with
    ``t = at.toordinal()``) is exactly :meth:`Period.active_at`.
    """

    since: int
    until: int
    other_id: str
    closeness: Closeness | None = None
    """The answer to "how close?" when it is this person's own: None when not
    asked, and when the tie was recorded from the other person's side (their
    answer says how close *they* feel)."""
    contact_frequency: ContactFrequency | None = None
    """How often the two are in touch: a fact about both, so seen from either end."""


def _span(tie: Tie, person_id: str, since: int, until: int) -> TieSpan:
    """The tie as a span seen from ``person_id``, one of its ends."""
    own = tie.closeness if person_id == tie.person_id else None
    return TieSpan(since, until, tie.other_end(person_id), own, tie.contact_frequency)


class ParticipationRow(NamedTuple):
    """A participation with its organisation's kind; dates as in :class:`TieSpan`."""

    since: int
    until: int
    organisation_id: str
    role: Role
    organisation_kind: OrganisationKind
    participation: Participation


def _reviews_by_person(reviews: Iterable[NetworkReview], people: Mapping[str, Person]) -> dict[str, tuple[date, ...]]:
    """The dates each known person's network was reviewed, oldest first."""
    reviewed: dict[str, set[date]] = {}
    for review in reviews:
        if review.person_id in people:
            reviewed.setdefault(review.person_id, set()).add(review.date)
    return {pid: tuple(sorted(days)) for pid, days in reviewed.items()}


class TemporalNetwork:
    """People, organisations, ties and participations over valid time.

    Immutable once built; safe to share between requests. Build it with
    :meth:`build`; :meth:`changed` makes a new one with some people's and
    organisations' records replaced, sharing everything else with this one.
    Each person's ties and participations, and each organisation's
    participations, are kept in order of id, and exchanges by date then id,
    so the same records give the same network however it was made.
    """

    def __init__(
        self,
        people: dict[str, Person],
        organisations: dict[str, Organisation],
        ties: dict[str, tuple[Tie, ...]],
        tie_spans: dict[bool, dict[str, tuple[TieSpan, ...]]],
        participation_rows: dict[str, tuple[ParticipationRow, ...]],
        participations_by_organisation: dict[str, tuple[Participation, ...]],
        exchanges_by_party: dict[str, tuple[Exchange, ...]] | None = None,
        people_by_area: dict[str, tuple[str, ...]] | None = None,
        reviews_by_person: dict[str, tuple[date, ...]] | None = None,
    ) -> None:
        self._people = people
        self._organisations = organisations
        self._kinds = {o.id: o.kind for o in organisations.values()}
        self._ties = ties
        self._spans = tie_spans
        self._part_rows = participation_rows
        self._parts_by_org = participations_by_organisation
        self._exchanges = exchanges_by_party or {}
        self._reviews = reviews_by_person or {}
        if people_by_area is None:
            by_area: dict[str, list[str]] = {}
            for person in people.values():
                if person.area is not None:
                    by_area.setdefault(person.area, []).append(person.id)
            people_by_area = {area: tuple(sorted(ids)) for area, ids in by_area.items()}
        self._by_area = people_by_area
        self._members_cache: dict[tuple[str, date, frozenset[Role]], frozenset[str]] = {}

    @classmethod
    def build(
        cls,
        people: Iterable[Person],
        organisations: Iterable[Organisation],
        ties: Iterable[Tie],
        participations: Iterable[Participation],
        exchanges: Iterable[Exchange] = (),
        reviews: Iterable[NetworkReview] = (),
        *,
        drop_dangling: bool = False,
    ) -> TemporalNetwork:
        """Index the records once; refuse records that do not fit together.

        ``drop_dangling`` leaves out, instead of refusing, ties and
        participations whose ends are not all given: a whole-store read that
        is not one snapshot (read committed) may see a tie whose person was
        erased, or made, between its queries; the change feed then brings the
        rest.

        Raises
        ------
        InvalidInput
            ``DUPLICATE_ID`` when an id is given twice (also across people and
            organisations, which share the snapshot's node space);
            ``NOT_FOUND`` when a tie or participation names an unknown id;
            ``SELF_TIE`` for a tie from a person to themself. At most 20
            problems are listed.
        """
        problems: list[Problem] = []
        people_by_id: dict[str, Person] = {}
        for person in people:
            if person.id in people_by_id:
                problems.append(_duplicate("people", person.id))
            people_by_id[person.id] = person
        orgs_by_id: dict[str, Organisation] = {}
        for organisation in organisations:
            if organisation.id in orgs_by_id or organisation.id in people_by_id:
                problems.append(_duplicate("organisations", organisation.id))
            orgs_by_id[organisation.id] = organisation
        ties_by_person, spans = _index_ties(ties, people_by_id, problems)
        rows, by_org = _index_participations(participations, people_by_id, orgs_by_id, problems)
        if problems and not drop_dangling:
            raise InvalidInput(problems[:_MAX_PROBLEMS])
        by_party: dict[str, list[Exchange]] = {}
        for exchange in exchanges:
            by_party.setdefault(exchange.giver_id, []).append(exchange)
            by_party.setdefault(exchange.receiver_id, []).append(exchange)
        exchanges_by_party = {party: tuple(sorted(found, key=_exchange_order)) for party, found in by_party.items()}
        return cls(
            people_by_id, orgs_by_id, ties_by_person, spans, rows, by_org, exchanges_by_party,
            reviews_by_person=_reviews_by_person(reviews, people_by_id),
        )  # fmt: skip

    def review_dates(self, person_id: str) -> tuple[date, ...]:
        """The dates the person's network was reviewed with them, oldest first."""
        return self._reviews.get(person_id, ())

    def changed(
        self,
        ids: Iterable[str],
        people: Iterable[Person],
        organisations: Iterable[Organisation],
        ties: Iterable[Tie],
        participations: Iterable[Participation],
        exchanges: Iterable[Exchange],
        reviews: Iterable[NetworkReview] = (),
    ) -> TemporalNetwork:
        """A new network in which the records of the people and organisations ``ids`` are as given.

        ``people`` and ``organisations`` are those of ``ids`` that exist now
        (an id given in neither is gone: erased); ``ties``, ``participations``
        and ``exchanges`` are every current record with an end among ``ids``.
        Everything else is shared with this network, which is left as it is
        for whoever is still reading it. Costs a copy of the top-level indexes
        and work in proportion to the records of ``ids`` and their contacts.
        Ties and participations whose ends are not all known are left out,
        as :meth:`build` with ``drop_dangling`` does.
        """
        changed = _Change(self, frozenset(ids), people, organisations)
        ties_by_person, spans = changed.ties(ties)
        rows, by_org = changed.participations(participations)
        kept = {pid: days for pid, days in self._reviews.items() if pid not in changed.ids}
        kept.update(_reviews_by_person(reviews, changed.people))
        return TemporalNetwork(
            changed.people, changed.organisations, ties_by_person, spans, rows, by_org,
            changed.exchanges(exchanges), changed.areas(), kept,
        )  # fmt: skip

    def exchanges_of(self, party_id: str) -> tuple[Exchange, ...]:
        """Every timebank exchange a person or organisation gave or received, oldest first."""
        return self._exchanges.get(party_id, ())

    @property
    def people(self) -> Mapping[str, Person]:
        """Every person, by id."""
        return MappingProxyType(self._people)

    @property
    def organisations(self) -> Mapping[str, Organisation]:
        """Every organisation, by id."""
        return MappingProxyType(self._organisations)

    def person(self, person_id: str) -> Person:
        """The person with that id; :class:`NotFound` if there is none."""
        try:
            return self._people[person_id]
        except KeyError:
            raise NotFound("person", person_id) from None

    def organisation(self, organisation_id: str) -> Organisation:
        """The organisation with that id; :class:`NotFound` if there is none."""
        try:
            return self._organisations[organisation_id]
        except KeyError:
            raise NotFound("organisation", organisation_id) from None

    def people_in_area(self, area: str) -> tuple[str, ...]:
        """Ids of the people whose recorded area is exactly ``area``, sorted."""
        return self._by_area.get(area, ())

    def kind_of(self, organisation_id: str) -> OrganisationKind:
        """The kind of a known organisation (fast path for the measures)."""
        return self._kinds[organisation_id]

    def ties_of(self, person_id: str) -> tuple[Tie, ...]:
        """All of a person's ties, either end, whole history."""
        try:
            return self._ties[person_id]
        except KeyError:
            raise NotFound("person", person_id) from None

    def participations_of(self, person_id: str) -> tuple[Participation, ...]:
        """All of a person's participations, whole history."""
        return tuple(row.participation for row in self.participation_rows(person_id))

    def participations_in(self, organisation_id: str) -> tuple[Participation, ...]:
        """All participations in an organisation, whole history."""
        try:
            return self._parts_by_org[organisation_id]
        except KeyError:
            raise NotFound("organisation", organisation_id) from None

    def tie_spans(self, person_id: str, *, paid: bool) -> tuple[TieSpan, ...]:
        """The person's paid (PAID_SUPPORT) or unpaid (every other kind) ties as spans.

        Split by ``TieKind.paid`` when built, so counting unpaid ties never
        looks at paid ones and the other way round.
        """
        try:
            return self._spans[paid][person_id]
        except KeyError:
            raise NotFound("person", person_id) from None

    def links_of(
        self, person_id: str
    ) -> tuple[tuple[TieSpan, ...], tuple[TieSpan, ...], tuple[ParticipationRow, ...]]:
        """The person's unpaid spans, paid spans and participation rows in one call (for trends)."""
        try:
            return self._spans[False][person_id], self._spans[True][person_id], self._part_rows[person_id]
        except KeyError:
            raise NotFound("person", person_id) from None

    def participation_rows(self, person_id: str) -> tuple[ParticipationRow, ...]:
        """The person's participations as :class:`ParticipationRow` rows, whole history."""
        try:
            return self._part_rows[person_id]
        except KeyError:
            raise NotFound("person", person_id) from None

    def active_ties(self, person_id: str, at: date) -> list[Tie]:
        """The person's ties active at ``at`` (``since <= at < until``)."""
        return [t for t in self.ties_of(person_id) if t.period.active_at(at)]

    def active_participations(self, person_id: str, at: date) -> list[Participation]:
        """The person's participations active at ``at``."""
        return [p for p in self.participations_of(person_id) if p.period.active_at(at)]

    def members(self, organisation_id: str, at: date, roles: frozenset[Role]) -> frozenset[str]:
        """People with an active participation in one of ``roles`` at ``at``.

        Cached per (organisation, date, roles): measures ask the same
        question for every member of a cohort.
        """
        key = (organisation_id, at, roles)
        found = self._members_cache.get(key)
        if found is None:
            found = frozenset(
                p.person_id
                for p in self.participations_in(organisation_id)
                if p.role in roles and p.period.active_at(at)
            )
            if len(self._members_cache) >= _CACHE_LIMIT:
                self._members_cache.clear()
            self._members_cache[key] = found
        return found

    def snapshot(self, at: date) -> nx.MultiGraph[str]:
        """The whole network at ``at`` as a networkx multigraph, for analysts and exports.

        Nodes are every person (``type="person"``) and organisation
        (``type="organisation"``, with ``kind``), keyed by id. Edges are the
        ties (``type="tie"``, ``kind``, ``paid``, ``person_id``/``other_id``
        as recorded: for PAID_SUPPORT the supported person and the supporter)
        and participations (``type="participation"``, ``role``, ``title``)
        active at ``at``, keyed by record id. Values are plain strings, so
        the graph writes to GraphML or JSON as is; absent values are left out.
        """
        graph: nx.MultiGraph[str] = nx.MultiGraph(at=at.isoformat())
        for person in self._people.values():
            graph.add_node(person.id, **person_attributes(person))
        for org in self._organisations.values():
            graph.add_node(org.id, **organisation_attributes(org))
        for person_id, ties in self._ties.items():
            for tie in ties:
                if tie.person_id == person_id and tie.period.active_at(at):
                    graph.add_edge(tie.person_id, tie.other_id, key=tie.id, **tie_attributes(tie))
        for rows in self._part_rows.values():
            for row in rows:
                part = row.participation
                if part.period.active_at(at):
                    graph.add_edge(part.person_id, part.organisation_id, key=part.id, **participation_attributes(part))
        return graph


def _index_ties(
    ties: Iterable[Tie], people: dict[str, Person], problems: list[Problem]
) -> tuple[dict[str, tuple[Tie, ...]], dict[bool, dict[str, tuple[TieSpan, ...]]]]:
    """Each person's ties, and their spans split into unpaid (False) and paid (True)."""
    by_person: dict[str, list[Tie]] = {pid: [] for pid in people}
    spans: dict[bool, dict[str, list[TieSpan]]] = {
        paid: {pid: [] for pid in people} for paid in (False, True)
    }
    for tie in ties:
        a, b = tie.person_id, tie.other_id
        if a not in people or b not in people or a == b:
            problems.extend(_tie_problems(tie, people))
            continue
        by_person[a].append(tie)
        by_person[b].append(tie)
        since, until = _ordinals(tie.period)
        of_kind = spans[_PAID[tie.kind]]
        of_kind[a].append(_span(tie, a, since, until))
        of_kind[b].append(_span(tie, b, since, until))
    return (
        {pid: tuple(sorted(found, key=_by_id)) if len(found) > 1 else tuple(found) for pid, found in by_person.items()},
        {paid: {pid: tuple(f) for pid, f in of.items()} for paid, of in spans.items()},
    )


def _index_participations(
    participations: Iterable[Participation],
    people: dict[str, Person],
    organisations: dict[str, Organisation],
    problems: list[Problem],
) -> tuple[dict[str, tuple[ParticipationRow, ...]], dict[str, tuple[Participation, ...]]]:
    """Each person's participations as rows, and each organisation's participations."""
    rows: dict[str, list[ParticipationRow]] = {pid: [] for pid in people}
    by_org: dict[str, list[Participation]] = {oid: [] for oid in organisations}
    for part in participations:
        of_person, in_org = rows.get(part.person_id), by_org.get(part.organisation_id)
        if of_person is None or in_org is None:
            problems.extend(_participation_problems(part, people, organisations))
            continue
        since, until = _ordinals(part.period)
        kind = organisations[part.organisation_id].kind
        of_person.append(
            ParticipationRow(since, until, part.organisation_id, part.role, kind, part)
        )
        in_org.append(part)
    return (
        {pid: tuple(sorted(found, key=_row_order)) if len(found) > 1 else tuple(found) for pid, found in rows.items()},
        {oid: tuple(sorted(found, key=_by_id)) for oid, found in by_org.items()},
    )


def _by_id(record: Tie | Participation) -> str:
    return record.id


def _row_order(row: ParticipationRow) -> str:
    return row.participation.id


def _exchange_order(exchange: Exchange) -> tuple[date, str]:
    return exchange.date, exchange.id


def _spans_of(person_id: str, ties: tuple[Tie, ...]) -> tuple[tuple[TieSpan, ...], tuple[TieSpan, ...]]:
    """A person's unpaid and paid tie spans, from their ties."""
    unpaid: list[TieSpan] = []
    paid: list[TieSpan] = []
    for tie in ties:
        since, until = _ordinals(tie.period)
        (paid if _PAID[tie.kind] else unpaid).append(_span(tie, person_id, since, until))
    return tuple(unpaid), tuple(paid)


class _Change:
    """The work of :meth:`TemporalNetwork.changed`: new top-level indexes, old ones untouched."""

    def __init__(
        self, old: TemporalNetwork, ids: frozenset[str], people: Iterable[Person], organisations: Iterable[Organisation]
    ) -> None:
        self.old = old
        self.ids = ids
        self.people = dict(old._people)
        self.organisations = dict(old._organisations)
        given_people = {p.id: p for p in people}
        given_orgs = {o.id: o for o in organisations}
        for i in ids:
            _put(self.people, i, given_people.get(i))
            _put(self.organisations, i, given_orgs.get(i))
        self.touched_people = frozenset(i for i in ids if i in old._people or i in self.people)
        self.touched_orgs = frozenset(i for i in ids if i in old._organisations or i in self.organisations)

    def ties(self, ties: Iterable[Tie]) -> tuple[dict[str, tuple[Tie, ...]], dict[bool, dict[str, tuple[TieSpan, ...]]]]:
        old, touched, people = self.old, self.touched_people, self.people
        fresh = [
            t for t in ties
            if (t.person_id in touched or t.other_id in touched)
            and t.person_id in people and t.other_id in people and t.person_id != t.other_id
        ]  # fmt: skip
        affected = set(touched)
        for pid in touched:
            for tie in old._ties.get(pid, ()):
                affected.update((tie.person_id, tie.other_id))
        for tie in fresh:
            affected.update((tie.person_id, tie.other_id))
        found: dict[str, list[Tie]] = {}
        for pid in affected:
            if pid in people:
                found[pid] = [
                    t for t in old._ties.get(pid, ()) if t.person_id not in touched and t.other_id not in touched
                ]
        seen: set[str] = set()
        for tie in fresh:
            if tie.id not in seen:
                seen.add(tie.id)
                found[tie.person_id].append(tie)
                found[tie.other_id].append(tie)
        by_person = dict(old._ties)
        spans = {paid: dict(of) for paid, of in old._spans.items()}
        for pid in affected - found.keys():
            by_person.pop(pid, None)
            for of in spans.values():
                of.pop(pid, None)
        for pid, mine in found.items():
            by_person[pid] = tuple(sorted(mine, key=_by_id))
            spans[False][pid], spans[True][pid] = _spans_of(pid, by_person[pid])
        return by_person, spans

    def participations(
        self, participations: Iterable[Participation]
    ) -> tuple[dict[str, tuple[ParticipationRow, ...]], dict[str, tuple[Participation, ...]]]:
        old, touched, people, orgs = self.old, self.touched_people, self.people, self.organisations
        fresh: dict[str, Participation] = {
            p.id: p for p in participations
            if p.person_id in touched and p.person_id in people and p.organisation_id in orgs
        }  # fmt: skip
        regrouped = {  # organisations whose kind changed, or that are gone: their people's rows change
            oid for oid in self.touched_orgs
            if oid not in orgs or oid not in old._organisations or old._organisations[oid].kind is not orgs[oid].kind
        }  # fmt: skip
        affected_people = set(touched)
        for oid in regrouped:
            affected_people.update(p.person_id for p in old._parts_by_org.get(oid, ()))
        affected_orgs = set(self.touched_orgs) | {p.organisation_id for p in fresh.values()}
        for pid in touched:
            affected_orgs.update(row.organisation_id for row in old._part_rows.get(pid, ()))
        mine: dict[str, list[Participation]] = {pid: [] for pid in affected_people if pid in people}
        for pid in mine:
            if pid not in touched:
                mine[pid] = [r.participation for r in old._part_rows.get(pid, ()) if r.organisation_id in orgs]
        for part in fresh.values():
            mine[part.person_id].append(part)
        rows = dict(old._part_rows)
        for pid in affected_people - mine.keys():
            rows.pop(pid, None)
        for pid, parts in mine.items():
            rows[pid] = tuple(
                ParticipationRow(*_ordinals(p.period), p.organisation_id, p.role, orgs[p.organisation_id].kind, p)
                for p in sorted(parts, key=_by_id)
            )
        by_org = dict(old._parts_by_org)
        for oid in affected_orgs:
            if oid not in orgs:
                by_org.pop(oid, None)
                continue
            kept = [p for p in old._parts_by_org.get(oid, ()) if p.person_id not in touched]
            kept += [p for p in fresh.values() if p.organisation_id == oid]
            by_org[oid] = tuple(sorted(kept, key=_by_id))
        return rows, by_org

    def exchanges(self, exchanges: Iterable[Exchange]) -> dict[str, tuple[Exchange, ...]]:
        old, ids = self.old._exchanges, self.ids
        fresh = {e.id: e for e in exchanges if e.giver_id in ids or e.receiver_id in ids}
        affected = set(ids)
        for party in ids:
            for e in old.get(party, ()):
                affected.update((e.giver_id, e.receiver_id))
        for e in fresh.values():
            affected.update((e.giver_id, e.receiver_id))
        found = dict(old)
        for party in affected:
            kept = [e for e in old.get(party, ()) if e.giver_id not in ids and e.receiver_id not in ids]
            kept += [e for e in fresh.values() if party in (e.giver_id, e.receiver_id)]
            if kept:
                found[party] = tuple(sorted(kept, key=_exchange_order))
            else:
                found.pop(party, None)
        return found

    def areas(self) -> dict[str, tuple[str, ...]]:
        old_people, by_area = self.old._people, dict(self.old._by_area)
        moved: dict[str, set[str]] = {}
        for pid in self.touched_people:
            before, after = old_people.get(pid), self.people.get(pid)
            was = before.area if before else None
            now = after.area if after else None
            if was != now or (before is None) != (after is None):
                if was is not None:
                    moved.setdefault(was, set(by_area.get(was, ()))).discard(pid)
                if now is not None:
                    moved.setdefault(now, set(by_area.get(now, ()))).add(pid)
        for area, ids in moved.items():
            if ids:
                by_area[area] = tuple(sorted(ids))
            else:
                by_area.pop(area, None)
        return by_area


def _put(index: dict[str, T], key: str, value: T | None) -> None:
    if value is None:
        index.pop(key, None)
    else:
        index[key] = value


def _ordinals(period: Period) -> tuple[int, int]:
    until = _OPEN if period.until is None else period.until.toordinal()
    return period.since.toordinal(), until


def present(**values: object) -> dict[str, object]:
    """The values that are set: graph files (GraphML, GEXF) take no nulls."""
    return {name: value for name, value in values.items() if value is not None}


def person_attributes(person: Person) -> dict[str, object]:
    """A person's node attributes in graphs of the network (snapshots, exports)."""
    return present(type="person", name=person.name, area=person.area)


def organisation_attributes(org: Organisation) -> dict[str, object]:
    """An organisation's node attributes in graphs of the network."""
    return present(type="organisation", name=org.name, kind=org.kind.value, area=org.area)


def tie_attributes(tie: Tie) -> dict[str, object]:
    """A tie's edge attributes: ends as recorded (for PAID_SUPPORT the person supported first)."""
    return present(
        type="tie", kind=tie.kind.value, paid=tie.paid, person_id=tie.person_id, other_id=tie.other_id,
        since=tie.period.since.isoformat(), label=tie.label,
        closeness=tie.closeness.value if tie.closeness else None,
        contact_frequency=tie.contact_frequency.value if tie.contact_frequency else None,
    )  # fmt: skip


def participation_attributes(part: Participation) -> dict[str, object]:
    """A participation's edge attributes."""
    return present(type="participation", role=part.role.value, title=part.title, since=part.period.since.isoformat())


def _duplicate(field: str, record_id: str) -> Problem:
    return Problem(field, "DUPLICATE_ID", f"the id {record_id!r} is given more than once")


def _unknown(field: str, what: str, record_id: str) -> Problem:
    return Problem(field, "NOT_FOUND", f"no {what} with id {record_id!r}")


def _tie_problems(tie: Tie, people: dict[str, Person]) -> list[Problem]:
    where = f"ties[{tie.id}]"
    if tie.person_id == tie.other_id:
        return [Problem(where, "SELF_TIE", f"tie {tie.id!r} links a person to themself")]
    return [
        _unknown(where, "person", pid) for pid in (tie.person_id, tie.other_id) if pid not in people
    ]


def _participation_problems(
    part: Participation, people: dict[str, Person], organisations: dict[str, Organisation]
) -> list[Problem]:
    where = f"participations[{part.id}]"
    found = []
    if part.person_id not in people:
        found.append(_unknown(where, "person", part.person_id))
    if part.organisation_id not in organisations:
        found.append(_unknown(where, "organisation", part.organisation_id))
    return found
