"""The directory as Open Referral UK 3.0: the API, validated against the profile's own
JSON Schemas; export and import round trip; the profile's examples imported with every
field netmap cannot keep reported by its path."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from netmap.cli import app
from netmap.interchange.oruk_import import read_directory
from netmap.store.settings import StoreSettings
from support.api import Api
from support.builders import organisation, store_options
from support.oruk import example, needs_profile, problems, response_schema
from support.probe import StoreProbe

CREATE = "mutation($input: ActivityInput!) { createActivity(input: $input) { id } }"
PAUSE = "mutation($id: ID!) { updateActivity(id: $id, input: {status: PAUSED}) { id } }"
LISTING = """{ activities { nodes { id title description interests venue area accessibility costPence costNote contact
  status schedule { repeat starts ends dates weekday weekOfMonth at finishes } organisation { id name } } } }"""
SCHEDULES = {
    "Craft morning": {"repeat": "WEEKLY", "starts": "2025-01-06", "weekday": "MONDAY", "at": "10:30:00",
                      "finishes": "12:00:00"},
    "Walk and talk": {"repeat": "FORTNIGHTLY", "starts": "2025-01-03", "ends": "2026-12-31", "weekday": "WEDNESDAY"},
    "Repair cafe": {"repeat": "MONTHLY", "starts": "2025-01-01", "weekday": "SATURDAY", "weekOfMonth": 5},
    "Summer fair": {"repeat": "ONE_OFF", "starts": "2026-07-04", "dates": ["2026-07-04", "2026-07-05"]},
}  # fmt: skip


def nulls(value: Any, path: str = "$") -> list[str]:
    if value is None:
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in nulls(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in nulls(v, f"{path}[{i}]")]
    return []


def directory(api: Api) -> str:
    club = organisation(api, "Make & Mend", description="Mending and making, together")
    ids = {}
    for title, schedule in SCHEDULES.items():
        ids[title] = api.data(CREATE, input={
            "organisationId": club, "title": title, "schedule": schedule, "description": f"{title}, all welcome",
            "interests": ["crafts", "walking"], "venue": "Maple Court lounge", "area": "Old Town",
            "accessibility": ["step-free access", "hearing loop"], "costPence": 250, "costNote": "tea included",
            "contact": "Claire, 01234 567890",
        })["createActivity"]["id"]  # fmt: skip
    api.data(PAUSE, id=ids["Walk and talk"])
    return club


@needs_profile
def test_every_demo_service_and_the_page_are_valid_oruk_3(demo_api: Api) -> None:
    client = demo_api.client
    page = client.get("/openreferral/services", params={"per_page": 100}).json()
    assert problems(response_schema("/services"), page) == []
    assert page["total_items"] == len(page["contents"]) == 14
    assert nulls(page) == []
    for service in page["contents"]:
        assert problems("service.json", service) == [], service["name"]
        assert problems("compiled/service.json", service) == [], service["name"]
        single = client.get(f"/openreferral/services/{service['id']}")
        assert single.status_code == 200 and single.json() == service
    about = client.get("/openreferral/").json()
    assert problems(response_schema("/"), about) == []
    assert about["version"] == "3.0"
    assert about["openapi_url"].endswith("/schema/openapi.json")


@needs_profile
def test_the_export_says_every_schedule_venue_term_and_cost_in_3_0_terms(api: Api) -> None:
    directory(api)
    page = api.client.get("/openreferral/services").json()
    for service in page["contents"]:
        assert problems("service.json", service) == []
    by_name = {s["name"]: s for s in page["contents"]}
    craft = by_name["Craft morning"]
    assert craft["schedules"][0] | {"id": "-"} == {
        "id": "-", "service_id": craft["id"], "freq": "WEEKLY", "interval": 1, "byday": "MO",
        "dtstart": "2025-01-06", "valid_from": "2025-01-06", "opens_at": "10:30:00", "closes_at": "12:00:00",
    }  # fmt: skip
    walk = by_name["Walk and talk"]
    assert walk["status"] == "temporarily closed"
    assert {k: walk["schedules"][0][k] for k in ("interval", "byday", "dtstart", "valid_from", "valid_to")} == {
        "interval": 2, "byday": "WE", "dtstart": "2025-01-08", "valid_from": "2025-01-03", "valid_to": "2026-12-31"}
    assert by_name["Repair cafe"]["schedules"][0]["byday"] == "-1SA"
    fair = by_name["Summer fair"]["schedules"]
    assert [(s["dtstart"], s["valid_to"], "freq" in s) for s in fair] == [("2026-07-04", "2026-07-04", False),
                                                                         ("2026-07-05", "2026-07-05", False)]
    location = craft["service_at_locations"][0]["location"]
    assert location["location_type"] == "physical"
    assert location["addresses"][0] | {"id": "-", "location_id": "-"} == {
        "id": "-", "location_id": "-", "address_1": "Maple Court lounge", "city": "Old Town", "state_province": "",
        "postal_code": "", "country": "GB", "address_type": "physical"}  # fmt: skip
    assert [a["accessibility"] for a in location["accessibility"]] == ["step-free access", "hearing loop"]
    terms = [(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["name"]) for a in craft["attributes"]]
    assert terms == [("netmap-interests", "crafts"), ("netmap-interests", "walking"),
                     ("netmap-access-features", "step-free access"), ("netmap-access-features", "hearing loop")]
    assert craft["cost_options"][0] | {"id": "-"} == {
        "id": "-", "service_id": craft["id"], "amount": 2.5, "currency": "GBP", "amount_description": "tea included"}
    assert craft["contacts"][0]["name"] == "Claire, 01234 567890"
    assert craft["organization"]["description"] == "Mending and making, together"
    again = api.client.get("/openreferral/services").json()
    assert again == page, "ids are derived, so the same directory gives the same document"


def test_pages_filters_single_services_and_open_cors(api: Api) -> None:
    directory(api)
    client = api.client
    first = client.get("/openreferral/services", params={"per_page": 3}).json()
    assert {k: v for k, v in first.items() if k != "contents"} == {
        "total_items": 4, "total_pages": 2, "page_number": 1, "size": 3, "first_page": True, "last_page": False,
        "empty": False}  # fmt: skip
    second = client.get("/openreferral/services", params={"per_page": 3, "page": 2}).json()
    assert (second["size"], second["first_page"], second["last_page"]) == (1, False, True)
    assert [s["name"] for s in first["contents"] + second["contents"]] == sorted(SCHEDULES, key=str.casefold)
    beyond = client.get("/openreferral/services", params={"per_page": 3, "page": 3}).json()
    assert (beyond["contents"], beyond["empty"]) == ([], True)
    assert client.get("/openreferral/services", params={"per_page": 0}).status_code == 400
    assert client.get("/openreferral/services", params={"page": "x"}).status_code == 400

    found = client.get("/openreferral/services", params={"search": "REPAIR"}).json()
    assert [s["name"] for s in found["contents"]] == ["Repair cafe"]
    loop = first["contents"][0]["attributes"][-1]["taxonomy_term"]
    assert loop["name"] == "hearing loop"
    tagged = client.get("/openreferral/services", params={"taxonomy_term_id": loop["id"]}).json()
    assert tagged["total_items"] == 4
    paused = next(s for s in first["contents"] + second["contents"] if s["name"] == "Walk and talk")
    assert max(s["last_modified"] for s in first["contents"] + second["contents"]) == paused["last_modified"]
    changed = client.get("/openreferral/services", params={"modified_after": paused["last_modified"]}).json()
    assert [s["name"] for s in changed["contents"]] == ["Walk and talk"]
    assert client.get("/openreferral/services", params={"modified_after": "2000-01-01"}).json()["total_items"] == 4
    assert client.get("/openreferral/services", params={"modified_after": "last week"}).status_code == 400

    def names(**filters: str) -> list[str]:
        answer = client.get("/openreferral/services", params=filters)
        assert answer.status_code == 200, answer.text
        return [s["name"] for s in answer.json()["contents"]]

    assert names(day="WE") == names(day="wednesday") == ["Walk and talk"]
    assert names(day="SA") == ["Repair cafe", "Summer fair"]
    assert names(start_time="10:00") == names(end_time="12:00") == ["Craft morning"]
    assert names(start_time="10:31") == names(end_time="11:59") == []
    for bad in ({"day": "someday"}, {"start_time": "noon"}):
        assert client.get("/openreferral/services", params=bad).status_code == 400
    none = client.get("/openreferral/services", params={"taxonomy_term_id": "0c5b8a1e-2f7d-4d51-9a55-000000000000"})
    assert none.json()["total_items"] == 0
    assert client.get("/openreferral/services", params={"taxonomy_id": loop["taxonomy_id"]}).json()["total_items"] == 4

    assert client.get("/openreferral/services/00000000-0000-4000-8000-000000000000").status_code == 404
    answer = client.get("/openreferral/services", headers={"Origin": "https://validator.example"})
    assert answer.headers["access-control-allow-origin"] == "*"
    preflight = client.options("/openreferral/services", headers={
        "Origin": "https://validator.example", "Access-Control-Request-Method": "GET"})  # fmt: skip
    assert preflight.status_code == 200
    refused = client.options("/openreferral/services", headers={
        "Origin": "https://validator.example", "Access-Control-Request-Method": "POST"})  # fmt: skip
    assert refused.status_code == 400
    graphql = client.post("/graphql", json={"query": "{ __typename }"}, headers={"Origin": "https://validator.example"})
    assert "access-control-allow-origin" not in graphql.headers


def test_export_then_import_gives_the_same_directory_and_document(
    api: Api, probe: StoreProbe, store_settings: StoreSettings, tmp_path: Path
) -> None:
    directory(api)
    before = api.data(LISTING)["activities"]["nodes"]
    document = tmp_path / "directory.json"
    exported = CliRunner().invoke(app, [*store_options(store_settings), "directory", "export", "--output", str(document)])
    assert exported.exit_code == 0, exported.output
    page = json.loads(document.read_text())

    probe.clear()
    token = probe.token("admin", "after-import")
    result = CliRunner().invoke(app, [*store_options(store_settings), "directory", "import", str(document)])
    assert result.exit_code == 0, result.output
    reported = [line.strip() for line in result.output.splitlines() if line.startswith("    $")]
    assert reported == [f"$.contents[{i}].last_modified: netmap notes when it imported the service instead"
                        for i in range(4)]  # fmt: skip
    again = CliRunner().invoke(app, [*store_options(store_settings), "directory", "import", str(document)])
    assert again.exit_code == 0

    after = api.as_(token).data(LISTING)["activities"]["nodes"]
    assert after == before
    exported_again = api.client.get("/openreferral/services").json()
    for service in page["contents"] + exported_again["contents"]:
        service.pop("last_modified")
    assert exported_again == page


@needs_profile
def test_the_profiles_examples_import_and_say_what_was_not_kept(
    api: Api, probe: StoreProbe, store_settings: StoreSettings, tmp_path: Path
) -> None:
    single = tmp_path / "service_full.json"
    single.write_text(json.dumps(example("service_full.json")))
    result = CliRunner().invoke(app, [*store_options(store_settings), "directory", "import", str(single)])
    assert result.exit_code == 0, result.output
    assert "$ (Community Counselling): held as 2 activities, one per weekday or time" in result.output
    for reported in ("$.schedules[0].bymonthday: netmap has no place for it", "$.funding: netmap has no place for it",
                     "$.service_at_locations[0].location.latitude", "$.cost_options[0].valid_from",
                     "$.organization.website", "$.attributes[0].taxonomy_term.term_uri"):  # fmt: skip
        assert reported in result.output
    for kept in ("closes_at", "byday", "city", ".accessibility[0].accessibility", "taxonomy_term.name", "amount:"):
        assert kept not in result.output
    nodes = api.data(LISTING)["activities"]["nodes"]
    assert sorted(n["schedule"]["weekday"] for n in nodes) == ["FRIDAY", "THURSDAY"]
    thursday = next(n for n in nodes if n["schedule"]["weekday"] == "THURSDAY")
    assert thursday["id"] == "ac148810-d857-441c-9679-408f346de14b"
    assert thursday["organisation"] == {"id": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "name": "Example Organization Inc."}
    assert thursday["schedule"] | {"dates": None} == {
        "repeat": "WEEKLY", "starts": "2005-01-01", "ends": "2005-01-01", "dates": None, "weekday": "THURSDAY",
        "weekOfMonth": None, "at": "10:00:00", "finishes": "18:00:00"}  # fmt: skip
    assert (thursday["venue"], thursday["area"]) == ("MyCity Civic Center, 1-30 Main Street, ABC 1234", "MyCity")
    assert thursday["accessibility"] == ["The building is equipped with induction loops for hearing aids",
                                         "Wheelchair access is possible on all levels"]
    assert (thursday["interests"], thursday["costPence"]) == (["name"], 3500)
    assert thursday["costNote"] == "Under 18s and Over 60s; per 1 hour session"
    assert thursday["contact"] == "Ann Persona, Reception Manager"

    for name, path in (("organization_full.json", "$.services[0]"), ("service_at_location_full.json", "$.service")):
        other = read_directory(example(name))
        assert [a for _, a in other.activities] == [a for _, a in read_directory(example("service_full.json")).activities]
        assert f"{path}.schedules[0].bymonthday" in {n.path for n in other.not_kept}
    listing = read_directory(example("service_list.json"))
    assert listing.activities == []
    assert [(n.path, n.reason[:13]) for n in listing.not_kept] == [("$.contents[0]", "not imported:")]


@needs_profile
def test_every_field_of_the_examples_is_kept_or_reported() -> None:
    """No silent loss: each value of an example is kept, or reported at its path or above it."""
    documents = ("service_full.json", "service_list.json", "organization_full.json", "service_at_location_full.json",
                 "service_at_location_list.json")  # fmt: skip
    for name in documents:
        document = example(name)
        found = read_directory(document)
        reported = {n.path for n in found.not_kept}
        kept = _kept_paths(document, found)
        body = _leaves(document["contents"], "$.contents") if "contents" in document else _leaves(document, "$")
        assert body
        for path, _ in body:
            assert path in kept or any(path == r or path.startswith((r + ".", r + "[")) for r in reported), path


def _leaves(value: Any, path: str) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, f"{path}[{i}]")]
    return [(path, value)]


def _kept_paths(document: Any, found: Any) -> set[str]:
    """Values whose text shows up, unchanged or in part, in what was read (a netmap field holds it)."""
    held = json.dumps([[id, a.model_dump(mode="json")] for id, a in found.activities]
                      + [[id, o.model_dump(mode="json")] for id, o in found.organisations])  # fmt: skip
    days = {"mo": "monday", "tu": "tuesday", "we": "wednesday", "th": "thursday", "fr": "friday"}

    implied = {"physical", "gb", "service"}
    """A netmap venue is a physical place in Great Britain; netmap's terms are a service's."""

    def shown(piece: str) -> bool:
        return piece in implied or days.get(piece, piece) in held.lower()

    return {p for p, v in _leaves(document, "$") if all(shown(x.strip().rstrip(".")) for x in re.split(r",|\.\s", str(v).lower()))}


def test_a_bad_listing_reports_every_problem_and_writes_nothing(
    probe: StoreProbe, store_settings: StoreSettings, tmp_path: Path
) -> None:
    bad = {"contents": [
        {"id": "s1", "name": "", "status": "active", "organization": {"id": "o1", "name": "Club"},
         "schedules": [{"freq": "WEEKLY", "interval": 1, "byday": "XX", "valid_from": "2025-01-01"}]},
        {"id": "s2", "name": "Yoga", "status": "active", "organization": {"id": "o1", "name": "Club"},
         "schedules": [{"freq": "WEEKLY", "interval": 1, "byday": "MO", "valid_from": "2025-01-01",
                        "valid_to": "2024-01-01"}]},
        {"id": "s3", "name": "Chess", "status": "open", "organization": {"id": "o1", "name": "Club"},
         "schedules": [{"dtstart": "2025-02-30", "opens_at": "19:00", "closes_at": "18:00"}]},
        {"name": "No id"},
    ]}  # fmt: skip
    document = tmp_path / "bad.json"
    document.write_text(json.dumps(bad))
    result = CliRunner().invoke(app, [*store_options(store_settings), "directory", "import", str(document)])
    assert result.exit_code == 2
    for expected in ("$.contents[0].name: EMPTY", "$.contents[0].schedules[0].byday: SCHEDULE_INCOMPLETE",
                     "$.contents[1].schedules[0].valid_to: INVALID_INTERVAL", "$.contents[2].status: INVALID_INPUT",
                     "$.contents[2].schedules[0]: INVALID_INPUT", "$.contents[3]: INVALID_INPUT"):  # fmt: skip
        assert expected in result.output
    assert probe.state() == set()


def test_a_session_cannot_finish_before_it_starts(api: Api) -> None:
    club = organisation(api, "Chess club")
    schedule = {"repeat": "WEEKLY", "starts": "2025-01-06", "weekday": "MONDAY", "at": "19:00:00", "finishes": "18:30:00"}
    error = api.error(CREATE, input={"organisationId": club, "title": "Chess", "schedule": schedule})
    assert error["extensions"]["code"] == "INVALID_INTERVAL"


def _service(**fields: Any) -> dict[str, Any]:
    return {"id": "11111111-1111-4111-8111-111111111111", "name": "Walks", "status": "active",
            "organization": {"id": "22222222-2222-4222-8222-222222222222", "name": "Ramblers", "description": ""},
            **fields}  # fmt: skip


def test_what_netmap_holds_differently_and_what_it_reports() -> None:
    monthly = read_directory(_service(schedules=[
        {"id": "x", "freq": "MONTHLY", "interval": 1, "byday": "1MO,-1FR,5SA", "valid_from": "2025-01-01"},
        {"id": "y", "freq": "WEEKLY", "interval": 3, "byday": "TU", "valid_from": "2025-01-01"},
        {"dtstart": "2025-03-01", "opens_at": "10:00"}, {"dtstart": "2025-03-08", "opens_at": "10:00"},
        {"dtstart": "2025-03-15", "opens_at": "14:00", "closes_at": "16:00"},
    ], cost_options=[{"amount": 3, "currency": "EUR"}], contacts=[{"name": "Ann"}, {"name": "Bob"}]))  # fmt: skip
    held = [(a.schedule.repeat.value, a.schedule.weekday and a.schedule.weekday.value, a.schedule.week_of_month,
             [d.isoformat() for d in a.schedule.dates], str(a.schedule.at)) for _, a in monthly.activities]  # fmt: skip
    assert held == [
        ("MONTHLY", "MONDAY", 1, [], "None"), ("MONTHLY", "FRIDAY", 5, [], "None"),
        ("ONE_OFF", None, None, ["2025-03-01", "2025-03-08"], "10:00:00"),
        ("ONE_OFF", None, None, ["2025-03-15"], "14:00:00"),
    ]  # fmt: skip
    assert monthly.activities[0][0] == "11111111-1111-4111-8111-111111111111"
    assert len({id for id, _ in monthly.activities}) == 4
    reasons = {n.path: n.reason for n in monthly.not_kept}
    assert "5SA" in reasons["$.schedules[0].byday"]
    assert reasons["$.schedules[1]"].startswith("netmap repeats weekly, fortnightly")
    assert reasons["$.cost_options[0]"] == "netmap holds costs in pounds (GBP)"
    assert reasons["$.contacts[1]"] == "netmap holds one contact per activity"
    assert all(a.cost_pence is None and a.contact == "Ann" for _, a in monthly.activities)

    fortnightly = read_directory(_service(schedules=[
        {"freq": "WEEKLY", "interval": 2, "byday": "WE", "valid_from": "2025-01-01", "dtstart": "2025-01-08"}]))
    schedule = fortnightly.activities[0][1].schedule
    assert (schedule.repeat.value, schedule.starts.isoformat()) == ("FORTNIGHTLY", "2025-01-08")
    assert {n.path for n in fortnightly.not_kept} == {"$.schedules[0].valid_from"}


def test_an_edit_in_the_organisers_form_keeps_the_closing_time(api: Api, probe: StoreProbe) -> None:
    club = organisation(api, "Chess club")
    schedule = {"repeat": "WEEKLY", "starts": "2025-01-06", "weekday": "MONDAY", "at": "18:00:00", "finishes": "20:30:00"}
    id = api.data(CREATE, input={"organisationId": club, "title": "Chess", "schedule": schedule})["createActivity"]["id"]
    client = api.client
    client.cookies.clear()
    signed_in = client.post("/sign-in", data={"token": probe.token("admin", "editor"), "next": "/directory"},
                            follow_redirects=False)  # fmt: skip
    assert signed_in.status_code == 303
    assert "Every Monday at 18:00–20:30" in client.get(f"/directory/{id}").text

    form = client.get(f"/directory/{id}/edit").text
    fields = dict(re.findall(r'name="(\w+)"[^>]*? value="([^"]*)"', form))
    assert fields["finishes"] == "20:30"
    changed = client.post(f"/directory/{id}/edit", data={**fields, "weekday": "MONDAY", "repeat": "WEEKLY",
                                                          "venue": "The library", "status": "ACTIVE"},
                          follow_redirects=False)  # fmt: skip
    assert changed.status_code == 303, changed.text
    after = api.data("query($id: ID!) { activity(id: $id) { venue schedule { at finishes } } }", id=id)["activity"]
    assert after == {"venue": "The library", "schedule": {"at": "18:00:00", "finishes": "20:30:00"}}
