"""People over HTTP: create, update, look up, search and page."""

from __future__ import annotations

from support.api import Api
from support.ops import CREATE_PERSON, PEOPLE, UPDATE_PERSON
from support.probe import StoreProbe


def _create(api: Api, name: str, **fields: object) -> dict:
    return api.data(CREATE_PERSON, input={"name": name, **fields})["createPerson"]


def test_create_person_stores_what_was_given(api: Api, probe: StoreProbe) -> None:
    person = _create(api, "  Vera Hollins ", area="Old Town", interests=["Flowers", "church"])

    assert person["name"] == "Vera Hollins"
    assert person["interests"] == ["flowers", "church"]
    assert person["recorded"]["by"] == "test-admin"
    stored = probe.rows("MATCH (p:Person {id: $id}) RETURN p.name AS name, p.area AS area", id=person["id"])
    assert stored == [{"name": "Vera Hollins", "area": "Old Town"}]


def test_update_changes_only_given_fields_and_null_clears(api: Api) -> None:
    person = _create(api, "Kathy", area="Riverside", skills=["painting"])

    updated = api.data(UPDATE_PERSON, id=person["id"], input={"area": None, "interests": ["green politics"]})

    assert updated["updatePerson"]["area"] is None
    assert updated["updatePerson"]["skills"] == ["painting"]
    assert updated["updatePerson"]["interests"] == ["green politics"]


def test_person_by_unknown_id_is_null(api: Api) -> None:
    assert api.data("query { person(id: \"nobody\") { id } }") == {"person": None}


def test_search_filters_by_name_area_and_interest(api: Api) -> None:
    _create(api, "Pete Shaw", area="Northfield", interests=["golf"])
    _create(api, "Peter Lyle", area="Riverside", interests=["golf", "fishing"])
    _create(api, "Adam Reid", area="Riverside", interests=["fishing"])

    def names(**filters: object) -> list[str]:
        found = api.data(PEOPLE, **filters)["people"]["edges"]
        return [edge["node"]["name"] for edge in found]

    assert names(search="PETE") == ["Pete Shaw", "Peter Lyle"]
    assert names(area="Riverside") == ["Adam Reid", "Peter Lyle"]
    assert names(interest="Fishing", area="Riverside") == ["Adam Reid", "Peter Lyle"]
    assert names(search="zz") == []


def test_pages_follow_cursors_without_gaps_or_repeats(api: Api) -> None:
    made = sorted(_create(api, f"Person {i:02d}")["name"] for i in range(7))

    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = api.data(PEOPLE, first=3, after=after)["people"]
        seen += [edge["node"]["name"] for edge in page["edges"]]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert seen == made
    assert pages == 3


def _all_pages(api: Api, first: int, **filters: object) -> tuple[list[str], int]:
    seen: list[str] = []
    after, pages = None, 0
    while True:
        page = api.data(PEOPLE, first=first, after=after, **filters)["people"]
        seen += [edge["node"]["name"] for edge in page["edges"]]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            return seen, pages
        after = page["pageInfo"]["endCursor"]


def test_pages_reach_past_the_first_window_of_names(api: Api) -> None:
    """A page is first sought among the next 4 × (page size + 1) names; matches
    beyond that window, and sparse matches spread across many, are still found."""
    names = [f"Name {i:02d}" for i in range(30)]
    for name in names:
        _create(api, name, area="Far" if name in ("Name 07", "Name 26", "Name 29") else "Near")
    _create(api, "Name 15")  # the same name twice: ordered by id, neither lost
    everyone = sorted([*names, "Name 15"])

    assert _all_pages(api, 2) == (everyone, 16)
    assert _all_pages(api, 1, area="Far") == (["Name 07", "Name 26", "Name 29"], 3)
    assert _all_pages(api, 2, search="name 2") == ([f"Name 2{i}" for i in range(10)], 5)


def test_page_size_and_cursor_are_checked(api: Api) -> None:
    assert api.error(PEOPLE, first=0)["extensions"]["code"] == "INVALID_INPUT"
    assert api.error(PEOPLE, first=101)["extensions"]["field"] == "first"
    assert api.error(PEOPLE, after="not-a-cursor")["extensions"]["field"] == "after"
