"""The co-production self-reflection tool's vocabulary: its four principles, four stages and
three colours ("Co-production – how are you doing?", 2011).

Both a group's own judgement (a reflection) and netmap's figures (the
analysis) speak of these.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["Colour", "Principle", "Stage"]


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
