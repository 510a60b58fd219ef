"""The directory pages as clients of ``services.activities``: refusals and the
service's own checks become pages and per-field problems, nothing half-written."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from support.api import Api
from support.probe import StoreProbe
from support.builders import id_named

ACTIVITY = {
    "title": "Tuesday crafts", "repeat": "WEEKLY", "starts": "2026-12-01", "weekday": "TUESDAY", "at": "14:00",
    "finishes": "16:00", "venue": "The library", "cost": "1.50", "interests": "crafts",
}  # fmt: skip


def _signed_in(api: Api, token: str) -> TestClient:
    client = api.client
    client.cookies.clear()
    response = client.post("/sign-in", data={"token": token, "next": "/directory"}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


def test_an_unknown_activity_is_a_not_found_page(demo_api: Api) -> None:
    client = demo_api.client
    client.cookies.clear()
    assert client.get("/directory/no-such-activity").status_code == 404
    assert client.get("/directory/no-such-activity/edit", follow_redirects=False).status_code == 404


def test_only_organisers_and_admins_may_register_activities(demo_api: Api, probe: StoreProbe) -> None:
    client = demo_api.client
    client.cookies.clear()
    assert client.get("/directory/new", follow_redirects=False).headers["location"].startswith("/sign-in")
    planner = _signed_in(demo_api, probe.token("planner", "dir-planner"))
    assert planner.get("/directory/new").status_code == 403
    assert "Register an activity" not in planner.get("/directory").text
    admin = _signed_in(demo_api, probe.token("admin", "dir-admin"))
    form = admin.get("/directory/new")
    assert form.status_code == 200 and len(re.findall(r'<option value="[^"]+"', form.text)) > 5, "every organisation"


def test_the_services_own_checks_come_back_per_field_and_write_nothing(demo_api: Api, probe: StoreProbe) -> None:
    group = id_named(demo_api, "organisations", "Ashbridge Walking Football Club")
    client = _signed_in(demo_api, probe.token("community_organiser", "dir-organiser", scope=group))
    before = probe.state()

    page = client.post("/directory/new", data={**ACTIVITY, "organisationId": group, "ends": "2026-01-01",
                                               "finishes": "13:00"})  # fmt: skip

    assert page.status_code == 422
    summary = page.text.split('class="error-summary"')[1].split("</div>")[0]
    assert "the activity would end (2026-01-01) before it starts (2026-12-01)" in summary
    assert 'value="The library"' in page.text, "what was typed is kept"
    assert probe.state() == before


def test_an_activity_saved_from_the_form_reads_the_same_in_the_page_and_the_api(
    demo_api: Api, probe: StoreProbe
) -> None:
    group = id_named(demo_api, "organisations", "Ashbridge Walking Football Club")
    client = _signed_in(demo_api, probe.token("community_organiser", "dir-organiser", scope=group))

    saved = client.post("/directory/new", data={**ACTIVITY, "organisationId": group}, follow_redirects=False)

    assert saved.status_code == 303, saved.text
    activity_id = saved.headers["location"].split("/")[2].split("?")[0]
    page = client.get(f"/directory/{activity_id}").text
    assert "Every Tuesday at 14:00–16:00" in page and "£1.50" in page and "Ashbridge Walking Football Club" in page
    found = demo_api.data(
        "query($id: ID!) { activity(id: $id) { costPence nextSessions(count: 3) schedule { at } } }", id=activity_id
    )["activity"]
    assert found["costPence"] == 150 and found["schedule"]["at"] == "14:00:00"
    assert ", ".join(found["nextSessions"]) in page, "the page shows the API's next sessions"
    paused = client.post(
        f"/directory/{activity_id}/edit", data={**ACTIVITY, "status": "PAUSED"}, follow_redirects=False
    )
    assert paused.status_code == 303
    after = client.get(f"/directory/{activity_id}").text
    assert "Paused." in after and "<td>—</td>" in after, "no next sessions while paused"
