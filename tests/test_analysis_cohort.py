"""Cohort measures and trends on a hand-drawn service, every figure worked out by hand."""

from __future__ import annotations

import pytest

from netmap.analysis.cohort import (
    AreaCohort,
    Caseload,
    ServiceCohort,
    UnpaidTieBands,
    cohort_measures,
    cohort_members,
    cohort_trend,
)
from netmap.analysis.steps import Every
from netmap.domain.errors import InvalidInput, NotFound
from netmap.domain.kinds import Role, TieKind
from support.networks import AT, FROM, D, Net, service_s

pytestmark = pytest.mark.fast


def test_service_cohort_at_a_date() -> None:
    m = cohort_measures(service_s(), ServiceCohort("S"), AT)
    # Members on 2024-06-01: p1 p2 p3 p4 p5 p7 (p6 left on 2024-01-01) => 6.
    #   person  unpaid ties              paid-only  isolated  outside tie  community
    #   p1      0 (x4 ended)             yes (w1)   yes       no           no
    #   p2      0                        yes (S)    yes       no           no
    #   p3      2 (p4, x3)               no         no        yes (x3)     no
    #   p4      3 (p3, x1, x2)           no         no        yes          yes (VOLUNTEER)
    #   p5      0                        no         no        no           yes (club)
    #   p7      6 (f1..f6)               no         no        yes          no
    assert m.size == 6
    assert (m.paid_only, m.paid_only_share, m.paid_only_ids) == (2, 2 / 6, ("p1", "p2"))
    assert (m.isolated, m.isolated_share, m.isolated_ids) == (2, 2 / 6, ("p1", "p2"))
    # Sorted counts 0 0 0 2 3 6: an even number, so the median is (0 + 2) / 2 = 1.
    assert m.median_unpaid_ties == 1.0
    assert m.unpaid_tie_bands == UnpaidTieBands(
        zero=3, one=0, two=1, three_to_five=1, six_or_more=1
    )
    assert m.unpaid_tie_bands.as_dict() == {"0": 3, "1": 0, "2": 1, "3-5": 1, "6+": 1}
    assert (m.with_unpaid_tie_outside, m.with_unpaid_tie_outside_share) == (3, 0.5)
    assert (m.with_community_participation, m.with_community_participation_share) == (2, 2 / 6)


def test_membership_is_re_evaluated_at_every_step() -> None:
    trend = cohort_trend(service_s(), ServiceCohort("S"), FROM, AT, Every.MONTH)
    # Dec: p1-p6. Jan 1: p6's support ends that day => 5. Feb 1: p7 starts => 6.
    assert [(m.at, m.size) for m in trend] == [
        (D("2023-12-01"), 6),
        (D("2024-01-01"), 5),
        (D("2024-02-01"), 6),
        (D("2024-03-01"), 6),
        (D("2024-04-01"), 6),
        (D("2024-05-01"), 6),
        (D("2024-06-01"), 6),
    ]
    # Dec 1: paid-only p2, p5, p6 (p1 still has x4). Feb 1: p1 (x4 gone), p2 (p5 joined the
    # club that day, p6 left).
    assert trend[0].paid_only_ids == ("p2", "p5", "p6")
    assert trend[2].paid_only_ids == ("p1", "p2")


def test_area_and_caseload_cohorts() -> None:
    network = service_s()
    assert cohort_members(network, AreaCohort("north"), AT) == ("p1", "p2", "x1")
    north = cohort_measures(network, AreaCohort("north"), AT)
    # p1, p2 paid-only; x1 has one unpaid tie (p4) and no paid contact.
    assert (north.size, north.paid_only, north.isolated, north.median_unpaid_ties) == (3, 2, 2, 0.0)
    caseload = cohort_measures(network, Caseload(("p7", "p3", "p7")), AT)
    # Duplicates count once: p3 (2 ties) and p7 (6 ties) => median 4.
    assert (caseload.size, caseload.median_unpaid_ties) == (2, 4.0)


def test_an_empty_cohort_has_no_shares() -> None:
    m = cohort_measures(service_s(), AreaCohort("south"), AT)
    assert m.size == 0
    assert m.paid_only_share is m.isolated_share is m.median_unpaid_ties is None
    assert m.with_unpaid_tie_outside_share is m.with_community_participation_share is None
    assert m.median_unpaid_in_touch_monthly is m.with_unpaid_in_touch_monthly_share is None
    assert m.median_close_unpaid_ties is m.with_close_unpaid_tie_share is None
    assert (m.with_unpaid_in_touch_monthly, m.with_close_unpaid_tie, m.with_contact_frequency_recorded,
            m.with_closeness_recorded) == (0, 0, 0, 0)  # fmt: skip
    assert m.unpaid_tie_bands == UnpaidTieBands()


def test_unknown_people_in_a_caseload_are_refused_by_name() -> None:
    with pytest.raises(InvalidInput) as caught:
        cohort_measures(service_s(), Caseload(("p1", "ghost", "p2", "nobody")), AT)
    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("personIds[1]", "NOT_FOUND"),
        ("personIds[3]", "NOT_FOUND"),
    ]


def test_a_service_cohort_needs_a_service() -> None:
    network = service_s()
    with pytest.raises(NotFound):
        cohort_measures(network, ServiceCohort("nowhere"), AT)
    with pytest.raises(InvalidInput) as caught:
        cohort_measures(network, ServiceCohort("club"), AT)
    assert caught.value.code == "NOT_A_SERVICE"
    with pytest.raises(InvalidInput) as blank:
        cohort_measures(network, AreaCohort("  "), AT)
    assert blank.value.code == "EMPTY"


def test_shares_stay_shares_and_paid_only_stays_isolated() -> None:
    """Property check over a whole trend: every share in [0, 1], paid-only within isolated."""
    network = service_s()
    for cohort in (ServiceCohort("S"), AreaCohort("north"), Caseload(tuple(network.people))):
        for m in cohort_trend(network, cohort, D("2019-12-01"), AT, Every.QUARTER):
            shares = (
                m.paid_only_share,
                m.isolated_share,
                m.with_unpaid_tie_outside_share,
                m.with_community_participation_share,
            )
            assert all(s is None or 0 <= s <= 1 for s in shares)
            assert set(m.paid_only_ids) <= set(m.isolated_ids)
            assert sum(m.unpaid_tie_bands.as_dict().values()) == m.size


def test_people_without_aggregate_consent_are_left_out_of_figures_only() -> None:
    net = Net()
    net.person("yes1", "yes2")
    net.person("no", counted=False)
    net.person("w")
    net.service("S")
    for pid in ("yes1", "yes2", "no"):
        net.part(pid, "S", Role.SUPPORTED)
    net.tie("yes1", "w", TieKind.PAID_SUPPORT)
    net.tie("yes2", "no")  # no's friendship still counts for yes2: it is yes2's tie too
    network = net.build()
    m = cohort_measures(network, ServiceCohort("S"), AT)
    # Counted: yes1 (paid-only: w and S), yes2 (one unpaid tie). "no" is left out.
    assert (m.size, m.not_counted, m.paid_only_ids, m.median_unpaid_ties) == (2, 1, ("yes1",), 0.5)
    # The list of people is not a figure: everyone is on it.
    assert cohort_members(network, ServiceCohort("S"), AT) == ("no", "yes1", "yes2")
