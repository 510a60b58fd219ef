"""Map with them, over HTTP: the forms a planner fills in with a person post to
the same service functions as the API's mutations, so bad input is refused by
field with nothing written, an id outside the caller's scope is answered like an
unknown one, and what was written is what the API then shows."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from support.api import Api
from support.probe import StoreProbe
from support.builders import organisation, person, tie

PERSON = """
query($id: ID!) { person(id: $id) {
  consent { mapped showToOrganisers useInAggregates recorded { by } }
  ties(includeEnded: true) { id kind since until endReason closeness contactFrequency label
    contact { name } corrections { reason } }
  participations(includeEnded: true) { id role title until endReason organisation { name } corrections { reason } }
} }
"""


def _signed_in(api: Api, token: str) -> TestClient:
    client = api.client
    client.cookies.clear()
    assert client.post("/sign-in", data={"token": token}, follow_redirects=False).status_code == 303
    return client


def _world(api: Api, probe: StoreProbe) -> dict[str, str]:
    """Vera (agreed), Bill (never asked), Olive (on no one's caseload), a planner with Vera and Bill."""
    ids = {
        "vera": person(api, "Vera Hollins", area="Ashbridge"),
        "bill": person(api, "Bill Ashworth", consent=None),
        "olive": person(api, "Olive Stone"),
        "club": organisation(api, "Ashbridge Lunch Club"),
    }
    api.data('mutation($p: [ID!]!) { assignCaseload(planner: "map-planner", personIds: $p) }', p=[ids["vera"], ids["bill"]])
    ids["planner"] = probe.token("planner", "map-planner")
    return ids


def test_consent_first_then_the_map_can_change(api: Api, probe: StoreProbe) -> None:
    ids = _world(api, probe)
    client = _signed_in(api, ids["planner"])

    page = client.get(f"/people/{ids['bill']}/map")
    assert page.status_code == 200
    assert "map cannot be changed" in page.text and 'action="/people/' + ids["bill"] + '/map/ties"' not in page.text
    before = probe.state()
    refused = client.post(f"/people/{ids['bill']}/map/ties", data={"otherId": ids["vera"], "kind": "FRIEND"})
    assert refused.status_code == 422 and "not agreed to be mapped" in refused.text
    assert probe.state() == before

    done = client.post(f"/people/{ids['bill']}/map/consent", data={"mapped": "yes", "showToOrganisers": "no",
                                                                   "useInAggregates": "yes"}, follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and done.headers["location"].startswith(f"/people/{ids['bill']}/map?done=consent")
    consent = api.data(PERSON, id=ids["bill"])["person"]["consent"]
    assert consent == {"mapped": True, "showToOrganisers": False, "useInAggregates": True, "recorded": {"by": "map-planner"}}
    assert "map cannot be changed" not in client.get(f"/people/{ids['bill']}/map").text


def test_a_new_contact_and_an_existing_person_are_added_and_shown_by_the_api(api: Api, probe: StoreProbe) -> None:
    ids = _world(api, probe)
    api.data('mutation($p: [ID!]!) { assignCaseload(planner: "test-admin", personIds: $p) }', p=[ids["vera"]])
    client = _signed_in(api, api.token or "")

    added = client.post(f"/people/{ids['vera']}/map/contacts", data={
        "name": "Doris Evans", "area": "Ashbridge", "kind": "FRIEND", "since": "2025-06-01", "closeness": "CLOSE",
        "contactFrequency": "WEEKLY", "label": ""}, follow_redirects=False)  # fmt: skip
    found = client.get(f"/people/{ids['vera']}/map?find=olive")
    known = client.post(f"/people/{ids['vera']}/map/ties", data={"otherId": ids["olive"], "kind": "NEIGHBOUR",
                                                                  "since": "2024-01-01"}, follow_redirects=False)  # fmt: skip

    assert added.status_code == 303 and known.status_code == 303
    assert "Olive Stone" in found.text
    ties = {t["contact"]["name"]: t for t in api.data(PERSON, id=ids["vera"])["person"]["ties"]}
    assert ties["Doris Evans"]["kind"] == "FRIEND" and ties["Doris Evans"]["since"] == "2025-06-01"
    assert ties["Doris Evans"]["closeness"] == "CLOSE" and ties["Doris Evans"]["contactFrequency"] == "WEEKLY"
    assert ties["Olive Stone"]["kind"] == "NEIGHBOUR" and ties["Olive Stone"]["closeness"] is None
    page = client.get(f"/people/{ids['vera']}/map")
    assert page.status_code == 200 and "Doris Evans" in page.text and "Olive Stone" in page.text
    assert probe.rows("MATCH (n:Person {name: 'Doris Evans'}) RETURN n.area AS area, n.consent_recorded_by AS m") == [
        {"area": "Ashbridge", "m": None}
    ]  # a contact never asked: named as a contact only


def test_bad_input_is_refused_by_field_with_nothing_written(api: Api, probe: StoreProbe) -> None:
    ids = _world(api, probe)
    client = _signed_in(api, api.token or "")
    before = probe.state()

    bad = client.post(f"/people/{ids['vera']}/map/contacts",
                      data={"name": "  ", "kind": "COUSIN", "since": "yesterday", "closeness": "VERY"})  # fmt: skip
    group = client.post(f"/people/{ids['vera']}/map/groups", data={"organisationId": ids["club"], "role": "ROLE"})

    assert bad.status_code == 422 and group.status_code == 422
    for field in ("new-name", "new-kind", "new-since", "new-closeness"):
        assert re.search(f'id="{field}"[^>]*aria-invalid="true"', bad.text), field
        assert f'id="{field}-error"' in bad.text
    assert 'id="group-title-error"' in group.text and "needs a title" in group.text
    assert probe.state() == before


def test_ids_outside_the_scope_answer_as_unknown_ones(api: Api, probe: StoreProbe) -> None:
    ids = _world(api, probe)
    client = _signed_in(api, ids["planner"])
    before = probe.state()

    def answer(path: str, **data: str) -> tuple[int, str]:
        response = client.post(path, data=data) if data else client.get(path)
        return response.status_code, re.sub(r"[0-9a-f-]{36}|nobody-at-all", "ID", response.text)

    assert answer(f"/people/{ids['olive']}/map") == answer("/people/nobody-at-all/map")
    assert answer(f"/people/{ids['olive']}/map")[0] == 404
    outside = answer(f"/people/{ids['vera']}/map/ties", otherId=ids["olive"], kind="FRIEND")
    unknown = answer(f"/people/{ids['vera']}/map/ties", otherId="nobody-at-all", kind="FRIEND")
    assert outside == unknown and outside[0] == 404 and "Olive" not in outside[1]
    assert answer(f"/people/{ids['olive']}/map/consent", mapped="no") == answer("/people/nobody-at-all/map/consent", mapped="no")
    assert probe.state() == before


def test_ending_and_correcting_keep_the_history(api: Api, probe: StoreProbe) -> None:
    ids = _world(api, probe)
    made = tie(api, ids["vera"], ids["olive"], "FRIEND", since="2024-01-01")
    client = _signed_in(api, api.token or "")
    before = probe.state()
    base = f"/people/{ids['vera']}/map/ties/{made['id']}"

    no_date = client.post(f"{base}/end", data={"until": "", "reason": "moved away"})
    no_reason = client.post(f"{base}/correct", data={"kind": "NEIGHBOUR", "since": "2024-01-01", "reason": ""})
    assert no_date.status_code == 422 and 'id="end-until-error"' in no_date.text
    assert no_reason.status_code == 422 and 'id="fix-reason-error"' in no_reason.text
    assert probe.state() == before

    fixed = client.post(f"{base}/correct", data={"kind": "NEIGHBOUR", "since": "2024-01-01", "closeness": "",
                                                  "contactFrequency": "", "reason": "entered as a friend by mistake"},
                        follow_redirects=False)  # fmt: skip
    ended = client.post(f"{base}/end", data={"until": "2025-03-01", "reason": "moved away"}, follow_redirects=False)
    assert fixed.status_code == 303 and ended.status_code == 303
    [shown] = api.data(PERSON, id=ids["vera"])["person"]["ties"]
    assert shown["kind"] == "NEIGHBOUR" and shown["until"] == "2025-03-01" and shown["endReason"] == "moved away"
    assert [c["reason"] for c in shown["corrections"]] == ["entered as a friend by mistake"]
    history = client.get(base)
    assert "entered as a friend by mistake" in history.text and "kind: friend" in history.text
    assert "moved away" in client.get(f"/people/{ids['vera']}/map").text


def test_a_group_is_added_ended_and_the_comparison_shows_what_changed(api: Api, probe: StoreProbe) -> None:
    ids = _world(api, probe)
    tie(api, ids["vera"], ids["olive"], "FRIEND", since="2024-01-01")
    probe.rows("MATCH (r:NetworkReview) SET r.date = date('2025-01-01')")  # the last mapping, long ago
    client = _signed_in(api, api.token or "")

    added = client.post(f"/people/{ids['vera']}/map/groups", data={"organisationId": ids["club"], "role": "VOLUNTEER",
                                                                    "since": "2025-02-01"}, follow_redirects=False)  # fmt: skip
    [part] = api.data(PERSON, id=ids["vera"])["person"]["participations"]
    ended = client.post(f"/people/{ids['vera']}/map/groups/{part['id']}/end", data={"until": "2025-09-01"},
                        follow_redirects=False)  # fmt: skip
    page = client.get(f"/people/{ids['vera']}/map")

    assert added.status_code == 303 and ended.status_code == 303
    assert part["role"] == "VOLUNTEER" and part["organisation"]["name"] == "Ashbridge Lunch Club"
    [after] = api.data(PERSON, id=ids["vera"])["person"]["participations"]
    assert after["until"] == "2025-09-01"
    compare = page.text[page.text.index('id="compare"'):]
    assert "Compared with 2025-01-01" in compare and "Olive Stone" not in compare.split("</table>")[0].split("<tbody>")[1]


def test_a_form_sent_from_another_site_is_refused(api: Api, probe: StoreProbe) -> None:
    ids = _world(api, probe)
    client = _signed_in(api, api.token or "")
    before = probe.state()

    response = client.post(f"/people/{ids['vera']}/map/consent", data={"mapped": "no"},
                           headers={"Origin": "https://elsewhere.example"}, follow_redirects=False)  # fmt: skip

    assert response.status_code in (303, 401, 403)
    assert probe.state() == before


def test_consent_is_never_assumed(api: Api, probe: StoreProbe) -> None:
    """Questions left unanswered are refused by field; nothing is recorded for the person."""
    ids = _world(api, probe)
    client = _signed_in(api, ids["planner"])
    form = client.get(f"/people/{ids['bill']}/map").text
    before = probe.state()

    half = client.post(f"/people/{ids['bill']}/map/consent", data={"mapped": "yes"})

    assert not re.search(r'name="mapped" value="(yes|no)" checked', form)  # never asked: neither answer chosen
    assert half.status_code == 422
    assert 'id="consent-showToOrganisers-error"' in half.text and 'id="consent-useInAggregates-error"' in half.text
    assert 'name="mapped" value="yes" checked' in half.text  # what was answered is kept
    assert probe.state() == before


def test_a_form_posted_twice_writes_once(api: Api, probe: StoreProbe) -> None:
    """Each rendering of a form carries its own key: a double click or a resent POST adds one contact."""
    ids = _world(api, probe)
    client = _signed_in(api, ids["planner"])
    page = client.get(f"/people/{ids['vera']}/map").text
    form = page[page.index('action="/people/' + ids["vera"] + '/map/contacts"'):]
    key = re.search(r'name="formKey" value="([0-9a-f]{32})"', form)
    assert key is not None
    data = {"formKey": key.group(1), "name": "Doris Evans", "kind": "FRIEND"}

    first = client.post(f"/people/{ids['vera']}/map/contacts", data=data, follow_redirects=False)
    again = client.post(f"/people/{ids['vera']}/map/contacts", data=data, follow_redirects=False)
    fresh = client.post(f"/people/{ids['vera']}/map/contacts", data={**data, "formKey": "0" * 32}, follow_redirects=False)

    assert first.status_code == again.status_code == 303
    assert fresh.status_code == 303  # another rendering of the form: another contact of that name
    assert probe.rows("MATCH (p:Person {name: 'Doris Evans'}) RETURN count(p) AS n") == [{"n": 2}]
