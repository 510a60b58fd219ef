"""Ties over HTTP: recording, valid time, ending and correcting, history kept."""

from __future__ import annotations

import pytest

from support.api import Api
from support.builders import organisation, participation, person, tie
from support.ops import CORRECT_TIE, END_TIE, PERSON_TIES
from support.probe import StoreProbe

pytestmark = pytest.mark.fast


def _ties(api: Api, id: str, at: str, ended: bool = False) -> list[dict]:
    found: list[dict] = api.data(PERSON_TIES, id=id, at=at, ended=ended)["person"]["ties"]
    return found


def test_record_tie_derives_paid_from_kind(api: Api) -> None:
    vera, sam = person(api, "Vera"), person(api, "Sam")

    made = tie(api, vera, sam, "PAID_SUPPORT", since="2024-11-01", label="home care worker")
    friend = tie(api, vera, person(api, "Joan"), "FRIEND", since="1998-05-01")

    assert (made["paid"], made["label"], made["person"]["id"], made["other"]["id"]) == (
        True, "home care worker", vera, sam,
    )  # fmt: skip
    assert friend["paid"] is False


def test_since_defaults_to_today(api: Api) -> None:
    from datetime import date

    made = tie(api, person(api, "A"), person(api, "B"))
    assert made["since"] == date.today().isoformat()


def test_ties_as_at_a_date_follow_valid_time(api: Api) -> None:
    vera, joan, sam = person(api, "Vera"), person(api, "Joan"), person(api, "Sam")
    tie(api, vera, joan, "FRIEND", since="2020-01-01")
    tie(api, sam, vera, "NEIGHBOUR", since="2024-01-01", until="2025-03-10")

    def kinds(at: str, ended: bool = False) -> list[str]:
        return sorted(t["kind"] for t in _ties(api, vera, at, ended))

    assert kinds("2019-12-31") == []
    assert kinds("2024-01-01") == ["FRIEND", "NEIGHBOUR"]
    assert kinds("2025-03-09") == ["FRIEND", "NEIGHBOUR"]
    assert kinds("2025-03-10") == ["FRIEND"], "a tie is not active on its until date"
    assert kinds("2025-03-10", ended=True) == ["FRIEND", "NEIGHBOUR"]
    assert kinds("2023-06-01", ended=True) == ["FRIEND"], "never a tie not yet begun"


def test_contact_is_the_far_end_seen_from_either_person(api: Api) -> None:
    vera, sam = person(api, "Vera"), person(api, "Sam")
    tie(api, vera, sam, "NEIGHBOUR", since="2024-01-01")

    assert _ties(api, vera, "2024-06-01")[0]["contact"]["name"] == "Sam"
    assert _ties(api, sam, "2024-06-01")[0]["contact"]["name"] == "Vera"


def test_end_tie_sets_until_and_keeps_the_tie(api: Api, probe: StoreProbe) -> None:
    kathy, pa = person(api, "Kathy"), person(api, "Pat")
    made = tie(api, kathy, pa, "PAID_SUPPORT", since="2024-01-01")

    ended = api.data(END_TIE, id=made["id"], until="2025-06-01")["endTie"]

    assert ended["until"] == "2025-06-01"
    assert len(_ties(api, kathy, "2025-05-31")) == 1
    assert _ties(api, kathy, "2025-06-01") == []
    stored = probe.rows("MATCH ()-[r:TIE {id: $id}]->() RETURN r.since AS since, r.ended_by AS by", id=made["id"])
    assert [(str(r["since"]), r["by"]) for r in stored] == [("2024-01-01", "test-admin")]


def test_a_new_tie_of_the_same_kind_may_follow_an_ended_one(api: Api) -> None:
    a, b = person(api, "A"), person(api, "B")
    first = tie(api, a, b, "FRIEND", since="2020-01-01")
    api.data(END_TIE, id=first["id"], until="2021-01-01")

    again = tie(api, b, a, "FRIEND", since="2021-01-01")

    assert again["since"] == "2021-01-01"
    assert len(_ties(api, a, "2022-01-01", ended=True)) == 2


def test_correct_tie_rewrites_and_keeps_the_old_version(api: Api) -> None:
    a, b = person(api, "A"), person(api, "B")
    made = tie(api, a, b, "FRIEND", since="2020-01-01", label="old workmate")

    fixed = api.data(
        CORRECT_TIE, id=made["id"], input={"since": "2019-05-01", "kind": "COLLEAGUE", "reason": "typed wrong"}
    )["correctTie"]

    assert (fixed["since"], fixed["kind"], fixed["label"]) == ("2019-05-01", "COLLEAGUE", "old workmate")
    [correction] = fixed["corrections"]
    assert correction["reason"] == "typed wrong"
    assert correction["before"] == {
        "kind": "FRIEND", "since": "2020-01-01", "until": None, "label": "old workmate",
        "closeness": None, "contact_frequency": None,
    }  # fmt: skip


def test_correct_can_reopen_a_tie_ended_by_mistake(api: Api) -> None:
    a, b = person(api, "A"), person(api, "B")
    made = tie(api, a, b, "FRIEND", since="2020-01-01")
    api.data(END_TIE, id=made["id"], until="2021-01-01")

    fixed = api.data(CORRECT_TIE, id=made["id"], input={"until": None, "reason": "ended the wrong tie"})

    assert fixed["correctTie"]["until"] is None
    assert len(_ties(api, a, "2025-01-01")) == 1


def test_ending_may_say_why_and_the_reason_is_kept(api: Api) -> None:
    vera, bill, club = person(api, "Vera"), person(api, "Bill"), organisation(api, "Lunch Club")
    made = tie(api, vera, bill, "FRIEND", since="2020-01-01")
    part = participation(api, vera, club, "MEMBER", since="2020-01-01")
    end_part = "mutation($id: ID!) { endParticipation(id: $id, until: \"2025-02-01\", reason: \"stopped going\") { endReason } }"

    ended = api.data("mutation($id: ID!) { endTie(id: $id, until: \"2025-06-01\", reason: \"moved away\") { until endReason } }",
                     id=made["id"])["endTie"]  # fmt: skip
    left = api.data(end_part, id=part["id"])["endParticipation"]
    too_long = api.error("mutation($id: ID!, $r: String) { endTie(id: $id, until: \"2025-07-01\", reason: $r) { id } }",
                         id=tie(api, vera, person(api, "Joan"), "FRIEND", since="2020-01-01")["id"], r="x" * 2001)  # fmt: skip

    assert ended == {"until": "2025-06-01", "endReason": "moved away"}
    assert left == {"endReason": "stopped going"}
    assert too_long["extensions"]["code"] == "TOO_LONG"
    shown = api.data(PERSON_TIES, id=vera, at="2025-07-01", ended=True)["person"]["ties"]
    assert sorted(str(t["until"]) for t in shown) == ["2025-06-01", "None"]  # the refused ending wrote nothing
