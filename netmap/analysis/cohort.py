"""Cohort measures: how connected a service's people, an area or a caseload are at a date.

Only the cheap person measures are needed here (counts from each person's
own ties and participations). A trend is one pass over its dates: each
person's figures are worked out once, with the first date after which they
can change (the next start or end of one of their ties or participations,
or of a contact's place in the services supporting them), and worked out
again only then; the cohort's figures are running totals that change only
for those people and for people who join or leave the cohort.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import NamedTuple

from netmap.analysis.enclave import alters_outside_services
from netmap.analysis.links import (
    SERVICE_ROLES,
    UnpaidAnswers,
    links_at,
    supported_members,
    unpaid_answers,
)
from netmap.analysis.person import is_isolated, is_paid_only
from netmap.analysis.steps import Every, steps
from netmap.analysis.temporal import TemporalNetwork
from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.kinds import Closeness, ContactFrequency, OrganisationKind, Role

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
    "measures_at",
    "one_date",
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
    answers: UnpaidAnswers

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
        answers=unpaid_answers(network, person_id, at),
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
    median_unpaid_in_touch_monthly, with_unpaid_in_touch_monthly, with_unpaid_in_touch_monthly_share
        The median number of unpaid contacts in touch at least monthly, and
        the people with at least one (``unpaid_answers``).
    with_contact_frequency_recorded
        People with at least one active unpaid tie whose contact frequency is
        recorded: the ones the two figures above can see.
    median_close_unpaid_ties, with_close_unpaid_tie, with_close_unpaid_tie_share
        The same for unpaid contacts the person feels closest or close to.
    with_closeness_recorded
        People with at least one active unpaid tie whose closeness they answered.
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
    median_unpaid_in_touch_monthly: float | None
    with_unpaid_in_touch_monthly: int
    with_unpaid_in_touch_monthly_share: float | None
    with_contact_frequency_recorded: int
    median_close_unpaid_ties: float | None
    with_close_unpaid_tie: int
    with_close_unpaid_tie_share: float | None
    with_closeness_recorded: int


def cohort_measures(network: TemporalNetwork, cohort: Cohort, at: date) -> CohortMeasures:
    """The cohort's measures at ``at`` (validates the cohort first)."""
    validate_cohort(network, cohort)
    return measures_at(network, cohort, [at])[0]


def cohort_trend(
    network: TemporalNetwork, cohort: Cohort, start: date, end: date, every: Every
) -> list[CohortMeasures]:
    """The cohort's measures at every date of :func:`~netmap.analysis.steps.steps`.

    Membership is re-evaluated at each date: a service cohort is the people
    the service supports on that date.
    """
    validate_cohort(network, cohort)
    return measures_at(network, cohort, steps(start, end, every))


def one_date(network: TemporalNetwork, cohort: Cohort, at: date) -> CohortMeasures:
    """The cohort's measures at ``at`` the long way, by the definitions: every member's
    :func:`summarise_person`, then the figures. :func:`measures_at` must equal it; the
    tests and the bench compare them."""
    members, not_counted = counted_members(network, cohort, at)
    rows = [summarise_person(network, pid, at) for pid in members]
    counts = [len(r.unpaid) for r in rows]
    paid_only = tuple(r.person_id for r in rows if r.paid_only)
    isolated = tuple(r.person_id for r in rows if r.isolated)
    outside = sum(r.unpaid_tie_outside for r in rows)
    community = sum(r.community_participation for r in rows)
    monthly = [r.answers.in_touch_monthly for r in rows]
    close = [r.answers.close for r in rows]
    with_monthly, with_close = sum(n > 0 for n in monthly), sum(n > 0 for n in close)
    size = len(rows)
    return CohortMeasures(
        at, size, not_counted, len(paid_only), share(len(paid_only), size), paid_only, len(isolated),
        share(len(isolated), size), isolated, _median(counts), UnpaidTieBands.count(counts),
        outside, share(outside, size), community, share(community, size),
        _median(monthly), with_monthly, share(with_monthly, size),
        sum(r.answers.contact_frequency_recorded > 0 for r in rows),
        _median(close), with_close, share(with_close, size), sum(r.answers.closeness_recorded > 0 for r in rows),
    )  # fmt: skip


def _median(values: list[int]) -> float | None:
    return float(median(values)) if values else None


def measures_at(network: TemporalNetwork, cohort: Cohort, dates: Sequence[date]) -> list[CohortMeasures]:
    """The cohort's measures at each of ``dates`` (in increasing order), in one pass.

    Equal to measuring at each date on its own (``summarise_person`` for
    every member); the cohort is not validated here.
    """
    if any(later < earlier for earlier, later in zip(dates, dates[1:])):
        raise ValueError("the dates of a trend must not go back")
    static = None if isinstance(cohort, ServiceCohort) else _counted(network, cohort, dates[0]) if dates else None
    days = [at.toordinal() for at in dates]
    tally = _Tally()
    rows: dict[str, tuple[int, _Row]] = {}
    """Each counted person's figures, and the step from which they may differ."""
    due: list[list[str]] = [[] for _ in dates]
    """Per step, the people to work out again then (some may have left since: skipped)."""
    found = []
    for step, at in enumerate(dates):
        day = days[step]
        members, not_counted = static or _counted(network, cohort, at)
        if static is None or step == 0:
            now = set(members)
            for pid in [pid for pid in rows if pid not in now]:
                tally.remove(pid, rows.pop(pid)[1])
            for pid in members:
                if pid not in rows:
                    row, again = _row_at(network, pid, at, day, days, step)
                    rows[pid] = (again, row)
                    tally.add(pid, row)
                    if again < len(dates):
                        due[again].append(pid)
        for pid in due[step]:
            current = rows.get(pid)
            if current is None or current[0] != step:
                continue
            row, again = _row_at(network, pid, at, day, days, step)
            if row != current[1]:
                tally.remove(pid, current[1])
                tally.add(pid, row)
            rows[pid] = (again, row)
            if again < len(dates):
                due[again].append(pid)
        due[step] = []
        found.append(tally.measures(at, not_counted))
    return found


_Row = tuple[int, bool, bool, bool, bool, int, bool, int, bool]
"""What one person adds to a cohort's figures at a date: number of unpaid contacts, paid-only,
isolated, an unpaid tie outside the services, a community participation, unpaid contacts in
touch at least monthly, any contact frequency recorded, close unpaid contacts, any closeness
recorded (a plain tuple: a trend makes hundreds of thousands)."""


_SUPPORTED = Role.SUPPORTED
_STAFF = Role.STAFF
_SERVICE = OrganisationKind.SERVICE
_WEEKLY, _MONTHLY = ContactFrequency.WEEKLY, ContactFrequency.MONTHLY
_CLOSEST, _CLOSE = Closeness.CLOSEST, Closeness.CLOSE
"""``links.IN_TOUCH_MONTHLY`` and ``links.CLOSE`` one by one: a trend tests them for every
span at every step, and comparing by identity is quicker than hashing an enum (the
one-pass-equals-each-date property test holds the two spellings together)."""


def _row_at(
    network: TemporalNetwork, pid: str, at: date, day: int, days: Sequence[int], step: int
) -> tuple[_Row, int]:
    """The person's :class:`_Row` at ``day`` (``at.toordinal()``, ``days[step]``), and the first
    step at which it may differ (``len(days)`` if none).

    The same figures as :func:`summarise_person`. They can change only where
    one of the person's own ties or participations starts or ends, or, for
    someone a service supports, where one of their unpaid contacts starts or
    stops being STAFF or SUPPORTED in such a service.
    """
    nxt = _NEVER
    spans, paid_spans, parts = network.links_of(pid)
    unpaid: set[str] = set()
    monthly: set[str] = set()
    close: set[str] = set()
    frequency_recorded = closeness_recorded = False
    for since, until, other, how_close, how_often in spans:
        if since <= day < until:
            unpaid.add(other)
            if until < nxt:
                nxt = until
            if how_often is not None:
                frequency_recorded = True
                if how_often is _WEEKLY or how_often is _MONTHLY:
                    monthly.add(other)
            if how_close is not None:
                closeness_recorded = True
                if how_close is _CLOSEST or how_close is _CLOSE:
                    close.add(other)
        elif day < since < nxt:
            nxt = since
    paid = False
    for since, until, *_ in paid_spans:
        if since <= day < until:
            paid = True
            if until < nxt:
                nxt = until
        elif day < since < nxt:
            nxt = since
    community = False
    services: list[str] = []
    for since, until, org, role, kind, _ in parts:
        if since <= day < until:
            if until < nxt:
                nxt = until
            if role is _SUPPORTED and kind is _SERVICE:
                services.append(org)
            elif not community and role is not _STAFF and kind is not _SERVICE:
                community = True
        elif day < since < nxt:
            nxt = since
    isolated = not unpaid and not community
    outside = bool(unpaid)
    if services and unpaid:
        outside = False
        for alter in unpaid:
            inside = False
            for since, until, org, role, _, _ in network.participation_rows(alter):
                if role in SERVICE_ROLES and org in services:
                    if since <= day < until:
                        inside = True
                        if until < nxt:
                            nxt = until
                    elif day < since < nxt:
                        nxt = since
            outside = outside or not inside
    row = (
        len(unpaid), (paid or bool(services)) and isolated, isolated, outside, community,
        len(monthly), frequency_recorded, len(close), closeness_recorded,
    )  # fmt: skip
    return row, bisect_left(days, nxt, step + 1)


_NEVER = date.max.toordinal() + 2
"""Past every end of a tie (an open one ends at ``date.max`` + 1)."""


class _Tally:
    """A cohort's running figures: how many have each number of unpaid ties (and of unpaid
    contacts in touch monthly, and of close ones), who is paid-only or isolated (sorted by id,
    as the cohort's members are), and the other counts."""

    def __init__(self) -> None:
        self.unpaid: Counter[int] = Counter()
        self.monthly: Counter[int] = Counter()
        self.close: Counter[int] = Counter()
        self.paid_only: list[str] = []
        self.isolated: list[str] = []
        self.outside = 0
        self.community = 0
        self.frequency_recorded = 0
        self.closeness_recorded = 0
        self.size = 0

    def add(self, pid: str, row: _Row) -> None:
        self._count(row, 1)
        if row[1]:
            _put(self.paid_only, pid)
        if row[2]:
            _put(self.isolated, pid)

    def remove(self, pid: str, row: _Row) -> None:
        self._count(row, -1)
        if row[1]:
            _take(self.paid_only, pid)
        if row[2]:
            _take(self.isolated, pid)

    def _count(self, row: _Row, sign: int) -> None:
        unpaid, _, _, outside, community, monthly, frequency_recorded, close, closeness_recorded = row
        self.size += sign
        self.unpaid[unpaid] += sign
        self.monthly[monthly] += sign
        self.close[close] += sign
        self.outside += sign * outside
        self.community += sign * community
        self.frequency_recorded += sign * frequency_recorded
        self.closeness_recorded += sign * closeness_recorded

    def median(self, counts: Counter[int]) -> float | None:
        if not self.size:
            return None
        middle = [(self.size - 1) // 2, self.size // 2]
        values: list[int] = []
        seen = 0
        for value in sorted(n for n, count in counts.items() if count):
            seen += counts[value]
            while middle and middle[0] < seen:
                values.append(value)
                middle.pop(0)
        return (values[0] + values[1]) / 2

    def at_least_one(self, counts: Counter[int]) -> int:
        return self.size - counts[0]

    def measures(self, at: date, not_counted: int) -> CohortMeasures:
        size, counts = self.size, self.unpaid
        monthly, close = self.at_least_one(self.monthly), self.at_least_one(self.close)
        return CohortMeasures(
            at=at,
            size=size,
            not_counted=not_counted,
            paid_only=len(self.paid_only),
            paid_only_share=share(len(self.paid_only), size),
            paid_only_ids=tuple(self.paid_only),
            isolated=len(self.isolated),
            isolated_share=share(len(self.isolated), size),
            isolated_ids=tuple(self.isolated),
            median_unpaid_ties=self.median(counts),
            unpaid_tie_bands=UnpaidTieBands(
                counts[0], counts[1], counts[2], sum(counts[n] for n in counts if 3 <= n <= 5),
                sum(counts[n] for n in counts if n >= 6),
            ),  # fmt: skip
            with_unpaid_tie_outside=self.outside,
            with_unpaid_tie_outside_share=share(self.outside, size),
            with_community_participation=self.community,
            with_community_participation_share=share(self.community, size),
            median_unpaid_in_touch_monthly=self.median(self.monthly),
            with_unpaid_in_touch_monthly=monthly,
            with_unpaid_in_touch_monthly_share=share(monthly, size),
            with_contact_frequency_recorded=self.frequency_recorded,
            median_close_unpaid_ties=self.median(self.close),
            with_close_unpaid_tie=close,
            with_close_unpaid_tie_share=share(close, size),
            with_closeness_recorded=self.closeness_recorded,
        )


def _put(ids: list[str], pid: str) -> None:
    """Add to a sorted list; appending is the common case (people are added in id order)."""
    if not ids or ids[-1] < pid:
        ids.append(pid)
    else:
        insort(ids, pid)


def _take(ids: list[str], pid: str) -> None:
    del ids[bisect_left(ids, pid)]
