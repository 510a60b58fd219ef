"""Self-reported measures of social network and loneliness: validate the answers, score them.

The recorded network shows who is in someone's life; these standard
questionnaires add how the person sees it. Each scorer checks every answer
and raises :class:`~netmap.domain.errors.InvalidInput` with one
:class:`~netmap.domain.errors.Problem` per bad answer, so a form can show
them all at once.

Codes: ``WRONG_TYPE`` (answers are not a list), ``WRONG_COUNT`` (too few or
too many answers), ``NOT_AN_INTEGER`` (an item is not a whole number),
``OUT_OF_RANGE`` (an item or a parameter is outside its scale),
``UNKNOWN_ANSWER`` (not one of the ONS answers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from netmap.domain.errors import InvalidInput, Problem

__all__ = [
    "LSNS6_AT_RISK_BELOW",
    "LSNS6_ITEMS",
    "LSNS6_SUBSCALE_LOW_BELOW",
    "UCLA3_ITEMS",
    "UCLA3_LONELY_FROM",
    "CutOffs",
    "LsnsScore",
    "OnsLoneliness",
    "OnsLonelinessScore",
    "UclaScore",
    "score_lsns6",
    "score_ons_loneliness",
    "score_ucla3",
]

LSNS6_ITEMS: tuple[str, ...] = (
    "Relatives seen or heard from at least once a month",
    "Relatives the person can talk to about private matters",
    "Relatives close enough to call on for help",
    "Friends seen or heard from at least once a month",
    "Friends the person can talk to about private matters",
    "Friends close enough to call on for help",
)
"""What each LSNS-6 item asks about (items 1–3 family, 4–6 friends).

Each is answered 0 = none, 1 = one, 2 = two, 3 = three or four,
4 = five to eight, 5 = nine or more.
"""

LSNS6_AT_RISK_BELOW = 12
"""Default cut-off: an LSNS-6 total below this marks risk of social isolation.

From Lubben et al. (2006), who tested the scale with community-dwelling
older adults in Hamburg, Solothurn and London; it has not been set for
younger adults, so a service may choose its own (:class:`CutOffs`).
"""

LSNS6_SUBSCALE_LOW_BELOW = 6
"""A family or friends subscale below this marks few ties of that kind (Lubben et al., 2006)."""

UCLA3_ITEMS: tuple[str, ...] = (
    "How often do you feel that you lack companionship?",
    "How often do you feel left out?",
    "How often do you feel isolated from others?",
)
"""The three UCLA items; each answered 1 = hardly ever or never, 2 = some of the time, 3 = often."""

UCLA3_LONELY_FROM = 6
"""Default cut-off: a UCLA-3 total of 6 or more (of 3–9) is counted as lonely.

The scale's authors (Hughes, Waite, Hawkley & Cacioppo, 2004, *Research on
Aging* 26(6)) built it from surveys of older adults and set no cut-off.
Splitting 3–5 "not lonely" from 6–9 "lonely" is a common convention, not a
clinical threshold; some studies of older people in England use 5 or more.
So a service may choose its own (:class:`CutOffs`).
"""


@dataclass(frozen=True)
class CutOffs:
    """The cut-offs a service counts concern by; applied whenever figures are produced.

    ``lsns6_at_risk_below``: an LSNS-6 total below this is at risk of
    isolation (1–30, default 12). ``ucla3_lonely_from``: a UCLA-3 total of
    this or more is lonely (4–9, default 6). Raises InvalidInput
    (``OUT_OF_RANGE``) outside those ranges.
    """

    lsns6_at_risk_below: int = LSNS6_AT_RISK_BELOW
    ucla3_lonely_from: int = UCLA3_LONELY_FROM

    def __post_init__(self) -> None:
        problems = [
            Problem(name, "OUT_OF_RANGE", f"{name} must be a whole number from {low} to {high}, got {value!r}")
            for name, value, low, high in (
                ("lsns6AtRiskBelow", self.lsns6_at_risk_below, 1, 30),
                ("ucla3LonelyFrom", self.ucla3_lonely_from, 4, 9),
            )
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high
        ]
        if problems:
            raise InvalidInput(problems)


@dataclass(frozen=True)
class LsnsScore:
    """A scored Lubben Social Network Scale (LSNS-6).

    ``total`` is 0–30 (higher = larger network); ``family`` (items 1–3) and
    ``friends`` (items 4–6) are 0–15 each. ``at_risk`` iff total < the cut-off (12 by default);
    ``few_family_ties``/``few_friend_ties`` iff that subscale < 6.
    """

    answers: tuple[int, ...]
    total: int
    family: int
    friends: int
    at_risk: bool
    few_family_ties: bool
    few_friend_ties: bool
    interpretation: str


@dataclass(frozen=True)
class UclaScore:
    """A scored three-item UCLA loneliness scale: total 3–9, lonely iff total >= ``cut_off``."""

    answers: tuple[int, ...]
    total: int
    cut_off: int
    lonely: bool
    interpretation: str


class OnsLoneliness(str, Enum):
    """The answers to the ONS direct question "How often do you feel lonely?"."""

    OFTEN_OR_ALWAYS = "often/always"
    SOME_OF_THE_TIME = "some of the time"
    OCCASIONALLY = "occasionally"
    HARDLY_EVER = "hardly ever"
    NEVER = "never"


@dataclass(frozen=True)
class OnsLonelinessScore:
    """The ONS direct question's answer; ``chronically_lonely`` iff often/always.

    ONS reports "often/always" as chronic loneliness. The answers are an
    ordered category, not a score: there is no total to add up.
    """

    answer: OnsLoneliness
    chronically_lonely: bool
    interpretation: str


def _items(answers: object, *, scale: str, count: int, low: int, high: int) -> tuple[int, ...]:
    """The answers as a tuple of ints, or InvalidInput listing every problem."""
    if isinstance(answers, (str, bytes)) or not isinstance(answers, Sequence):
        raise InvalidInput(
            [Problem("answers", "WRONG_TYPE", f"{scale} answers must be a list of {count} numbers")]
        )
    problems: list[Problem] = []
    if len(answers) != count:
        message = f"{scale} needs {count} answers, got {len(answers)}"
        problems.append(Problem("answers", "WRONG_COUNT", message))
    for i, value in enumerate(answers):
        where = f"answers[{i}]"
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(Problem(where, "NOT_AN_INTEGER", f"{value!r} is not a whole number"))
        elif not low <= value <= high:
            message = f"item {i + 1} is {value}; {scale} items are {low} to {high}"
            problems.append(Problem(where, "OUT_OF_RANGE", message))
    if problems:
        raise InvalidInput(problems)
    return tuple(answers)


def score_lsns6(answers: Sequence[int], *, at_risk_below: int = LSNS6_AT_RISK_BELOW) -> LsnsScore:
    """Score the LSNS-6 (Lubben et al., 2006, *The Gerontologist* 46(4):503–513).

    Six items, each 0–5, in the order of :data:`LSNS6_ITEMS`. Total 0–30;
    below 12 means at risk of social isolation: fewer than about two people
    of each kind for each question (``at_risk_below``, 12 by default).
    Family = items 1–3, friends = items
    4–6 (0–15 each); a subscale below 6 means few ties of that kind.
    """
    items = _items(answers, scale="LSNS-6", count=6, low=0, high=5)
    family, friends = sum(items[:3]), sum(items[3:])
    total = family + friends
    at_risk = total < at_risk_below
    few_family = family < LSNS6_SUBSCALE_LOW_BELOW
    few_friends = friends < LSNS6_SUBSCALE_LOW_BELOW
    verdict = "at risk of social isolation" if at_risk else "not at risk of social isolation"
    lows = (("family", few_family), ("friend", few_friends))
    notes = [f"few {kind} ties" for kind, low in lows if low]
    detail = f"; {' and '.join(notes)}" if notes else ""
    return LsnsScore(
        answers=items,
        total=total,
        family=family,
        friends=friends,
        at_risk=at_risk,
        few_family_ties=few_family,
        few_friend_ties=few_friends,
        interpretation=(
            f"LSNS-6 {total} of 30 (family {family}, friends {friends}): {verdict} "
            f"(below {at_risk_below} is at risk){detail}."
        ),
    )


def score_ucla3(answers: Sequence[int], *, cut_off: int = UCLA3_LONELY_FROM) -> UclaScore:
    """Score the three-item UCLA loneliness scale (Hughes et al., 2004).

    Three items, each 1 (hardly ever or never), 2 (some of the time) or
    3 (often), in the order of :data:`UCLA3_ITEMS`. Total 3–9, higher is
    lonelier; lonely iff total >= ``cut_off`` (default 6; see
    :data:`UCLA3_LONELY_FROM` for why that is a convention).
    """
    if isinstance(cut_off, bool) or not isinstance(cut_off, int) or not 4 <= cut_off <= 9:
        message = f"the cut-off must be a whole number from 4 to 9, got {cut_off!r}"
        raise InvalidInput([Problem("cut_off", "OUT_OF_RANGE", message)])
    items = _items(answers, scale="UCLA-3", count=3, low=1, high=3)
    total = sum(items)
    lonely = total >= cut_off
    verdict = "lonely" if lonely else "not lonely"
    return UclaScore(
        answers=items,
        total=total,
        cut_off=cut_off,
        lonely=lonely,
        interpretation=f"UCLA-3 {total} of 9: {verdict} ({cut_off} or more counts as lonely).",
    )


def score_ons_loneliness(answer: OnsLoneliness | str) -> OnsLonelinessScore:
    """Read the answer to "How often do you feel lonely?" (ONS national measure, 2018).

    Accepts an :class:`OnsLoneliness` or its text ("often/always", "some of
    the time", "occasionally", "hardly ever", "never") or name, in any case.
    """
    found = _ons_answer(answer)
    if found is None:
        choices = ", ".join(repr(a.value) for a in OnsLoneliness)
        message = f"{answer!r} is not an answer to the ONS question; expected one of {choices}"
        raise InvalidInput([Problem("answer", "UNKNOWN_ANSWER", message)])
    chronic = found is OnsLoneliness.OFTEN_OR_ALWAYS
    meaning = "chronically lonely" if chronic else "not chronically lonely"
    return OnsLonelinessScore(
        answer=found,
        chronically_lonely=chronic,
        interpretation=f"Feels lonely {found.value}: {meaning} (ONS counts often/always).",
    )


def _ons_answer(answer: object) -> OnsLoneliness | None:
    if isinstance(answer, OnsLoneliness):
        return answer
    if not isinstance(answer, str):
        return None
    wanted = answer.strip().casefold()
    for option in OnsLoneliness:
        if wanted in (option.value, option.name.casefold()):
            return option
    return None
