"""What the recorded network says about a service's co-production at a date.

Every figure is a share of the people the service supports at that date
(or of its staff), counted from active ties and participations. The
self-assessment (:mod:`netmap.analysis.assessment`) turns them into stages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from netmap.analysis.cohort import (
    ServiceCohort,
    cohort_measures,
    counted_members,
    counts_in_figures,
    share,
)
from netmap.analysis.temporal import TemporalNetwork
from netmap.domain.kinds import OrganisationKind, Role, TieKind
from netmap.domain.timebank import recent

__all__ = [
    "CONTRIBUTING_ROLES",
    "Evidence",
    "contributes",
    "gather_evidence",
    "gave_time",
    "gives",
    "received_time",
    "in_timebank",
]

CONTRIBUTING_ROLES: frozenset[Role] = frozenset({Role.VOLUNTEER, Role.ORGANISER, Role.ROLE})
"""Roles in which a person gives their time and skills rather than receives."""

_STAFF = frozenset({Role.STAFF})


def contributes(network: TemporalNetwork, person_id: str, at: date) -> bool:
    """True iff the person holds an active VOLUNTEER, ORGANISER or ROLE participation.

    In any organisation, the supporting service included (Adam on its
    interview panel counts).
    """
    return any(p.role in CONTRIBUTING_ROLES for p in network.active_participations(person_id, at))


def in_timebank(network: TemporalNetwork, person_id: str, at: date) -> bool:
    """True iff the person takes part (any role but STAFF) in a TIMEBANK organisation at ``at``."""
    return any(
        p.role is not Role.STAFF and network.kind_of(p.organisation_id) is OrganisationKind.TIMEBANK
        for p in network.active_participations(person_id, at)
    )


def gave_time(network: TemporalNetwork, person_id: str, at: date) -> bool:
    """True iff the person gave timebank hours in the year up to ``at``."""
    return any(e.giver_id == person_id for e in recent(network.exchanges_of(person_id), at))


def received_time(network: TemporalNetwork, person_id: str, at: date) -> bool:
    """True iff the person received timebank hours in the year up to ``at``."""
    return any(e.receiver_id == person_id for e in recent(network.exchanges_of(person_id), at))


def gives(network: TemporalNetwork, person_id: str, at: date) -> bool:
    """True iff the person has a recorded way of giving as well as getting.

    Rule: :func:`contributes`, or :func:`in_timebank`, or :func:`gave_time`,
    or an active PEER_SUPPORT tie (peer support runs both ways, as Pete's does).
    """
    return (
        contributes(network, person_id, at)
        or in_timebank(network, person_id, at)
        or gave_time(network, person_id, at)
        or any(t.kind is TieKind.PEER_SUPPORT for t in network.active_ties(person_id, at))
    )


@dataclass(frozen=True)
class Evidence:
    """A service's figures at one date; shares are None when there is nobody to share.

    Attributes
    ----------
    people, staff
        People SUPPORTED by the service, and its STAFF, at ``at``; like every
        figure, only those who agreed to count in figures.
    paid_only_share, unpaid_tie_outside_share, community_share
        As in :class:`~netmap.analysis.cohort.CohortMeasures` for the service cohort.
    skills_share
        People supported with at least one skill recorded.
    contributing_share
        People supported who :func:`contributes`.
    timebank_share, staff_timebank_share
        People supported / staff who are :func:`in_timebank`.
    giving_share
        People supported who :func:`gives`.
    gives_and_gets_share, only_receives_share
        People supported who, in the year up to ``at``, both gave and received
        timebank hours / only received them.
    """

    service_id: str
    at: date
    people: int
    staff: int
    paid_only_share: float | None
    unpaid_tie_outside_share: float | None
    community_share: float | None
    skills_share: float | None
    contributing_share: float | None
    timebank_share: float | None
    staff_timebank_share: float | None
    giving_share: float | None
    gives_and_gets_share: float | None = None
    only_receives_share: float | None = None


def gather_evidence(network: TemporalNetwork, service_id: str, at: date) -> Evidence:
    """Count the service's figures at ``at`` (validates the service)."""
    cohort = cohort_measures(network, ServiceCohort(service_id), at)
    people, _ = counted_members(network, ServiceCohort(service_id), at)
    staff = [
        pid
        for pid in sorted(network.members(service_id, at, _STAFF))
        if counts_in_figures(network, pid)
    ]
    n = len(people)

    def count(rule: Callable[[TemporalNetwork, str, date], bool]) -> int:
        return sum(1 for pid in people if rule(network, pid, at))

    return Evidence(
        service_id=service_id,
        at=at,
        people=n,
        staff=len(staff),
        paid_only_share=cohort.paid_only_share,
        unpaid_tie_outside_share=cohort.with_unpaid_tie_outside_share,
        community_share=cohort.with_community_participation_share,
        skills_share=share(sum(1 for pid in people if network.person(pid).skills), n),
        contributing_share=share(count(contributes), n),
        timebank_share=share(count(in_timebank), n),
        staff_timebank_share=share(
            sum(1 for s in staff if in_timebank(network, s, at)), len(staff)
        ),
        giving_share=share(count(gives), n),
        gives_and_gets_share=share(
            sum(1 for pid in people if gave_time(network, pid, at) and received_time(network, pid, at)), n
        ),
        only_receives_share=share(
            sum(1 for pid in people if received_time(network, pid, at) and not gave_time(network, pid, at)), n
        ),
    )
