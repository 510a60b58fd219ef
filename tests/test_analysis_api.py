"""The analyses through GraphQL: person measures, cohort trends and changes,
the self-assessment, self-reports, suppression, and the snapshot cache."""

from __future__ import annotations

from typing import Any

import pytest

from support.api import Api
from support.builders import organisation, participation, person, tie
from support.probe import StoreProbe
from support.worlds import build_world

TREND = """
query($service: ID!) {
  cohortTrend(cohort: {serviceId: $service}, from: "2024-11-01", to: "2026-11-01", every: QUARTER) {
    at size paidOnly paidOnlyShare isolatedShare medianUnpaidTies withCommunityParticipationShare
  }
}
"""


def _service(api: Api, name: str) -> str:
    [found] = api.data('query($n: String) { organisations(search: $n) { nodes { id } } }', n=name)["organisations"]["nodes"]
    return str(found["id"])


def _find(api: Api, name: str) -> str:
    [found] = api.data('query($n: String) { people(search: $n) { nodes { id } } }', n=name)["people"]["nodes"]
    return str(found["id"])


def test_the_day_service_paid_only_share_falls_over_two_years(demo_api: Api) -> None:
    day = _service(demo_api, "Brook Lane Day Service")

    trend = demo_api.data(TREND, service=day)["cohortTrend"]

    shares = [step["paidOnlyShare"] for step in trend]
    assert [step["at"] for step in trend][:2] == ["2024-11-01", "2025-02-01"]
    assert shares[0] >= 0.6 and shares[-1] <= 0.3, shares
    assert shares[-1] < shares[0] - 0.3
    assert trend[-1]["withCommunityParticipationShare"] > trend[0]["withCommunityParticipationShare"]


def test_early_warning_list_between_two_dates(demo_api: Api) -> None:
    day = _service(demo_api, "Brook Lane Day Service")
    query = """
    query($s: ID!) { cohortChanges(cohort: {serviceId: $s}, from: "2024-11-01", to: "2026-11-01") {
      leftPaidOnly becameIsolated lostUnpaidTies { personId lost ended { personId kinds } } } }
    """
    changes = demo_api.data(query, s=day)["cohortChanges"]
    assert len(changes["leftPaidOnly"]) >= 4
    assert changes["lostUnpaidTies"], "some of the day service's people lost contacts (Ben's dad, Gemma's move)"
    assert all(lost["lost"] == len(lost["ended"]) > 0 for lost in changes["lostUnpaidTies"])


def test_vera_measures_and_circles_then_and_now(demo_api: Api) -> None:
    vera = _find(demo_api, "Vera Hollins")
    query = """
    query($id: ID!, $at: Date) { person(id: $id) { measures(at: $at) {
      unpaidTies paidTies paidOnly isolated communityParticipations reachTwoSteps
      circles { intimacy { name relation } friendship { name relation } participation { name relation kind }
                exchange { name relation } } } } }
    """
    before = demo_api.data(query, id=vera, at="2025-01-01")["person"]["measures"]
    after = demo_api.data(query, id=vera, at="2026-06-01")["person"]["measures"]
    assert after["communityParticipations"] > before["communityParticipations"]
    assert after["reachTwoSteps"] > before["reachTwoSteps"]
    assert {"name": "St Mark's Flower Rota", "relation": "VOLUNTEER", "kind": "ORGANISATION"} in after["circles"]["participation"] or any(
        entry["kind"] == "ORGANISATION" for entry in after["circles"]["participation"]
    )
    assert any(entry["relation"] == "FAMILY" for entry in after["circles"]["intimacy"])


def test_hand_drawn_measures_through_the_api(api: Api) -> None:
    """Ann is supported by a day service; her only unpaid contacts are Bob (another client)
    and Cat (a friend outside). Bob and Cat do not know each other.
    By hand: unpaid 2, paid 1, not paid-only, density 0/1 = 0, effective size 2 - 0 = 2,
    enclave share 1/2 (Bob is a client), connected beyond the service (Cat)."""
    service = organisation(api, "Day Service", "SERVICE")
    ann, bob, cat, sam = person(api, "Ann"), person(api, "Bob"), person(api, "Cat"), person(api, "Sam")
    for client in (ann, bob):
        participation(api, client, service, "SUPPORTED", since="2024-01-01")
    participation(api, sam, service, "STAFF", since="2020-01-01")
    tie(api, ann, sam, "PAID_SUPPORT", since="2024-01-01")
    tie(api, ann, bob, "FRIEND", since="2024-02-01")
    tie(api, ann, cat, "FAMILY", since="1990-01-01")
    query = """query($id: ID!) { person(id: $id) { measures(at: "2025-01-01") {
      unpaidTies paidTies paidOnly isolated egoDensity effectiveSize enclaveShare connectedBeyondService } } }"""

    measures = api.data(query, id=ann)["person"]["measures"]

    assert measures == {
        "unpaidTies": 2, "paidTies": 1, "paidOnly": False, "isolated": False, "egoDensity": 0.0,
        "effectiveSize": 2.0, "enclaveShare": 0.5, "connectedBeyondService": True,
    }  # fmt: skip


def test_history_month_by_month(api: Api) -> None:
    ann, bob = person(api, "Ann"), person(api, "Bob")
    tie(api, ann, bob, "FRIEND", since="2025-02-15", until="2025-04-01")
    query = 'query($id: ID!) { person(id: $id) { history(from: "2025-01-01", to: "2025-05-01", every: MONTH) { at unpaidTies isolated } } }'
    history = api.data(query, id=ann)["person"]["history"]
    assert [(h["at"], h["unpaidTies"]) for h in history] == [
        ("2025-01-01", 0), ("2025-02-01", 0), ("2025-03-01", 1), ("2025-04-01", 0), ("2025-05-01", 0),
    ]  # fmt: skip


def test_a_write_reaches_the_analysis_without_reading_the_store_again(api: Api) -> None:
    ann = person(api, "Ann")
    query = 'query($id: ID!) { person(id: $id) { measures { unpaidTies isolated } } }'
    cache = api.client.app.state.network  # type: ignore[attr-defined]
    assert api.data(query, id=ann)["person"]["measures"] == {"unpaidTies": 0, "isolated": True}
    built, updates = cache.builds, cache.updates
    bob = person(api, "Bob")
    tie(api, ann, bob, "FRIEND", since="2020-01-01")
    assert api.data(query, id=ann)["person"]["measures"] == {"unpaidTies": 1, "isolated": False}
    assert api.data(query, id=bob)["person"]["measures"] == {"unpaidTies": 1, "isolated": False}
    assert cache.builds == built, "a write must not cost a whole-store read"
    assert cache.updates > updates


def test_coproduction_evidence_of_the_day_service(demo_api: Api) -> None:
    day = _service(demo_api, "Brook Lane Day Service")
    query = """query($s: ID!) { selfAssessment(serviceId: $s, at: "2026-11-01") {
      people coverage { supported notCounted notReviewed counted sentence }
      principles { principle status stage stageLabel trend sentence indicators { name value bars } } } }"""
    found = demo_api.data(query, s=day)["selfAssessment"]
    # Twelve people supported on 2026-11-01, all reviewed on 2026-10-12 (netmap/interchange/data/demo.yaml).
    assert found["coverage"] == {
        "supported": 12, "notCounted": 0, "notReviewed": 0, "counted": 12,
        "sentence": "12 of the 12 people supported are counted",
    }  # fmt: skip
    networks = next(p for p in found["principles"] if p["principle"] == "BUILDING_SOCIAL_NETWORKS")
    assert networks["status"] in ("SHOWN", "BELOW_BASICS") and networks["stage"] != "NOT_GOT_THIS"
    assert networks["trend"] == "IMPROVING"
    assert networks["sentence"].startswith("The figures") and networks["indicators"][0]["bars"]
    assert {p["principle"] for p in found["principles"]} == {
        "BUILDING_SOCIAL_NETWORKS", "PEOPLE_AS_ASSETS", "VALUING_WORK_DIFFERENTLY", "RECIPROCITY",
    }  # fmt: skip


RECORD = """
mutation($id: ID!, $input: SelfReportInput!) {
  recordSelfReport(personId: $id, input: $input) { instrument score concern interpretation }
}
"""


def test_self_reports_scored_and_in_cohort_figures(api: Api) -> None:
    ann, bob = person(api, "Ann"), person(api, "Bob")
    lsns = api.data(RECORD, id=ann, input={"instrument": "LSNS6", "date": "2025-01-10", "answers": [1, 1, 2, 0, 1, 1]})
    api.data(RECORD, id=bob, input={"instrument": "LSNS6", "date": "2025-01-12", "answers": [3, 3, 3, 3, 2, 2]})
    api.data(RECORD, id=ann, input={"instrument": "ONS", "date": "2025-01-10", "answer": "often/always"})
    assert lsns["recordSelfReport"]["score"] == 6 and lsns["recordSelfReport"]["concern"] is True

    figures = api.data(
        'query($ids: [ID!]) { cohort(cohort: {personIds: $ids}, at: "2025-02-01") { selfReported { instrument reported meanScore concern concernShare } } }',
        ids=[ann, bob],
    )["cohort"]["selfReported"]
    by = {f["instrument"]: f for f in figures}
    assert by["LSNS6"] == {"instrument": "LSNS6", "reported": 2, "meanScore": 11.0, "concern": 1, "concernShare": 0.5}
    assert by["ONS"]["concern"] == 1 and by["UCLA3"]["reported"] == 0


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ({"instrument": "LSNS6", "answers": [1, 2, 3]}, "WRONG_COUNT"),
        ({"instrument": "LSNS6", "answers": [1, 2, 3, 4, 5, 6]}, "OUT_OF_RANGE"),
        ({"instrument": "UCLA3", "answers": [0, 2, 2]}, "OUT_OF_RANGE"),
        ({"instrument": "ONS", "answer": "sometimes maybe"}, "UNKNOWN_ANSWER"),
        ({"instrument": "ONS"}, "EMPTY"),
    ],
)
def test_bad_self_reports_write_nothing(api: Api, probe: StoreProbe, given: dict[str, Any], code: str) -> None:
    ann = person(api, "Ann")
    before = probe.state()
    assert api.error(RECORD, id=ann, input=given)["extensions"]["code"] == code
    assert probe.state() == before


def test_analysts_get_suppressed_aggregates_and_no_names(api: Api, probe: StoreProbe) -> None:
    world = build_world(probe)
    analyst = api.as_(world.tokens["analyst"])
    query = """{ cohort(cohort: {serviceId: "day"}, at: "2025-06-01") {
      size paidOnly paidOnlyShare paidOnlyPeople suppressed unpaidTieBands { zero one } } }"""
    figures = analyst.data(query)["cohort"]
    assert figures["size"] is None and figures["paidOnlyPeople"] is None
    assert "size" in figures["suppressed"]
    admin_view = api.data(query)["cohort"]
    assert admin_view["size"] == 1 and admin_view["suppressed"] == []
    assert api.as_(world.tokens["analyst"]).error('{ person(id: "vera") { name } }')["extensions"]["code"] == "FORBIDDEN"


def test_cohorts_respect_scope(api: Api, probe: StoreProbe) -> None:
    world = build_world(probe)
    manager = api.as_(world.tokens["service_manager"])
    planner = api.as_(world.tokens["planner"])
    assert manager.data('{ cohort(cohort: {serviceId: "day"}) { size } }')["cohort"]["size"] == 1
    assert manager.error('{ cohort(cohort: {area: "Old Town"}) { size } }')["extensions"]["code"] == "FORBIDDEN"
    assert planner.data("{ cohort(cohort: {}) { size } }")["cohort"]["size"] == 1
    assert planner.error('{ cohort(cohort: {personIds: ["joan"]}) { size } }')["extensions"]["code"] == "NOT_FOUND"
    unknown = api.error('{ cohort(cohort: {personIds: ["vera", "nobody"]}) { size } }')["extensions"]
    assert (unknown["code"], unknown["field"]) == ("NOT_FOUND", "personIds[1]"), "the API's own name for the field"


def test_consent_to_aggregates_is_honoured(api: Api) -> None:
    ann = person(api, "Ann")
    bob = person(api, "Bob", consent={"mapped": True, "showToOrganisers": False, "useInAggregates": False})
    figures = api.data(
        'query($ids: [ID!]) { cohort(cohort: {personIds: $ids}) { size notCounted isolated } }', ids=[ann, bob]
    )["cohort"]
    assert figures == {"size": 1, "notCounted": 1, "isolated": 1}


def test_timebank_give_and_get_in_figures_and_the_assessment(api: Api) -> None:
    """Six people supported by a service (enough to rate). In the year to 2025-12-01:
    Ann and Bob both gave and received, Cat only received (from Bob and the bank),
    Dev gave only before the year began, Eve and Fay never exchanged.
    By hand: gives-and-gets 2 of 6, only receives 1 of 6."""
    service = organisation(api, "Day Service", "SERVICE")
    bank = organisation(api, "Timebank", "TIMEBANK")
    people = [person(api, name) for name in ("Ann", "Bob", "Cat", "Dev", "Eve", "Fay")]
    for pid in people:
        participation(api, pid, service, "SUPPORTED", since="2024-01-01")
    ann, bob, cat, dev = people[:4]
    exchange = 'mutation($g: ID!, $r: ID!, $d: Date!) { recordExchange(input: {giverId: $g, receiverId: $r, hours: 1, date: $d, what: "help"}) { id } }'
    for giver, receiver in ((ann, bank), (bank, ann), (bob, bank), (bank, bob), (bob, cat), (bank, cat)):
        api.data(exchange, g=giver, r=receiver, d="2025-06-01")
    api.data(exchange, g=dev, r=bank, d="2024-01-15")  # more than a year before: does not count

    figures = api.data(
        'query($s: ID!) { cohort(cohort: {serviceId: $s}, at: "2025-12-01") { timebankGivesAndGets timebankOnlyReceives timebankGivesAndGetsShare } }',
        s=service,
    )["cohort"]
    assert (figures["timebankGivesAndGets"], figures["timebankOnlyReceives"]) == (2, 1)
    assert figures["timebankGivesAndGetsShare"] == 2 / 6
    assessment = api.data(
        'query($s: ID!) { selfAssessment(serviceId: $s, at: "2025-12-01") { principles { principle indicators { name value } } } }',
        s=service,
    )["selfAssessment"]["principles"]
    # Nobody's network was reviewed, so nobody is counted: no figure is evidence.
    work = next(p for p in assessment if p["principle"] == "RECIPROCITY")
    assert work["indicators"] == [{"name": "giving_share", "value": None}]
