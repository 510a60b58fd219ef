"""Measured evidence for the co-production self-reflection, principle by principle, at a date.

For each of the tool's four principles: the stage whose bars the figures
reach, the figures and bars behind it, the direction since a year earlier,
and one neutral sentence. This is evidence for the people of a service to
weigh; the stage and colour are theirs to choose (a reflection records
their choice beside this).

Three answers are possible for a principle (:class:`Status`): the figures
reach a stage; they do not reach the bars of the basics; or there is not
enough evidence (too few people counted and reviewed recently, or a figure
that cannot be worked out). The figures never point to the first stage,
"You really haven't got this": a record that is missing is not proof that
nothing happens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from netmap.analysis.evidence import Coverage, Evidence, Part, gather_evidence
from netmap.analysis.stages import Bands, Principle, Stage, Status, Thresholds, Trend
from netmap.analysis.steps import months_before
from netmap.analysis.temporal import TemporalNetwork

__all__ = [
    "Indicator",
    "PrincipleEvidence",
    "Rating",
    "ServiceEvidence",
    "rate",
    "rate_building_social_networks",
    "rate_people_as_assets",
    "rate_reciprocity",
    "rate_valuing_work_differently",
    "INDICATOR_LABELS",
    "indicator_value",
    "sentence_date",
    "service_evidence",
    "trend_between",
]


@dataclass(frozen=True)
class Indicator:
    """One figure behind a principle's evidence, the bars it is held to, and the stage it reaches alone.

    ``bars`` pairs each stage with the value needed to reach it (at least
    the value when ``higher_is_better``, at most otherwise). ``stage`` is
    None when the value is missing or reaches no bar.
    """

    name: str
    value: float | None
    higher_is_better: bool
    bars: tuple[tuple[Stage, float], ...]
    stage: Stage | None


@dataclass(frozen=True)
class Rating:
    """What a principle's figures show at one date (``headline`` indicator first)."""

    stage: Stage | None
    status: Status
    indicators: tuple[Indicator, ...]
    reason: str

    @property
    def headline(self) -> Indicator:
        """The indicator that decides the trend when the stage has not moved."""
        return self.indicators[0]

    @property
    def rank(self) -> int | None:
        """0 below the basics, else the stage's rank; None without enough evidence."""
        if self.status is Status.NOT_ENOUGH_EVIDENCE:
            return None
        return self.stage.rank if self.stage else 0


@dataclass(frozen=True)
class PrincipleEvidence:
    """One principle's measured evidence at a date."""

    principle: Principle
    stage: Stage | None
    status: Status
    indicators: tuple[Indicator, ...]
    reason: str
    trend: Trend
    compared_with: date
    sentence: str


@dataclass(frozen=True)
class ServiceEvidence:
    """All four principles for one service at one date, who was counted, and the thresholds used."""

    service_id: str
    at: date
    coverage: Coverage
    thresholds: Thresholds
    principles: tuple[PrincipleEvidence, ...]

    @property
    def people(self) -> int:
        """The people counted."""
        return self.coverage.counted

    def of(self, principle: Principle) -> PrincipleEvidence:
        """The evidence for one principle."""
        return next(p for p in self.principles if p.principle is principle)


def _banded(name: str, value: float | None, bands: Bands) -> Indicator:
    stage = None if value is None else bands.stage(value)
    reached = None if stage is Stage.NOT_GOT_THIS else stage
    return Indicator(name, value, bands.higher_is_better, bands.bars(), reached)


def _bar(name: str, value: float | None, stage: Stage, bar: float) -> Indicator:
    reached = stage if value is not None and value >= bar else None
    return Indicator(name, value, True, ((stage, bar),), reached)


def _lowest(indicators: tuple[Indicator, ...], reason: str) -> Rating:
    """The lowest stage any indicator reaches: one strong figure cannot hide a weak one."""
    below = [i.name for i in indicators if i.value is not None and i.stage is None]
    if below:
        return Rating(None, Status.BELOW_BASICS, indicators, f"below the bar for the basics: {', '.join(below)}")
    missing = [i.name for i in indicators if i.value is None]
    if missing:
        return Rating(None, Status.NOT_ENOUGH_EVIDENCE, indicators, f"no figure for {', '.join(missing)}")
    lowest = min((i.stage for i in indicators if i.stage), key=lambda s: s.rank)
    return Rating(lowest, Status.SHOWN, indicators, reason)


def rate_building_social_networks(evidence: Evidence, thresholds: Thresholds) -> Rating:
    """Building social networks: the lowest stage of four indicators.

    Paid-only share (lower is better), share with an unpaid tie outside the
    service, share with a community participation, and the mean enclave
    share (lower is better: friends mostly outside the service, "not a
    separate enclave"). With nobody counted having an unpaid tie there is
    no enclave share, and the outside share (0) is below the basics.
    """
    return _lowest(
        (
            _banded("paid_only_share", evidence.paid_only_share, thresholds.paid_only_share),
            _banded(
                "unpaid_tie_outside_share",
                evidence.unpaid_tie_outside_share,
                thresholds.unpaid_tie_outside_share,
            ),
            _banded("community_share", evidence.community_share, thresholds.community_share),
            _banded("enclave_share", evidence.enclave_share, thresholds.enclave_share),
        ),
        "the lowest stage of its indicators",
    )


def rate_people_as_assets(evidence: Evidence, thresholds: Thresholds) -> Rating:
    """People as assets: roles in designing, running and evaluating this service.

    Indicators: the share of people supported holding a volunteer,
    organiser or named role in the service itself (banded), and how many of
    the service's parts (designing, running, evaluating) people supported
    hold roles in: any role is the basics, ``service_parts_getting_there``
    parts getting there, ``service_parts_really_well`` (all three) doing
    REALLY well. The lowest of the two.
    """
    parts = len(evidence.service_parts)
    bars = (
        (Stage.GOT_THE_BASICS, 0.0),
        (Stage.GETTING_THERE, float(thresholds.service_parts_getting_there)),
        (Stage.DOING_REALLY_WELL, float(thresholds.service_parts_really_well)),
    )
    reached = max((stage for stage, bar in bars if parts >= bar), key=lambda s: s.rank)
    held = ", ".join(p.value.lower() for p in Part if p in evidence.service_parts) or "none of its parts"
    return _lowest(
        (
            _banded("role_in_service_share", evidence.role_in_service_share, thresholds.role_in_service_share),
            Indicator("service_parts", float(parts), True, bars, reached),
        ),
        f"roles in the service itself; parts held: {held}",
    )


def rate_valuing_work_differently(evidence: Evidence, thresholds: Thresholds) -> Rating:
    """Valuing work differently, in the tool's order, as far as the records can show it.

    The basics: at least ``work_contribution`` of the people supported
    contribute to the service (a role in it, or hours given in its
    timebank). Doing REALLY well: on top of that, at least the bars of the
    people supported, the staff and (where any are recorded) the board are
    members of the timebank the service supports, and at least
    ``work_timebank_reach`` of that timebank's members come from outside
    the service. "Getting there" (flexible hours for staff and for support)
    is not recorded, so the figures never show it.
    """
    contribution = _bar(
        "contribution_share", evidence.contribution_share, Stage.GOT_THE_BASICS, thresholds.work_contribution
    )
    really = Stage.DOING_REALLY_WELL
    top = (
        _bar("timebank_people_share", evidence.timebank_people_share, really, thresholds.work_timebank_people),
        _bar("timebank_staff_share", evidence.timebank_staff_share, really, thresholds.work_timebank_staff),
        _bar("timebank_board_share", evidence.timebank_board_share, really, thresholds.work_timebank_board),
        _bar("timebank_reach_share", evidence.timebank_reach_share, really, thresholds.work_timebank_reach),
    )
    indicators = (contribution, *top)
    if contribution.value is None:
        return Rating(None, Status.NOT_ENOUGH_EVIDENCE, indicators, "nobody counted")
    if contribution.stage is None:
        return Rating(None, Status.BELOW_BASICS, indicators, "too little contribution to the service recorded")
    if evidence.timebank_id is None:
        reason = "contribution to the service is recorded; no timebank is linked to the service"
        return Rating(Stage.GOT_THE_BASICS, Status.SHOWN, indicators, reason)
    people, staff, board, reach = top
    needed = [i for i in (people, staff, reach) if i.stage is None] + ([board] if board.value is not None and board.stage is None else [])
    if not needed:
        reason = "people, staff and board belong to the service's timebank, which reaches beyond the service"
        return Rating(really, Status.SHOWN, indicators, reason)
    reason = f"contribution to the service is recorded; below the bar for the top stage: {', '.join(i.name for i in needed)}"
    return Rating(Stage.GOT_THE_BASICS, Status.SHOWN, indicators, reason)


def rate_reciprocity(evidence: Evidence, thresholds: Thresholds) -> Rating:
    """Reciprocity: the share of people supported who give as well as get (:func:`~netmap.analysis.evidence.gives`)."""
    return _lowest(
        (_banded("giving_share", evidence.giving_share, thresholds.giving_share),),
        "the share of people who give as well as get",
    )


RULES: dict[Principle, Callable[[Evidence, Thresholds], Rating]] = {
    Principle.PEOPLE_AS_ASSETS: rate_people_as_assets,
    Principle.VALUING_WORK_DIFFERENTLY: rate_valuing_work_differently,
    Principle.RECIPROCITY: rate_reciprocity,
    Principle.BUILDING_SOCIAL_NETWORKS: rate_building_social_networks,
}
"""The rule for each principle."""


def coverage_sentence(coverage: Coverage) -> str:
    """Who the figures count, and why the others are left out, in words."""
    left = []
    if coverage.not_counted:
        left.append(f"{coverage.not_counted} did not agree to be counted")
    if coverage.not_reviewed:
        left.append(
            f"{coverage.not_reviewed} have not had their network reviewed in the last {coverage.review_months} months"
        )
    counted = f"{coverage.counted} of the {coverage.supported} people supported are counted"
    return f"{counted} ({'; '.join(left)})" if left else counted


def rate(principle: Principle, evidence: Evidence, thresholds: Thresholds) -> Rating:
    """The principle's evidence; not enough evidence when too few people are counted.

    Too few: fewer than ``min_people`` counted, or fewer than
    ``min_counted_share`` of the people supported.
    """
    rating = RULES[principle](evidence, thresholds)
    coverage = evidence.coverage
    if coverage.counted < thresholds.min_people:
        reason = f"fewer than {thresholds.min_people} people counted: {coverage_sentence(coverage)}"
        return Rating(None, Status.NOT_ENOUGH_EVIDENCE, rating.indicators, reason)
    if (coverage.share or 0) < thresholds.min_counted_share:
        needed = f"fewer than {round(thresholds.min_counted_share * 100)}% of the people supported counted"
        return Rating(None, Status.NOT_ENOUGH_EVIDENCE, rating.indicators, f"{needed}: {coverage_sentence(coverage)}")
    return rating


def trend_between(earlier: Rating, now: Rating, tolerance: float) -> Trend:
    """Improving, steady or worsening between two ratings of the same principle.

    Rule: a higher stage is improving and a lower one worsening ("below the
    basics" is lowest); at the same stage, the headline indicator must move
    by at least ``tolerance`` in its better (or worse) direction, else
    steady. Unknown when either has not enough evidence.
    """
    if earlier.rank is None or now.rank is None:
        return Trend.UNKNOWN
    if now.rank != earlier.rank:
        return Trend.IMPROVING if now.rank > earlier.rank else Trend.WORSENING
    before, after = earlier.headline.value, now.headline.value
    if before is None or after is None:
        return Trend.STEADY
    change = after - before if now.headline.higher_is_better else before - after
    if change >= tolerance:
        return Trend.IMPROVING
    if change <= -tolerance:
        return Trend.WORSENING
    return Trend.STEADY


def service_evidence(
    network: TemporalNetwork,
    service_id: str,
    at: date,
    thresholds: Thresholds | None = None,
    *,
    timebank_id: str | None = None,
) -> ServiceEvidence:
    """The evidence for each principle at ``at``, compared with ``trend_months`` earlier.

    ``timebank_id`` is the timebank the service supports (its settings).
    Raises :class:`~netmap.domain.errors.NotFound` for an unknown service
    and :class:`~netmap.domain.errors.InvalidInput` (``NOT_A_SERVICE``) for
    an organisation that is not a SERVICE.
    """
    used = thresholds or Thresholds()
    earlier_at = months_before(at, used.trend_months)
    now = gather_evidence(network, service_id, at, timebank_id=timebank_id, review_months=used.review_months)
    earlier = gather_evidence(network, service_id, earlier_at, timebank_id=timebank_id, review_months=used.review_months)
    found = []
    for principle in Principle:
        rating = rate(principle, now, used)
        trend = trend_between(rate(principle, earlier, used), rating, used.trend_tolerance)
        found.append(
            PrincipleEvidence(
                principle=principle,
                stage=rating.stage,
                status=rating.status,
                indicators=rating.indicators,
                reason=rating.reason,
                trend=trend,
                compared_with=earlier_at,
                sentence=sentence(rating, now, trend, earlier_at),
            )
        )
    return ServiceEvidence(service_id, at, now.coverage, used, tuple(found))


_WHAT = {
    "paid_only_share": "have only paid contact",
    "unpaid_tie_outside_share": "have a friend, relative or neighbour outside the service",
    "community_share": "take part in community life",
    "enclave_share": "of their unpaid contacts (on average) are the service's own staff or clients",
    "role_in_service_share": "hold a role in the service itself",
    "contribution_share": "contribute to the service (a role in it, or hours in its timebank)",
    "timebank_people_share": "belong to the service's timebank",
    "giving_share": "give as well as get",
}
_OTHERS = {
    "timebank_staff_share": "of staff belong to the service's timebank",
    "timebank_board_share": "of the board belong to the service's timebank",
    "timebank_reach_share": "of the timebank's members come from outside the service",
}


def sentence(rating: Rating, evidence: Evidence, trend: Trend, since: date) -> str:
    """One neutral sentence: what the figures suggest, the figures, and the direction."""
    if rating.status is Status.NOT_ENOUGH_EVIDENCE:
        return f"Not enough evidence: {rating.reason}."
    values = {i.name: i.value for i in rating.indicators if i.value is not None}
    figures = [f"{_percent(v)} {_WHAT[name]}" for name, v in values.items() if name in _WHAT]
    if rating.stage:
        parts = [f"The figures suggest \u201c{rating.stage.label}\u201d"]
    else:
        parts = [f"The figures do not reach the bars for \u201c{Stage.GOT_THE_BASICS.label}\u201d"]
    if figures:
        listed = ", ".join(figures[:-1]) + " and " + figures[-1] if len(figures) > 1 else figures[0]
        parts.append(f"of the {evidence.people} people counted, {listed}")
    parts.extend(f"{_percent(values[name])} {what}" for name, what in _OTHERS.items() if name in values)
    when = sentence_date(since)
    parts.append(
        {
            Trend.IMPROVING: f"better than on {when}",
            Trend.STEADY: f"about the same as on {when}",
            Trend.WORSENING: f"lower than on {when}",
            Trend.UNKNOWN: f"not enough evidence on {when} to compare with",
        }[trend]
    )
    return "; ".join(parts) + "."


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""Month names in English whatever the process locale (``%B`` follows the locale)."""


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def sentence_date(day: date) -> str:
    """A date as a sentence says it: 1 June 2023, in English whatever the locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


INDICATOR_LABELS: dict[str, str] = {
    "paid_only_share": "people with only paid contact",
    "unpaid_tie_outside_share": "people with an unpaid tie outside the service",
    "community_share": "people taking part in community life",
    "enclave_share": "their unpaid contacts who are the service's own (mean)",
    "role_in_service_share": "people with a role in the service itself",
    "service_parts": "parts of the service (designing, running, evaluating) people hold roles in",
    "contribution_share": "people contributing to the service",
    "timebank_people_share": "people in the service's timebank",
    "timebank_staff_share": "staff in the service's timebank",
    "timebank_board_share": "board members in the service's timebank",
    "timebank_reach_share": "timebank members from outside the service",
    "giving_share": "people who give as well as get",
}
"""Each indicator in plain words, for pages and sentences."""


def indicator_value(name: str, value: float | None) -> str:
    """A value as a page shows it: a count of parts, or a percentage."""
    if value is None:
        return "none"
    return f"{value:g} of 3" if name == "service_parts" else _percent(value)
