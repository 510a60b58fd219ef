"""The co-production evidence through the API: reviews, the service's settings, cut-offs applied
when figures are produced, and erasure of what a person said and when they were reviewed."""

from __future__ import annotations

from datetime import date

from support.api import Api
from support.builders import organisation, participation, person, tie
from support.probe import StoreProbe

EVIDENCE = """query($s: ID!, $at: Date!) { selfAssessment(serviceId: $s, at: $at) {
  coverage { supported notCounted notReviewed counted }
  principles { principle status stage indicators { name value } } } }"""
REVIEW = "mutation($p: ID!, $on: Date) { recordNetworkReview(personId: $p, on: $on) { personId date recordedBy } }"
SETTINGS = """mutation($s: ID!, $input: ServiceSettingsInput!) {
  setServiceSettings(serviceId: $s, input: $input) { timebankId lsns6AtRiskBelow ucla3LonelyFrom recordedBy } }"""
UCLA = "mutation($p: ID!, $d: Date!, $a: [Int!]) { recordSelfReport(personId: $p, input: {instrument: UCLA3, date: $d, answers: $a}) { score concern } }"


def _service_of(api: Api, names: list[str], since: str = "2024-01-01") -> tuple[str, list[str]]:
    service = organisation(api, "Day Service", "SERVICE")
    people = [person(api, name) for name in names]
    for pid in people:
        participation(api, pid, service, "SUPPORTED", since=since)
    return service, people


def test_reviews_decide_who_the_evidence_counts(api: Api) -> None:
    service, people = _service_of(api, ["Ann", "Bob", "Cat", "Dev", "Eve", "Fay"])
    at = "2025-06-01"
    # Recording SUPPORTED through the API is mapping with the person: reviewed today, not in 2025.
    before = api.data(EVIDENCE, s=service, at=at)["selfAssessment"]
    assert before["coverage"] == {"supported": 6, "notCounted": 0, "notReviewed": 6, "counted": 0}
    assert {p["status"] for p in before["principles"]} == {"NOT_ENOUGH_EVIDENCE"}

    for pid in people[:5]:
        made = api.data(REVIEW, p=pid, on="2025-01-15")["recordNetworkReview"]
        assert made["date"] == "2025-01-15" and made["recordedBy"] == "test-admin"
    api.data(REVIEW, p=people[0], on="2025-01-15")  # the same day again: still one review
    after = api.data(EVIDENCE, s=service, at=at)["selfAssessment"]
    assert after["coverage"] == {"supported": 6, "notCounted": 0, "notReviewed": 1, "counted": 5}
    # Five people reviewed, nothing recorded beyond their support: below the basics, never the first stage.
    assert {(p["status"], p["stage"]) for p in after["principles"]} == {("BELOW_BASICS", None)}


def test_recording_a_tie_reviews_the_person_s_network_today(api: Api, probe: StoreProbe) -> None:
    ann, bob = person(api, "Ann"), person(api, "Bob")
    tie(api, ann, bob, "FRIEND", since="2020-01-01")
    rows = probe.rows("MATCH (:Person {id: $id})-[:REVIEWED]->(r:NetworkReview) RETURN r.person_id AS p", id=ann)
    assert rows == [{"p": ann}]
    assert probe.rows("MATCH (r:NetworkReview {person_id: $id}) RETURN r", id=bob) == []


def test_a_review_needs_consent_to_be_mapped_and_cannot_be_in_the_future(api: Api, probe: StoreProbe) -> None:
    unmapped = person(api, "Ann", consent={"mapped": False, "showToOrganisers": False, "useInAggregates": False})
    ann = person(api, "Bea")
    before = probe.state()
    assert api.error(REVIEW, p=unmapped)["extensions"]["code"] == "CONSENT_REQUIRED"
    assert api.error(REVIEW, p=ann, on="2199-01-01")["extensions"]["code"] == "OUT_OF_RANGE"
    assert probe.state() == before


def test_a_service_s_ucla_cut_off_changes_its_past_figures_too(api: Api) -> None:
    service, people = _service_of(api, ["Ann", "Bob"])
    for pid in people:
        report = api.data(UCLA, p=pid, d="2025-01-10", a=[2, 2, 1])["recordSelfReport"]
        assert report == {"score": 5, "concern": False}  # the default cut-off, 6
    figures = 'query($s: ID!) { cohort(cohort: {serviceId: $s}, at: "2025-02-01") { selfReported { instrument concern } } }'

    def lonely() -> int:
        found = api.data(figures, s=service)["cohort"]["selfReported"]
        return next(f["concern"] for f in found if f["instrument"] == "UCLA3")

    assert lonely() == 0
    saved = api.data(SETTINGS, s=service, input={"ucla3LonelyFrom": 5})["setServiceSettings"]
    assert saved == {"timebankId": None, "lsns6AtRiskBelow": 12, "ucla3LonelyFrom": 5, "recordedBy": "test-admin"}
    assert lonely() == 2  # the same answers from January, counted by the service's cut-off now
    # Other cohorts keep the documented default.
    caseload = api.data(
        'query($ids: [ID!]) { cohort(cohort: {personIds: $ids}, at: "2025-02-01") { selfReported { instrument concern } } }',
        ids=people,
    )["cohort"]["selfReported"]
    assert next(f["concern"] for f in caseload if f["instrument"] == "UCLA3") == 0


def test_settings_are_checked_before_anything_is_written(api: Api, probe: StoreProbe) -> None:
    service, _ = _service_of(api, ["Ann"])
    club = organisation(api, "Club")
    before = probe.state()
    assert api.error(SETTINGS, s=service, input={"ucla3LonelyFrom": 10})["extensions"]["code"] == "OUT_OF_RANGE"
    assert api.error(SETTINGS, s=service, input={"timebankId": club})["extensions"]["code"] == "NOT_A_TIMEBANK"
    assert api.error(SETTINGS, s=club, input={})["extensions"]["code"] == "NOT_A_SERVICE"
    assert probe.state() == before
    defaults = api.data('query($s: ID!) { serviceSettings(serviceId: $s) { timebankId ucla3LonelyFrom recordedBy } }', s=service)
    assert defaults["serviceSettings"] == {"timebankId": None, "ucla3LonelyFrom": 6, "recordedBy": None}


def test_the_service_s_timebank_reaches_its_evidence(api: Api) -> None:
    service, people = _service_of(api, ["Ann", "Bob", "Cat", "Dev", "Eve"], since="2020-01-01")
    bank = organisation(api, "Timebank", "TIMEBANK")
    for pid in people:
        participation(api, pid, bank, "MEMBER", since="2020-01-01")
    today = date.today().isoformat()

    def work() -> list[dict[str, object]]:
        found = api.data(EVIDENCE, s=service, at=today)["selfAssessment"]["principles"]
        return next(p["indicators"] for p in found if p["principle"] == "VALUING_WORK_DIFFERENTLY")

    assert {"name": "timebank_people_share", "value": None} in work()
    api.data(SETTINGS, s=service, input={"timebankId": bank})
    assert {"name": "timebank_people_share", "value": 1.0} in work()


def test_erasure_removes_reviews_and_self_reports(api: Api, probe: StoreProbe) -> None:
    ann = person(api, "Ann")
    api.data(REVIEW, p=ann, on="2025-01-15")
    api.data(UCLA, p=ann, d="2025-01-10", a=[2, 2, 1])
    export = api.data('query($p: ID!) { subjectAccessExport(personId: $p) }', p=ann)["subjectAccessExport"]
    assert [r["date"] for r in export["network_reviews"]] == ["2025-01-15"]
    assert [r["score"] for r in export["self_reports"]] == [5]
    api.data('mutation($p: ID!) { erasePerson(personId: $p) }', p=ann)
    assert probe.rows("MATCH (n) WHERE n.person_id = $id RETURN labels(n) AS l", id=ann) == []


def test_analysts_see_no_small_counts_in_the_evidence(api: Api, probe: StoreProbe) -> None:
    service, _ = _service_of(api, ["Ann", "Bob", "Cat", "Dev", "Eve"], since="2020-01-01")
    shy = person(api, "Fay", consent={"mapped": True, "showToOrganisers": False, "useInAggregates": False})
    participation(api, shy, service, "SUPPORTED", since="2020-01-01")
    query = """query($s: ID!, $at: Date!) { selfAssessment(serviceId: $s, at: $at) {
      people coverage { supported notCounted notReviewed counted sentence } principles { reason sentence } } }"""
    today = date.today().isoformat()
    admin = api.data(query, s=service, at=today)["selfAssessment"]
    assert admin["coverage"]["sentence"] == "5 of the 6 people supported are counted (1 did not agree to be counted)"
    analyst = api.as_(probe.token("analyst", "analyst-1")).data(query, s=service, at=today)["selfAssessment"]
    # Counts are rounded to 5; those below 5 (the one who did not agree, and zero) are not shown,
    # nor any sentence that would give exact numbers.
    assert analyst["coverage"] == {"supported": 5, "notCounted": None, "notReviewed": None, "counted": 5, "sentence": None}
    assert analyst["people"] == 5
    assert all(not any(c.isdigit() for c in p["sentence"] + p["reason"]) for p in analyst["principles"])
