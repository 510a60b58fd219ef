"""Administration in the browser: tokens made (shown once), listed and revoked, and
planners' caseloads assigned, through the API and with the same audit entries
as `netmap token`."""

from __future__ import annotations

import re

from starlette.testclient import TestClient
from typer.testing import CliRunner

from netmap.cli import app
from netmap.store.settings import StoreSettings
from support.api import Api
from support.builders import person, store_options
from support.probe import StoreProbe

runner = CliRunner()


def _signed_in(api: Api, token: str) -> TestClient:
    client = api.client
    client.cookies.clear()
    response = client.post("/sign-in", data={"token": token, "next": "/admin/tokens"}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


def _audit(probe: StoreProbe, operation: str) -> list[dict[str, object]]:
    return probe.rows(
        "MATCH (e:AuditEntry {operation: $op}) RETURN e.action AS action, e.role AS role, "
        "e.person_id AS person, e.token_subject AS holder ORDER BY e.at", op=operation,
    )  # fmt: skip


def test_an_admin_makes_a_token_that_is_shown_once_then_revokes_it(
    api: Api, probe: StoreProbe, store_settings: StoreSettings
) -> None:
    client = _signed_in(api, probe.token("admin", "web-admin"))

    made = client.post("/admin/tokens", data={"role": "planner", "subject": "sam", "name": "Sam Planner"})

    assert made.status_code == 200 and made.headers["cache-control"] == "no-store"
    [token] = re.findall(r'<code id="token-value">(nm_[^<]+)</code>', made.text)
    assert api.as_(token).data("{ me { subject role } }")["me"] == {"subject": "sam", "role": "PLANNER"}
    listed = client.get("/admin/tokens")
    assert "Sam Planner" in listed.text and token not in listed.text, "shown once, never listed"
    [token_id] = re.findall(r'action="/admin/tokens/([^/"]+)/revoke"><button type="submit" aria-label="Revoke the token of Sam Planner"', listed.text)

    revoked = client.post(f"/admin/tokens/{token_id}/revoke", follow_redirects=False)

    assert revoked.status_code == 303
    after = client.post("/graphql", json={"query": "{ me { subject } }"}, headers={"Authorization": f"Bearer {token}"})
    assert (after.status_code, after.json()["errors"][0]["extensions"]["code"]) == (401, "UNAUTHENTICATED")
    cli = runner.invoke(app, [*store_options(store_settings), "token", "create", "--role", "planner", "--subject", "kim"])
    assert cli.exit_code == 0, cli.output
    assert _audit(probe, "createToken") == [
        {"action": "WRITE", "role": "admin", "person": None, "holder": "sam"},
        {"action": "WRITE", "role": "admin", "person": None, "holder": "kim"},
    ], "the pages and the command line leave the same entries"
    assert _audit(probe, "revokeToken") == [{"action": "WRITE", "role": "admin", "person": None, "holder": "sam"}]


def test_a_token_form_with_problems_says_what_and_makes_nothing(api: Api, probe: StoreProbe) -> None:
    client = _signed_in(api, probe.token("admin", "web-admin"))
    before = probe.rows("MATCH (t:Token) RETURN count(t) AS n")
    refused = client.post("/admin/tokens", data={"role": "service_manager", "subject": " "})
    assert refused.status_code == 422
    assert "subject: say who holds the token" in refused.text
    assert "scopeId: a service_manager token is bound to an id" in refused.text
    assert probe.rows("MATCH (t:Token) RETURN count(t) AS n") == before


def test_only_admins_see_the_admin_pages(api: Api, probe: StoreProbe) -> None:
    client = _signed_in(api, probe.token("planner", "web-planner"))
    assert client.get("/admin/tokens").status_code == 403
    assert client.post("/admin/tokens", data={"role": "admin", "subject": "me-too"}).status_code == 403
    assert client.get("/admin/caseloads").status_code == 403
    client.cookies.clear()
    assert client.get("/admin/tokens", follow_redirects=False).status_code == 303


def test_an_admin_assigns_and_removes_caseloads(api: Api, probe: StoreProbe) -> None:
    vera = person(api, "Vera Hollins")
    client = _signed_in(api, probe.token("admin", "web-admin"))
    planner = api.as_(probe.token("planner", "sam"))
    assert planner.data("{ caseload { name } }")["caseload"] == []

    found = client.get("/admin/caseloads", params={"planner": "sam", "search": "Vera"})
    assert "Add Vera Hollins to the caseload" in found.text
    client.post("/admin/caseloads", data={"planner": "sam", "personId": vera, "action": "assign", "search": "Vera"})

    assert planner.data("{ caseload { name } }")["caseload"] == [{"name": "Vera Hollins"}]
    shown = client.get("/admin/caseloads", params={"planner": "sam"})
    assert "Take Vera Hollins off the caseload" in shown.text
    client.post("/admin/caseloads", data={"planner": "sam", "personId": vera, "action": "unassign"})
    assert planner.data("{ caseload { name } }")["caseload"] == []


def test_a_token_form_with_an_unknown_role_or_a_past_date_says_so_per_field(api: Api, probe: StoreProbe) -> None:
    client = _signed_in(api, probe.token("admin", "web-admin"))
    before = probe.rows("MATCH (t:Token) RETURN count(t) AS n")
    unknown = client.post("/admin/tokens", data={"role": "emperor", "subject": "sam", "expiresAt": "31/12/2030"})
    assert unknown.status_code == 422
    assert "role: one of admin" in unknown.text and "expiresAt: a date, YYYY-MM-DD" in unknown.text
    past = client.post("/admin/tokens", data={"role": "planner", "subject": "sam", "expiresAt": "2001-01-01"})
    assert past.status_code == 422 and "expiresAt: must be in the future" in past.text
    assert probe.rows("MATCH (t:Token) RETURN count(t) AS n") == before


def test_revoking_an_unknown_token_is_a_not_found_page(api: Api, probe: StoreProbe) -> None:
    client = _signed_in(api, probe.token("admin", "web-admin"))
    assert client.post("/admin/tokens/no-such-token/revoke", follow_redirects=False).status_code == 404
    assert _audit(probe, "revokeToken") == []


def test_caseload_pages_audit_the_people_they_show(api: Api, probe: StoreProbe) -> None:
    vera = person(api, "Vera Hollins")
    client = _signed_in(api, probe.token("admin", "web-admin"))
    client.post("/admin/caseloads", data={"planner": "sam", "personId": vera, "action": "assign"})
    assert _audit(probe, "assignCaseload") == [{"action": "WRITE", "role": "admin", "person": vera, "holder": None}]
    shown = client.get("/admin/caseloads", params={"planner": "sam"})
    assert "Take Vera Hollins off the caseload" in shown.text
    assert {"action": "READ", "role": "admin", "person": vera, "holder": None} in _audit(probe, "caseload")
    refused = client.post("/admin/caseloads", data={"planner": "sam", "personId": "nobody", "action": "assign"})
    assert refused.status_code == 404


def test_the_command_line_lists_and_revokes_through_the_same_service(
    api: Api, probe: StoreProbe, store_settings: StoreSettings
) -> None:
    client = _signed_in(api, probe.token("admin", "web-admin"))
    made = client.post("/admin/tokens", data={"role": "planner", "subject": "lee", "name": "Lee Planner"})
    [token_id] = re.findall(r'<tr id="token-([^"]+)">\s*<td>Lee Planner', made.text)
    options = store_options(store_settings)

    listed = runner.invoke(app, [*options, "token", "list"])
    revoked = runner.invoke(app, [*options, "token", "revoke", token_id])
    unknown = runner.invoke(app, [*options, "token", "revoke", "no-such-token"])
    expired = runner.invoke(app, [*options, "token", "create", "--role", "planner", "--subject", "old",
                                  "--expires", "2001-01-01"])  # fmt: skip

    assert listed.exit_code == 0 and token_id in listed.output and "usable" in listed.output
    assert revoked.exit_code == 0, revoked.output
    assert "revoked" in client.get("/admin/tokens").text.split(f'id="token-{token_id}"')[1].split("</tr>")[0]
    assert unknown.exit_code == 1 and expired.exit_code == 1
    assert _audit(probe, "revokeToken") == [{"action": "WRITE", "role": "admin", "person": None, "holder": "lee"}]
    assert [e["holder"] for e in _audit(probe, "createToken")] == ["lee"], "an expired token is not made"
