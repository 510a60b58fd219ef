"""What changed in a person's map between two dates, worked by hand: new,
ended, and moved between circles (by closeness when asked, else by kind)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from netmap.domain.kinds import Closeness, Role, TieKind
from netmap.domain.records import Participation, Recorded, Tie
from netmap.domain.valid_time import Period
from netmap.services.person_map import compare

BY = Recorded("t", datetime(2025, 1, 1, tzinfo=timezone.utc))
THEN, NOW = date(2025, 1, 1), date(2025, 6, 1)


def _tie(id: str, other: str, kind: TieKind, since: date, until: date | None = None, closeness: Closeness | None = None) -> Tie:
    return Tie(id, "vera", other, kind, Period(since, until), BY, closeness=closeness)


def test_new_ended_and_moved_by_hand() -> None:
    ties = [
        _tie("t1", "bill", TieKind.FRIEND, date(2024, 1, 1), date(2025, 3, 1)),  # ended: moved away
        _tie("t2", "doris", TieKind.FRIEND, date(2025, 4, 1)),  # new
        _tie("t3", "joan", TieKind.ACQUAINTANCE, date(2024, 1, 1)),  # further out, then also a friend: moved in
        _tie("t4", "joan", TieKind.FRIEND, date(2025, 5, 1)),
        _tie("t5", "pat", TieKind.NEIGHBOUR, date(2024, 1, 1), date(2025, 2, 1), Closeness.CLOSE),  # re-recorded closer
        _tie("t6", "pat", TieKind.NEIGHBOUR, date(2025, 2, 1), None, Closeness.CLOSEST),
        _tie("t7", "sue", TieKind.FAMILY, date(2020, 1, 1)),  # unchanged
    ]
    parts = [Participation("p1", "vera", "club", Role.MEMBER, Period(date(2025, 2, 1)), BY)]
    names = {"bill": "Bill", "doris": "Doris", "joan": "Joan", "pat": "Pat", "sue": "Sue"}

    found = compare("vera", ties, parts, names, {"club": "Lunch Club"}, THEN, NOW)

    assert [(c.name, c.what) for c in found.new] == [("Doris", "friend"), ("Lunch Club", "group")]
    assert [(c.name, c.what) for c in found.ended] == [("Bill", "friend")]
    assert [(c.name, c.what) for c in found.moved] == [
        ("Joan", "from further out to close"), ("Pat", "from close to closest"),
    ]  # fmt: skip
    assert found.since == THEN
