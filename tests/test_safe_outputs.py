"""What netmap sends out cannot be turned against its readers: CSV cells that a
spreadsheet would run are neutralised, names are drawn as written, pages carry
security headers and a policy they satisfy, personal answers are not cached,
sign-in refuses other sites' forms, and production names no hidden fields."""

from __future__ import annotations

import csv
import io
import re

import pytest

from netmap.api.settings import ApiSettings, Mode
from netmap.interchange.csv_layout import SHEETS, template
from netmap.domain.spreadsheet import csv_text, neutralised
from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings, create_app
from support.api import Api
from support.builders import organisation, participation, person, tie
from support.ops import NETWORK_EXPORT
from support.paths import REPO
from support.probe import StoreProbe
from starlette.testclient import TestClient

FORMULAS = ["=HYPERLINK(\"http://example.invalid\")", "+44 7700 900123", "-1+1", "@SUM(A1)"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_a_cell_a_spreadsheet_would_run_gets_a_single_quote(start: str) -> None:
    assert neutralised(f"{start}cmd") == f"'{start}cmd"
    assert neutralised(f"a{start}cmd") == f"a{start}cmd"
    [row] = list(csv.reader(io.StringIO(csv_text([[f"{start}cmd|x", "plain"]]), newline="")))
    assert row == [f"'{start}cmd|x", "plain"]


def test_every_csv_netmap_writes_goes_through_the_one_helper() -> None:
    """No module but the helper writes CSV itself (readers are fine)."""
    writers = [
        path.relative_to(REPO).as_posix()
        for path in (REPO / "netmap").rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    ]
    assert writers == ["netmap/domain/spreadsheet.py"]
    for sheet in SHEETS.values():
        assert all(not cell.startswith(("=", "+", "-", "@")) for row in csv.reader(io.StringIO(template(sheet))) for cell in row)


def test_network_csv_neutralises_names_and_labels(api: Api) -> None:
    service = organisation(api, "=Service", kind="SERVICE")
    people = [person(api, name) for name in FORMULAS]
    for someone in people:
        participation(api, someone, service, "SUPPORTED", since="2024-01-01")
    tie(api, people[0], people[1], label="@friend", since="2024-01-01")
    exported = api.data(NETWORK_EXPORT, cohort={"serviceId": service}, format="CSV", at="2025-01-01")["networkExport"]
    nodes_file, edges_file = exported["files"]
    labels = {row["label"] for row in csv.DictReader(io.StringIO(nodes_file["content"]))}
    assert labels == {"'=Service", *("'" + name for name in FORMULAS)}
    edges = list(csv.DictReader(io.StringIO(edges_file["content"])))
    assert "'@friend" in {row["label"] for row in edges}
    assert all(not value.startswith(("=", "+", "-", "@")) for row in edges for value in row.values())


def test_a_name_with_dollar_signs_is_drawn_as_written(api: Api) -> None:
    vera = person(api, r"$\foo$ Vera")
    friend = person(api, r"$x^2$ and $\bar{y}$")
    tie(api, vera, friend, since="2024-01-01")
    headers = {"Authorization": f"Bearer {api.token}"}
    for fmt in ("svg", "png"):
        picture = api.client.get(f"/pictures/people/{vera}/circles.{fmt}", params={"at": "2025-01-01"}, headers=headers)
        assert picture.status_code == 200, picture.text
    svg = api.client.get(f"/pictures/people/{vera}/circles.svg", params={"at": "2025-01-01"}, headers=headers).text
    # Long labels wrap (at a space), so the friend's name may be drawn on two lines: each part as written.
    assert r"$\foo$ Vera" in svg and r"$x^2$ and" in svg and r"$\bar{y}$" in svg


def _signed_in(api: Api) -> TestClient:
    client = api.client
    client.cookies.clear()
    response = client.post("/sign-in", data={"token": api.token, "next": "/people"}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


def test_every_page_carries_the_security_headers(api: Api) -> None:
    someone = person(api, "Ada")
    service = organisation(api, "Day Service", kind="SERVICE")
    client = _signed_in(api)
    for path in ("/", "/directory", "/people", f"/people/{someone}", f"/services/{service}", "/sign-in",
                 f"/pictures/people/{someone}/circles.svg", f"/exports/services/{service}/network.json?at=2025-01-01",
                 "/graphql?query={__typename}", "/healthz", "/people/unknown"):  # fmt: skip
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["x-frame-options"] == "DENY", path
        assert response.headers["referrer-policy"] == "same-origin", path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], path
        assert response.headers["cache-control"] == "no-store", path
    page_policy = client.get("/people").headers["content-security-policy"]
    assert "default-src 'none'" in page_policy and "script-src" not in page_policy
    picture_policy = client.get(f"/pictures/people/{someone}/circles.svg").headers["content-security-policy"]
    assert "sandbox" in picture_policy
    assert "no-store" not in client.get("/static/netmap.css").headers.get("cache-control", "")


def test_graphiql_keeps_working_under_its_own_policy(api: Api) -> None:
    ide = api.client.get("/graphql", headers={"accept": "text/html"})
    assert ide.status_code == 200 and "graphiql" in ide.text.lower()
    policy = ide.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy and "script-src 'self';" in policy


def test_templates_need_no_inline_style_or_script() -> None:
    """The page policy allows only this site's stylesheet and no scripts at all."""
    for template_file in (REPO / "netmap" / "web" / "templates").glob("*.html"):
        if template_file.name == "report.html":
            continue  # a file written by `netmap report`, never served
        text = template_file.read_text(encoding="utf-8")
        if template_file.name == "graphiql.html":  # its own policy: scripts from netmap's own files, none inline
            assert all(' src="/static/' in tag for tag in re.findall(r"<script[^>]*>", text))
            assert not re.search(r"<script[^>]*>[^<\s]", text)
            continue
        assert not re.search(r"\sstyle=|<style|<script|\son[a-z]+=", text), template_file.name


def test_sign_in_refuses_a_form_from_another_site(api: Api) -> None:
    client = api.client
    client.cookies.clear()
    for headers in ({"origin": "https://elsewhere.example"}, {"origin": "null"},
                    {"referer": "https://elsewhere.example/login"}):  # fmt: skip
        refused = client.post("/sign-in", data={"token": api.token, "next": "/"}, headers=headers, follow_redirects=False)
        assert refused.status_code == 403, headers
        assert "set-cookie" not in refused.headers
    same = client.post("/sign-in", data={"token": api.token, "next": "/"}, headers={"origin": "http://testserver"},
                       follow_redirects=False)  # fmt: skip
    assert same.status_code == 303 and "set-cookie" in same.headers


def test_production_names_no_fields_in_its_errors(store_settings: StoreSettings, probe: StoreProbe) -> None:
    token = probe.token("admin", "production-admin")
    typos = [
        "{ organisations { nodes { nme } } }",
        "{ organisations(ara: \"x\") { nodes { name } } }",
        "{ organisations(kind: SERVIC) { nodes { name } } }",
        "{ organisations { nodes { ... on Organisatio { name } } } }",
    ]
    for mode, hints in ((Mode.PRODUCTION, False), (Mode.DEVELOPMENT, True)):
        app = create_app(AppSettings(store=store_settings, api=ApiSettings(mode=mode)))
        with TestClient(app) as client:
            for query in typos:
                body = client.post("/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}).json()
                messages = " ".join(e["message"] for e in body["errors"])
                assert ("Did you mean" in messages) is hints, (mode, query, messages)
                assert {e["extensions"]["code"] for e in body["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}
            variables = client.post(
                "/graphql", json={"query": "query($k: OrganisationKind) { organisations(kind: $k) { nodes { name } } }",
                                  "variables": {"k": "SERVIC"}},
                headers={"Authorization": f"Bearer {token}"},
            ).json()  # fmt: skip
            assert ("Did you mean" in variables["errors"][0]["message"]) is hints, variables
