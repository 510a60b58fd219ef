"""The early-warning list: who changed between two dates, on the service drawn by hand."""

from __future__ import annotations

import pytest

from netmap.analysis.changes import cohort_changes
from netmap.analysis.cohort import ServiceCohort
from netmap.domain.errors import InvalidInput
from support.networks import AT, D, FROM, service_s

pytestmark = pytest.mark.fast


def test_changes_between_two_dates() -> None:
    changes = cohort_changes(service_s(), ServiceCohort("S"), FROM, AT)
    # In S on 2023-12-01: p1-p6. On 2024-06-01: p1-p5, p7.
    assert (changes.joined, changes.left) == (("p7",), ("p6",))
    # Among those in S on both dates (p1-p5):
    #   p1  Dec: friend x4 (not paid-only)  -> Jun: x4 ended Jan 15, only w1 left: paid-only.
    #   p5  Dec: only S (paid-only)         -> Jun: club member since Feb 1.
    #   p4  Dec: p3, x1, x5                 -> Jun: p3, x1, x2 (x5 ended May 1; x2 is new).
    assert changes.became_paid_only == ("p1",)
    assert changes.became_isolated == ("p1",)
    assert changes.left_paid_only == ("p5",)
    assert changes.left_isolation == ("p5",)
    # p6 left S into no contact at all: listed as left, never as "left paid-only".
    assert "p6" not in changes.left_paid_only
    lost = {entry.person_id: entry for entry in changes.lost_unpaid_ties}
    assert set(lost) == {"p1", "p4"}
    assert (lost["p1"].before, lost["p1"].after, lost["p1"].lost) == (1, 0, 1)
    assert [c.person_id for c in lost["p1"].ended] == ["x4"]
    assert lost["p1"].ended[0].ties[0].period.until == D("2024-01-15")
    # p4 kept three contacts but one ended: still on the list, with who it was.
    assert (lost["p4"].before, lost["p4"].after, lost["p4"].lost) == (3, 3, 1)
    assert [c.person_id for c in lost["p4"].ended] == ["x5"]


def test_nothing_changes_between_a_date_and_itself() -> None:
    changes = cohort_changes(service_s(), ServiceCohort("S"), AT, AT)
    assert changes.joined == changes.left == ()
    assert changes.lost_unpaid_ties == ()
    assert changes.became_paid_only == changes.left_paid_only == ()


def test_dates_in_the_wrong_order_are_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        cohort_changes(service_s(), ServiceCohort("S"), AT, FROM)
    assert caught.value.code == "END_BEFORE_START"
