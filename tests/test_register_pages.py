"""The organiser's attendance register over HTTP: the same rules as
recordAttendance, registerNewcomer and recordVolunteering, through the same
service functions; problems by field with nothing written, and the group's
participants only."""

from __future__ import annotations

import re
from datetime import date, timedelta

from starlette.testclient import TestClient

from support.api import Api
from support.probe import StoreProbe
from support.builders import organisation, participation, person

ATTENDANCE = """
mutation($a: ID!, $d: Date!, $p: [ID!]!) { recordAttendance(input: {activityId: $a, date: $d, personIds: $p}) { recorded } }
"""


def _signed_in(api: Api, token: str) -> TestClient:
    client = api.client
    client.cookies.clear()
    assert client.post("/sign-in", data={"token": token}, follow_redirects=False).status_code == 303
    return client


def _group(api: Api, probe: StoreProbe) -> dict[str, str]:
    """A lunch club with a session yesterday, two participants, someone elsewhere, and its organiser."""
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    club = organisation(api, "Ashbridge Lunch Club")
    made = api.data(
        "mutation($c: ID!, $d: Date!) { createActivity(input: {organisationId: $c, title: \"Lunch\", "
        "schedule: {repeat: ONE_OFF, starts: $d, dates: [$d]}}) { id } }", c=club, d=yesterday,
    )["createActivity"]  # fmt: skip
    ids = {"club": club, "activity": made["id"], "day": yesterday, "vera": person(api, "Vera Hollins"),
           "doris": person(api, "Doris Evans"), "olive": person(api, "Olive Stone")}  # fmt: skip
    for who in ("vera", "doris"):
        participation(api, ids[who], club, "MEMBER", since="2024-01-01")
    ids["organiser"] = probe.token("community_organiser", "club-organiser", scope=club)
    return ids


def test_the_register_lists_the_group_and_records_who_came(api: Api, probe: StoreProbe) -> None:
    ids = _group(api, probe)
    client = _signed_in(api, ids["organiser"])

    page = client.get(f"/directory/{ids['activity']}/register")
    came = client.post(f"/directory/{ids['activity']}/register/attendance",
                       data={"date": ids["day"], "personIds": [ids["vera"], ids["doris"]]}, follow_redirects=False)  # fmt: skip

    assert page.status_code == 200
    assert "Vera Hollins" in page.text and "Doris Evans" in page.text and "Olive Stone" not in page.text
    assert came.status_code == 303 and "done=attendance" in came.headers["location"]
    after = client.get(came.headers["location"]).text
    assert re.search(f'value="{ids["vera"]}" checked> Vera Hollins <span class="hint">\\(recorded\\)', after)
    again = api.data(ATTENDANCE, a=ids["activity"], d=ids["day"], p=[ids["vera"], ids["doris"]])
    assert again["recordAttendance"]["recorded"] == 0  # already there: the page recorded both


def test_register_refusals_write_nothing(api: Api, probe: StoreProbe) -> None:
    ids = _group(api, probe)
    client = _signed_in(api, ids["organiser"])
    before = probe.state()
    base = f"/directory/{ids['activity']}/register"

    nobody = client.post(f"{base}/attendance", data={"date": ids["day"]})
    no_session = client.post(f"{base}/attendance", data={"date": "2020-01-06", "personIds": [ids["vera"]]})
    outsider = client.post(f"{base}/attendance", data={"date": ids["day"], "personIds": [ids["olive"]]})
    unknown = client.post(f"{base}/attendance", data={"date": ids["day"], "personIds": ["nobody-at-all"]})
    hours = client.post(f"{base}/volunteering", data={"personId": ids["vera"], "date": ids["day"], "hours": "lots"})
    no_consent = client.post(f"{base}/newcomer", data={"name": "Sam", "mapped": "yes", "showToOrganisers": "no",
                                                       "useInAggregates": "no"})  # fmt: skip
    unanswered = client.post(f"{base}/newcomer", data={"name": "Sam", "mapped": "yes", "showToOrganisers": "yes"})
    no_name = client.post(f"{base}/newcomer", data={"name": "", "mapped": "yes", "showToOrganisers": "yes",
                                                    "useInAggregates": "yes"})  # fmt: skip

    assert nobody.status_code == 422 and 'id="came-error"' in nobody.text
    assert no_session.status_code == 422 and "no session on 2020-01-06" in no_session.text
    scrub = lambda text: re.sub(r"[0-9a-f-]{36}|nobody-at-all", "ID", text)  # noqa: E731
    assert outsider.status_code == 404 and scrub(outsider.text) == scrub(unknown.text)
    assert hours.status_code == 422 and 'id="vol-hours-error"' in hours.text
    assert no_consent.status_code == 422 and 'id="nc-consent-error"' in no_consent.text
    assert unanswered.status_code == 422 and 'id="nc-useInAggregates-error"' in unanswered.text
    assert no_name.status_code == 422 and 'id="nc-name-error"' in no_name.text
    assert probe.state() == before


def test_a_newcomer_and_volunteering_hours(api: Api, probe: StoreProbe) -> None:
    ids = _group(api, probe)
    client = _signed_in(api, ids["organiser"])
    base = f"/directory/{ids['activity']}/register"

    joined = client.post(f"{base}/newcomer", data={"name": "Sam Okafor", "role": "VOLUNTEER", "since": ids["day"], "mapped": "yes",
                                                   "showToOrganisers": "yes", "useInAggregates": "no"},
                         follow_redirects=False)  # fmt: skip
    page = client.get(base)
    [sam] = probe.rows("MATCH (p:Person {name: 'Sam Okafor'}) RETURN p.id AS id")
    gave = client.post(f"{base}/volunteering", data={"personId": sam["id"], "date": ids["day"], "hours": "2.5"},
                       follow_redirects=False)  # fmt: skip

    assert joined.status_code == 303 and gave.status_code == 303
    assert "Sam Okafor" in page.text
    participants = api.data(
        "query($c: ID!) { organisation(id: $c) { participants { nodes { role person { name consent { mapped useInAggregates } } } } } }",
        c=ids["club"],
    )["organisation"]["participants"]["nodes"]  # fmt: skip
    assert {"role": "VOLUNTEER", "person": {"name": "Sam Okafor", "consent": {"mapped": True, "useInAggregates": False}}} in participants
    assert probe.rows("MATCH (:Person {name: 'Sam Okafor'})-[v:VOLUNTEERED]->(:Activity) RETURN v.hours AS h") == [{"h": 2.5}]


def test_only_the_groups_own_organisers_see_its_register(api: Api, probe: StoreProbe) -> None:
    ids = _group(api, probe)
    other = organisation(api, "Somewhere Else")
    client = _signed_in(api, probe.token("community_organiser", "other-organiser", scope=other))

    refused = client.get(f"/directory/{ids['activity']}/register")
    as_person = _signed_in(api, probe.token("person", "just-a-person", scope=ids["vera"])).get(f"/directory/{ids['activity']}/register")

    assert refused.status_code == 403 and "Vera" not in refused.text
    assert as_person.status_code == 403
