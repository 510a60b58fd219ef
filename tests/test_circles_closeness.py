"""The circles picture places people by how close they feel, when that was asked, and
keeps every label whole: the placement rule on its own, then over HTTP."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from support.api import Api
from support.builders import id_named, organisation, participation, person, tie
from support.pages import signed_in as _signed_in
from netmap.analysis.circles import Circle, Member
from netmap.domain.kinds import Closeness
from netmap.services.people import CircleMember
from netmap.web.pictures import placed

SVG = "{http://www.w3.org/2000/svg}"
CIRCLES = """query($id: ID!, $at: Date) { person(id: $id) { name measures(at: $at) { circles {
  intimacy { id name closeness } friendship { id name closeness } participation { kind id name closeness }
  exchange { id name closeness } } } } }"""


def _member(id: str | None, closeness: str | None = None, kind: str = "PERSON") -> CircleMember:
    answer = Closeness(closeness) if closeness else None
    return CircleMember(Member(kind), id, id or "Someone", "", None, answer)


def _drawn(circles: dict[str, list[CircleMember]]) -> list[list[tuple[str | None, str, str | None]]]:
    """Per ring, innermost first: who is drawn there, the colour's circle, and the answer that put them there."""
    named = {Circle(key.upper()): members for key, members in circles.items()}
    return [[(d.member.id, d.kind.circle.value.lower(), d.closeness) for d in ring] for ring in placed(named)]


def test_people_sit_on_the_ring_of_their_answer_and_keep_their_colour() -> None:
    circles = {
        "intimacy": [_member("sis", "FURTHER"), _member("mum")],
        "friendship": [_member("bob", "CLOSEST"), _member("dan"), _member("dan", "CLOSE"), _member(None, "CLOSE")],
        "participation": [_member("col", "CLOSE"), _member("club", kind="ORGANISATION")],
        "exchange": [_member("pa", "CLOSEST")],
    }
    assert _drawn(circles) == [
        [("mum", "intimacy", None), ("bob", "friendship", "CLOSEST")],
        [("dan", "friendship", "CLOSE"), (None, "friendship", "CLOSE"), ("col", "participation", "CLOSE")],
        [("sis", "intimacy", "FURTHER"), ("club", "participation", None)],
        [("pa", "exchange", None)],
    ], "dan (a neighbour not asked about, and a close friend) is one dot; the paid supporter stays outside"


def test_two_answers_for_one_person_place_them_by_the_closest() -> None:
    circles = {"intimacy": [_member("kim", "FURTHER")], "friendship": [_member("kim", "CLOSE")], "participation": [],
               "exchange": []}  # fmt: skip
    assert _drawn(circles) == [[], [("kim", "friendship", "CLOSE")], [], []]


def test_without_answers_the_placement_is_by_kind_of_tie() -> None:
    circles = {"intimacy": [_member("mum")], "friendship": [_member("ned"), _member("ned")],
               "participation": [_member("ned")], "exchange": [_member("pa")]}  # fmt: skip
    assert _drawn(circles) == [
        [("mum", "intimacy", None)], [("ned", "friendship", None)], [("ned", "participation", None)],
        [("pa", "exchange", None)],
    ]


def test_the_persons_own_answers_reach_the_circles_the_page_and_the_picture(api: Api) -> None:
    ann, bob, cat, eve = (person(api, n) for n in ("Ann", "Bob", "Cat", "Eve"))
    club = organisation(api, "Knit and Natter")
    participation(api, ann, club, "MEMBER", since="2020-01-01")
    tie(api, ann, bob, "ACQUAINTANCE", since="2020-01-01", closeness="CLOSEST")
    tie(api, ann, cat, "FAMILY", since="2020-01-01", closeness="FURTHER")
    tie(api, eve, ann, "FRIEND", since="2020-01-01", closeness="CLOSEST")

    found = api.data(CIRCLES, id=ann, at="2025-01-01")["person"]["measures"]["circles"]
    assert found["intimacy"] == [{"id": cat, "name": "Cat", "closeness": "FURTHER"}]
    assert found["friendship"] == [{"id": eve, "name": "Eve", "closeness": None}], "Eve's answer is not Ann's"
    assert {m["name"]: m["closeness"] for m in found["participation"]} == {"Bob": "CLOSEST", "Knit and Natter": None}

    client = _signed_in(api, api.token or "")
    page = client.get(f"/people/{ann}", params={"at": "2025-01-01"})
    assert page.status_code == 200
    [alt] = re.findall(r'<img src="/pictures/people/[^"]+" alt="([^"]+)"', page.text)
    assert alt.endswith("How close they feel, where asked: closest: Bob; further out: Cat.")
    assert "Bob <span class=\"hint\">(acquaintance, closest)</span>" in page.text
    assert "Cat <span class=\"hint\">(family, further out)</span>" in page.text
    picture = client.get(f"/pictures/people/{ann}/circles.svg", params={"at": "2025-01-01"})
    assert picture.status_code == 200 and b"Where asked, people sit by how close they feel" in picture.content


def _labels(svg: bytes) -> list[str]:
    """The text of each label group of a circles picture, lines joined with a space."""
    root = ElementTree.fromstring(svg)
    return [
        " ".join(t.text or "" for t in group.iter(f"{SVG}text"))
        for group in root.iter(f"{SVG}g")
        if (group.get("id") or "").startswith("text_")
    ]


def test_every_demo_label_is_whole(demo_api: Api) -> None:
    """Long names wrap onto lines instead of being cut: every name in every demo person's
    circles is drawn in full (and no label is shortened with an ellipsis)."""
    client = _signed_in(demo_api, demo_api.token or "")
    people = demo_api.data("{ people(first: 100) { nodes { id } } }")["people"]["nodes"]
    drawn = 0
    for found in people:
        measures = demo_api.data(CIRCLES, id=found["id"], at="2025-06-01")["person"]
        if measures["measures"] is None:
            continue
        picture = client.get(f"/pictures/people/{found['id']}/circles.svg", params={"at": "2025-06-01"})
        labels = _labels(picture.content)
        names = {m["name"] for ring in measures["measures"]["circles"].values() for m in ring}
        assert names <= set(labels), (measures["name"], names - set(labels))
        assert not any("…" in label or "..." in label for label in labels)
        drawn += 1
    assert drawn > 40
    assert "Willow House Supported Living" in _labels(
        client.get(f"/pictures/people/{id_named(demo_api, 'people', 'Kayley Brooks')}/circles.svg",
                   params={"at": "2025-06-01"}).content
    )  # fmt: skip
