"""The co-production self-assessment: stages, rules, thresholds, trend, worked by hand."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_analysis_cohort import AT, service_s
from test_analysis_temporal import D, Net

from netmap.analysis.assessment import (
    assess_service,
    rate,
    rate_building_social_networks,
    rate_people_as_assets,
    rate_reciprocity,
    rate_valuing_work_differently,
    trend_between,
)
from netmap.analysis.evidence import Evidence, gather_evidence
from netmap.analysis.stages import Bands, Colour, Principle, Stage, Thresholds, Trend
from netmap.domain.errors import InvalidInput, NotFound
from netmap.domain.kinds import OrganisationKind, Role

DEFAULTS = Thresholds()


def evidence(**figures: float | int | None) -> Evidence:
    """A service of 20 people and 4 staff with every share at 0 unless given."""
    base = Evidence(
        service_id="S",
        at=AT,
        people=20,
        staff=4,
        paid_only_share=0.0,
        unpaid_tie_outside_share=0.0,
        community_share=0.0,
        skills_share=0.0,
        contributing_share=0.0,
        timebank_share=0.0,
        staff_timebank_share=0.0,
        giving_share=0.0,
    )
    return replace(base, **figures)  # type: ignore[arg-type]


def test_stage_names_and_colours_follow_the_tool() -> None:
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


def test_building_social_networks_takes_the_lowest_indicator() -> None:
    # paid-only 5% (<= 10%: really well), outside 80% (>= 75%: really well),
    # community 45% (>= 40% but < 60%: getting there) => getting there.
    rating = rate_building_social_networks(
        evidence(paid_only_share=0.05, unpaid_tie_outside_share=0.8, community_share=0.45),
        DEFAULTS,
    )
    assert rating.stage is Stage.GETTING_THERE
    assert [(i.name, i.stage) for i in rating.indicators] == [
        ("paid_only_share", Stage.DOING_REALLY_WELL),
        ("unpaid_tie_outside_share", Stage.DOING_REALLY_WELL),
        ("community_share", Stage.GETTING_THERE),
    ]
    assert rating.indicators[0].bars == (
        (Stage.GOT_THE_BASICS, 0.5),
        (Stage.GETTING_THERE, 0.25),
        (Stage.DOING_REALLY_WELL, 0.1),
    )
    assert rating.indicators[0].higher_is_better is False


def test_people_as_assets() -> None:
    # skills 85% (>= 80%: really well), contributing 12% (>= 10%, < 25%: basics) => basics.
    rating = rate_people_as_assets(evidence(skills_share=0.85, contributing_share=0.12), DEFAULTS)
    assert rating.stage is Stage.GOT_THE_BASICS
    assert rate_people_as_assets(evidence(), DEFAULTS).stage is Stage.NOT_GOT_THIS


@pytest.mark.parametrize(
    ("figures", "stage"),
    [
        # Nothing recorded: no rating, never RED.
        ({}, None),
        ({"contributing_share": 0.05}, None),
        # A tenth contribute: the basics.
        ({"contributing_share": 0.10}, Stage.GOT_THE_BASICS),
        # Some timebank members, but staff are not: the basics.
        ({"timebank_share": 0.30, "staff_timebank_share": 0.0}, Stage.GOT_THE_BASICS),
        # People and staff in a timebank: getting there (the top stage needs exchanges).
        ({"timebank_share": 0.30, "staff_timebank_share": 0.25}, Stage.GETTING_THERE),
        ({"timebank_share": 1.0, "staff_timebank_share": 1.0}, Stage.GETTING_THERE),
        # No staff recorded: staff share unknown, so not "getting there".
        ({"timebank_share": 0.5, "staff_timebank_share": None}, Stage.GOT_THE_BASICS),
    ],
)
def test_valuing_work_differently_rates_only_what_is_recorded(
    figures: dict[str, float | None], stage: Stage | None
) -> None:
    assert rate_valuing_work_differently(evidence(**figures), DEFAULTS).stage is stage


@pytest.mark.parametrize(
    ("giving", "stage"),
    [
        (0.0, None),
        (0.09, None),
        (0.10, Stage.GOT_THE_BASICS),
        (0.30, Stage.GETTING_THERE),
        (0.75, Stage.DOING_REALLY_WELL),
    ],
)
def test_reciprocity(giving: float, stage: Stage | None) -> None:
    assert rate_reciprocity(evidence(giving_share=giving), DEFAULTS).stage is stage


def test_too_few_people_means_no_rating() -> None:
    few = evidence(people=4, paid_only_share=0.0, unpaid_tie_outside_share=1.0, community_share=1.0)
    rating = rate(Principle.BUILDING_SOCIAL_NETWORKS, few, DEFAULTS)
    assert rating.stage is None
    assert rating.reason == "fewer than 5 people supported"
    assert rate(Principle.BUILDING_SOCIAL_NETWORKS, few, Thresholds(min_people=4)).stage is (
        Stage.DOING_REALLY_WELL
    )


def test_thresholds_can_be_overridden() -> None:
    figures = evidence(paid_only_share=0.05, unpaid_tie_outside_share=0.8, community_share=0.45)
    generous = Thresholds(community_share=Bands(0.1, 0.2, 0.3))
    assert rate_building_social_networks(figures, generous).stage is Stage.DOING_REALLY_WELL


def test_trend_compares_stages_then_the_headline() -> None:
    low = rate_building_social_networks(evidence(paid_only_share=0.6), DEFAULTS)
    worse = rate_building_social_networks(evidence(paid_only_share=0.9), DEFAULTS)
    slightly = rate_building_social_networks(evidence(paid_only_share=0.58), DEFAULTS)
    better = rate_building_social_networks(
        evidence(paid_only_share=0.2, unpaid_tie_outside_share=0.5, community_share=0.5), DEFAULTS
    )
    none = rate_reciprocity(evidence(), DEFAULTS)
    assert trend_between(low, better, 0.05) is Trend.IMPROVING  # RED -> AMBER
    assert trend_between(better, low, 0.05) is Trend.WORSENING
    # Same stage (RED): paid-only 60% -> 90% is 30 points worse; 60% -> 58% is within 5 points.
    assert trend_between(low, worse, 0.05) is Trend.WORSENING
    assert trend_between(worse, low, 0.05) is Trend.IMPROVING
    assert trend_between(low, slightly, 0.05) is Trend.STEADY
    assert trend_between(none, low, 0.05) is Trend.UNKNOWN


def test_assessing_the_hand_drawn_service() -> None:
    network = service_s()
    found = gather_evidence(network, "S", AT)
    # See test_analysis_cohort.service_s. On 2024-06-01: p1 p2 p3 p4 p5 p7; staff w1.
    assert (found.people, found.staff) == (6, 1)
    # skills: p3, p4; contributing (VOLUNTEER): p4; giving: p3 (peer support), p4.
    assert (found.skills_share, found.contributing_share, found.giving_share) == (
        2 / 6,
        1 / 6,
        2 / 6,
    )
    assert (found.timebank_share, found.staff_timebank_share) == (0.0, 0.0)

    result = assess_service(network, "S", AT)
    networks = result.of(Principle.BUILDING_SOCIAL_NETWORKS)
    # Now: paid-only 2/6 (basics), outside 3/6 (getting there), community 2/6 (basics)
    #   => basics.
    # 2023-06-01 (p1-p6): paid-only p2 p5 p6 = 3/6 (basics), outside p1 p3 p4 = 3/6
    #   (getting there), community p4 = 1/6 (< 20%: not got this) => not got this.
    # RED -> AMBER: improving.
    assert (networks.stage, networks.colour, networks.trend) == (
        Stage.GOT_THE_BASICS,
        Colour.AMBER,
        Trend.IMPROVING,
    )
    assert networks.compared_with == D("2023-06-01")
    assert networks.sentence == (
        "You've got the basics; of the 6 people supported, 33% have only paid contact, "
        "50% have a friend, relative or neighbour outside the service and 33% take part in "
        "community life; improving since 1 June 2023."
    )
    # Assets: skills 2/6 (basics), contributing 1/6 (basics), the same a year ago: steady.
    assets = result.of(Principle.PEOPLE_AS_ASSETS)
    assert (assets.stage, assets.trend) == (Stage.GOT_THE_BASICS, Trend.STEADY)
    # Work: contributing 1/6 >= 10%, no timebank: the basics.
    work = result.of(Principle.VALUING_WORK_DIFFERENTLY)
    assert (work.stage, work.colour) == (Stage.GOT_THE_BASICS, Colour.AMBER)
    # Reciprocity: giving 2/6 = 33% >= 30%: getting there, as a year ago.
    reciprocity = result.of(Principle.RECIPROCITY)
    assert (reciprocity.stage, reciprocity.trend) == (Stage.GETTING_THERE, Trend.STEADY)
    assert result.thresholds == DEFAULTS
    assert [p.principle for p in result.principles] == list(Principle)


def test_a_timebank_service_with_no_volunteering_recorded() -> None:
    net = Net()
    people = [f"p{i}" for i in range(5)]
    net.person(*people, "staff1", "staff2")
    net.service("hostel")
    net.org("timebank", OrganisationKind.TIMEBANK)
    for pid in people:
        net.part(pid, "hostel", Role.SUPPORTED)
    net.part("staff1", "hostel", Role.STAFF)
    net.part("staff2", "hostel", Role.STAFF)
    for pid in ("p0", "p1", "staff1"):
        net.part(pid, "timebank", Role.MEMBER, since="2024-01-01")
    result = assess_service(net.build(), "hostel", AT)
    work = result.of(Principle.VALUING_WORK_DIFFERENTLY)
    # People in the timebank 2/5 = 40% >= 25%; staff 1/2 = 50% >= 25% => getting there.
    # A year earlier nobody was in it: no rating then, so the trend is unknown.
    assert (work.stage, work.trend) == (Stage.GETTING_THERE, Trend.UNKNOWN)
    assert "50% of staff belong to a timebank" in work.sentence
    # Timebank members give as well as get: 2/5 = 40% >= 30% => getting there.
    assert result.of(Principle.RECIPROCITY).stage is Stage.GETTING_THERE


def test_only_services_can_be_assessed() -> None:
    network = service_s()
    with pytest.raises(NotFound):
        assess_service(network, "nowhere", AT)
    with pytest.raises(InvalidInput):
        assess_service(network, "club", AT)


@pytest.mark.parametrize(
    "bars",
    [(0.5, 0.4, 0.6, True), (0.1, 0.2, 0.3, False), (0.2, 0.5, 1.5, True), (-0.1, 0.2, 0.3, True)],
)
def test_bands_must_be_shares_in_stage_order(bars: tuple[float, float, float, bool]) -> None:
    with pytest.raises(InvalidInput) as caught:
        Bands(*bars)
    assert caught.value.code == "BANDS_OUT_OF_ORDER"
