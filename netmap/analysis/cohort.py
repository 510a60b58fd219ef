"""Cohort measures: how connected a service's people, an area or a caseload are at a date.

Only the cheap person measures are needed here (counts from each person's
own ties and participations), so a report over ten thousand people takes a
fraction of a second and a monthly trend a few seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import NamedTuple

from netmap.analysis.enclave import alters_outside_services
from netmap.analysis.links import links_at, supported_members
from netmap.analysis.person import is_isolated, is_paid_only
from netmap.analysis.steps import Every, steps
from netmap.analysis.temporal import TemporalNetwork
from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.kinds import OrganisationKind

__all__ = [
    "AreaCohort",
    "Caseload",
    "Cohort",
    "CohortMeasures",
    "PersonSummary",
    "ServiceCohort",
    "UnpaidTieBands",
    "cohort_measures",
    "cohort_members",
    "cohort_trend",
    "counted_members",
    "counts_in_figures",
    "share",
    "summarise_person",
    "validate_cohort",
]


@dataclass(frozen=True)
class ServiceCohort:
    """The people SUPPORTED by a service at the date asked (re-evaluated at every date)."""

    service_id: str


@dataclass(frozen=True)
class AreaCohort:
    """The people whose recorded ``area`` equals ``area`` exactly (areas have no history)."""

    area: str


@dataclass(frozen=True)
class Caseload:
    """An explicit list of people, such as a support planner's caseload."""

    person_ids: tuple[str, ...]


Cohort = ServiceCohort | AreaCohort | Caseload
"""Any of the three ways to name a group of people."""


def validate_cohort(network: TemporalNetwork, cohort: Cohort) -> None:
    """Refuse a cohort that names something unknown.

    Raises
    ------
    NotFound
        A service cohort whose organisation does not exist.
    InvalidInput
        ``NOT_A_SERVICE`` for a service cohort on an organisation that is not
        a SERVICE; ``EMPTY`` for a blank area; ``NOT_FOUND`` once per unknown
        id in a caseload (``personIds[i]``, the API's name).
    """
    if isinstance(cohort, ServiceCohort):
        kind = network.organisation(cohort.service_id).kind
        if kind is not OrganisationKind.SERVICE:
            message = f"organisation {cohort.service_id!r} is a {kind.value}, not a SERVICE"
            raise InvalidInput([Problem("serviceId", "NOT_A_SERVICE", message)])
    elif isinstance(cohort, AreaCohort):
        if not cohort.area.strip():
            raise InvalidInput([Problem("area", "EMPTY", "the area is empty")])
    else:
        unknown = [
            Problem(f"personIds[{i}]", "NOT_FOUND", f"no person with id {pid!r}")
            for i, pid in enumerate(cohort.person_ids)
            if pid not in network.people
        ]
        if unknown:
            raise InvalidInput(unknown)


def cohort_members(network: TemporalNetwork, cohort: Cohort, at: date) -> tuple[str, ...]:
    """The ids of the cohort's people at ``at``, sorted, each once (validates first).

    Everyone, whatever their consent: this is the list a caseload view or
    the early-warning list works from. Figures use :func:`counted_members`.
    """
    validate_cohort(network, cohort)
    return _members(network, cohort, at)


def counts_in_figures(network: TemporalNetwork, person_id: str) -> bool:
    """True iff the person has agreed to count in cohort figures (``consent.use_in_aggregates``).

    Consent is "no" until recorded, so people whose consent was never
    recorded are left out of every share, median and trend.
    """
    return network.person(person_id).consent.use_in_aggregates


def counted_members(
    network: TemporalNetwork, cohort: Cohort, at: date
) -> tuple[tuple[str, ...], int]:
    """The cohort's people who count in figures at ``at``, and how many were left out."""
    validate_cohort(network, cohort)
    return _counted(network, cohort, at)


def _counted(network: TemporalNetwork, cohort: Cohort, at: date) -> tuple[tuple[str, ...], int]:
    everyone = _members(network, cohort, at)
    counted = tuple(pid for pid in everyone if counts_in_figures(network, pid))
    return counted, len(everyone) - len(counted)


def _members(network: TemporalNetwork, cohort: Cohort, at: date) -> tuple[str, ...]:
    if isinstance(cohort, ServiceCohort):
        return tuple(sorted(supported_members(network, cohort.service_id, at)))
    if isinstance(cohort, AreaCohort):
        return network.people_in_area(cohort.area)
    return tuple(sorted(set(cohort.person_ids)))


class PersonSummary(NamedTuple):
    """The cheap person measures a cohort report needs, for one person at one date.

    A named tuple rather than a dataclass: a trend makes one per person per date.
    """

    person_id: str
    at: date
    unpaid: frozenset[str]
    paid_only: bool
    isolated: bool
    unpaid_tie_outside: bool
    community_participation: bool

    @property
    def unpaid_ties(self) -> int:
        """Number of distinct people linked by an active unpaid tie."""
        return len(self.unpaid)


def summarise_person(network: TemporalNetwork, person_id: str, at: date) -> PersonSummary:
    """:class:`PersonSummary` for a known person at ``at``."""
    links = links_at(network, person_id, at)
    unpaid, community = len(links.unpaid), len(links.community)
    return PersonSummary(
        person_id=person_id,
        at=at,
        unpaid=links.unpaid,
        paid_only=is_paid_only(
            paid_ties=len(links.paid),
            supporting_services=len(links.services),
            unpaid_ties=unpaid,
            community_participations=community,
        ),
        isolated=is_isolated(unpaid_ties=unpaid, community_participations=community),
        unpaid_tie_outside=bool(alters_outside_services(network, person_id, at, links=links)),
        community_participation=community > 0,
    )


@dataclass(frozen=True)
class UnpaidTieBands:
    """How many people have 0, 1, 2, 3–5 and 6 or more unpaid ties."""

    zero: int = 0
    one: int = 0
    two: int = 0
    three_to_five: int = 0
    six_or_more: int = 0

    @classmethod
    def count(cls, unpaid_ties: Sequence[int]) -> UnpaidTieBands:
        """Count each person's number of unpaid ties into its band."""
        bands = [0, 0, 0, 0, 0]
        for n in unpaid_ties:
            bands[n if n <= 2 else 3 if n <= 5 else 4] += 1  # 0, 1, 2, 3-5, 6+
        return cls(*bands)

    def as_dict(self) -> dict[str, int]:
        """The bands with their printed labels, in order: 0, 1, 2, 3-5, 6+."""
        return {
            "0": self.zero,
            "1": self.one,
            "2": self.two,
            "3-5": self.three_to_five,
            "6+": self.six_or_more,
        }


def share(count: int, size: int) -> float | None:
    """``count / size``, or None for an empty cohort (no share of nobody)."""
    return count / size if size else None


@dataclass(frozen=True)
class CohortMeasures:
    """A cohort's connectedness at one date. Shares are in [0, 1], None when size is 0.

    Only people who agreed to count in figures are counted
    (:func:`counts_in_figures`); ``not_counted`` says how many were left out.

    Attributes
    ----------
    size
        People in the cohort at ``at`` who count in figures.
    not_counted
        People in the cohort at ``at`` left out for want of consent.
    paid_only, paid_only_share, paid_only_ids
        Everyone in their life is paid to be there (see ``is_paid_only``).
    isolated, isolated_share, isolated_ids
        No unpaid tie and no community participation (includes paid-only).
    median_unpaid_ties
        Median number of distinct unpaid contacts; None when size is 0.
    unpaid_tie_bands
        How many people have 0, 1, 2, 3–5, 6+ unpaid ties.
    with_unpaid_tie_outside, with_unpaid_tie_outside_share
        People with at least one unpaid tie to someone outside the services
        supporting them (for people no service supports, any unpaid tie).
    with_community_participation, with_community_participation_share
        People with at least one community participation.
    """

    at: date
    size: int
    not_counted: int
    paid_only: int
    paid_only_share: float | None
    paid_only_ids: tuple[str, ...]
    isolated: int
    isolated_share: float | None
    isolated_ids: tuple[str, ...]
    median_unpaid_ties: float | None
    unpaid_tie_bands: UnpaidTieBands
    with_unpaid_tie_outside: int
    with_unpaid_tie_outside_share: float | None
    with_community_participation: int
    with_community_participation_share: float | None


def cohort_measures(network: TemporalNetwork, cohort: Cohort, at: date) -> CohortMeasures:
    """The cohort's measures at ``at`` (validates the cohort first)."""
    validate_cohort(network, cohort)
    return _measure(network, cohort, at)


def cohort_trend(
    network: TemporalNetwork, cohort: Cohort, start: date, end: date, every: Every
) -> list[CohortMeasures]:
    """The cohort's measures at every date of :func:`~netmap.analysis.steps.steps`.

    Membership is re-evaluated at each date: a service cohort is the people
    the service supports on that date.
    """
    validate_cohort(network, cohort)
    return [_measure(network, cohort, at) for at in steps(start, end, every)]


def _measure(network: TemporalNetwork, cohort: Cohort, at: date) -> CohortMeasures:
    paid_only: list[str] = []
    isolated: list[str] = []
    counts: list[int] = []
    outside = community = 0
    members, not_counted = _counted(network, cohort, at)
    for pid in members:
        row = summarise_person(network, pid, at)
        counts.append(len(row.unpaid))
        if row.paid_only:
            paid_only.append(pid)
        if row.isolated:
            isolated.append(pid)
        outside += row.unpaid_tie_outside
        community += row.community_participation
    size = len(counts)
    return CohortMeasures(
        at=at,
        size=size,
        not_counted=not_counted,
        paid_only=len(paid_only),
        paid_only_share=share(len(paid_only), size),
        paid_only_ids=tuple(paid_only),
        isolated=len(isolated),
        isolated_share=share(len(isolated), size),
        isolated_ids=tuple(isolated),
        median_unpaid_ties=float(median(counts)) if counts else None,
        unpaid_tie_bands=UnpaidTieBands.count(counts),
        with_unpaid_tie_outside=outside,
        with_unpaid_tie_outside_share=share(outside, size),
        with_community_participation=community,
        with_community_participation_share=share(community, size),
    )
