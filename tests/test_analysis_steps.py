"""The dates of a series, worked out on a calendar."""

from __future__ import annotations

from datetime import date

import pytest

from netmap.analysis.steps import MAX_STEPS, Every, add_months, steps
from netmap.domain.errors import InvalidInput

pytestmark = pytest.mark.fast

D = date.fromisoformat


def test_months_keep_the_start_day_where_the_month_has_it() -> None:
    # 2024 is a leap year: Jan 31 -> Feb 29 (clamped) -> Mar 31 (back to the 31st) -> Apr 30.
    assert steps(D("2024-01-31"), D("2024-05-30"), Every.MONTH) == [
        D("2024-01-31"),
        D("2024-02-29"),
        D("2024-03-31"),
        D("2024-04-30"),
    ]  # May 31 is after the end, so it is left out


def test_end_is_inclusive_and_start_is_always_first() -> None:
    assert steps(D("2024-01-01"), D("2024-01-15"), Every.WEEK) == [
        D("2024-01-01"),
        D("2024-01-08"),
        D("2024-01-15"),
    ]
    assert steps(D("2024-06-01"), D("2024-06-01"), Every.MONTH) == [D("2024-06-01")]


def test_quarters_are_three_months_from_the_start() -> None:
    # Nov 30 + 3 months = Feb 28 2023 (clamped), + 6 = May 30, + 9 = Aug 30.
    assert steps(D("2022-11-30"), D("2023-08-30"), Every.QUARTER) == [
        D("2022-11-30"),
        D("2023-02-28"),
        D("2023-05-30"),
        D("2023-08-30"),
    ]


def test_twenty_four_monthly_steps() -> None:
    found = steps(D("2022-07-01"), D("2024-06-01"), Every.MONTH)
    assert len(found) == 24
    assert found[-1] == D("2024-06-01")


def test_add_months_goes_back_and_clamps() -> None:
    assert add_months(D("2024-02-29"), -12) == D("2023-02-28")
    assert add_months(D("2024-01-15"), -1) == D("2023-12-15")
    assert add_months(D("2023-12-31"), 2) == D("2024-02-29")


def test_end_before_start_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        steps(D("2024-02-01"), D("2024-01-31"), Every.WEEK)
    assert caught.value.code == "END_BEFORE_START"
    assert caught.value.problems[0].field == "end"


def test_too_many_steps_are_refused() -> None:
    # 520 weeks fit (0..519 weeks after the start); the 521st does not.
    start = D("2000-01-03")
    assert len(steps(start, date.fromordinal(start.toordinal() + 7 * 519), Every.WEEK)) == MAX_STEPS
    with pytest.raises(InvalidInput) as caught:
        steps(start, date.fromordinal(start.toordinal() + 7 * 520), Every.WEEK)
    assert caught.value.code == "TOO_MANY_STEPS"
    assert caught.value.problems[0].field == "every"
