"""Self-reported answers to validated instruments, scored on the day they are recorded.

Three instruments: the Lubben Social Network Scale (LSNS-6), the UCLA 3-item
loneliness scale, and the ONS direct question "How often do you feel
lonely?". Each report carries a plain ``concern`` flag so trends can count
people: at risk of isolation (LSNS-6 below 12), lonely (UCLA-3 of 6 or more),
or chronically lonely (ONS "often/always").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.instruments import score_lsns6, score_ons_loneliness, score_ucla3
from netmap.domain.records import Recorded


class Instrument(str, Enum):
    LSNS6 = "LSNS6"
    """Lubben Social Network Scale, six items 0–5; total 0–30; below 12 = at risk of isolation."""
    UCLA3 = "UCLA3"
    """UCLA 3-item loneliness scale, items 1–3; total 3–9; 6 or more counted as lonely."""
    ONS = "ONS"
    """ONS "How often do you feel lonely?"; often/always = chronically lonely."""


@dataclass(frozen=True)
class Scored:
    score: int | None
    """The total (None for the ONS question, which is a category)."""
    concern: bool
    interpretation: str


@dataclass(frozen=True)
class SelfReport:
    id: str
    person_id: str
    instrument: Instrument
    date: date
    answers: tuple[int, ...]
    answer: str | None
    score: int | None
    concern: bool
    interpretation: str
    recorded: Recorded


def score(instrument: Instrument, answers: Sequence[int] | None, answer: str | None) -> Scored:
    """Validate and score one set of answers; InvalidInput names every bad one."""
    if instrument is Instrument.ONS:
        if answer is None:
            raise InvalidInput([Problem("answer", "EMPTY", "the ONS question needs an answer")])
        ons = score_ons_loneliness(answer)
        return Scored(None, ons.chronically_lonely, ons.interpretation)
    if answers is None:
        raise InvalidInput([Problem("answers", "EMPTY", f"{instrument.value} needs its item answers")])
    if instrument is Instrument.LSNS6:
        lsns = score_lsns6(answers)
        return Scored(lsns.total, lsns.at_risk, lsns.interpretation)
    ucla = score_ucla3(answers)
    return Scored(ucla.total, ucla.lonely, ucla.interpretation)
