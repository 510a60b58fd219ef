"""The dates netmap works with: 1900-01-01 to 2199-12-31.

Wide enough for any relationship a living person has had or will plan, and
far enough from the ends of the calendar that a series, a year's comparison
or an activity's next sessions computed from such a date stays a date.
"""

from __future__ import annotations

from datetime import date

from netmap.domain.errors import NetmapError

EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


class DateOutOfRange(NetmapError):
    code = "DATE_OUT_OF_RANGE"


def in_range(day: date) -> date:
    """``day``, or :class:`DateOutOfRange` when it lies outside EARLIEST..LATEST."""
    if not EARLIEST <= day <= LATEST:
        raise DateOutOfRange(f"{day.isoformat()} is outside the dates netmap works with ({EARLIEST} to {LATEST}).")
    return day
