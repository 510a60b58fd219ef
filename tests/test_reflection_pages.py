"""The reflection pages as clients of ``services.reflections``: a service's own
reflections only, the service's checks as per-field problems with nothing written,
and the page showing what the API answers."""

from __future__ import annotations

from starlette.testclient import TestClient

from support.api import Api
from support.probe import StoreProbe
from support.builders import organisation

FORM = {"heldOn": "2025-01-15", "count-PERSON_USING_THE_SERVICE": "4", "count-STAFF": "2", "names-STAFF": "Nadia",
        "stage-RECIPROCITY": "GOT_THE_BASICS", "colour-RECIPROCITY": "AMBER",
        "action-RECIPROCITY-1-what": "Start a swap shop", "action-RECIPROCITY-1-due": "2025-06-01",
        "action-OVERALL-1-what": "Meet again"}  # fmt: skip
READ = """query($id: ID!) { reflections(id: $id) { heldOn peopleTakingPart
  principles { principle colour } actionPlan { id what status } } }"""


def _signed_in(api: Api, token: str) -> TestClient:
    client = api.client
    client.cookies.clear()
    response = client.post("/sign-in", data={"token": token, "next": "/people"}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


def test_a_reflection_recorded_in_the_page_is_the_one_the_api_reads(api: Api, probe: StoreProbe) -> None:
    service = organisation(api, "Brook Lane", "SERVICE")
    token = probe.token("service_manager", "brook-manager", scope=service)
    client = _signed_in(api, token)

    saved = client.post(f"/services/{service}/reflections/new", data=FORM, follow_redirects=False)

    assert saved.status_code == 303, saved.text
    reflection_id = saved.headers["location"].split("/reflections/")[1].split("?")[0]
    [found] = api.as_(token).data(READ, id=reflection_id)["reflections"]
    assert found["peopleTakingPart"] == 6 and found["heldOn"] == "2025-01-15"
    page = client.get(f"/reflections/{reflection_id}").text
    assert "Reflection of 2025-01-15: Brook Lane" in page and "6 people took part" in page
    assert '<span class="rag rag-AMBER">AMBER</span>' in page and "Start a swap shop" in page
    listed = client.get(f"/services/{service}/reflections").text
    assert "0 of 2 done" in listed and f'href="/reflections/{reflection_id}"' in listed

    swap = next(a for a in found["actionPlan"] if a["what"] == "Start a swap shop")
    done = client.post(f"/reflections/{reflection_id}/actions/{swap['id']}/status", data={"status": "DONE"},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    assert "1 of 2 done" in client.get(f"/services/{service}/reflections").text


def test_the_services_own_checks_come_back_on_the_form_and_write_nothing(api: Api, probe: StoreProbe) -> None:
    service = organisation(api, "Brook Lane", "SERVICE")
    client = _signed_in(api, probe.token("service_manager", "brook-manager", scope=service))
    before = probe.state()

    future = client.post(f"/services/{service}/reflections/new", data={**FORM, "heldOn": "2999-01-01"})
    bad_status = client.post("/reflections/nothing/actions/nothing/status", data={"status": "FINISHED"})

    assert future.status_code == 422 and "a reflection is recorded once it has been held" in future.text
    assert 'value="2999-01-01"' in future.text, "what was typed is kept"
    assert bad_status.status_code == 422
    assert probe.state() == before


def test_another_organisations_reflections_are_refused(api: Api, probe: StoreProbe) -> None:
    service = organisation(api, "Brook Lane", "SERVICE")
    other = organisation(api, "Riverside", "SERVICE")
    admin = _signed_in(api, probe.token("admin", "reflections-admin"))
    saved = admin.post(f"/services/{other}/reflections/new", data=FORM, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    theirs = saved.headers["location"].split("?")[0]
    assert admin.get("/services/no-such-service/reflections").status_code == 404
    assert admin.get("/reflections/no-such-reflection").status_code == 404

    client = _signed_in(api, probe.token("service_manager", "brook-manager", scope=service))
    assert client.get(f"/services/{other}/reflections").status_code == 403
    assert client.get(f"/services/{other}/reflections/new").status_code == 403
    assert client.post(f"/services/{other}/reflections/new", data=FORM).status_code == 403
    assert client.get(theirs).status_code == 404, "as for an unknown id"
    client.cookies.clear()
    assert client.get(f"/services/{service}/reflections", follow_redirects=False).headers["location"].startswith(
        "/sign-in"
    )
