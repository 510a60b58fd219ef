"""Organisations and participations over HTTP."""

from __future__ import annotations

import pytest

from support.api import Api
from support.builders import organisation, participation, person
from support.ops import CORRECT_PARTICIPATION, END_PARTICIPATION, PERSON_TIES, UPDATE_ORGANISATION

pytestmark = pytest.mark.fast

ORGANISATIONS = """
query($kind: OrganisationKind, $area: String, $interest: String) {
  organisations(kind: $kind, area: $area, interest: $interest) { nodes { name kind } }
}
"""
PARTICIPANTS = """
query($id: ID!, $at: Date, $role: Role, $first: Int! = 20, $after: String) {
  organisation(id: $id) {
    participants(at: $at, role: $role, first: $first, after: $after) {
      edges { cursor node { role title person { name } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""


def test_register_a_club_and_find_it_by_kind_area_interest(api: Api) -> None:
    organisation(api, "Crafting Club", area="Riverside", interests=["Crafts"], accessibility=["step-free access"])
    organisation(api, "Brook Lane Day Service", "SERVICE", area="Riverside")
    organisation(api, "Walking Football", area="Northfield", interests=["football"])

    def names(**filters: object) -> list[str]:
        return [o["name"] for o in api.data(ORGANISATIONS, **filters)["organisations"]["nodes"]]

    assert names(kind="COMMUNITY_GROUP") == ["Crafting Club", "Walking Football"]
    assert names(area="Riverside") == ["Brook Lane Day Service", "Crafting Club"]
    assert names(interest="crafts") == ["Crafting Club"]


def test_update_organisation(api: Api) -> None:
    club = organisation(api, "Crafting Club")
    updated = api.data(UPDATE_ORGANISATION, id=club, input={"kind": "OTHER", "area": "Old Town"})
    assert updated["updateOrganisation"] == {"id": club, "name": "Crafting Club", "kind": "OTHER", "area": "Old Town"}


def test_participants_at_a_date_by_role_and_paged(api: Api) -> None:
    club = organisation(api, "Crafting Club")
    claire, lily, joe = person(api, "Claire"), person(api, "Lily"), person(api, "Joe")
    participation(api, claire, club, "ORGANISER", since="2023-01-01")
    participation(api, lily, club, "MEMBER", since="2025-05-01")
    participation(api, joe, club, "MEMBER", since="2023-01-01", until="2024-01-01")

    def who(at: str, role: str | None = None) -> list[str]:
        found = api.data(PARTICIPANTS, id=club, at=at, role=role)["organisation"]["participants"]
        return [e["node"]["person"]["name"] for e in found["edges"]]

    assert who("2023-06-01") == ["Claire", "Joe"]
    assert who("2025-06-01") == ["Claire", "Lily"]
    assert who("2025-06-01", role="MEMBER") == ["Lily"]
    first = api.data(PARTICIPANTS, id=club, at="2025-06-01", first=1)["organisation"]["participants"]
    rest = api.data(
        PARTICIPANTS, id=club, at="2025-06-01", first=1, after=first["pageInfo"]["endCursor"]
    )["organisation"]["participants"]
    assert [e["node"]["person"]["name"] for e in first["edges"] + rest["edges"]] == ["Claire", "Lily"]
    assert rest["pageInfo"]["hasNextPage"] is False


def test_role_with_title_end_and_correct(api: Api) -> None:
    house = organisation(api, "Willow House", "SERVICE")
    kayley = person(api, "Kayley")
    warden = participation(api, kayley, house, "ROLE", title="fire warden", since="2025-06-01")
    assert (warden["role"], warden["title"]) == ("ROLE", "fire warden")

    ended = api.data(END_PARTICIPATION, id=warden["id"], until="2026-01-01")["endParticipation"]
    assert ended["until"] == "2026-01-01"
    fixed = api.data(
        CORRECT_PARTICIPATION, id=warden["id"], input={"title": "deputy fire warden", "reason": "wrong title"}
    )["correctParticipation"]
    assert fixed["title"] == "deputy fire warden"
    assert fixed["corrections"][0]["before"]["title"] == "fire warden"

    seen = api.data(PERSON_TIES, id=kayley, at="2025-07-01")["person"]["participations"]
    assert seen == [
        {"id": warden["id"], "role": "ROLE", "title": "deputy fire warden",
         "organisation": {"name": "Willow House", "kind": "SERVICE"}},
    ]  # fmt: skip
