"""The demo community: loads idempotently, is queryable as at any date, and
holds the trend later analyses need."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from netmap.domain.errors import InvalidInput
from netmap.interchange.community_file import DEMO_FILE, read_community
from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings, create_app
from support.api import Api
from support.ops import PEOPLE, PERSON_TIES
from support.paths import REPO
from support.probe import StoreProbe


def _find(api: Api, name: str) -> str:
    [edge] = api.data(PEOPLE, search=name)["people"]["edges"]
    return str(edge["node"]["id"])


def test_demo_file_is_package_data() -> None:
    assert DEMO_FILE == REPO / "netmap" / "interchange" / "data" / "demo.yaml"
    counts = read_community(DEMO_FILE).counts()
    assert 40 <= counts["people"] <= 60
    assert counts["organisations"] >= 10


def test_loading_twice_equals_loading_once(
    demo_api: Api, probe: StoreProbe, store_settings: StoreSettings
) -> None:
    once = probe.state()
    with TestClient(create_app(AppSettings(store=store_settings, demo=True))):
        pass

    expected = read_community(DEMO_FILE).counts()
    people = probe.rows("MATCH (p:Person) RETURN count(p) AS n")[0]["n"]
    ties = probe.rows("MATCH ()-[t:TIE]->() RETURN count(t) AS n")[0]["n"]
    assert (people, ties) == (expected["people"], expected["ties"])
    assert probe.state() == once


def test_vera_network_changes_when_she_moves(demo_api: Api) -> None:
    vera = _find(demo_api, "Vera Hollins")

    def network(at: str) -> dict[str, set[str]]:
        found = demo_api.data(PERSON_TIES, id=vera, at=at)["person"]
        return {
            "ties": {f'{t["kind"]}:{t["contact"]["name"]}' for t in found["ties"]},
            "groups": {p["organisation"]["name"] for p in found["participations"]},
        }

    before, after = network("2025-01-01"), network("2026-06-01")
    assert any(t.startswith("PAID_SUPPORT:") for t in before["ties"] - after["ties"]), "home care ends"
    assert any(t.startswith("NEIGHBOUR:") for t in after["ties"] - before["ties"]), "new neighbours"
    assert len(after["groups"]) > len(before["groups"])


def test_history_shows_ended_ties(demo_api: Api) -> None:
    vera = _find(demo_api, "Vera Hollins")
    ties = demo_api.data(PERSON_TIES, id=vera, at="2026-06-01", ended=True)["person"]["ties"]
    assert any(t["until"] for t in ties)
    assert any(t["until"] is None for t in ties)


def test_day_service_clients_start_mostly_paid_only(demo_api: Api, probe: StoreProbe) -> None:
    """Counted with plain Cypher here, independent of the analysis code to come."""

    def paid_only(at: str) -> int:
        rows = probe.rows(
            """
            MATCH (p:Person)-[s:PARTICIPATES {role: 'SUPPORTED'}]->(:Organisation {name: 'Brook Lane Day Service'})
            WHERE s.since <= date($at) AND (s.until IS NULL OR date($at) < s.until)
            OPTIONAL MATCH (p)-[t:TIE]-(:Person)
            WHERE t.kind <> 'PAID_SUPPORT' AND t.since <= date($at) AND (t.until IS NULL OR date($at) < t.until)
            WITH p, count(t) AS unpaid
            OPTIONAL MATCH (p)-[c:PARTICIPATES]->(o:Organisation)
            WHERE o.kind <> 'SERVICE' AND c.role <> 'STAFF'
              AND c.since <= date($at) AND (c.until IS NULL OR date($at) < c.until)
            WITH p, unpaid, count(c) AS community
            RETURN count(CASE WHEN unpaid = 0 AND community = 0 THEN 1 END) AS n
            """,
            at=at,
        )
        return int(rows[0]["n"])

    assert paid_only("2024-11-01") >= 6
    assert paid_only("2026-11-01") <= paid_only("2024-11-01") - 4


def test_bad_activity_sections_are_reported_by_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        """
organisations:
  - {key: club, name: Club, kind: COMMUNITY_GROUP}
people:
  - {key: a, name: A}
activities:
  - {key: crafts, organisation: club, title: Crafts, schedule: {repeat: WEEKLY, starts: 2025-01-06, weekday: MONDAY}}
  - {key: yoga, organisation: nowhere, title: Yoga, schedule: {repeat: WEEKLY, starts: 2025-01-06}}
attendance:
  - {activity: crafts, date: 2025-01-07, people: [a]}
  - {activity: crafts, date: 2025-01-13, people: [ghost]}
volunteering:
  - {activity: crafts, person: a, date: 2025-01-13, hours: 0}
exchanges:
  - {giver: a, receiver: a, hours: 1, date: 2025-01-01, what: help}
"""
    )
    with pytest.raises(InvalidInput) as raised:
        read_community(bad)
    assert [(p.field, p.code) for p in raised.value.problems] == [
        ("activities[1].organisation", "NOT_FOUND"),
        ("activities[1].schedule", "SCHEDULE_INCOMPLETE"),
        ("attendance[0].date", "NOT_A_SESSION"),
        ("attendance[1].people", "NOT_FOUND"),
        ("volunteering[0].hours", "OUT_OF_RANGE"),
        ("exchanges[0].receiverId", "SELF_EXCHANGE"),
    ]


def test_a_bad_community_file_reports_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        """
people:
  - {key: a, name: A}
  - {key: a, name: Again}
  - {key: b, name: ""}
ties:
  - {person: a, other: a, kind: FRIEND, since: 2024-01-01}
  - {person: a, other: ghost, kind: FRIEND, since: 2024-01-01}
  - {person: a, other: c, kind: FRIEND, since: 2024-01-01}
"""
    )
    with pytest.raises(InvalidInput) as raised:
        read_community(bad)
    assert [(p.field, p.code) for p in raised.value.problems] == [
        ("people[1].key", "DUPLICATE_KEY"),
        ("people[2].name", "EMPTY"),
        ("ties[0].otherId", "SELF_TIE"),
        ("ties[1].other", "NOT_FOUND"),
        ("ties[2].other", "NOT_FOUND"),
    ]


SUGGEST = 'query($id: ID!) { suggestions(personId: $id, at: "2026-11-01") { activity { title } reasons suitable } }'


def test_explained_suggestions_for_kathy_and_a_day_service_client(demo_api: Api) -> None:
    kathy = demo_api.data(SUGGEST, id=_find(demo_api, "Kathy"))["suggestions"]
    assert kathy, "Kathy gets suggestions"
    assert kathy[0]["activity"]["title"] == "Painting afternoon"
    assert "matches their interest in painting" in kathy[0]["reasons"]
    assert any(reason.startswith("1 person they know goes") for reason in kathy[0]["reasons"])
    tom = demo_api.data(SUGGEST, id=_find(demo_api, "Tom "))["suggestions"]
    assert tom and all(s["suitable"] for s in tom)
    assert any(r.startswith("matches their interest") for r in tom[0]["reasons"])
