"""Every bad input gets a clear message and a code, never a stack trace, and
leaves the store exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from support.api import Api
from support.builders import organisation, participation, person, tie
from support.ops import (
    CORRECT_PARTICIPATION,
    CORRECT_TIE,
    CREATE_ORGANISATION,
    CREATE_PERSON,
    END_PARTICIPATION,
    END_TIE,
    RECORD_PARTICIPATION,
    RECORD_TIE,
    UPDATE_ORGANISATION,
    UPDATE_PERSON,
)
from support.probe import StoreProbe


@dataclass
class World:
    """A little community every case starts from."""

    vera: str
    sam: str
    club: str
    friendship: str
    ended: str
    membership: str


def _world(api: Api) -> World:
    vera, sam = person(api, "Vera"), person(api, "Sam")
    club = organisation(api, "Crafting Club")
    friendship = tie(api, vera, sam, "FRIEND", since="2020-01-01")["id"]
    ended = tie(api, vera, sam, "NEIGHBOUR", since="2020-01-01", until="2021-01-01")["id"]
    membership = participation(api, vera, club, "MEMBER", since="2024-01-01")["id"]
    return World(vera, sam, club, friendship, ended, membership)


Case = tuple[str, Callable[[World], dict[str, Any]], str]

CASES: dict[str, Case] = {
    "empty name": (CREATE_PERSON, lambda w: {"input": {"name": "   "}}, "EMPTY"),
    "over-long name": (CREATE_PERSON, lambda w: {"input": {"name": "x" * 201}}, "TOO_LONG"),
    "too many interests": (
        CREATE_PERSON, lambda w: {"input": {"name": "A", "interests": [f"i{n}" for n in range(51)]}}, "TOO_MANY",
    ),
    "name removed": (UPDATE_PERSON, lambda w: {"id": w.vera, "input": {"name": None}}, "EMPTY"),
    "update unknown person": (UPDATE_PERSON, lambda w: {"id": "nobody", "input": {"area": "X"}}, "NOT_FOUND"),
    "empty organisation name": (
        CREATE_ORGANISATION, lambda w: {"input": {"name": "", "kind": "SERVICE"}}, "EMPTY",
    ),
    "over-long description": (
        CREATE_ORGANISATION,
        lambda w: {"input": {"name": "Club", "kind": "OTHER", "description": "d" * 2001}},
        "TOO_LONG",
    ),
    "unknown organisation kind": (
        CREATE_ORGANISATION, lambda w: {"input": {"name": "Club", "kind": "PUB"}}, "GRAPHQL_VALIDATION_FAILED",
    ),
    "update unknown organisation": (
        UPDATE_ORGANISATION, lambda w: {"id": "nothing", "input": {"area": "X"}}, "NOT_FOUND",
    ),
    "tie to oneself": (
        RECORD_TIE, lambda w: {"input": {"personId": w.vera, "otherId": w.vera, "kind": "FRIEND"}}, "SELF_TIE",
    ),
    "tie to unknown person": (
        RECORD_TIE, lambda w: {"input": {"personId": w.vera, "otherId": "ghost", "kind": "FRIEND"}}, "NOT_FOUND",
    ),
    "tie ending before it starts": (
        RECORD_TIE,
        lambda w: {"input": {"personId": w.vera, "otherId": w.sam, "kind": "FAMILY",
                             "since": "2024-05-01", "until": "2024-04-01"}},
        "INVALID_INTERVAL",
    ),
    "tie ending the day it starts": (
        RECORD_TIE,
        lambda w: {"input": {"personId": w.vera, "otherId": w.sam, "kind": "FAMILY",
                             "since": "2024-05-01", "until": "2024-05-01"}},
        "INVALID_INTERVAL",
    ),
    "second active tie of the same kind": (
        RECORD_TIE, lambda w: {"input": {"personId": w.sam, "otherId": w.vera, "kind": "FRIEND"}}, "DUPLICATE_TIE",
    ),
    "tie overlapping an ended one": (
        RECORD_TIE,
        lambda w: {"input": {"personId": w.vera, "otherId": w.sam, "kind": "NEIGHBOUR", "since": "2020-06-01"}},
        "DUPLICATE_TIE",
    ),
    "unknown tie kind": (
        RECORD_TIE, lambda w: {"input": {"personId": w.vera, "otherId": w.sam, "kind": "ENEMY"}},
        "GRAPHQL_VALIDATION_FAILED",
    ),
    "impossible date": (
        RECORD_TIE,
        lambda w: {"input": {"personId": w.vera, "otherId": w.sam, "kind": "FAMILY", "since": "2024-02-30"}},
        "GRAPHQL_VALIDATION_FAILED",
    ),
    "over-long tie label": (
        RECORD_TIE,
        lambda w: {"input": {"personId": w.vera, "otherId": w.sam, "kind": "FAMILY", "label": "l" * 201}},
        "TOO_LONG",
    ),
    "end unknown tie": (END_TIE, lambda w: {"id": "no-such-tie", "until": "2025-01-01"}, "NOT_FOUND"),
    "end tie before it began": (END_TIE, lambda w: {"id": w.friendship, "until": "2019-01-01"}, "INVALID_INTERVAL"),
    "end tie twice": (END_TIE, lambda w: {"id": w.ended, "until": "2022-01-01"}, "ALREADY_ENDED"),
    "correction without reason": (
        CORRECT_TIE, lambda w: {"id": w.friendship, "input": {"reason": "", "since": "2019-01-01"}}, "EMPTY",
    ),
    "correction changing nothing": (
        CORRECT_TIE, lambda w: {"id": w.friendship, "input": {"reason": "r", "since": "2020-01-01"}},
        "NOTHING_TO_CHANGE",
    ),
    "correction into an overlap": (
        CORRECT_TIE, lambda w: {"id": w.ended, "input": {"reason": "r", "kind": "FRIEND"}}, "DUPLICATE_TIE",
    ),
    "correction to an empty period": (
        CORRECT_TIE, lambda w: {"id": w.ended, "input": {"reason": "r", "since": "2021-01-01"}}, "INVALID_INTERVAL",
    ),
    "correct unknown tie": (CORRECT_TIE, lambda w: {"id": "nope", "input": {"reason": "r"}}, "NOT_FOUND"),
    "role without title": (
        RECORD_PARTICIPATION,
        lambda w: {"input": {"personId": w.sam, "organisationId": w.club, "role": "ROLE"}},
        "TITLE_REQUIRED",
    ),
    "participation in unknown organisation": (
        RECORD_PARTICIPATION,
        lambda w: {"input": {"personId": w.sam, "organisationId": "nowhere", "role": "MEMBER"}},
        "NOT_FOUND",
    ),
    "second membership at once": (
        RECORD_PARTICIPATION,
        lambda w: {"input": {"personId": w.vera, "organisationId": w.club, "role": "MEMBER", "since": "2025-01-01"}},
        "DUPLICATE_PARTICIPATION",
    ),
    "unknown role": (
        RECORD_PARTICIPATION,
        lambda w: {"input": {"personId": w.vera, "organisationId": w.club, "role": "KING"}},
        "GRAPHQL_VALIDATION_FAILED",
    ),
    "end participation before it began": (
        END_PARTICIPATION, lambda w: {"id": w.membership, "until": "2023-01-01"}, "INVALID_INTERVAL",
    ),
    "correction removing a needed title": (
        CORRECT_PARTICIPATION, lambda w: {"id": w.membership, "input": {"reason": "r", "role": "ROLE"}},
        "TITLE_REQUIRED",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_is_refused_clearly_and_writes_nothing(api: Api, probe: StoreProbe, case: str) -> None:
    operation, variables, code = CASES[case]
    world = _world(api)
    before = probe.state()

    body = api(operation, **variables(world))

    assert body.get("data") is None or not any(body["data"].values())
    [error] = body["errors"]
    assert error["extensions"]["code"] == code, error
    assert error["message"] and "Traceback" not in str(body)
    assert probe.state() == before


def test_every_problem_is_listed_with_its_field(api: Api) -> None:
    error = api.error(
        RECORD_TIE,
        input={"personId": "p", "otherId": "p", "kind": "FRIEND", "since": "2024-01-02", "until": "2024-01-01"},
    )
    assert [(p["field"], p["code"]) for p in error["extensions"]["problems"]] == [
        ("otherId", "SELF_TIE"),
        ("until", "INVALID_INTERVAL"),
    ]


def test_a_fault_is_masked_and_logged_not_shown(api: Api, probe: StoreProbe) -> None:
    probe.rows("CREATE (:Person {id: 'broken'})")  # a record missing its name, as corrupt data would be

    error = api.error('query { person(id: "broken") { name } }')

    assert error["message"] == "Internal error."
    assert error["extensions"] == {"code": "INTERNAL_ERROR"}
