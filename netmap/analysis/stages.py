"""The co-production self-reflection tool's vocabulary: principles, stages, colours, thresholds.

The tool ("Co-production – how are you doing?", 2011) names four principles
and four stages, and asks a service to score itself RED, AMBER or GREEN. It
does not tie stages to colours; netmap does, as its design asks: the first
stage is RED, the two middle stages AMBER, the last GREEN.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from netmap.domain.errors import InvalidInput, Problem

__all__ = ["Bands", "Colour", "Principle", "Stage", "Thresholds", "Trend"]


class Principle(str, Enum):
    """The four principles, in the tool's order."""

    PEOPLE_AS_ASSETS = "PEOPLE_AS_ASSETS"
    VALUING_WORK_DIFFERENTLY = "VALUING_WORK_DIFFERENTLY"
    RECIPROCITY = "RECIPROCITY"
    BUILDING_SOCIAL_NETWORKS = "BUILDING_SOCIAL_NETWORKS"


class Colour(str, Enum):
    """The self-score colours."""

    RED = "RED"
    AMBER = "AMBER"
    GREEN = "GREEN"


class Stage(str, Enum):
    """The four stages, lowest first; ``label`` is the tool's own wording."""

    NOT_GOT_THIS = "NOT_GOT_THIS"
    GOT_THE_BASICS = "GOT_THE_BASICS"
    GETTING_THERE = "GETTING_THERE"
    DOING_REALLY_WELL = "DOING_REALLY_WELL"

    @property
    def label(self) -> str:
        """The stage as the tool words it."""
        return _LABELS[self]

    @property
    def colour(self) -> Colour:
        """RED for the first stage, AMBER for the two middle ones, GREEN for the last."""
        return _COLOURS[self]

    @property
    def rank(self) -> int:
        """0 for the lowest stage to 3 for the highest, for comparing stages."""
        return list(Stage).index(self)


_LABELS = {
    Stage.NOT_GOT_THIS: "You really haven't got this",
    Stage.GOT_THE_BASICS: "You've got the basics",
    Stage.GETTING_THERE: "You're getting there",
    Stage.DOING_REALLY_WELL: "You're doing REALLY well",
}
_COLOURS = {
    Stage.NOT_GOT_THIS: Colour.RED,
    Stage.GOT_THE_BASICS: Colour.AMBER,
    Stage.GETTING_THERE: Colour.AMBER,
    Stage.DOING_REALLY_WELL: Colour.GREEN,
}


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
    """Every number the self-assessment uses; override any of them per service.

    Attributes
    ----------
    min_people
        Fewer people supported than this and no principle is rated: a share
        of two or three people says more about them than about the service.
    paid_only_share, unpaid_tie_outside_share, community_share
        Building social networks; rated at the lowest stage of the three.
    skills_share, contributing_share
        People as assets; rated at the lowest stage of the two.
    work_contribution, work_timebank_people, work_timebank_staff
        Valuing work differently (evidence-limited): a contribution share of
        at least ``work_contribution`` shows the basics; timebank membership
        of at least ``work_timebank_people`` of the people supported and
        ``work_timebank_staff`` of the staff shows "getting there"; with at
        least ``work_gives_and_gets`` of the people supported both giving and
        receiving timebank hours in the last year, "doing REALLY well".
    giving_share
        Reciprocity (evidence-limited): below ``giving_share.basics`` there
        is not enough evidence to rate.
    trend_tolerance
        When the stage has not moved, the headline indicator must move by
        at least this much (0.05 = five percentage points) to count as
        improving or worsening.
    trend_months
        How far back the comparison looks.
    """

    min_people: int = 5
    paid_only_share: Bands = field(
        default_factory=lambda: Bands(0.50, 0.25, 0.10, higher_is_better=False)
    )
    unpaid_tie_outside_share: Bands = field(default_factory=lambda: Bands(0.25, 0.50, 0.75))
    community_share: Bands = field(default_factory=lambda: Bands(0.20, 0.40, 0.60))
    skills_share: Bands = field(default_factory=lambda: Bands(0.20, 0.50, 0.80))
    contributing_share: Bands = field(default_factory=lambda: Bands(0.10, 0.25, 0.50))
    work_contribution: float = 0.10
    work_timebank_people: float = 0.25
    work_timebank_staff: float = 0.25
    work_gives_and_gets: float = 0.20
    giving_share: Bands = field(default_factory=lambda: Bands(0.10, 0.30, 0.75))
    trend_tolerance: float = 0.05
    trend_months: int = 12
