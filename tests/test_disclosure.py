"""Analysts' figures protect individuals: cohorts are services or areas, counts
are rounded to 5, small counts (zero included) are suppressed."""

from __future__ import annotations

import pytest

from netmap.services.disclosure import DisclosureControl
from support.api import Api
from support.probe import StoreProbe
from support.worlds import build_world

pytestmark = pytest.mark.fast


@pytest.mark.parametrize(
    ("count", "shown"), [(0, None), (1, None), (4, None), (5, 5), (7, 5), (8, 10), (12, 10), (13, 15), (102, 100)]
)
def test_counts_are_suppressed_below_five_and_rounded_to_five(count: int, shown: int | None) -> None:
    assert DisclosureControl(threshold=5, base=5).count(count) == shown


def test_shares_come_from_the_rounded_counts() -> None:
    control = DisclosureControl()
    assert control.share(7, 12) == 5 / 10
    assert control.share(3, 12) is None
    assert control.share(12, 3) is None


SERVICE = """
UNWIND range(1, $n) AS i
CREATE (p:Person {id: 'p' + toString(i), name: 'P' + toString(i), name_key: 'p' + toString(i),
        interests: [], skills: [], access_needs: [], consent_mapped: true, consent_organisers: false,
        consent_aggregates: true, consent_recorded_at: datetime(), recorded_by: 't', recorded_at: datetime()})
WITH p, i
MATCH (s:Organisation {id: 'day'})
CREATE (p)-[:PARTICIPATES {id: 'sup' + toString(i), role: 'SUPPORTED', since: date('2024-01-01'),
        recorded_by: 't', recorded_at: datetime()}]->(s)
"""
FIGURES = """{ cohort(cohort: {serviceId: "day"}) {
  size paidOnly paidOnlyShare isolated timebankGivesAndGets suppressed paidOnlyPeople } }"""


def test_analysts_see_rounded_figures_and_no_one(api: Api, probe: StoreProbe) -> None:
    analyst = api.as_(build_world(probe).tokens["analyst"])
    probe.rows(SERVICE, n=11)  # with Vera (who has a friend), 12 supported by the day service

    exact = api.data(FIGURES)["cohort"]
    seen = analyst.data(FIGURES)["cohort"]

    assert (exact["size"], exact["paidOnly"], exact["isolated"], exact["timebankGivesAndGets"]) == (12, 11, 11, 0)
    assert {k: v for k, v in seen.items() if k != "suppressed"} == {
        "size": 10, "paidOnly": 10, "paidOnlyShare": 1.0, "isolated": 10, "timebankGivesAndGets": None,
        "paidOnlyPeople": None,
    }  # fmt: skip
    assert "timebankGivesAndGets" in seen["suppressed"]


def test_analysts_cannot_choose_people(api: Api, probe: StoreProbe) -> None:
    analyst = api.as_(build_world(probe).tokens["analyst"])
    refused = analyst.error('{ cohort(cohort: {personIds: ["vera"]}) { size } }')
    assert refused["extensions"]["code"] == "FORBIDDEN"


ASSESSMENT = '{ selfAssessment(serviceId: "day") { people principles { sentence indicators { value } } } }'


def test_a_small_services_self_assessment_is_withheld_from_analysts(api: Api, probe: StoreProbe) -> None:
    analyst = api.as_(build_world(probe).tokens["analyst"])
    assert analyst.error(ASSESSMENT)["extensions"]["code"] == "SUPPRESSED"


REVIEWED = """
MATCH (p:Person) CREATE (p)-[:REVIEWED]->(:NetworkReview {id: 'review-' + p.id, person_id: p.id, date: date(),
       recorded_by: 't', recorded_at: datetime()})
"""


def test_analysts_see_stages_but_not_the_figures_behind_them(api: Api, probe: StoreProbe) -> None:
    analyst = api.as_(build_world(probe).tokens["analyst"])
    probe.rows(SERVICE, n=11)
    probe.rows(REVIEWED)  # only people whose network was reviewed recently count in the evidence

    seen = analyst.data(ASSESSMENT)["selfAssessment"]

    assert seen["people"] == 10
    assert all(i["value"] is None for p in seen["principles"] for i in p["indicators"])
    assert not any(ch.isdigit() for p in seen["principles"] for ch in p["sentence"])


def test_unknown_people_are_refused_not_echoed(api: Api, probe: StoreProbe) -> None:
    build_world(probe)
    unknown = api.error('{ cohort(cohort: {personIds: ["vera", "nobody"]}) { size isolatedPeople } }')
    too_many = api.error("query($ids: [ID!]) { cohort(cohort: {personIds: $ids}) { size } }", ids=[f"x{i}" for i in range(1001)])
    assert unknown["extensions"]["code"] == "NOT_FOUND"
    assert too_many["extensions"]["code"] == "TOO_MANY"
    assert len(str(too_many)) < 1000
