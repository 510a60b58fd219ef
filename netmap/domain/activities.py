"""Activities that community groups run, and when their sessions fall.

A schedule is either a list of one-off dates, or a repeat — weekly,
fortnightly, or monthly on the n-th weekday (e.g. the 2nd Tuesday; week 5
means the last) — from a start date to an optional end date, at a time.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum

from netmap.domain.records import Recorded


class Repeat(str, Enum):
    ONE_OFF = "ONE_OFF"
    WEEKLY = "WEEKLY"
    FORTNIGHTLY = "FORTNIGHTLY"
    MONTHLY = "MONTHLY"


class Weekday(str, Enum):
    MONDAY = "MONDAY"
    TUESDAY = "TUESDAY"
    WEDNESDAY = "WEDNESDAY"
    THURSDAY = "THURSDAY"
    FRIDAY = "FRIDAY"
    SATURDAY = "SATURDAY"
    SUNDAY = "SUNDAY"

    @property
    def number(self) -> int:
        """Monday is 0, as ``date.weekday()`` counts."""
        return list(Weekday).index(self)

    @classmethod
    def of(cls, day: date) -> Weekday:
        return list(cls)[day.weekday()]


class Status(str, Enum):
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"
    """Temporarily not running: no sessions while paused, still listed."""
    ENDED = "ENDED"
    """No longer running: not listed in the directory."""


LAST_WEEK = 5


@dataclass(frozen=True)
class Schedule:
    repeat: Repeat
    starts: date
    ends: date | None = None
    dates: tuple[date, ...] = ()
    """The dates of a ONE_OFF schedule."""
    weekday: Weekday | None = None
    week_of_month: int | None = None
    """For MONTHLY: 1–4, or 5 for the last such weekday of the month."""
    at: time | None = None
    finishes: time | None = None
    """When a session ends, if stated (after ``at``)."""

    def __post_init__(self) -> None:
        if self.repeat is not Repeat.ONE_OFF and self.weekday is None:
            raise ValueError("a repeating schedule needs a weekday")
        if self.repeat is Repeat.MONTHLY and self.week_of_month is None:
            raise ValueError("a monthly schedule needs a week of the month")

    @property
    def day(self) -> Weekday:
        """The weekday of a repeating schedule (checked at construction)."""
        return self.weekday or Weekday.of(self.starts)

    def sessions(self, start: date, end: date) -> list[date]:
        """Every session date from ``start`` to ``end`` inclusive."""
        if self.repeat is Repeat.ONE_OFF:
            return sorted(d for d in self.dates if start <= d <= end)
        first = max(start, self.starts)
        last = min(end, self.ends) if self.ends else end
        if self.repeat is Repeat.MONTHLY:
            return _monthly(self, first, last)
        step = 7 if self.repeat is Repeat.WEEKLY else 14
        anchor = self.starts + timedelta(days=(self.day.number - self.starts.weekday()) % 7)
        if first <= anchor:
            day = anchor
        else:
            day = anchor + timedelta(days=-(-(first - anchor).days // step) * step)
        found = []
        while day <= last:
            found.append(day)
            day += timedelta(days=step)
        return found

    def has_session_on(self, day: date) -> bool:
        return day in self.sessions(day, day)


def _monthly(schedule: Schedule, first: date, last: date) -> list[date]:
    found = []
    year, month = first.year, first.month
    while date(year, month, 1) <= last:
        day = nth_weekday(year, month, schedule.day, schedule.week_of_month or 1)
        if first <= day <= last:
            found.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def nth_weekday(year: int, month: int, weekday: Weekday, n: int) -> date:
    """The n-th such weekday of the month; n = 5 means the last."""
    days = [
        date(year, month, d)
        for d in range(1, calendar.monthrange(year, month)[1] + 1)
        if date(year, month, d).weekday() == weekday.number
    ]
    return days[-1] if n >= LAST_WEEK else days[n - 1]


@dataclass(frozen=True)
class Activity:
    id: str
    organisation_id: str
    title: str
    schedule: Schedule
    recorded: Recorded
    status: Status = Status.ACTIVE
    description: str | None = None
    interests: tuple[str, ...] = ()
    venue: str | None = None
    area: str | None = None
    accessibility: tuple[str, ...] = ()
    cost_pence: int | None = None
    """0 means free; None means not stated."""
    cost_note: str | None = None
    contact: str | None = None
    modified: datetime | None = None
    """When it was last changed, if it was since it was recorded."""

    @property
    def free(self) -> bool:
        return self.cost_pence == 0

    def running_on(self, day: date) -> bool:
        """True if a session falls on ``day`` and the activity is not paused or ended."""
        return self.status is Status.ACTIVE and self.schedule.has_session_on(day)
