"""Relationship circles, as person-centred planning draws them.

Four rings around the person: intimacy (the people closest), friendship,
participation (the groups, roles and looser ties of everyday life) and
exchange (people paid to be there). Each ring lists who or what is in it, so
a planner can see the people, not just a count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from netmap.analysis.links import is_community_participation
from netmap.analysis.temporal import TemporalNetwork
from netmap.domain.kinds import Closeness, OrganisationKind, Role, TieKind

__all__ = [
    "CIRCLE_OF_TIE_KIND",
    "Circle",
    "CircleEntry",
    "Circles",
    "Member",
    "circles",
]


class Circle(str, Enum):
    """The four circles, innermost first."""

    INTIMACY = "INTIMACY"
    FRIENDSHIP = "FRIENDSHIP"
    PARTICIPATION = "PARTICIPATION"
    EXCHANGE = "EXCHANGE"


CIRCLE_OF_TIE_KIND: dict[TieKind, Circle] = {
    TieKind.FAMILY: Circle.INTIMACY,
    TieKind.PARTNER: Circle.INTIMACY,
    TieKind.FRIEND: Circle.FRIENDSHIP,
    TieKind.NEIGHBOUR: Circle.FRIENDSHIP,
    TieKind.PEER_SUPPORT: Circle.FRIENDSHIP,
    TieKind.COLLEAGUE: Circle.PARTICIPATION,
    TieKind.ACQUAINTANCE: Circle.PARTICIPATION,
    TieKind.PAID_SUPPORT: Circle.EXCHANGE,
}
"""Which circle each kind of tie puts the other person in."""

_EXCHANGE_ROLES = frozenset({Role.STAFF, Role.SUPPORTED})


class Member(str, Enum):
    """Whether a circle entry is a person or an organisation."""

    PERSON = "PERSON"
    ORGANISATION = "ORGANISATION"


@dataclass(frozen=True)
class CircleEntry:
    """One person or organisation in a circle, and why it is there.

    ``relation`` is the tie's kind (a :class:`TieKind` value) for a person
    and the participation's role (a :class:`Role` value) for an
    organisation; ``title`` is the tie's label or the participation's title;
    ``record_id`` is that tie or participation. ``closeness`` is the
    person's own answer to "how close?" on that tie (None for organisations,
    when not asked, and when the tie was recorded from the other person's
    side: their answer is how close *they* feel).
    """

    member: Member
    id: str
    relation: str
    title: str | None
    record_id: str
    closeness: Closeness | None = None


@dataclass(frozen=True)
class Circles:
    """The person's four circles at a date: people first, then organisations, each by id."""

    intimacy: tuple[CircleEntry, ...]
    friendship: tuple[CircleEntry, ...]
    participation: tuple[CircleEntry, ...]
    exchange: tuple[CircleEntry, ...]

    def of(self, circle: Circle) -> tuple[CircleEntry, ...]:
        """The entries of one circle."""
        return {
            Circle.INTIMACY: self.intimacy,
            Circle.FRIENDSHIP: self.friendship,
            Circle.PARTICIPATION: self.participation,
            Circle.EXCHANGE: self.exchange,
        }[circle]

    def ids(self, circle: Circle) -> frozenset[str]:
        """The distinct people and organisations in one circle."""
        return frozenset(entry.id for entry in self.of(circle))


def circles(network: TemporalNetwork, person_id: str, at: date) -> Circles:
    """Who and what is in each of the person's circles at ``at``.

    Rules (active ties and participations only):

    - intimacy: FAMILY and PARTNER ties;
    - friendship: FRIEND, NEIGHBOUR and PEER_SUPPORT ties;
    - participation: COLLEAGUE and ACQUAINTANCE ties, and community
      participations (any role but STAFF in an organisation that is not a
      SERVICE), with the role and title;
    - exchange: PAID_SUPPORT ties (either direction), and SUPPORTED or STAFF
      participations in a SERVICE.

    Someone tied in two ways (a neighbour who is also a friend) appears once
    per tie, possibly in two circles. Being paid STAFF of a non-service
    organisation, or a MEMBER/VOLUNTEER/… of a SERVICE, puts it in no circle:
    it is neither community life nor paid support in the sense used here.
    """
    found: dict[Circle, list[CircleEntry]] = {circle: [] for circle in Circle}
    for tie in network.active_ties(person_id, at):
        found[CIRCLE_OF_TIE_KIND[tie.kind]].append(
            CircleEntry(
                Member.PERSON, tie.other_end(person_id), tie.kind.value, tie.label, tie.id,
                tie.closeness if tie.person_id == person_id else None,
            )  # fmt: skip
        )
    for part in network.active_participations(person_id, at):
        entry = CircleEntry(
            Member.ORGANISATION, part.organisation_id, part.role.value, part.title, part.id
        )
        if is_community_participation(network, part):
            found[Circle.PARTICIPATION].append(entry)
        elif (
            part.role in _EXCHANGE_ROLES
            and network.kind_of(part.organisation_id) is OrganisationKind.SERVICE
        ):
            found[Circle.EXCHANGE].append(entry)
    return Circles(
        intimacy=_sorted(found[Circle.INTIMACY]),
        friendship=_sorted(found[Circle.FRIENDSHIP]),
        participation=_sorted(found[Circle.PARTICIPATION]),
        exchange=_sorted(found[Circle.EXCHANGE]),
    )


def _sorted(entries: list[CircleEntry]) -> tuple[CircleEntry, ...]:
    return tuple(
        sorted(
            entries,
            key=lambda e: (e.member is Member.ORGANISATION, e.id, e.relation, e.record_id),
        )
    )
