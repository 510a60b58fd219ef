"""An evidence-based co-production self-assessment for a service at a date.

For each of the tool's four principles: the stage the recorded network
supports, its colour, the figures and thresholds behind it, the direction
since a year earlier, and one plain sentence. Where netmap holds no
evidence for a principle it says so (stage None) rather than guess: missing
records are not proof that nothing happens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from netmap.analysis.evidence import Evidence, gather_evidence
from netmap.analysis.stages import Bands, Colour, Principle, Stage, Thresholds, Trend
from netmap.analysis.steps import add_months
from netmap.analysis.temporal import TemporalNetwork

__all__ = [
    "Indicator",
    "PrincipleAssessment",
    "Rating",
    "ServiceAssessment",
    "assess_service",
    "rate",
    "rate_building_social_networks",
    "rate_people_as_assets",
    "rate_reciprocity",
    "rate_valuing_work_differently",
    "trend_between",
]


@dataclass(frozen=True)
class Indicator:
    """One figure behind a rating, the bars it is held to, and the stage it reaches alone.

    ``bars`` pairs each stage with the value needed to reach it (at least
    the value when ``higher_is_better``, at most otherwise). ``stage`` is
    None when the value is missing, or when an evidence-only indicator
    meets none of its bars.
    """

    name: str
    value: float | None
    higher_is_better: bool
    bars: tuple[tuple[Stage, float], ...]
    stage: Stage | None


@dataclass(frozen=True)
class Rating:
    """A principle's stage at one date, with its indicators (``headline`` first)."""

    stage: Stage | None
    indicators: tuple[Indicator, ...]
    reason: str

    @property
    def headline(self) -> Indicator:
        """The indicator that decides the trend when the stage has not moved."""
        return self.indicators[0]


@dataclass(frozen=True)
class PrincipleAssessment:
    """One principle's self-assessment."""

    principle: Principle
    stage: Stage | None
    colour: Colour | None
    indicators: tuple[Indicator, ...]
    reason: str
    trend: Trend
    compared_with: date
    sentence: str


@dataclass(frozen=True)
class ServiceAssessment:
    """All four principles for one service at one date, with the thresholds used."""

    service_id: str
    at: date
    people: int
    thresholds: Thresholds
    principles: tuple[PrincipleAssessment, ...]

    def of(self, principle: Principle) -> PrincipleAssessment:
        """The assessment of one principle."""
        return next(p for p in self.principles if p.principle is principle)


def _banded(name: str, value: float | None, bands: Bands) -> Indicator:
    stage = None if value is None else bands.stage(value)
    return Indicator(name, value, bands.higher_is_better, bands.bars(), stage)


def _bar(name: str, value: float | None, stage: Stage, bar: float) -> Indicator:
    reached = stage if value is not None and value >= bar else None
    return Indicator(name, value, True, ((stage, bar),), reached)


def _lowest(indicators: tuple[Indicator, ...], reason: str) -> Rating:
    stages = [i.stage for i in indicators]
    if any(s is None for s in stages):
        return Rating(None, indicators, "a figure is missing: nobody to count")
    return Rating(min((s for s in stages if s), key=lambda s: s.rank), indicators, reason)


def rate_building_social_networks(evidence: Evidence, thresholds: Thresholds) -> Rating:
    """Building social networks: the lowest stage of three indicators.

    Indicators: paid-only share (lower is better), share with an unpaid tie
    outside the service, share with a community participation. The lowest
    wins because one strong figure should not hide a weak one: a service
    whose people all go to one club but have no friends outside it is not
    doing really well.
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
        ),
        "the lowest stage of its indicators",
    )


def rate_people_as_assets(evidence: Evidence, thresholds: Thresholds) -> Rating:
    """People as assets: the lowest stage of skills recorded and contributing roles held.

    Indicators: share of the people supported with at least one skill
    recorded; share holding a VOLUNTEER, ORGANISER or ROLE participation.
    """
    return _lowest(
        (
            _banded("skills_share", evidence.skills_share, thresholds.skills_share),
            _banded(
                "contributing_share", evidence.contributing_share, thresholds.contributing_share
            ),
        ),
        "the lowest stage of its indicators",
    )


def rate_valuing_work_differently(evidence: Evidence, thresholds: Thresholds) -> Rating:
    """Valuing work differently, as far as the records can show it.

    Rule: "doing REALLY well" when, on top of "getting there", at least
    ``work_gives_and_gets`` of the people supported both gave and received
    timebank hours in the last year; "getting there" when at least
    ``work_timebank_people`` of the people supported and
    ``work_timebank_staff`` of the staff are timebank members; otherwise
    "got the basics" when at least ``work_contribution`` contribute as
    volunteers/organisers/role-holders or anyone supported is a timebank
    member; otherwise None (not enough evidence). Never RED: that would
    read missing records as a fact.
    """
    indicators = (
        _bar(
            "contributing_share",
            evidence.contributing_share,
            Stage.GOT_THE_BASICS,
            thresholds.work_contribution,
        ),
        _bar(
            "timebank_share",
            evidence.timebank_share,
            Stage.GETTING_THERE,
            thresholds.work_timebank_people,
        ),
        _bar(
            "staff_timebank_share",
            evidence.staff_timebank_share,
            Stage.GETTING_THERE,
            thresholds.work_timebank_staff,
        ),
    )
    exchanging = _bar(
        "gives_and_gets_share",
        evidence.gives_and_gets_share,
        Stage.DOING_REALLY_WELL,
        thresholds.work_gives_and_gets,
    )
    contribution, people_in_timebank, staff_in_timebank = indicators
    indicators = (*indicators, exchanging)
    if people_in_timebank.stage and staff_in_timebank.stage and exchanging.stage:
        return Rating(
            Stage.DOING_REALLY_WELL, indicators, "people and staff are timebank members and exchange hours"
        )
    if people_in_timebank.stage and staff_in_timebank.stage:
        return Rating(Stage.GETTING_THERE, indicators, "people and staff are timebank members")
    if contribution.stage or (evidence.timebank_share or 0) > 0:
        return Rating(Stage.GOT_THE_BASICS, indicators, "contribution is recorded")
    reason = "too little volunteering, roles or timebank membership recorded"
    return Rating(None, indicators, reason)


def rate_reciprocity(evidence: Evidence, thresholds: Thresholds) -> Rating:
    """Reciprocity, as far as the records can show it.

    Indicator: share of the people supported who give as well as get (a
    contributing role, a timebank membership or a peer-support tie). Below
    ``giving_share.basics``: None (not enough evidence), never RED, because
    netmap cannot tell "nobody gives" from "nobody recorded it".
    """
    giving = _banded("giving_share", evidence.giving_share, thresholds.giving_share)
    if giving.stage is None or giving.stage is Stage.NOT_GOT_THIS:
        return Rating(None, (giving,), "too few people recorded as giving as well as getting")
    return Rating(giving.stage, (giving,), "the share of people who give as well as get")


RULES: dict[Principle, Callable[[Evidence, Thresholds], Rating]] = {
    Principle.PEOPLE_AS_ASSETS: rate_people_as_assets,
    Principle.VALUING_WORK_DIFFERENTLY: rate_valuing_work_differently,
    Principle.RECIPROCITY: rate_reciprocity,
    Principle.BUILDING_SOCIAL_NETWORKS: rate_building_social_networks,
}
"""The rule for each principle."""


def rate(principle: Principle, evidence: Evidence, thresholds: Thresholds) -> Rating:
    """The principle's rating; None for every principle below ``min_people``."""
    rating = RULES[principle](evidence, thresholds)
    if evidence.people < thresholds.min_people:
        reason = f"fewer than {thresholds.min_people} people supported"
        return Rating(None, rating.indicators, reason)
    return rating


def trend_between(earlier: Rating, now: Rating, tolerance: float) -> Trend:
    """Improving, steady or worsening between two ratings of the same principle.

    Rule: a higher stage is improving and a lower one worsening; at the same
    stage, the headline indicator must move by at least ``tolerance`` in
    its better (or worse) direction, else steady. Unknown when either stage
    is None.
    """
    if earlier.stage is None or now.stage is None:
        return Trend.UNKNOWN
    if now.stage.rank != earlier.stage.rank:
        return Trend.IMPROVING if now.stage.rank > earlier.stage.rank else Trend.WORSENING
    before, after = earlier.headline.value, now.headline.value
    if before is None or after is None:
        return Trend.STEADY
    change = after - before if now.headline.higher_is_better else before - after
    if change >= tolerance:
        return Trend.IMPROVING
    if change <= -tolerance:
        return Trend.WORSENING
    return Trend.STEADY


def assess_service(
    network: TemporalNetwork, service_id: str, at: date, thresholds: Thresholds | None = None
) -> ServiceAssessment:
    """Rate the service on each principle at ``at`` and compare with ``trend_months`` earlier.

    Raises :class:`~netmap.domain.errors.NotFound` for an unknown service
    and :class:`~netmap.domain.errors.InvalidInput` (``NOT_A_SERVICE``) for
    an organisation that is not a SERVICE.
    """
    used = thresholds or Thresholds()
    earlier_at = add_months(at, -used.trend_months)
    now = gather_evidence(network, service_id, at)
    earlier = gather_evidence(network, service_id, earlier_at)
    assessed = []
    for principle in Principle:
        rating = rate(principle, now, used)
        trend = trend_between(rate(principle, earlier, used), rating, used.trend_tolerance)
        assessed.append(
            PrincipleAssessment(
                principle=principle,
                stage=rating.stage,
                colour=rating.stage.colour if rating.stage else None,
                indicators=rating.indicators,
                reason=rating.reason,
                trend=trend,
                compared_with=earlier_at,
                sentence=_sentence(rating, now, trend, earlier_at),
            )
        )
    return ServiceAssessment(service_id, at, now.people, used, tuple(assessed))


_WHAT = {
    "paid_only_share": "have only paid contact",
    "unpaid_tie_outside_share": "have a friend, relative or neighbour outside the service",
    "community_share": "take part in community life",
    "skills_share": "have skills recorded",
    "contributing_share": "volunteer, organise or hold a role",
    "timebank_share": "belong to a timebank",
    "giving_share": "give as well as get",
}


def _sentence(rating: Rating, evidence: Evidence, trend: Trend, since: date) -> str:
    values = {i.name: i.value for i in rating.indicators if i.value is not None}
    figures = [f"{_percent(v)} {_WHAT[name]}" for name, v in values.items() if name in _WHAT]
    parts = [
        rating.stage.label
        if rating.stage
        else f"Not enough evidence to rate this yet ({rating.reason})"
    ]
    if figures:
        listed = ", ".join(figures[:-1]) + " and " + figures[-1] if len(figures) > 1 else figures[0]
        parts.append(f"of the {evidence.people} people supported, {listed}")
    if "staff_timebank_share" in values:
        parts.append(f"{_percent(values['staff_timebank_share'])} of staff belong to a timebank")
    if rating.stage:
        when = f"{since.day} {_MONTHS[since.month - 1]} {since.year}"
        parts.append(
            {
                Trend.IMPROVING: f"improving since {when}",
                Trend.STEADY: f"about the same as on {when}",
                Trend.WORSENING: f"worse than on {when}",
                Trend.UNKNOWN: f"no rating on {when} to compare with",
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
