"""What the recorded network shows about a service's co-production at a date.

The figures are evidence for the people of a service to set beside their
own judgement (a reflection), never a score. They count only the people who
agreed to be counted *and* whose network was reviewed with them recently:
for anyone else a missing tie or role says nothing. :class:`Coverage` says
how many of the people supported that is, and why the others are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from netmap.analysis.cohort import Caseload, ServiceCohort, cohort_measures, counts_in_figures, share, validate_cohort
from netmap.analysis.enclave import enclave_share
from netmap.analysis.links import supported_members
from netmap.analysis.steps import months_before
from netmap.analysis.temporal import TemporalNetwork
from netmap.domain.kinds import Role, TieKind
from netmap.domain.records import Participation
from netmap.domain.timebank import recent

__all__ = [
    "BOARD_WORDS",
    "CONTRIBUTING_ROLES",
    "PART_WORDS",
    "Coverage",
    "Evidence",
    "Part",
    "gather_evidence",
    "gave_time",
    "gives",
    "gives_peer_support",
    "in_timebank",
    "is_board",
    "parts_of",
    "received_time",
    "reviewed_recently",
    "roles_in_service",
]

CONTRIBUTING_ROLES: frozenset[Role] = frozenset({Role.VOLUNTEER, Role.ORGANISER, Role.ROLE})
"""Roles in which a person gives their time and skills rather than receives."""


class Part(str, Enum):
    """The parts of a service the tool asks people to lead: designing, running, evaluating."""

    DESIGNING = "DESIGNING"
    RUNNING = "RUNNING"
    EVALUATING = "EVALUATING"


PART_WORDS: dict[Part, tuple[str, ...]] = {
    Part.DESIGNING: ("design", "planning", "steering", "board", "trustee", "commissioning"),
    Part.RUNNING: ("interview", "recruit", "training", "trainer", "induction"),
    Part.EVALUATING: ("evaluat", "quality", "inspect", "review", "audit", "monitor"),
}
"""A role's title containing any of these (any case) puts it in that part of the service.

ORGANISER in the service is also RUNNING. Other titles (a forum member, a
fire warden, a volunteer) are a role in the service but in none of the parts.
"""

BOARD_WORDS: tuple[str, ...] = ("board", "trustee")
"""A ROLE in the service whose title contains one of these is a board member."""


def parts_of(participation: Participation) -> frozenset[Part]:
    """The parts of the service a contributing participation's title names."""
    title = (participation.title or "").casefold()
    found = {part for part, words in PART_WORDS.items() if any(word in title for word in words)}
    if participation.role is Role.ORGANISER:
        found.add(Part.RUNNING)
    return frozenset(found)


def is_board(participation: Participation) -> bool:
    """A ROLE whose title names a board or trustees."""
    title = (participation.title or "").casefold()
    return participation.role is Role.ROLE and any(word in title for word in BOARD_WORDS)


def roles_in_service(network: TemporalNetwork, person_id: str, service_id: str, at: date) -> list[Participation]:
    """The person's active VOLUNTEER, ORGANISER or ROLE participations in the service itself."""
    return [
        p
        for p in network.active_participations(person_id, at)
        if p.organisation_id == service_id and p.role in CONTRIBUTING_ROLES
    ]


def reviewed_recently(network: TemporalNetwork, person_id: str, at: date, months: int) -> bool:
    """True iff the person's network was reviewed in the ``months`` up to and including ``at``."""
    start = months_before(at, months)
    return any(start < day <= at for day in network.review_dates(person_id))


def in_timebank(network: TemporalNetwork, person_id: str, timebank_id: str, at: date) -> bool:
    """True iff the person takes part in that timebank at ``at`` in any role but its paid STAFF."""
    return any(
        p.organisation_id == timebank_id and p.role is not Role.STAFF
        for p in network.active_participations(person_id, at)
    )


def gave_time(network: TemporalNetwork, person_id: str, at: date, timebank_id: str | None = None) -> bool:
    """True iff the person gave timebank hours in the year up to ``at`` (in that timebank, if given)."""
    return any(
        e.giver_id == person_id and e.hours > 0 and (timebank_id is None or e.timebank_id == timebank_id)
        for e in recent(network.exchanges_of(person_id), at)
    )


def received_time(network: TemporalNetwork, person_id: str, at: date) -> bool:
    """True iff the person received timebank hours in the year up to ``at``."""
    return any(e.receiver_id == person_id for e in recent(network.exchanges_of(person_id), at))


def gives_peer_support(network: TemporalNetwork, person_id: str, at: date) -> bool:
    """True iff the person is the peer supporter in an active PEER_SUPPORT tie.

    A PEER_SUPPORT tie runs like PAID_SUPPORT: ``person_id`` is the one
    supported, ``other_id`` the peer supporter who gives.
    """
    return any(t.kind is TieKind.PEER_SUPPORT and t.other_id == person_id for t in network.active_ties(person_id, at))


def gives(network: TemporalNetwork, person_id: str, service_id: str, at: date) -> bool:
    """True iff the person gives as well as gets.

    Rule: gave timebank hours in the year up to ``at`` (:func:`gave_time`),
    or holds a volunteer, organiser or named role in the service itself
    (:func:`roles_in_service`), or is the giver in an active peer-support
    tie (:func:`gives_peer_support`). Being a timebank member, or receiving
    peer support, is not giving.
    """
    return (
        gave_time(network, person_id, at)
        or bool(roles_in_service(network, person_id, service_id, at))
        or gives_peer_support(network, person_id, at)
    )


@dataclass(frozen=True)
class Coverage:
    """Of the people a service supports at a date, who the figures count and who they leave out.

    ``not_counted``: did not agree to count in figures. ``not_reviewed``:
    agreed, but their network was not reviewed in the months before.
    """

    supported: int
    not_counted: int
    not_reviewed: int
    review_months: int

    @property
    def counted(self) -> int:
        """People counted: agreed to be counted and reviewed recently."""
        return self.supported - self.not_counted - self.not_reviewed

    @property
    def share(self) -> float | None:
        """Counted ÷ supported; None when the service supports nobody."""
        return share(self.counted, self.supported)


@dataclass(frozen=True)
class Evidence:
    """A service's figures at one date; shares are None when there is nobody to share.

    Shares of people are of the people counted (:class:`Coverage`); staff
    and board shares are of the service's staff and board members who agreed
    to be counted. docs/measures.md defines each one.
    """

    service_id: str
    at: date
    coverage: Coverage
    staff: int
    paid_only_share: float | None
    unpaid_tie_outside_share: float | None
    community_share: float | None
    enclave_share: float | None
    """Mean over people with an unpaid tie of :func:`~netmap.analysis.enclave.enclave_share`."""
    role_in_service_share: float | None
    service_parts: frozenset[Part]
    contribution_share: float | None
    timebank_id: str | None
    timebank_people_share: float | None
    timebank_staff_share: float | None
    timebank_board_share: float | None
    """None when no board member is recorded."""
    timebank_reach_share: float | None
    """Of the timebank's members, the share who are neither staff of nor supported by the service."""
    giving_share: float | None
    gives_and_gets_share: float | None = None
    only_receives_share: float | None = None

    @property
    def people(self) -> int:
        """The people counted."""
        return self.coverage.counted


def gather_evidence(
    network: TemporalNetwork,
    service_id: str,
    at: date,
    *,
    timebank_id: str | None = None,
    review_months: int = 12,
) -> Evidence:
    """Count the service's figures at ``at`` (validates the service).

    ``timebank_id`` is the timebank the service supports (its settings);
    without one the timebank figures are None.
    """
    validate_cohort(network, ServiceCohort(service_id))
    supported = sorted(supported_members(network, service_id, at))
    consenting = [pid for pid in supported if counts_in_figures(network, pid)]
    people = [pid for pid in consenting if reviewed_recently(network, pid, at, review_months)]
    coverage = Coverage(len(supported), len(supported) - len(consenting), len(consenting) - len(people), review_months)
    n = len(people)
    staff = _counted(network, network.members(service_id, at, frozenset({Role.STAFF})))
    cohort = cohort_measures(network, Caseload(tuple(people)), at)
    enclaves = [e for pid in people if (e := enclave_share(network, pid, at)) is not None]
    roles = {pid: roles_in_service(network, pid, service_id, at) for pid in people}

    def count(rule: Callable[[str], bool]) -> float | None:
        return share(sum(1 for pid in people if rule(pid)), n)

    timebank = _timebank_figures(network, service_id, at, timebank_id, people, staff)
    return Evidence(
        service_id=service_id,
        at=at,
        coverage=coverage,
        staff=len(staff),
        paid_only_share=cohort.paid_only_share,
        unpaid_tie_outside_share=cohort.with_unpaid_tie_outside_share,
        community_share=cohort.with_community_participation_share,
        enclave_share=sum(enclaves) / len(enclaves) if enclaves else None,
        role_in_service_share=count(lambda pid: bool(roles[pid])),
        service_parts=frozenset(part for found in roles.values() for p in found for part in parts_of(p)),
        contribution_share=count(
            lambda pid: bool(roles[pid]) or (timebank_id is not None and gave_time(network, pid, at, timebank_id))
        ),
        timebank_id=timebank_id,
        **timebank,
        giving_share=count(lambda pid: gives(network, pid, service_id, at)),
        gives_and_gets_share=count(lambda pid: gave_time(network, pid, at) and received_time(network, pid, at)),
        only_receives_share=count(lambda pid: received_time(network, pid, at) and not gave_time(network, pid, at)),
    )


def _counted(network: TemporalNetwork, ids: Iterable[str]) -> list[str]:
    return [pid for pid in sorted(ids) if counts_in_figures(network, pid)]


def _timebank_figures(
    network: TemporalNetwork, service_id: str, at: date, timebank_id: str | None, people: list[str], staff: list[str]
) -> dict[str, float | None]:
    """Membership of the service's timebank by its people, staff and board, and its reach beyond."""
    if timebank_id is None or timebank_id not in network.organisations:
        return dict.fromkeys(
            ("timebank_people_share", "timebank_staff_share", "timebank_board_share", "timebank_reach_share")
        )
    board = _counted(
        network,
        {p.person_id for p in network.participations_in(service_id) if p.period.active_at(at) and is_board(p)},
    )
    members = _counted(
        network, network.members(timebank_id, at, frozenset(Role) - {Role.STAFF})
    )
    inside = network.members(service_id, at, frozenset({Role.STAFF, Role.SUPPORTED}))

    def member_share(ids: list[str]) -> float | None:
        return share(sum(1 for pid in ids if in_timebank(network, pid, timebank_id, at)), len(ids))

    return {
        "timebank_people_share": member_share(people),
        "timebank_staff_share": member_share(staff),
        "timebank_board_share": member_share(board),
        "timebank_reach_share": share(sum(1 for pid in members if pid not in inside), len(members)),
    }

