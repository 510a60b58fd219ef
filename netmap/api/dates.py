"""The ``Date`` scalar, limited to the dates netmap can compute with.

A series, the next sessions of an activity or a comparison with a year
before reaches past a date given to it; near year 1 or year 9999 that leaves
the calendar (Python's dates end there). Every date the API accepts lies in
``domain.dates.EARLIEST``..``LATEST`` instead, refused otherwise with
DATE_OUT_OF_RANGE, wherever it is given (argument, input field, variable).
"""

from __future__ import annotations

from datetime import date

import strawberry

from netmap.domain.dates import DateOutOfRange, in_range


def _parse(value: object) -> date:
    if not isinstance(value, str):
        raise ValueError(f"A Date is a string YYYY-MM-DD, not {value!r}.")
    return in_range(date.fromisoformat(value))


DATE_SCALAR = {date: strawberry.scalar(name="Date", description="Date (isoformat)", serialize=date.isoformat, parse_value=_parse)}
"""For ``StrawberryConfig.scalar_map``: the same name and description as Strawberry's own ``Date``."""

__all__ = ["DATE_SCALAR", "DateOutOfRange"]
