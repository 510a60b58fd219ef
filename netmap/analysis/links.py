"""Who and what a person is linked to at a date: the building blocks of every measure.

Each function is one definition from ``docs/measures.md``. A tie or
participation counts at date ``t`` iff its period is active then
(``since <= t < until``; an open ``until`` never ends).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from netmap.analysis.temporal import TemporalNetwork
from netmap.domain.kinds import Closeness, ContactFrequency, OrganisationKind, Role
from netmap.domain.records import Participation

__all__ = [
    "COMMUNITY_ROLES",
    "SERVICE_ROLES",
    "CLOSE",
    "IN_TOUCH_MONTHLY",
    "PersonLinks",
    "UnpaidAnswers",
    "community_neighbours",
    "community_participations",
    "is_community_participation",
    "is_community_role",
    "links_at",
    "paid_alters",
    "service_people",
    "supported_by",
    "supported_members",
    "unpaid_alters",
    "unpaid_answers",
]

COMMUNITY_ROLES: frozenset[Role] = frozenset(Role) - {Role.STAFF}
"""Roles that count as taking part in community life: every role but paid STAFF."""

SERVICE_ROLES: frozenset[Role] = frozenset({Role.STAFF, Role.SUPPORTED})
"""Roles that make someone part of a service: its staff and the people it supports."""

_SUPPORTED: frozenset[Role] = frozenset({Role.SUPPORTED})
_SERVICE = OrganisationKind.SERVICE
_NOBODY: frozenset[str] = frozenset()
_STAFF = Role.STAFF
_SUPPORTED_ROLE = Role.SUPPORTED


def unpaid_alters(network: TemporalNetwork, person_id: str, at: date) -> frozenset[str]:
    """The distinct people linked to the person by an active unpaid tie, either direction.

    Unpaid means any kind but PAID_SUPPORT. Two ties of different kinds to
    the same person (a neighbour who is also a friend) count once.
    """
    day = at.toordinal()
    return frozenset(
        [
            other
            for since, until, other, *_ in network.tie_spans(person_id, paid=False)
            if since <= day < until
        ]
    )


def paid_alters(network: TemporalNetwork, person_id: str, at: date) -> frozenset[str]:
    """The distinct people linked to the person by an active PAID_SUPPORT tie, either direction.

    Either direction on purpose: the supported person sees their supporter,
    and the supporter sees the people they are paid to support.
    """
    spans = network.tie_spans(person_id, paid=True)
    if not spans:
        return _NOBODY
    day = at.toordinal()
    return frozenset([other for since, until, other, *_ in spans if since <= day < until])


def is_community_role(role: Role, kind: OrganisationKind) -> bool:
    """True iff taking part in this role in this kind of organisation is community life.

    Rule: the organisation is not a SERVICE and the role is not STAFF.
    Going to a club, volunteering, sitting on a panel count; being paid to
    work somewhere, and anything at all inside a paid service, do not.
    """
    return role is not _STAFF and kind is not _SERVICE


def is_community_participation(network: TemporalNetwork, participation: Participation) -> bool:
    """:func:`is_community_role` for a participation record."""
    return is_community_role(participation.role, network.kind_of(participation.organisation_id))


def community_participations(
    network: TemporalNetwork, person_id: str, at: date
) -> tuple[Participation, ...]:
    """The person's active community participations (see :func:`is_community_role`).

    Counted as records: a MEMBER who also VOLUNTEERs at the same club has two.
    """
    rows = network.participation_rows(person_id)
    if not rows:
        return ()
    day = at.toordinal()
    return tuple(
        [
            part
            for since, until, _, role, kind, part in rows
            if since <= day < until and is_community_role(role, kind)
        ]
    )


def supported_by(network: TemporalNetwork, person_id: str, at: date) -> frozenset[str]:
    """The SERVICE organisations where the person has an active SUPPORTED participation."""
    rows = network.participation_rows(person_id)
    if not rows:
        return _NOBODY
    day = at.toordinal()
    return frozenset(
        [
            org
            for since, until, org, role, kind, _ in rows
            if role is _SUPPORTED_ROLE and kind is _SERVICE and since <= day < until
        ]
    )


def service_people(network: TemporalNetwork, services: Iterable[str], at: date) -> frozenset[str]:
    """Everyone who is, at ``at``, STAFF of or SUPPORTED by any of ``services``."""
    found: set[str] = set()
    for service in services:
        found |= network.members(service, at, SERVICE_ROLES)
    return frozenset(found)


def community_neighbours(network: TemporalNetwork, person_id: str, at: date) -> frozenset[str]:
    """The person's neighbours in the community graph at ``at``.

    The community graph links two people when they share an active unpaid
    tie, or when both have an active community participation (any role but
    STAFF) in the same non-SERVICE organisation. Paid ties and services are
    left out: it is the graph of the person's life outside paid support.
    """
    found = set(unpaid_alters(network, person_id, at))
    for part in community_participations(network, person_id, at):
        found |= network.members(part.organisation_id, at, COMMUNITY_ROLES)
    found.discard(person_id)
    return frozenset(found)


class PersonLinks(NamedTuple):
    """The four basic selections for one person at one date, computed once.

    A named tuple rather than a dataclass: cohort trends make hundreds of
    thousands of them.
    """

    unpaid: frozenset[str]
    paid: frozenset[str]
    community: tuple[Participation, ...]
    services: frozenset[str]


def links_at(network: TemporalNetwork, person_id: str, at: date) -> PersonLinks:
    """:func:`unpaid_alters`, :func:`paid_alters`, :func:`community_participations`
    and :func:`supported_by` for one person at one date.
    """
    return PersonLinks(
        unpaid=unpaid_alters(network, person_id, at),
        paid=paid_alters(network, person_id, at),
        community=community_participations(network, person_id, at),
        services=supported_by(network, person_id, at),
    )


def supported_members(network: TemporalNetwork, service_id: str, at: date) -> frozenset[str]:
    """The people with an active SUPPORTED participation in the service at ``at``."""
    return network.members(service_id, at, _SUPPORTED)


IN_TOUCH_MONTHLY: frozenset[ContactFrequency] = frozenset({ContactFrequency.WEEKLY, ContactFrequency.MONTHLY})
"""Contact frequencies that count as in touch at least monthly."""

CLOSE: frozenset[Closeness] = frozenset({Closeness.CLOSEST, Closeness.CLOSE})
"""Closeness answers that count as close: the inner and middle circles."""


class UnpaidAnswers(NamedTuple):
    """What the answers on a person's active unpaid ties say, each a count of distinct people.

    A contact counts once however many ties link them (a neighbour who is
    also a friend), and counts when any one of those ties has the answer.
    """

    in_touch_monthly: int
    """In touch weekly or more, or monthly or more."""
    contact_frequency_recorded: int
    """With "how often in touch?" answered, whatever the answer."""
    close: int
    """Closest or close, by the person's own answer."""
    closeness_recorded: int
    """With the person's own "how close?" answered, whatever the answer."""


def unpaid_answers(network: TemporalNetwork, person_id: str, at: date) -> UnpaidAnswers:
    """Count the person's unpaid contacts at ``at`` by the answers on their active unpaid ties.

    Ties without an answer count in neither the measure nor its
    ``…_recorded`` count: "not asked" is not "no". Contact frequency is
    read from either end of a tie (it is about both people); closeness only
    from the person's own side (see :class:`~netmap.analysis.temporal.TieSpan`).
    """
    day = at.toordinal()
    monthly: set[str] = set()
    frequency: set[str] = set()
    close: set[str] = set()
    closeness: set[str] = set()
    for since, until, other, how_close, how_often in network.tie_spans(person_id, paid=False):
        if since <= day < until:
            if how_often is not None:
                frequency.add(other)
                if how_often in IN_TOUCH_MONTHLY:
                    monthly.add(other)
            if how_close is not None:
                closeness.add(other)
                if how_close in CLOSE:
                    close.add(other)
    return UnpaidAnswers(len(monthly), len(frequency), len(close), len(closeness))
