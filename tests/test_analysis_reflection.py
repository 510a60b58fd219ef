"""netmap's figures beside a group's judgement, and how they moved after it acted, by hand."""

from __future__ import annotations

import pytest

from netmap.analysis.assessment import Rating
from netmap.analysis.reflection import EvidencePoint, beside, movement, movement_dates, ratings_on
from netmap.analysis.stages import Principle, Stage, Status
from netmap.domain.kinds import Role
from support.networks import D, Net

pytestmark = pytest.mark.fast

GT, BASICS, REALLY = Stage.GETTING_THERE, Stage.GOT_THE_BASICS, Stage.DOING_REALLY_WELL


def rating(stage: Stage | None, status: Status = Status.SHOWN) -> Rating:
    return Rating(stage, status, (), "fewer than 5 people counted: …")


def test_the_figures_beside_the_group_s_choice() -> None:
    assert beside(GT, rating(GT)) == (
        "The figures suggest \u201cYou're getting there\u201d, in line with your choice (\u201cYou're getting there\u201d)."
    )
    assert beside(REALLY, rating(GT)) == (
        "The figures suggest \u201cYou're getting there\u201d, one stage from your choice (\u201cYou're doing REALLY well\u201d)."
    )
    # Below the basics ranks with the first stage: three stages from "doing REALLY well".
    assert beside(REALLY, rating(None, Status.BELOW_BASICS)) == (
        "The figures do not reach the bars for \u201cYou've got the basics\u201d; you chose "
        "\u201cYou're doing REALLY well\u201d. That is 3 stages apart: worth talking over what each can see "
        "that the other cannot."
    )
    assert beside(Stage.NOT_GOT_THIS, rating(GT)).endswith("That is 2 stages apart: worth talking over what each can see that the other cannot.")
    assert beside(None, rating(BASICS)) == "You did not choose a stage; the figures suggest \u201cYou've got the basics\u201d."
    assert beside(GT, rating(None, Status.NOT_ENOUGH_EVIDENCE)) == (
        "netmap has not enough evidence to set beside your choice: fewer than 5 people counted: \u2026."
    )


def test_movement_dates_run_monthly_from_the_reflection_to_the_next() -> None:
    assert movement_dates(D("2024-01-31"), D("2024-04-15")) == [D("2024-01-31"), D("2024-02-29"), D("2024-03-31"), D("2024-04-15")]
    assert movement_dates(D("2024-01-15"), D("2024-03-15")) == [D("2024-01-15"), D("2024-02-15"), D("2024-03-15")]
    assert movement_dates(D("2024-01-15"), D("2024-01-15")) == [D("2024-01-15")]


def test_a_dance_group_moves_the_evidence_for_building_social_networks() -> None:
    """Ten people, all reviewed on 2024-01-10, each with a friend outside the service from 2020
    and nobody paid-only (each has that friend). On 2024-01-15 the group chose to "start a dance
    group with Kate": two people join it in February, three more in March.

    Community share: 0/10 on 15 Jan and 15 Feb (below 20%: below the basics), 2/10 on 15 Mar
    (from 1 Mar), 5/10 on 15 Apr (>= 40%). Outside 100%, paid-only 0%, enclave 0 throughout.
    So: below the basics, below, the basics, getting there.
    """
    net = Net()
    people = [f"p{i}" for i in range(10)]
    net.person(*people, *(f"f{i}" for i in range(10)), "kate")
    net.service("day")
    net.org("dance")
    for i, pid in enumerate(people):
        net.part(pid, "day", Role.SUPPORTED)
        net.tie(pid, f"f{i}")
    net.review(*people, on="2024-01-10")
    net.part("kate", "dance", Role.ORGANISER, since="2024-02-01")
    for pid in people[:2]:
        net.part(pid, "dance", Role.MEMBER, since="2024-03-01")
    for pid in people[2:5]:
        net.part(pid, "dance", Role.MEMBER, since="2024-04-01")
    dates = movement_dates(D("2024-01-15"), D("2024-04-15"))
    found = ratings_on(net.build(), "day", dates)
    networks = [found[d][Principle.BUILDING_SOCIAL_NETWORKS] for d in dates]
    assert [(r.stage, r.status) for r in networks] == [
        (None, Status.BELOW_BASICS), (None, Status.BELOW_BASICS), (BASICS, Status.SHOWN), (GT, Status.SHOWN),
    ]  # fmt: skip
    points = [EvidencePoint(d, r) for d, r in zip(dates, networks)]
    assert movement(points) == (
        "From 15 January 2024 to 15 April 2024: the figures moved from below the basics' bars to "
        "\u201cYou're getting there\u201d; people taking part in community life: 0% \u2192 50%."
    )
    # The reciprocity evidence did not move: nobody gives.
    reciprocity = [EvidencePoint(d, found[d][Principle.RECIPROCITY]) for d in dates]
    assert movement(reciprocity) == (
        "From 15 January 2024 to 15 April 2024: the figures stayed below the basics' bars; "
        "people who give as well as get: 0% \u2192 0%."
    )
