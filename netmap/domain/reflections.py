"""Reflections: the people of a service (or a community group, or a council) judging their own
co-production with the self-reflection tool, and the actions they choose.

The tool asks, for each principle: what stage do you think you're at, what
is the evidence, would you score yourself RED, AMBER or GREEN, and what do
you want to change — ideas first, then two or three actions worked into a
plan of what, who, when and how. A reflection records those answers as the
group gave them, who took part and in what capacity, and who recorded what
and when. netmap's own figures are set beside it, never in its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from netmap.domain.coproduction import Colour, Principle, Stage
from netmap.domain.inputs import Id, LongText, Name, _Input
from netmap.domain.records import Recorded

MAX_IDEAS = 50
MAX_ACTIONS = 50
MAX_NAMES = 100


class Capacity(str, Enum):
    """In what capacity someone took part: the tool wants several perspectives."""

    PERSON_USING_THE_SERVICE = "PERSON_USING_THE_SERVICE"
    FAMILY = "FAMILY"
    """Family, in the tool's sense: people who care and are not paid to be there."""
    STAFF = "STAFF"
    MANAGER = "MANAGER"
    BOARD_MEMBER = "BOARD_MEMBER"
    COMMUNITY_MEMBER = "COMMUNITY_MEMBER"
    COMMISSIONER = "COMMISSIONER"
    OTHER = "OTHER"


class ActionStatus(str, Enum):
    PLANNED = "PLANNED"
    STARTED = "STARTED"
    DONE = "DONE"
    DROPPED = "DROPPED"


@dataclass(frozen=True)
class Participants:
    """How many took part in one capacity; names only if they wanted them written down."""

    capacity: Capacity
    count: int
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class PrincipleJudgement:
    """What the group said about one principle, in their own words."""

    principle: Principle
    stage: Stage | None
    colour: Colour | None
    evidence: str | None
    ideas: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatusChange:
    """An action's status set, with a note of how it went, by whom and when."""

    status: ActionStatus
    note: str | None
    recorded: Recorded


@dataclass(frozen=True)
class Action:
    """One thing the group chose to do: what, who, when and how, and how it is going."""

    id: str
    reflection_id: str
    principle: Principle | None
    """None for an action of the overall plan that serves no one principle."""
    what: str
    who: str | None
    due: date | None
    how: str | None
    recorded: Recorded
    history: tuple[StatusChange, ...]
    """Every status it has had, oldest first; the first is the one it was recorded with."""

    @property
    def status(self) -> ActionStatus:
        return self.history[-1].status

    @property
    def note(self) -> str | None:
        return self.history[-1].note


@dataclass(frozen=True)
class Reflection:
    id: str
    organisation_id: str | None
    """None: a council-wide reflection (admins only)."""
    held_on: date
    participants: tuple[Participants, ...]
    principles: tuple[PrincipleJudgement, ...]
    actions: tuple[Action, ...]
    recorded: Recorded
    title: str | None = None


Ideas = Annotated[list[LongText], Field(max_length=MAX_IDEAS)]


class ParticipantsInput(_Input):
    capacity: Capacity
    count: Annotated[int, Field(ge=1, le=10_000)]
    names: Annotated[list[Name], Field(max_length=MAX_NAMES)] = []


class PrincipleInput(_Input):
    principle: Principle
    stage: Stage | None = None
    colour: Colour | None = None
    evidence: LongText | None = None
    ideas: Ideas = []


class ActionInput(_Input):
    what: LongText
    principle: Principle | None = None
    who: Name | None = None
    due: date | None = None
    how: LongText | None = None
    status: ActionStatus = ActionStatus.PLANNED


EARLIEST = date(1990, 1, 1)
"""No reflection is recorded as held before this: a guard against mistyped years."""


class ReflectionInput(_Input):
    """A reflection as held; ``organisation_id`` defaults to the caller's own organisation."""

    held_on: Annotated[date, Field(ge=EARLIEST)]
    organisation_id: Id | None = None
    title: Name | None = None
    participants: Annotated[list[ParticipantsInput], Field(min_length=1, max_length=len(Capacity))]
    principles: Annotated[list[PrincipleInput], Field(max_length=len(Principle))] = []
    actions: Annotated[list[ActionInput], Field(max_length=MAX_ACTIONS)] = []

    @field_validator("participants")
    @classmethod
    def _one_entry_per_capacity(cls, given: list[ParticipantsInput]) -> list[ParticipantsInput]:
        if len({p.capacity for p in given}) != len(given):
            raise PydanticCustomError("duplicate_entry", "each capacity once, with its count")
        return given

    @field_validator("principles")
    @classmethod
    def _one_entry_per_principle(cls, given: list[PrincipleInput]) -> list[PrincipleInput]:
        if len({p.principle for p in given}) != len(given):
            raise PydanticCustomError("duplicate_entry", "each principle once")
        return given


class ActionsInput(_Input):
    """Actions added to a reflection's plan after it was recorded."""

    actions: Annotated[list[ActionInput], Field(min_length=1, max_length=MAX_ACTIONS)]


class ActionUpdate(_Input):
    """A new status for an action, with an optional note of how it went."""

    status: ActionStatus
    note: LongText | None = None


def judgements(given: ReflectionInput) -> tuple[PrincipleJudgement, ...]:
    """The group's judgements in the tool's order."""
    order = list(Principle)
    return tuple(
        PrincipleJudgement(p.principle, p.stage, p.colour, p.evidence, tuple(p.ideas))
        for p in sorted(given.principles, key=lambda p: order.index(p.principle))
    )
