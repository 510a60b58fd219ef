"""The person page says when their network was last reviewed, and records a review done today."""

from __future__ import annotations

from datetime import date

from support.api import Api
from support.builders import person
from support.pages import signed_in
from support.probe import StoreProbe


def test_the_person_page_records_a_review_done_today(api: Api, probe: StoreProbe) -> None:
    ann = person(api, "Ann")
    client = signed_in(api, api.token or "")
    page = client.get(f"/people/{ann}")
    assert "Ann's network has not been reviewed with them yet" in page.text
    origin = str(client.base_url).rstrip("/")
    done = client.post(f"/people/{ann}/reviewed", headers={"Origin": origin}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/people/{ann}?reviewed=1"
    page = client.get(done.headers["location"])
    assert f"Network last reviewed with Ann on {date.today().isoformat()}." in page.text
    assert probe.rows("MATCH (r:NetworkReview {person_id: $id}) RETURN r.recorded_by AS by", id=ann) == [{"by": "test-admin"}]


def test_a_person_sees_when_they_were_reviewed_but_cannot_record_it(api: Api, probe: StoreProbe) -> None:
    ann = person(api, "Ann")
    api.data('mutation($p: ID!) { recordNetworkReview(personId: $p, on: "2024-03-01") { id } }', p=ann)
    client = signed_in(api, probe.token("person", "ann-herself", scope=ann))
    page = client.get(f"/people/{ann}")
    assert "Network last reviewed with Ann on 2024-03-01: more than a year ago" in page.text
    assert "We went over this network together today" not in page.text
