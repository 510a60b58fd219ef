"""The co-production evidence: rules at each stage's bars, coverage, trend, worked by hand."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from netmap.analysis.assessment import (
    rate,
    rate_building_social_networks,
    rate_people_as_assets,
    rate_reciprocity,
    rate_valuing_work_differently,
    service_evidence,
    trend_between,
)
from netmap.analysis.evidence import Coverage, Evidence, Part, gather_evidence
from netmap.analysis.stages import Bands, Colour, Principle, Stage, Status, Thresholds, Trend
from netmap.domain.errors import InvalidInput, NotFound
from netmap.domain.kinds import OrganisationKind, Role, TieKind
from support.networks import AT, D, Net

pytestmark = pytest.mark.fast

DEFAULTS = Thresholds()
GT, BASICS, REALLY = Stage.GETTING_THERE, Stage.GOT_THE_BASICS, Stage.DOING_REALLY_WELL


def evidence(**figures: object) -> Evidence:
    """20 people supported, all counted, 4 staff, every share 0 and no timebank unless given."""
    base = Evidence(
        service_id="S", at=AT, coverage=Coverage(20, 0, 0, 12), staff=4,
        paid_only_share=0.0, unpaid_tie_outside_share=0.0, community_share=0.0, enclave_share=None,
        role_in_service_share=0.0, service_parts=frozenset(), contribution_share=0.0, timebank_id=None,
        timebank_people_share=None, timebank_staff_share=None, timebank_board_share=None,
        timebank_reach_share=None, giving_share=0.0,
    )  # fmt: skip
    return replace(base, **figures)  # type: ignore[arg-type]


def test_stage_names_and_suggested_colours_follow_the_tool() -> None:
    assert [(s.label, s.colour) for s in Stage] == [
        ("You really haven't got this", Colour.RED),
        ("You've got the basics", Colour.AMBER),
        ("You're getting there", Colour.AMBER),
        ("You're doing REALLY well", Colour.GREEN),
    ]


@pytest.mark.parametrize(
    ("value", "stage"),
    [
        (0.60, Stage.NOT_GOT_THIS),
        (0.50, Stage.GOT_THE_BASICS),
        (0.25, Stage.GETTING_THERE),
        (0.10, Stage.DOING_REALLY_WELL),
        (0.0, Stage.DOING_REALLY_WELL),
    ],
)
def test_lower_is_better_bands_include_the_bar(value: float, stage: Stage) -> None:
    assert DEFAULTS.paid_only_share.stage(value) is stage


# ---------------------------------------------------------------- building social networks
# Bars: paid-only <= 50/25/10%, outside >= 25/50/75%, community >= 20/40/60%, enclave <= 75/50/25%.
NETWORKS_AT = {
    BASICS: {"paid_only_share": 0.50, "unpaid_tie_outside_share": 0.25, "community_share": 0.20, "enclave_share": 0.75},
    GT: {"paid_only_share": 0.25, "unpaid_tie_outside_share": 0.50, "community_share": 0.40, "enclave_share": 0.50},
    REALLY: {"paid_only_share": 0.10, "unpaid_tie_outside_share": 0.75, "community_share": 0.60, "enclave_share": 0.25},
}


@pytest.mark.parametrize("stage", [BASICS, GT, REALLY])
def test_building_social_networks_exactly_at_each_stage_s_bars(stage: Stage) -> None:
    rating = rate_building_social_networks(evidence(**NETWORKS_AT[stage]), DEFAULTS)
    assert (rating.stage, rating.status) == (stage, Status.SHOWN)


@pytest.mark.parametrize(
    ("name", "just_short"),
    [("paid_only_share", 0.51), ("unpaid_tie_outside_share", 0.24), ("community_share", 0.19), ("enclave_share", 0.76)],
)
def test_building_social_networks_one_figure_short_of_the_basics(name: str, just_short: float) -> None:
    figures = {**NETWORKS_AT[REALLY], name: just_short}
    rating = rate_building_social_networks(evidence(**figures), DEFAULTS)
    assert (rating.stage, rating.status) == (None, Status.BELOW_BASICS)
    assert rating.reason == f"below the bar for the basics: {name}"


def test_building_social_networks_takes_the_lowest_indicator() -> None:
    # Three at "really well", the enclave share 0.5 only at "getting there".
    rating = rate_building_social_networks(evidence(**{**NETWORKS_AT[REALLY], "enclave_share": 0.5}), DEFAULTS)
    assert rating.stage is GT
    assert [(i.name, i.stage) for i in rating.indicators] == [
        ("paid_only_share", REALLY), ("unpaid_tie_outside_share", REALLY), ("community_share", REALLY),
        ("enclave_share", GT),
    ]  # fmt: skip
    assert rating.indicators[0].bars == ((BASICS, 0.5), (GT, 0.25), (REALLY, 0.1))


def test_nobody_with_an_unpaid_tie_is_below_the_basics_not_missing() -> None:
    # No unpaid tie among the people counted: no enclave share, and nobody has one outside (0%).
    rating = rate_building_social_networks(evidence(paid_only_share=0.0, community_share=0.9), DEFAULTS)
    assert rating.status is Status.BELOW_BASICS


# ---------------------------------------------------------------- people as assets
# Role in the service >= 5/15/30%; parts of the service: any role / 1 part / all 3 parts.
ALL_PARTS = frozenset(Part)


@pytest.mark.parametrize(
    ("share", "parts", "expected"),
    [
        (0.04, ALL_PARTS, Status.BELOW_BASICS),
        (0.05, frozenset(), BASICS),
        (0.15, frozenset(), BASICS),  # enough people, but no role in designing, running or evaluating
        (0.14, frozenset({Part.RUNNING}), BASICS),
        (0.15, frozenset({Part.RUNNING}), GT),
        (0.30, frozenset({Part.RUNNING, Part.EVALUATING}), GT),
        (0.29, ALL_PARTS, GT),
        (0.30, ALL_PARTS, REALLY),
    ],
)
def test_people_as_assets_at_each_bar(share: float, parts: frozenset[Part], expected: Stage | Status) -> None:
    rating = rate_people_as_assets(evidence(role_in_service_share=share, service_parts=parts), DEFAULTS)
    if isinstance(expected, Status):
        assert (rating.stage, rating.status) == (None, expected)
    else:
        assert (rating.stage, rating.status) == (expected, Status.SHOWN)


def test_skills_recorded_are_not_evidence_of_people_as_assets() -> None:
    # Nothing but skills would have rated before; now nobody with a role in the service is below the basics.
    assert rate_people_as_assets(evidence(), DEFAULTS).status is Status.BELOW_BASICS


# ---------------------------------------------------------------- valuing work differently
TOP = {
    "timebank_id": "tb", "timebank_people_share": 0.25, "timebank_staff_share": 0.25,
    "timebank_board_share": 0.25, "timebank_reach_share": 0.25,
}  # fmt: skip


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ({"contribution_share": 0.09, **TOP}, Status.BELOW_BASICS),
        ({"contribution_share": 0.10}, BASICS),  # no timebank linked to the service
        ({"contribution_share": 0.10, **TOP}, REALLY),
        ({"contribution_share": 0.10, **TOP, "timebank_board_share": None}, REALLY),  # no board recorded
        ({"contribution_share": 0.10, **TOP, "timebank_board_share": 0.2}, BASICS),
        ({"contribution_share": 0.10, **TOP, "timebank_staff_share": 0.2}, BASICS),
        ({"contribution_share": 0.10, **TOP, "timebank_people_share": 0.2}, BASICS),
        ({"contribution_share": 0.10, **TOP, "timebank_reach_share": 0.2}, BASICS),  # an enclave timebank
        ({"contribution_share": 1.0, **TOP, "timebank_staff_share": None}, BASICS),  # no staff counted
    ],
)
def test_valuing_work_differently_in_the_tool_s_order(figures: dict[str, object], expected: Stage | Status) -> None:
    rating = rate_valuing_work_differently(evidence(**figures), DEFAULTS)
    if isinstance(expected, Status):
        assert (rating.stage, rating.status) == (None, expected)
    else:
        assert (rating.stage, rating.status) == (expected, Status.SHOWN)


def test_the_figures_never_show_getting_there_for_valuing_work() -> None:
    """Flexible working and support hours, the tool's "getting there", are not recorded."""
    for contribution, people, staff in itertools.product((0.0, 0.1, 1.0), (0.0, 0.5, 1.0), (0.0, 1.0)):
        figures = {**TOP, "contribution_share": contribution, "timebank_people_share": people, "timebank_staff_share": staff}
        assert rate_valuing_work_differently(evidence(**figures), DEFAULTS).stage is not GT


# ---------------------------------------------------------------- reciprocity
@pytest.mark.parametrize(
    ("giving", "stage", "status"),
    [
        (0.0, None, Status.BELOW_BASICS),
        (0.09, None, Status.BELOW_BASICS),
        (0.10, BASICS, Status.SHOWN),
        (0.29, BASICS, Status.SHOWN),
        (0.30, GT, Status.SHOWN),
        (0.74, GT, Status.SHOWN),
        (0.75, REALLY, Status.SHOWN),
    ],
)
def test_reciprocity_at_each_bar(giving: float, stage: Stage | None, status: Status) -> None:
    rating = rate_reciprocity(evidence(giving_share=giving), DEFAULTS)
    assert (rating.stage, rating.status) == (stage, status)


def test_the_figures_never_point_to_the_first_stage() -> None:
    """Missing records are missing evidence: whatever the figures, never "You really haven't got this"."""
    shares = (0.0, 0.3, 1.0)
    for a, b, c, d in itertools.product(shares, repeat=4):
        found = evidence(
            paid_only_share=a, unpaid_tie_outside_share=b, community_share=c, enclave_share=d,
            role_in_service_share=b, contribution_share=c, giving_share=d,
        )  # fmt: skip
        for principle in Principle:
            rating = rate(principle, found, DEFAULTS)
            assert rating.stage is not Stage.NOT_GOT_THIS
            assert (rating.stage is None) == (rating.status is not Status.SHOWN)


# ---------------------------------------------------------------- coverage
@pytest.mark.parametrize(
    ("coverage", "status"),
    [
        (Coverage(20, 0, 0, 12), Status.SHOWN),
        (Coverage(20, 4, 6, 12), Status.SHOWN),  # 10 of 20 counted: exactly half
        (Coverage(20, 4, 7, 12), Status.NOT_ENOUGH_EVIDENCE),  # 9 of 20
        (Coverage(6, 0, 2, 12), Status.NOT_ENOUGH_EVIDENCE),  # 4 counted: fewer than 5
        (Coverage(5, 0, 0, 12), Status.SHOWN),
        (Coverage(0, 0, 0, 12), Status.NOT_ENOUGH_EVIDENCE),
    ],
)
def test_figures_are_evidence_only_when_enough_people_are_counted(coverage: Coverage, status: Status) -> None:
    rating = rate(Principle.RECIPROCITY, evidence(coverage=coverage, giving_share=1.0), DEFAULTS)
    assert rating.status is status


def test_low_coverage_says_how_many_were_left_out_and_why() -> None:
    """Five enthusiasts out of a hundred cannot make a service look good."""
    five_of_100 = evidence(coverage=Coverage(100, 60, 35, 12), giving_share=1.0)
    rating = rate(Principle.RECIPROCITY, five_of_100, DEFAULTS)
    assert (rating.stage, rating.status) == (None, Status.NOT_ENOUGH_EVIDENCE)
    assert rating.reason == (
        "fewer than 50% of the people supported counted: 5 of the 100 people supported are counted "
        "(60 did not agree to be counted; 35 have not had their network reviewed in the last 12 months)"
    )
    assert rate(Principle.RECIPROCITY, five_of_100, Thresholds(min_counted_share=0.05)).stage is REALLY


def test_thresholds_can_be_overridden() -> None:
    figures = evidence(**{**NETWORKS_AT[REALLY], "community_share": 0.45})
    generous = Thresholds(community_share=Bands(0.1, 0.2, 0.3))
    assert rate_building_social_networks(figures, DEFAULTS).stage is GT
    assert rate_building_social_networks(figures, generous).stage is REALLY


def test_trend_compares_stages_then_the_headline() -> None:
    below = rate_building_social_networks(evidence(**{**NETWORKS_AT[BASICS], "paid_only_share": 0.6}), DEFAULTS)
    further_below = rate_building_social_networks(evidence(**{**NETWORKS_AT[BASICS], "paid_only_share": 0.9}), DEFAULTS)
    slightly = rate_building_social_networks(evidence(**{**NETWORKS_AT[BASICS], "paid_only_share": 0.58}), DEFAULTS)
    basics = rate_building_social_networks(evidence(**NETWORKS_AT[BASICS]), DEFAULTS)
    unknown = rate(Principle.RECIPROCITY, evidence(coverage=Coverage(3, 0, 0, 12)), DEFAULTS)
    assert trend_between(below, basics, 0.05) is Trend.IMPROVING  # below the basics -> the basics
    assert trend_between(basics, below, 0.05) is Trend.WORSENING
    # Both below the basics: paid-only 60% -> 90% is 30 points worse; 60% -> 58% is within 5 points.
    assert trend_between(below, further_below, 0.05) is Trend.WORSENING
    assert trend_between(further_below, below, 0.05) is Trend.IMPROVING
    assert trend_between(below, slightly, 0.05) is Trend.STEADY
    assert trend_between(unknown, below, 0.05) is Trend.UNKNOWN


# ---------------------------------------------------------------- a hand-drawn service
def day_service() -> Net:
    """Service "day" on 2024-06-01 (AT), with the timebank "tb" it supports.

    p1..p8 SUPPORTED from 2020. p1..p7 reviewed 2024-01-10; p8 only 2023-01-10
    (more than a year before AT); p7 did not agree to be counted.
    Staff w1 (in the timebank) and w2 (not); b1 a board member (in the timebank).
    Outsiders x1, x4 are timebank members too.

    p1: ROLE "interview panel member" in day (running).
    p2: ROLE "quality checker" in day (evaluating); MEMBER of tb; gave 2 hours in tb.
    p3: ROLE "service user forum" in day (a role, in none of the parts); FRIEND x1.
    p4: receives PEER_SUPPORT from x2; MEMBER of tb (no hours); MEMBER of the club.
    p5: gives PEER_SUPPORT to x3; FRIEND p6.
    p6: VOLUNTEER at the club (elsewhere, not in the service); FRIEND p5.
    """
    net = Net()
    net.person("p1", "p2", "p3", "p4", "p5", "p6", "p8", "w1", "w2", "b1", "x1", "x2", "x3", "x4")
    net.person("p7", counted=False)
    net.service("day")
    net.org("tb", OrganisationKind.TIMEBANK)
    net.org("club")
    for pid in ("p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"):
        net.part(pid, "day", Role.SUPPORTED)
    net.review("p1", "p2", "p3", "p4", "p5", "p6", "p7", on="2024-01-10")
    net.review("p8", on="2023-01-10")
    net.part("w1", "day", Role.STAFF)
    net.part("w2", "day", Role.STAFF)
    net.part("b1", "day", Role.ROLE, title="Board member")
    net.part("p1", "day", Role.ROLE, title="interview panel member")
    net.part("p2", "day", Role.ROLE, title="quality checker")
    net.part("p3", "day", Role.ROLE, title="service user forum")
    for pid in ("p2", "p4", "w1", "b1", "x1", "x4"):
        net.part(pid, "tb", Role.MEMBER)
    net.exchange("p2", "x1", "2024-03-01", hours=2, timebank="tb")
    net.tie("p3", "x1")
    net.tie("p4", "x2", TieKind.PEER_SUPPORT)  # x2 supports p4
    net.tie("x3", "p5", TieKind.PEER_SUPPORT)  # p5 supports x3
    net.tie("p5", "p6")
    net.part("p4", "club", Role.MEMBER)
    net.part("p6", "club", Role.VOLUNTEER)
    return net


def test_gathering_the_day_service_s_evidence_by_hand() -> None:
    found = gather_evidence(day_service().build(), "day", AT, timebank_id="tb")
    # 8 supported; p7 not counted (no consent); p8 not reviewed within 12 months => p1..p6.
    assert (found.coverage.supported, found.coverage.not_counted, found.coverage.not_reviewed) == (8, 1, 1)
    assert (found.people, found.staff) == (6, 2)
    # Roles in the service: p1 p2 p3 = 3/6; parts: running (p1), evaluating (p2).
    assert found.role_in_service_share == 0.5
    assert found.service_parts == {Part.RUNNING, Part.EVALUATING}
    # Contribution: the three roles (p2 also gave hours in tb) = 3/6.
    assert found.contribution_share == 0.5
    # Timebank: people p2 p4 = 2/6; staff w1 of w1 w2 = 1/2; board b1 = 1/1;
    # members p2 p4 w1 b1 x1 x4, outside the service b1 x1 x4 = 3/6.
    assert (found.timebank_people_share, found.timebank_staff_share) == (2 / 6, 0.5)
    assert (found.timebank_board_share, found.timebank_reach_share) == (1.0, 0.5)
    # Giving: p1 p3 (roles), p2 (role and hours), p5 (gives peer support) = 4/6.
    # Not p4 (receives peer support, a member without hours), nor p6 (volunteers elsewhere).
    assert found.giving_share == 4 / 6
    # Networks: paid-only p1 = 1/6; outside p3 (x1) p4 (x2) p5 (x3) = 3/6;
    # community p2 (tb) p4 (tb, club) p6 (club) = 3/6;
    # enclave p3 0, p4 0, p5 1/2 (p6 inside), p6 1 (p5 inside): mean 1.5/4.
    assert (found.paid_only_share, found.unpaid_tie_outside_share, found.community_share) == (1 / 6, 0.5, 0.5)
    assert found.enclave_share == 0.375


def test_the_day_service_s_evidence_principle_by_principle() -> None:
    result = service_evidence(day_service().build(), "day", AT, timebank_id="tb")
    by = {p.principle: p for p in result.principles}
    # Networks: paid-only 17% (<= 25%), outside 50%, community 50% (>= 40%), enclave 37.5% (<= 50%): getting there.
    assert (by[Principle.BUILDING_SOCIAL_NETWORKS].stage, by[Principle.BUILDING_SOCIAL_NETWORKS].status) == (GT, Status.SHOWN)
    # Assets: roles 50% (really well) but two parts of three: getting there.
    assert by[Principle.PEOPLE_AS_ASSETS].stage is GT
    assert by[Principle.PEOPLE_AS_ASSETS].reason == "roles in the service itself; parts held: running, evaluating"
    # Work: contribution 50% and every timebank bar met: doing REALLY well.
    assert by[Principle.VALUING_WORK_DIFFERENTLY].stage is REALLY
    # Reciprocity: 4/6 = 67%: getting there (75% for really well).
    assert by[Principle.RECIPROCITY].stage is GT
    # A year earlier only p8 had been reviewed (2023-01-10): not enough evidence then, so no trend.
    assert {p.trend for p in result.principles} == {Trend.UNKNOWN}
    assert by[Principle.RECIPROCITY].sentence == (
        "The figures suggest \u201cYou're getting there\u201d; of the 6 people counted, 67% give as well as get; "
        "not enough evidence on 1 June 2023 to compare with."
    )


def test_without_its_timebank_linked_the_day_service_shows_only_the_basics_of_valuing_work() -> None:
    result = service_evidence(day_service().build(), "day", AT)
    work = result.of(Principle.VALUING_WORK_DIFFERENTLY)
    assert (work.stage, work.reason) == (BASICS, "contribution to the service is recorded; no timebank is linked to the service")


def test_peer_support_gives_from_the_supporter_only() -> None:
    net = day_service()
    network = net.build()
    from netmap.analysis.evidence import gives, gives_peer_support

    assert gives_peer_support(network, "p5", AT) and not gives_peer_support(network, "p4", AT)
    assert gives_peer_support(network, "x2", AT)
    assert not gives(network, "p4", "day", AT)


def test_a_service_with_nothing_recorded_but_support_is_never_red() -> None:
    """Six people reviewed, nothing recorded beyond their support: below the basics, never the first stage."""
    net = Net()
    people = [f"p{i}" for i in range(6)]
    net.person(*people)
    net.service("home")
    for pid in people:
        net.part(pid, "home", Role.SUPPORTED)
    net.review(*people, on="2024-05-01")
    result = service_evidence(net.build(), "home", AT)
    assert {(p.stage, p.status) for p in result.principles} == {(None, Status.BELOW_BASICS)}
    # Unreviewed, the same people are no evidence at all.
    net.reviews.clear()
    unreviewed = service_evidence(net.build(), "home", AT)
    assert {p.status for p in unreviewed.principles} == {Status.NOT_ENOUGH_EVIDENCE}
    assert unreviewed.of(Principle.RECIPROCITY).sentence == (
        "Not enough evidence: fewer than 5 people counted: 0 of the 6 people supported are counted "
        "(6 have not had their network reviewed in the last 12 months)."
    )


def test_a_review_counts_for_twelve_months() -> None:
    net = Net()
    net.person("p1")
    net.service("home")
    net.part("p1", "home", Role.SUPPORTED)
    net.review("p1", on="2023-06-01")
    network = net.build()
    assert gather_evidence(network, "home", D("2023-06-01")).people == 1  # the day itself
    assert gather_evidence(network, "home", D("2024-05-31")).people == 1
    assert gather_evidence(network, "home", D("2024-06-01")).people == 0  # twelve months on
    assert gather_evidence(network, "home", D("2023-05-31")).people == 0  # before it happened


def test_only_services_can_be_assessed() -> None:
    network = day_service().build()
    with pytest.raises(NotFound):
        service_evidence(network, "nowhere", AT)
    with pytest.raises(InvalidInput):
        service_evidence(network, "club", AT)


@pytest.mark.parametrize(
    "bars",
    [(0.5, 0.4, 0.6, True), (0.1, 0.2, 0.3, False), (0.2, 0.5, 1.5, True), (-0.1, 0.2, 0.3, True)],
)
def test_bands_must_be_shares_in_stage_order(bars: tuple[float, float, float, bool]) -> None:
    with pytest.raises(InvalidInput) as caught:
        Bands(*bars)
    assert caught.value.code == "BANDS_OUT_OF_ORDER"
