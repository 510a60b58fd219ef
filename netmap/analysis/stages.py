"""The co-production self-reflection tool's vocabulary: principles, stages, colours, thresholds.

The tool ("Co-production – how are you doing?", 2011) names four principles
and four stages, and asks the people of a service to score themselves RED,
AMBER or GREEN. The colour is theirs to choose (a reflection records it);
netmap's figures are evidence beside that choice, never the score.
``Stage.colour`` is only a suggestion a form can offer: the first stage
RED, the two middle ones AMBER, the last GREEN.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from netmap.domain.coproduction import Colour, Principle, Stage
from netmap.domain.errors import InvalidInput, Problem

__all__ = ["Bands", "Colour", "Principle", "Stage", "Status", "Thresholds", "Trend"]


class Status(str, Enum):
    """What the figures say about a principle: they point to a stage, or they cannot.

    The figures never point to the first stage: a record that is missing is
    not proof that nothing happens, so "below the basics" is its own answer.
    """

    SHOWN = "SHOWN"
    """The figures reach a stage's bars (the stage is given)."""
    BELOW_BASICS = "BELOW_BASICS"
    """The figures do not reach the bars of "You've got the basics"."""
    NOT_ENOUGH_EVIDENCE = "NOT_ENOUGH_EVIDENCE"
    """Too few people counted or recently reviewed, or a figure cannot be worked out."""


class Trend(str, Enum):
    """Direction since the comparison date (twelve months earlier by default)."""

    IMPROVING = "IMPROVING"
    STEADY = "STEADY"
    WORSENING = "WORSENING"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True)
class Bands:
    """The values at which an indicator reaches each stage above the first.

    With ``higher_is_better`` a value reaches a stage when it is at least the
    bar; otherwise when it is at most the bar.
    """

    basics: float
    getting_there: float
    really_well: float
    higher_is_better: bool = True

    def __post_init__(self) -> None:
        bars = [self.basics, self.getting_there, self.really_well]
        in_order = bars == sorted(bars, reverse=not self.higher_is_better)
        if not in_order or not all(0 <= bar <= 1 for bar in bars):
            direction = "rise" if self.higher_is_better else "fall"
            message = f"bars {bars} must be shares from 0 to 1 that {direction} stage by stage"
            raise InvalidInput([Problem("bands", "BANDS_OUT_OF_ORDER", message)])

    def bars(self) -> tuple[tuple[Stage, float], ...]:
        """Each stage above the first with the value needed to reach it."""
        return (
            (Stage.GOT_THE_BASICS, self.basics),
            (Stage.GETTING_THERE, self.getting_there),
            (Stage.DOING_REALLY_WELL, self.really_well),
        )

    def reaches(self, value: float, bar: float) -> bool:
        """Whether ``value`` meets ``bar`` in this indicator's direction."""
        return value >= bar if self.higher_is_better else value <= bar

    def stage(self, value: float) -> Stage:
        """The highest stage whose bar ``value`` meets (the first stage if none)."""
        reached = Stage.NOT_GOT_THIS
        for stage, bar in self.bars():
            if self.reaches(value, bar):
                reached = stage
        return reached


@dataclass(frozen=True)
class Thresholds:
    """Every number the co-production evidence uses, in one place.

    docs/measures.md sets each rule beside the tool's own words for the stage.

    Attributes
    ----------
    min_people
        Fewer people counted than this and no principle has evidence: a
        share of two or three people says more about them than the service.
    min_counted_share, review_months
        The figures are evidence only when at least ``min_counted_share`` of
        the people the service supports both agreed to be counted and had
        their network reviewed in the ``review_months`` before the date.
    paid_only_share, unpaid_tie_outside_share, community_share, enclave_share
        Building social networks; the lowest stage of the four.
    role_in_service_share, service_parts_getting_there, service_parts_really_well
        People as assets: the share of people supported with a role in the
        service itself, and how many of its parts (designing, running,
        evaluating) people supported hold roles in.
    work_contribution, work_timebank_people, work_timebank_staff,
    work_timebank_board, work_timebank_reach
        Valuing work differently: contribution to the service recorded
        (the basics); membership of the timebank the service supports by
        its people, staff and board, and the timebank reaching beyond the
        service (doing REALLY well).
    giving_share
        Reciprocity: the share of people supported who give.
    trend_tolerance
        When the stage has not moved, the headline indicator must move by
        at least this much (0.05 = five percentage points) to count as
        improving or worsening.
    trend_months
        How far back the comparison looks.
    """

    min_people: int = 5
    min_counted_share: float = 0.5
    review_months: int = 12
    paid_only_share: Bands = field(
        default_factory=lambda: Bands(0.50, 0.25, 0.10, higher_is_better=False)
    )
    unpaid_tie_outside_share: Bands = field(default_factory=lambda: Bands(0.25, 0.50, 0.75))
    community_share: Bands = field(default_factory=lambda: Bands(0.20, 0.40, 0.60))
    enclave_share: Bands = field(
        default_factory=lambda: Bands(0.75, 0.50, 0.25, higher_is_better=False)
    )
    role_in_service_share: Bands = field(default_factory=lambda: Bands(0.05, 0.15, 0.30))
    service_parts_getting_there: int = 1
    service_parts_really_well: int = 3
    work_contribution: float = 0.10
    work_timebank_people: float = 0.25
    work_timebank_staff: float = 0.25
    work_timebank_board: float = 0.25
    work_timebank_reach: float = 0.25
    giving_share: Bands = field(default_factory=lambda: Bands(0.10, 0.30, 0.75))
    trend_tolerance: float = 0.05
    trend_months: int = 12
