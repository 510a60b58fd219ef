"""Self-reported figures for a cohort beside the network measures.

For each person the latest report of each instrument taken within a year
before the date counts; older answers are too stale to say how someone feels
now. Shares are of the people who have such a report. Concern is worked out
here, with the cut-offs given (a service's own, or the defaults), never read
from a flag stored with the answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from netmap.domain.instruments import CutOffs
from netmap.domain.self_reports import DEFAULT_CUT_OFFS, Instrument, SelfReport

__all__ = ["FRESH_FOR", "InstrumentFigures", "latest_reports", "self_reported_figures"]

FRESH_FOR = timedelta(days=365)


@dataclass(frozen=True)
class InstrumentFigures:
    """One instrument across a cohort: how many answered, mean score, how many raise concern."""

    instrument: Instrument
    reported: int
    mean_score: float | None
    """None for the ONS question (a category, not a score) or when nobody reported."""
    concern: int
    concern_share: float | None
    """At risk of isolation (LSNS-6 below its cut-off), lonely (UCLA-3 at or above its
    cut-off), chronically lonely (ONS often/always)."""


def latest_reports(reports: Iterable[SelfReport], at: date) -> dict[tuple[str, Instrument], SelfReport]:
    """The latest report per person and instrument on or before ``at`` and within FRESH_FOR."""
    found: dict[tuple[str, Instrument], SelfReport] = {}
    for report in reports:
        if at - FRESH_FOR < report.date <= at:
            key = (report.person_id, report.instrument)
            if key not in found or found[key].date < report.date:
                found[key] = report
    return found


def self_reported_figures(
    reports: Iterable[SelfReport], members: Iterable[str], at: date, cut_offs: CutOffs = DEFAULT_CUT_OFFS
) -> list[InstrumentFigures]:
    """Figures per instrument for the cohort ``members`` at ``at``, concern by ``cut_offs``."""
    wanted = set(members)
    latest = [r for (pid, _), r in latest_reports(reports, at).items() if pid in wanted]
    figures = []
    for instrument in Instrument:
        mine = [r for r in latest if r.instrument is instrument]
        scores = [r.score for r in mine if r.score is not None]
        concern = sum(1 for r in mine if r.concern(cut_offs))
        figures.append(
            InstrumentFigures(
                instrument=instrument,
                reported=len(mine),
                mean_score=round(sum(scores) / len(scores), 2) if scores else None,
                concern=concern,
                concern_share=concern / len(mine) if mine else None,
            )
        )
    return figures
