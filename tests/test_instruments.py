"""Self-reported instruments: scoring worked by hand, and every way answers are refused."""

from __future__ import annotations

from typing import Any

import pytest

from netmap.domain.errors import InvalidInput
from netmap.domain.instruments import (
    OnsLoneliness,
    score_lsns6,
    score_ons_loneliness,
    score_ucla3,
)


def problems(caught: pytest.ExceptionInfo[InvalidInput]) -> list[tuple[str, str]]:
    return [(p.field, p.code) for p in caught.value.problems]


def test_lsns6_at_risk() -> None:
    # Family 1+1+1 = 3, friends 2+2+3 = 7, total 10 < 12 => at risk; family 3 < 6 => few.
    score = score_lsns6([1, 1, 1, 2, 2, 3])
    assert (score.total, score.family, score.friends) == (10, 3, 7)
    assert (score.at_risk, score.few_family_ties, score.few_friend_ties) == (True, True, False)
    assert score.interpretation == (
        "LSNS-6 10 of 30 (family 3, friends 7): at risk of social isolation "
        "(below 12 is at risk); few family ties."
    )


@pytest.mark.parametrize(
    ("answers", "total", "at_risk"),
    [
        ([2, 2, 2, 2, 2, 2], 12, False),  # exactly 12: not below the cut-off
        ([2, 2, 2, 2, 2, 1], 11, True),
        ([0, 0, 0, 0, 0, 0], 0, True),
        ([5, 5, 5, 5, 5, 5], 30, False),
    ],
)
def test_lsns6_cut_off(answers: list[int], total: int, at_risk: bool) -> None:
    score = score_lsns6(answers)
    assert (score.total, score.at_risk) == (total, at_risk)


def test_lsns6_subscales_below_six() -> None:
    # Family 5+5+5 = 15; friends 1+2+2 = 5 < 6 => few friend ties, though total 20 is fine.
    score = score_lsns6((5, 5, 5, 1, 2, 2))
    assert (score.at_risk, score.few_family_ties, score.few_friend_ties) == (False, False, True)
    assert score.answers == (5, 5, 5, 1, 2, 2)


def test_ucla3_scores_and_cut_off() -> None:
    # 2 + 2 + 2 = 6 >= 6 => lonely; 1 + 2 + 2 = 5 => not.
    assert (score_ucla3([2, 2, 2]).total, score_ucla3([2, 2, 2]).lonely) == (6, True)
    assert (score_ucla3([1, 2, 2]).total, score_ucla3([1, 2, 2]).lonely) == (5, False)
    assert score_ucla3([3, 3, 3]).interpretation == (
        "UCLA-3 9 of 9: lonely (6 or more counts as lonely)."
    )
    # A stricter cut-off can be chosen: 6 is then not lonely.
    assert score_ucla3([2, 2, 2], cut_off=7).lonely is False


@pytest.mark.parametrize(
    ("answer", "expected", "chronic"),
    [
        ("often/always", OnsLoneliness.OFTEN_OR_ALWAYS, True),
        ("  Often/Always ", OnsLoneliness.OFTEN_OR_ALWAYS, True),
        ("SOME_OF_THE_TIME", OnsLoneliness.SOME_OF_THE_TIME, False),
        ("occasionally", OnsLoneliness.OCCASIONALLY, False),
        ("hardly ever", OnsLoneliness.HARDLY_EVER, False),
        (OnsLoneliness.NEVER, OnsLoneliness.NEVER, False),
    ],
)
def test_ons_direct_question(answer: Any, expected: OnsLoneliness, chronic: bool) -> None:
    result = score_ons_loneliness(answer)
    assert (result.answer, result.chronically_lonely) == (expected, chronic)


def test_ons_unknown_answer_is_refused() -> None:
    bad: Any
    for bad in ("sometimes", "", None, 3):
        with pytest.raises(InvalidInput) as caught:
            score_ons_loneliness(bad)
        assert problems(caught) == [("answer", "UNKNOWN_ANSWER")]


def test_every_bad_item_is_reported() -> None:
    with pytest.raises(InvalidInput) as caught:
        score_lsns6([0, 6, -1, 2.5, True, "3"])  # type: ignore[list-item]
    assert problems(caught) == [
        ("answers[1]", "OUT_OF_RANGE"),
        ("answers[2]", "OUT_OF_RANGE"),
        ("answers[3]", "NOT_AN_INTEGER"),
        ("answers[4]", "NOT_AN_INTEGER"),
        ("answers[5]", "NOT_AN_INTEGER"),
    ]
    assert caught.value.code == "OUT_OF_RANGE"  # the first problem's code leads


@pytest.mark.parametrize(
    ("scorer", "answers", "expected"),
    [
        (score_lsns6, [1, 2, 3, 4, 5], [("answers", "WRONG_COUNT")]),
        (score_lsns6, [], [("answers", "WRONG_COUNT")]),
        (score_ucla3, [1, 2, 3, 1], [("answers", "WRONG_COUNT")]),
        (
            score_ucla3,
            [0, 4],
            [
                ("answers", "WRONG_COUNT"),
                ("answers[0]", "OUT_OF_RANGE"),
                ("answers[1]", "OUT_OF_RANGE"),
            ],
        ),
        (score_ucla3, "123", [("answers", "WRONG_TYPE")]),
        (score_lsns6, None, [("answers", "WRONG_TYPE")]),
        (score_lsns6, {1, 2, 3, 4, 5, 6}, [("answers", "WRONG_TYPE")]),
    ],
)
def test_answers_of_the_wrong_shape_are_refused(
    scorer: Any, answers: Any, expected: list[tuple[str, str]]
) -> None:
    with pytest.raises(InvalidInput) as caught:
        scorer(answers)
    assert problems(caught) == expected


@pytest.mark.parametrize("cut_off", [3, 10, 6.0, True])
def test_ucla3_cut_off_must_be_on_the_scale(cut_off: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        score_ucla3([2, 2, 2], cut_off=cut_off)
    assert problems(caught) == [("cut_off", "OUT_OF_RANGE")]
