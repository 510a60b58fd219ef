"""The web pages and pictures over HTTP, on the demo community: signing in,
a person's circles at two dates, a service's dashboard, the public directory
and the organisers' form — each showing only what its caller may see."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
from starlette.testclient import TestClient
from typer.testing import CliRunner

from netmap.cli import app
from netmap.store.settings import StoreSettings
from support.api import Api
from support.builders import id_named, store_options
from support.pages import signed_in
from support.probe import StoreProbe

VERA_MOVED = "2025-06-01"
VERA_BEFORE = "2024-12-01"



def test_signing_in_with_a_bad_token_says_why_and_sets_no_cookie(demo_api: Api, probe: StoreProbe) -> None:
    client = demo_api.client
    bad = client.post("/sign-in", data={"token": "nm_not-a-real-token"})
    assert bad.status_code == 401
    assert "Unknown token." in bad.text
    assert "netmap_session" not in bad.headers.get("set-cookie", "")

    expired = probe.token("planner", "old-planner", revoked=True)
    refused = client.post("/sign-in", data={"token": expired})
    assert refused.status_code == 401 and "revoked" in refused.text


def test_a_revoked_session_is_sent_back_to_sign_in(demo_api: Api, probe: StoreProbe) -> None:
    token = probe.token("admin", "short-lived")
    client = signed_in(demo_api, token)
    assert client.get("/people").status_code == 200
    probe.rows("MATCH (t:Token {subject: 'short-lived'}) SET t.revoked_at = datetime()")

    page = client.get("/people", follow_redirects=False)

    assert page.status_code == 303 and page.headers["location"].startswith("/sign-in?problem=")


def test_the_cookie_is_a_session_that_signing_out_ends(demo_api: Api, probe: StoreProbe) -> None:
    token = probe.token("admin", "session-admin")
    client = signed_in(demo_api, token)
    session_id = client.cookies["netmap_session"]
    assert token not in session_id and session_id.startswith("nms_")
    stored = probe.rows("MATCH (s:Session) RETURN properties(s) AS s")
    assert len(stored) == 1 and session_id not in str(stored)
    assert client.get("/people").status_code == 200

    client.post("/sign-out", follow_redirects=False)
    client.cookies.set("netmap_session", session_id)
    again = client.get("/people", follow_redirects=False)

    assert again.status_code == 303 and again.headers["location"].startswith("/sign-in?problem=")
    assert probe.rows("MATCH (s:Session) RETURN count(s) AS n") == [{"n": 0}]
    as_bearer = client.post("/graphql", json={"query": "{ me { role } }"}, headers={"Authorization": f"Bearer {session_id}"})
    assert as_bearer.status_code == 401


def test_person_page_shows_circles_at_two_dates(demo_api: Api) -> None:
    vera = id_named(demo_api, "people", "Vera Hollins")
    client = signed_in(demo_api, demo_api.token or "")

    page = client.get(f"/people/{vera}", params={"at": VERA_MOVED, "compare": VERA_BEFORE})

    assert page.status_code == 200
    pictures = re.findall(r'<img src="(/pictures/people/[^"]+)" alt="([^"]+)"', page.text)
    assert [src for src, _ in pictures] == [
        f"/pictures/people/{vera}/circles.svg?at={VERA_BEFORE}",
        f"/pictures/people/{vera}/circles.svg?at={VERA_MOVED}",
    ]
    before_alt, after_alt = (alt for _, alt in pictures)
    assert "Bill Ashworth" in before_alt and "Bill Ashworth" not in after_alt
    assert "Doris Evans" in after_alt and "Doris Evans" not in before_alt
    assert "Maple Court" in after_alt
    for src, _ in pictures:
        image = client.get(src.replace("&amp;", "&"))
        assert image.status_code == 200 and image.headers["content-type"] == "image/svg+xml"
        assert b"Vera Hollins" in image.content


def test_circles_picture_as_png_and_refusals(demo_api: Api, probe: StoreProbe) -> None:
    vera = id_named(demo_api, "people", "Vera Hollins")
    headers = {"Authorization": f"Bearer {demo_api.token}"}

    png = demo_api.client.get(f"/pictures/people/{vera}/circles.png", params={"at": VERA_MOVED}, headers=headers)
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")

    bad_date = demo_api.client.get(f"/pictures/people/{vera}/circles.svg", params={"at": "2025-02-30"}, headers=headers)
    assert bad_date.status_code == 400 and "YYYY-MM-DD" in bad_date.text

    other_planner = {"Authorization": f"Bearer {probe.token('planner', 'planner-with-nobody')}"}
    hidden = demo_api.client.get(f"/pictures/people/{vera}/circles.svg", headers=other_planner)
    assert hidden.status_code == 404 and "Vera" not in hidden.text

    anonymous = demo_api.client.get(f"/pictures/people/{vera}/circles.svg")
    assert anonymous.status_code == 401


def test_dashboard_shows_the_trend_the_early_warnings_and_the_self_assessment(demo_api: Api) -> None:
    day = id_named(demo_api, "organisations", "Brook Lane Day Service")
    client = signed_in(demo_api, demo_api.token or "")

    page = client.get(f"/services/{day}", params={"from": "2024-11-01", "to": "2026-11-01"})

    assert page.status_code == 200
    table = page.text.split('id="trend-figures"')[1].split("</table>")[0]
    months = re.findall(r"<tr><td>(\d{4}-\d{2}-\d{2})</td>", table)
    assert months[0] == "2024-11-01" and months[-1] == "2026-11-01" and len(months) == 25
    # The demo's answers: Ryan (Steve, close, weekly) and Ben (Jack, close, weekly) of the 12 counted.
    last = table.split("<tr><td>2026-11-01</td>")[1].split("</tr>")[0]
    assert last.count("2 (17%; asked: 2)") == 2, last
    assert f'src="/pictures/services/{day}/trend.svg?from=2024-11-01&amp;to=2026-11-01"' in page.text
    assert "Co-production evidence on 2026-11-01" in page.text
    assert "the figures suggest" in page.text and "12 of the 12 people supported are counted" in page.text
    assert "rag-" not in page.text  # the colour is the people's own choice, made in a reflection

    chart = client.get(f"/pictures/services/{day}/trend.svg", params={"from": "2024-11-01", "to": "2026-11-01"})
    assert chart.status_code == 200 and b"Brook Lane Day Service" in chart.content
    backwards = client.get(f"/services/{day}", params={"from": "2026-11-01", "to": "2024-11-01"})
    assert backwards.status_code == 400


def test_a_service_manager_sees_only_their_own_dashboard(demo_api: Api, probe: StoreProbe) -> None:
    day = id_named(demo_api, "organisations", "Brook Lane Day Service")
    willow = id_named(demo_api, "organisations", "Willow House Supported Living")
    client = signed_in(demo_api, probe.token("service_manager", "willow-manager", scope=willow))

    assert client.get("/services", follow_redirects=False).headers["location"] == f"/services/{willow}"
    assert client.get(f"/services/{willow}").status_code == 200
    refused = client.get(f"/services/{day}")
    assert refused.status_code == 403 and "own service" in refused.text


def test_public_directory_lists_and_filters_activities(demo_api: Api) -> None:
    client = demo_api.client
    client.cookies.clear()

    everything = client.get("/directory")
    walking = client.get("/directory", params={"text": "walk"})

    assert everything.status_code == walking.status_code == 200
    titles = re.findall(r'<h3><a href="/directory/[^"]+">([^<]+)</a>', everything.text)
    found = re.findall(r'<h3><a href="/directory/[^"]+">([^<]+)</a>', walking.text)
    assert len(titles) >= 10 and 0 < len(found) < len(titles)
    assert "Register an activity" not in everything.text


def _organiser(api: Api, probe: StoreProbe) -> tuple[TestClient, str]:
    group = id_named(api, "organisations", "Ashbridge Walking Football Club")
    return signed_in(api, probe.token("community_organiser", "walk-leader", scope=group)), group


NEW_ACTIVITY = {
    "title": "Riverside litter pick", "description": "Gloves and bags provided.", "interests": "walking, nature",
    "repeat": "MONTHLY", "starts": "2026-12-01", "weekday": "SATURDAY", "weekOfMonth": "1", "at": "10:00",
    "venue": "Riverside car park", "area": "Riverside", "accessibility": "step-free access", "cost": "0",
    "contact": "walks@example.org",
}  # fmt: skip


def test_organiser_registers_an_activity_that_appears_in_the_directory(demo_api: Api, probe: StoreProbe) -> None:
    client, group = _organiser(demo_api, probe)

    form = client.get("/directory/new")
    assert form.status_code == 200 and f'<option value="{group}"' in form.text
    saved = client.post("/directory/new", data={**NEW_ACTIVITY, "organisationId": group}, follow_redirects=False)

    assert saved.status_code == 303, saved.text
    page = client.get(saved.headers["location"])
    assert "Riverside litter pick" in page.text and "Saved." in page.text and "free" in page.text
    listed = client.get("/directory", params={"text": "litter"})
    assert "Riverside litter pick" in listed.text


def test_organiser_form_reports_every_problem_and_writes_nothing(demo_api: Api, probe: StoreProbe) -> None:
    client, group = _organiser(demo_api, probe)
    before = probe.state()
    bad = {**NEW_ACTIVITY, "organisationId": group, "title": "", "cost": "a fiver", "weekOfMonth": "first"}

    page = client.post("/directory/new", data=bad)

    assert page.status_code == 422
    summary = page.text.split('class="error-summary"')[1].split("</div>")[0]
    assert "Cost: enter an amount in pounds" in summary
    assert "Week of month: a number from 1 to 5" in summary
    assert 'value="a fiver"' in page.text, "what was typed is kept"
    assert probe.state() == before

    empty_title = client.post("/directory/new", data={**NEW_ACTIVITY, "organisationId": group, "title": ""})
    assert empty_title.status_code == 422 and "Title: must not be empty" in empty_title.text
    assert probe.state() == before


def test_organiser_edits_only_their_own_activities(demo_api: Api, probe: StoreProbe) -> None:
    client, group = _organiser(demo_api, probe)
    theirs = demo_api.data(
        "query($o: ID) { activities(organisationId: $o) { nodes { id title } } }", o=group
    )["activities"]["nodes"][0]
    others = demo_api.data("query { activities(first: 50) { nodes { id organisation { id } } } }")["activities"]["nodes"]
    other = next(a for a in others if a["organisation"]["id"] != group)

    form = client.get(f"/directory/{theirs['id']}/edit")
    assert form.status_code == 200 and theirs["title"] in form.text
    fields = dict(re.findall(r'name="(\w+)"[^>]*? value="([^"]*)"', form.text))
    changed = client.post(f"/directory/{theirs['id']}/edit", data={**fields, "repeat": "WEEKLY",
                          "weekday": "MONDAY", "venue": "The new hall", "status": "ACTIVE"}, follow_redirects=False)  # fmt: skip
    assert changed.status_code == 303, changed.text
    assert "The new hall" in client.get(f"/directory/{theirs['id']}").text

    assert client.get(f"/directory/{other['id']}/edit").status_code == 403
    assert client.post(f"/directory/{other['id']}/edit", data={"title": "Mine now"}).status_code == 403


def test_a_form_posted_from_another_site_is_refused(demo_api: Api, probe: StoreProbe) -> None:
    client, group = _organiser(demo_api, probe)
    before = probe.state()

    attempt = client.post(
        "/directory/new", data={**NEW_ACTIVITY, "organisationId": group},
        headers={"Origin": "http://elsewhere.example"}, follow_redirects=False,
    )  # fmt: skip

    assert attempt.status_code == 303 and attempt.headers["location"].startswith("/sign-in")
    assert probe.state() == before


def test_people_by_ids_leaves_out_those_not_in_scope(demo_api: Api, probe: StoreProbe) -> None:
    vera = id_named(demo_api, "people", "Vera Hollins")
    doris = id_named(demo_api, "people", "Doris Evans")
    planner = probe.token("planner", "veras-planner")
    demo_api.data("mutation($p: [ID!]!) { assignCaseload(planner: \"veras-planner\", personIds: $p) }", p=[vera])

    names = demo_api.as_(planner).data("query($ids: [ID!]) { people(ids: $ids) { nodes { name } } }", ids=[vera, doris])

    assert names["people"]["nodes"] == [{"name": "Vera Hollins"}]
    too_many = demo_api.error("query($ids: [ID!]) { people(ids: $ids) { nodes { id } } }", ids=[vera] * 101)
    assert too_many["extensions"]["code"] == "TOO_MANY"


def test_dashboard_downloads_the_network_for_gephi(demo_api: Api, probe: StoreProbe) -> None:
    day = id_named(demo_api, "organisations", "Brook Lane Day Service")
    willow = id_named(demo_api, "organisations", "Willow House Supported Living")
    client = signed_in(demo_api, demo_api.token or "")
    page = client.get(f"/services/{day}", params={"from": "2025-01-01", "to": "2025-07-01"})
    links = re.findall(r'href="(/exports/services/[^"]+)"', page.text)
    assert len(links) == 5

    graphml = client.get(links[0].replace("&amp;", "&"))
    assert graphml.status_code == 200 and graphml.headers["content-type"].startswith("application/graphml+xml")
    assert 'attachment; filename="' in graphml.headers["content-disposition"]
    graph = nx.parse_graphml(graphml.text, force_multigraph=True)
    assert graph.number_of_nodes() > 11 and graph.number_of_edges() > 0
    edges_csv = client.get(f"/exports/services/{day}/network-edges.csv", params={"at": "2025-06-01"})
    assert edges_csv.status_code == 200 and edges_csv.text.splitlines()[0].startswith("id,")

    manager = signed_in(demo_api, probe.token("service_manager", "willow-exporter", scope=willow))
    refused = manager.get(f"/exports/services/{day}/network.gexf", params={"at": "2025-06-01"})
    assert refused.status_code == 403
    unknown = manager.get(f"/exports/services/{willow}/network.xlsx", params={"at": "2025-06-01"})
    assert unknown.status_code == 404 and "network.graphml" in unknown.text


def test_report_command_writes_the_service_report(demo_api: Api, store_settings: StoreSettings, tmp_path: Path) -> None:
    db = store_options(store_settings)
    report = tmp_path / "board.html"

    made = CliRunner().invoke(app, [*db, "report", "Brook Lane Day Service", "--from", "2024-11-01",
                                    "--to", "2026-11-01", "-o", str(report)])  # fmt: skip

    assert made.exit_code == 0, made.output
    html = report.read_text()
    assert html.count('<svg role="img" aria-label="Brook Lane Day Service, 2024-11-01 to 2026-11-01') == 1
    assert "<td>2026-11-01</td><td>12</td>" in html
    assert "Co-production evidence on 2026-11-01" in html
    assert 'href="/people/' not in html, "a standalone report has no links into the site"

    missing = CliRunner().invoke(app, [*db, "report", "No Such Service", "-o", str(tmp_path / "none.html")])
    assert missing.exit_code == 2 and "NOT_FOUND" in missing.output
    assert not (tmp_path / "none.html").exists()
    backwards = CliRunner().invoke(app, [*db, "report", "Brook Lane Day Service", "--from", "2026-01-01",
                                         "--to", "2025-01-01", "-o", str(tmp_path / "none.html")])  # fmt: skip
    assert backwards.exit_code == 2 and not (tmp_path / "none.html").exists()
