"""The dates a trend is measured at: every week, month or quarter from a start.

Month steps keep the start's day of the month where the month has it and
clamp to the month's last day where it has not (Jan 31 → Feb 29 → Mar 31), so
a monthly series never drifts towards the start of the month.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import Enum

from netmap.domain.errors import InvalidInput, Problem

__all__ = ["MAX_STEPS", "Every", "add_months", "months_before", "steps"]

MAX_STEPS = 520
"""The most dates one series may have: ten years of weeks."""


class Every(str, Enum):
    """How far apart the dates of a series are."""

    WEEK = "WEEK"
    MONTH = "MONTH"
    QUARTER = "QUARTER"


def add_months(start: date, months: int, *, day: int | None = None) -> date:
    """``start`` moved by ``months`` (may be negative), its day clamped to the month.

    ``day`` is the day of the month wanted (default: ``start``'s own); months
    shorter than that get their last day instead.
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    wanted = start.day if day is None else day
    return date(year, month, min(wanted, calendar.monthrange(year, month)[1]))


def months_before(day: date, months: int) -> date:
    """``day`` moved back ``months`` months, or the first day of the calendar when that is earlier."""
    if (day.year - 1) * 12 + day.month - 1 < months:
        return date.min
    return add_months(day, -months)


def _nth(start: date, n: int, every: Every) -> date:
    if every is Every.WEEK:
        return start + timedelta(weeks=n)
    months = n if every is Every.MONTH else 3 * n
    return add_months(start, months, day=start.day)


def steps(start: date, end: date, every: Every) -> list[date]:
    """Every date from ``start`` to ``end`` (both inclusive) at the given spacing.

    The first date is ``start``; no date is after ``end``. Month and quarter
    steps count from ``start`` (not from the previous step), so a series
    starting on the 31st returns to the 31st whenever the month has one.

    Raises
    ------
    InvalidInput
        ``END_BEFORE_START`` when ``end < start``; ``TOO_MANY_STEPS`` when
        the series would have more than :data:`MAX_STEPS` dates.
    """
    if end < start:
        raise InvalidInput(
            [Problem("end", "END_BEFORE_START", f"end {end} is before start {start}")]
        )
    found: list[date] = []
    n = 0
    while (at := _nth(start, n, every)) <= end:
        if len(found) == MAX_STEPS:
            raise InvalidInput(
                [
                    Problem(
                        "every",
                        "TOO_MANY_STEPS",
                        f"from {start} to {end} by {every.value.lower()} is more than "
                        f"{MAX_STEPS} dates; choose a longer step or a shorter span",
                    )
                ]
            )
        found.append(at)
        n += 1
    return found
