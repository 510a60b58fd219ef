"""Rules for what community groups record: activities and their schedules,
attendance, volunteering and timebank exchanges."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from netmap.domain.activities import Repeat, Schedule, Status, Weekday
from netmap.domain.inputs import Features, Id, LongText, Name, Tags, _Input, _Update

MAX_PEOPLE_PER_SESSION = 500
MAX_ONE_OFF_DATES = 366
Hours = Annotated[float, Field(gt=0, le=24)]


class ScheduleInput(_Input):
    """When an activity runs: one-off dates, or a repeat on a weekday from ``starts``."""

    repeat: Repeat
    starts: date
    ends: date | None = None
    dates: Annotated[list[date], Field(max_length=MAX_ONE_OFF_DATES)] = []
    weekday: Weekday | None = None
    week_of_month: Annotated[int, Field(ge=1, le=5)] | None = None
    at: time | None = None
    finishes: time | None = None

    @field_validator("ends")
    @classmethod
    def _ends_after_start(cls, ends: date | None, info: ValidationInfo) -> date | None:
        starts = info.data.get("starts")
        if ends is not None and starts is not None and ends < starts:
            raise PydanticCustomError(
                "invalid_interval", "the activity would end ({ends}) before it starts ({starts})",
                {"ends": ends.isoformat(), "starts": starts.isoformat()},
            )  # fmt: skip
        return ends

    @model_validator(mode="after")
    def _complete(self) -> ScheduleInput:
        if self.repeat is Repeat.ONE_OFF and not self.dates:
            raise PydanticCustomError("schedule_incomplete", "a one-off schedule needs its dates")
        if self.repeat is not Repeat.ONE_OFF and self.weekday is None:
            raise PydanticCustomError("schedule_incomplete", "a repeating schedule needs a weekday")
        if self.repeat is Repeat.MONTHLY and self.week_of_month is None:
            raise PydanticCustomError(
                "schedule_incomplete", "a monthly schedule needs weekOfMonth (1–4, or 5 for the last)"
            )
        if self.finishes is not None and self.at is not None and self.finishes <= self.at:
            raise PydanticCustomError(
                "invalid_interval", "a session would finish ({finishes}) before it starts ({at})",
                {"finishes": self.finishes.isoformat(), "at": self.at.isoformat()},
            )  # fmt: skip
        return self


class ActivityInput(_Input):
    organisation_id: Id
    title: Name
    schedule: ScheduleInput
    description: LongText | None = None
    interests: Tags = []
    venue: Name | None = None
    area: Name | None = None
    accessibility: Features = []
    cost_pence: Annotated[int, Field(ge=0)] | None = None
    cost_note: Name | None = None
    contact: Name | None = None
    status: Status = Status.ACTIVE


class ActivityUpdate(_Update):
    title: Name | None = None
    schedule: ScheduleInput | None = None
    description: LongText | None = None
    interests: Tags | None = None
    venue: Name | None = None
    area: Name | None = None
    accessibility: Features | None = None
    cost_pence: Annotated[int, Field(ge=0)] | None = None
    cost_note: Name | None = None
    contact: Name | None = None
    status: Status | None = None


class AttendanceInput(_Input):
    """Who came to one session; recording the same again changes nothing."""

    activity_id: Id
    date: date
    person_ids: Annotated[list[Id], Field(min_length=1, max_length=MAX_PEOPLE_PER_SESSION)]

    @field_validator("person_ids")
    @classmethod
    def _distinct(cls, ids: list[str]) -> list[str]:
        return list(dict.fromkeys(ids))


class VolunteeringInput(_Input):
    activity_id: Id
    person_id: Id
    date: date
    hours: Hours


class ExchangeInput(_Input):
    """Time given by one person or organisation to another, through a timebank."""

    giver_id: Id
    receiver_id: Id
    hours: Annotated[float, Field(gt=0, le=100)]
    date: date
    what: Name
    timebank_id: Id | None = None

    @field_validator("receiver_id")
    @classmethod
    def _not_self(cls, receiver: str, info: ValidationInfo) -> str:
        if receiver == info.data.get("giver_id"):
            raise PydanticCustomError("self_exchange", "a giver cannot give time to themself")
        return receiver


def schedule_of(given: ScheduleInput) -> Schedule:
    """The schedule an input describes: what the store keeps, and what a community file's attendance is checked against."""
    return Schedule(
        repeat=given.repeat,
        starts=given.starts,
        ends=given.ends,
        dates=tuple(sorted(given.dates)),
        weekday=given.weekday,
        week_of_month=given.week_of_month,
        at=given.at,
        finishes=given.finishes,
    )
