"""The answers on ties in the measures: unpaid contacts in touch at least monthly and
close unpaid ties, for a person and a cohort, worked out by hand on a small network
built through the API."""

from __future__ import annotations

from support.worlds import build_world
from support.api import Api
from support.probe import StoreProbe
from support.builders import person, tie

ANSWERS = "unpaidTies unpaidInTouchMonthly unpaidContactFrequencyRecorded closeUnpaidTies unpaidClosenessRecorded"
MEASURES = f'query($id: ID!, $at: Date) {{ person(id: $id) {{ measures(at: $at) {{ {ANSWERS} }} }} }}'
COHORT = """query($ids: [ID!], $at: Date) { cohort(cohort: {personIds: $ids}, at: $at) {
  size medianUnpaidInTouchMonthly withUnpaidInTouchMonthly withUnpaidInTouchMonthlyShare withContactFrequencyRecorded
  medianCloseUnpaidTies withCloseUnpaidTie withCloseUnpaidTieShare withClosenessRecorded } }"""
CORRECT = "mutation($id: ID!, $input: TieCorrectionInput!) { correctTie(id: $id, input: $input) { id } }"


def _measures(api: Api, who: str, at: str) -> dict[str, int]:
    found: dict[str, int] = api.data(MEASURES, id=who, at=at)["person"]["measures"]
    return found


def test_answers_in_the_measures_by_hand(api: Api) -> None:
    """Ann's ties (answers as closeness / contact frequency; "Ann→X" recorded from Ann's side):

    - Ann→Bob FRIEND since 2020, CLOSEST / WEEKLY
    - Ann→Cat FAMILY since 2020, FURTHER / MONTHLY
    - Ann→Dan NEIGHBOUR since 2020, nothing asked; Ann→Dan FRIEND since 2021, CLOSE / LESS_OFTEN
    - Eve→Ann FRIEND since 2020, CLOSEST / WEEKLY (Eve's answer, recorded from Eve's side)
    - Ann→Fay FRIEND 2020 to 2024-06-01, CLOSEST / WEEKLY (ended)
    - Ann→Sam PAID_SUPPORT since 2020, CLOSEST / WEEKLY (paid: never counts)

    On 2025-01-01, Ann's unpaid contacts are Bob, Cat, Dan, Eve (4).
    In touch at least monthly: Bob (weekly), Cat (monthly), Eve (weekly, a fact about both) = 3;
    Dan is less often. Frequency recorded: Bob, Cat, Dan (on his FRIEND tie), Eve = 4.
    Close: Bob (closest), Dan (close; counted once for two ties) = 2; Cat is further out, and
    Eve's "closest" is how Eve feels, not Ann. Closeness recorded by Ann: Bob, Cat, Dan = 3.
    On 2024-01-01 Fay is still there: 5 unpaid, 4 monthly, 5 recorded, 3 close, 4 recorded.
    Eve on 2025-01-01: one unpaid contact (Ann), in touch weekly, closest by her own answer: 1, 1, 1, 1.
    Gus has no ties: 0 everywhere, and nothing recorded, so his 0 says nothing either way.
    """
    ann, bob, cat, dan, eve, fay, sam, gus = (
        person(api, n) for n in ("Ann", "Bob", "Cat", "Dan", "Eve", "Fay", "Sam", "Gus")
    )
    since = "2020-01-01"
    tie(api, ann, bob, "FRIEND", since=since, closeness="CLOSEST", contactFrequency="WEEKLY")
    to_cat = tie(api, ann, cat, "FAMILY", since=since, closeness="FURTHER", contactFrequency="MONTHLY")["id"]
    tie(api, ann, dan, "NEIGHBOUR", since=since)
    tie(api, ann, dan, "FRIEND", since="2021-01-01", closeness="CLOSE", contactFrequency="LESS_OFTEN")
    tie(api, eve, ann, "FRIEND", since=since, closeness="CLOSEST", contactFrequency="WEEKLY")
    tie(api, ann, fay, "FRIEND", since=since, until="2024-06-01", closeness="CLOSEST", contactFrequency="WEEKLY")
    tie(api, ann, sam, "PAID_SUPPORT", since=since, closeness="CLOSEST", contactFrequency="WEEKLY")

    assert _measures(api, ann, "2025-01-01") == {
        "unpaidTies": 4, "unpaidInTouchMonthly": 3, "unpaidContactFrequencyRecorded": 4,
        "closeUnpaidTies": 2, "unpaidClosenessRecorded": 3,
    }  # fmt: skip
    assert _measures(api, ann, "2024-01-01") == {
        "unpaidTies": 5, "unpaidInTouchMonthly": 4, "unpaidContactFrequencyRecorded": 5,
        "closeUnpaidTies": 3, "unpaidClosenessRecorded": 4,
    }  # fmt: skip
    assert _measures(api, eve, "2025-01-01") == {
        "unpaidTies": 1, "unpaidInTouchMonthly": 1, "unpaidContactFrequencyRecorded": 1,
        "closeUnpaidTies": 1, "unpaidClosenessRecorded": 1,
    }  # fmt: skip
    assert set(_measures(api, gus, "2025-01-01").values()) == {0}

    # The cohort Ann, Eve, Gus: in touch monthly 3, 1, 0 and close 2, 1, 0, so each median is 1,
    # two of the three have at least one (2/3), and two have any answer recorded.
    figures = api.data(COHORT, ids=[ann, eve, gus], at="2025-01-01")["cohort"]
    assert figures == {
        "size": 3, "medianUnpaidInTouchMonthly": 1.0, "withUnpaidInTouchMonthly": 2,
        "withUnpaidInTouchMonthlyShare": 2 / 3, "withContactFrequencyRecorded": 2,
        "medianCloseUnpaidTies": 1.0, "withCloseUnpaidTie": 2, "withCloseUnpaidTieShare": 2 / 3,
        "withClosenessRecorded": 2,
    }  # fmt: skip

    # Ann now says Cat is close, and is asked no more how often they are in touch: the
    # analysis follows the correction (close 2 -> 3; monthly 3 -> 2, recorded 4 -> 3).
    api.data(CORRECT, id=to_cat, input={"reason": "asked again", "closeness": "CLOSE", "contactFrequency": None})
    after = _measures(api, ann, "2025-01-01")
    assert (after["closeUnpaidTies"], after["unpaidInTouchMonthly"], after["unpaidContactFrequencyRecorded"]) == (3, 2, 3)


def test_analysts_get_the_answer_figures_suppressed_when_small(api: Api, probe: StoreProbe) -> None:
    world = build_world(probe)
    query = """{ cohort(cohort: {serviceId: "day"}, at: "2025-06-01") {
      withUnpaidInTouchMonthly withUnpaidInTouchMonthlyShare medianCloseUnpaidTies withClosenessRecorded suppressed } }"""
    figures = api.as_(world.tokens["analyst"]).data(query)["cohort"]
    assert [figures[k] for k in ("withUnpaidInTouchMonthly", "withUnpaidInTouchMonthlyShare",
                                 "medianCloseUnpaidTies", "withClosenessRecorded")] == [None] * 4  # fmt: skip
    assert {"withUnpaidInTouchMonthly", "withUnpaidInTouchMonthlyShare", "medianCloseUnpaidTies",
            "withClosenessRecorded"} <= set(figures["suppressed"])  # fmt: skip
    assert api.data(query)["cohort"]["suppressed"] == [], "others see the exact figures"


def test_a_change_of_answer_over_time_is_a_new_tie(api: Api) -> None:
    """Kim and Lee were further apart until 2024, close since: the tie ends and a new one
    starts the same day, so each date keeps its own answer (docs/measures.md)."""
    kim, lee = person(api, "Kim"), person(api, "Lee")
    tie(api, kim, lee, "FRIEND", since="2020-01-01", until="2024-01-01", closeness="FURTHER", contactFrequency="LESS_OFTEN")
    tie(api, kim, lee, "FRIEND", since="2024-01-01", closeness="CLOSE", contactFrequency="WEEKLY")
    before, after = _measures(api, kim, "2023-06-01"), _measures(api, kim, "2024-01-01")
    assert (before["closeUnpaidTies"], before["unpaidInTouchMonthly"], before["unpaidClosenessRecorded"]) == (0, 0, 1)
    assert (after["closeUnpaidTies"], after["unpaidInTouchMonthly"], after["unpaidTies"]) == (1, 1, 1)
