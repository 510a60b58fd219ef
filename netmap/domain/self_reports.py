"""Self-reported answers to validated instruments, scored on the day they are recorded.

Three instruments: the Lubben Social Network Scale (LSNS-6), the UCLA 3-item
loneliness scale, and the ONS direct question "How often do you feel
lonely?". Whether an answer raises a concern (at risk of isolation, lonely,
chronically lonely) is not stored: it is worked out from the score whenever
figures are produced, with the cut-offs in force then
(:class:`~netmap.domain.instruments.CutOffs`), so changing a service's
cut-off changes its past figures consistently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.instruments import CutOffs, OnsLoneliness, score_lsns6, score_ons_loneliness, score_ucla3
from netmap.domain.records import Recorded

DEFAULT_CUT_OFFS = CutOffs()


class Instrument(str, Enum):
    LSNS6 = "LSNS6"
    """Lubben Social Network Scale, six items 0–5; total 0–30; below 12 (by default) = at risk of isolation."""
    UCLA3 = "UCLA3"
    """UCLA 3-item loneliness scale, items 1–3; total 3–9; 6 or more (by default) counted as lonely."""
    ONS = "ONS"
    """ONS "How often do you feel lonely?"; often/always = chronically lonely."""


@dataclass(frozen=True)
class Scored:
    score: int | None
    """The total (None for the ONS question, which is a category)."""
    concern: bool
    """With the default cut-offs."""
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
    interpretation: str
    """As worded when recorded, with the default cut-offs of the day."""
    recorded: Recorded

    def concern(self, cut_offs: CutOffs = DEFAULT_CUT_OFFS) -> bool:
        """Whether this answer raises a concern under ``cut_offs`` (see :func:`concern`)."""
        return concern(self.instrument, self.score, self.answer, cut_offs)


def concern(instrument: Instrument, score: int | None, answer: str | None, cut_offs: CutOffs = DEFAULT_CUT_OFFS) -> bool:
    """At risk of isolation (LSNS-6 below its cut-off), lonely (UCLA-3 at or above its
    cut-off) or chronically lonely (ONS often/always)."""
    if instrument is Instrument.ONS:
        return answer is not None and score_ons_loneliness(answer).answer is OnsLoneliness.OFTEN_OR_ALWAYS
    if score is None:
        return False
    if instrument is Instrument.LSNS6:
        return score < cut_offs.lsns6_at_risk_below
    return score >= cut_offs.ucla3_lonely_from


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
