"""Valid time, worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from netmap.domain.valid_time import Period

pytestmark = pytest.mark.fast

D = date.fromisoformat


@pytest.mark.parametrize(
    ("since", "until", "at", "active"),
    [
        ("2024-01-01", None, "2023-12-31", False),
        ("2024-01-01", None, "2024-01-01", True),
        ("2024-01-01", "2024-06-01", "2024-05-31", True),
        ("2024-01-01", "2024-06-01", "2024-06-01", False),
        ("2024-01-01", "2024-06-01", "2030-01-01", False),
    ],
)
def test_active_at(since: str, until: str | None, at: str, active: bool) -> None:
    period = Period(D(since), D(until) if until else None)
    assert period.active_at(D(at)) is active


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        (("2020-01-01", "2021-01-01"), ("2021-01-01", None), False),
        (("2020-01-01", "2021-01-02"), ("2021-01-01", None), True),
        (("2020-01-01", None), ("2030-01-01", None), True),
        (("2022-01-01", "2023-01-01"), ("2020-01-01", "2022-01-01"), False),
        (("2020-01-01", "2025-01-01"), ("2021-01-01", "2022-01-01"), True),
    ],
)
def test_overlaps_is_symmetric_and_half_open(
    a: tuple[str, str | None], b: tuple[str, str | None], overlap: bool
) -> None:
    first = Period(D(a[0]), D(a[1]) if a[1] else None)
    second = Period(D(b[0]), D(b[1]) if b[1] else None)
    assert first.overlaps(second) is overlap
    assert second.overlaps(first) is overlap


def test_paid_follows_from_kind() -> None:
    from netmap.domain.kinds import TieKind

    assert [kind for kind in TieKind if kind.paid] == [TieKind.PAID_SUPPORT]
