"""netmap's figures beside a group's own judgement, and how they moved after the group acted.

Two questions a reflection asks of the records: do the figures agree with
the stage the group chose (said neutrally: the group may know what the
records miss), and did the evidence for a principle move between one
reflection and the next, month by month, while its actions were under way?
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from netmap.analysis.assessment import INDICATOR_LABELS, Rating, indicator_value, rate, sentence_date
from netmap.analysis.evidence import gather_evidence
from netmap.analysis.stages import Principle, Stage, Status, Thresholds
from netmap.analysis.steps import Every, steps
from netmap.analysis.temporal import TemporalNetwork

__all__ = ["EvidencePoint", "beside", "movement", "movement_dates", "ratings_on"]


@dataclass(frozen=True)
class EvidencePoint:
    """A principle's evidence on one date."""

    at: date
    rating: Rating


def ratings_on(
    network: TemporalNetwork,
    service_id: str,
    dates: Iterable[date],
    thresholds: Thresholds | None = None,
    *,
    timebank_id: str | None = None,
) -> dict[date, dict[Principle, Rating]]:
    """Every principle's evidence on each date (one count of the figures per date)."""
    used = thresholds or Thresholds()
    found = {}
    for day in dates:
        evidence = gather_evidence(network, service_id, day, timebank_id=timebank_id, review_months=used.review_months)
        found[day] = {principle: rate(principle, evidence, used) for principle in Principle}
    return found


def movement_dates(start: date, end: date) -> list[date]:
    """``start``, the same day of each month after it, and ``end`` (one date if end <= start)."""
    if end <= start:
        return [start]
    found = steps(start, end, Every.MONTH)
    return found if found[-1] == end else [*found, end]


def _figures(rating: Rating) -> str:
    if rating.stage:
        return f"the figures suggest \u201c{rating.stage.label}\u201d"
    return f"the figures do not reach the bars for \u201c{Stage.GOT_THE_BASICS.label}\u201d"


def beside(chosen: Stage | None, measured: Rating) -> str:
    """The figures beside the group's chosen stage, in neutral words.

    Rule: with not enough evidence, say so; otherwise compare ranks ("below
    the basics" ranks with the first stage). Two stages apart or more is
    named as a difference worth talking over; one stage is "close"; the same
    rank "in line". The group's choice is never called wrong: they may know
    what the records miss.
    """
    if measured.status is Status.NOT_ENOUGH_EVIDENCE:
        return f"netmap has not enough evidence to set beside your choice: {measured.reason}."
    figures = _figures(measured)
    if chosen is None:
        return f"You did not choose a stage; {figures}."
    rank = measured.stage.rank if measured.stage else 0
    you = f"\u201c{chosen.label}\u201d"
    apart = abs(chosen.rank - rank)
    if apart >= 2:
        return (
            f"{figures[0].upper()}{figures[1:]}; you chose {you}. That is {apart} stages apart: "
            "worth talking over what each can see that the other cannot."
        )
    if apart == 1:
        return f"{figures[0].upper()}{figures[1:]}, one stage from your choice ({you})."
    return f"{figures[0].upper()}{figures[1:]}, in line with your choice ({you})."


def _where(rating: Rating) -> str:
    return f"\u201c{rating.stage.label}\u201d" if rating.stage else "below the basics' bars"


def movement(points: list[EvidencePoint]) -> str:
    """How a principle's evidence moved from the first point to the last, in one sentence.

    Names every figure that changed (or, if none did, the principle's headline figure).
    """
    if not points:
        return ""
    first, last = points[0], points[-1]
    since = f"From {sentence_date(first.at)} to {sentence_date(last.at)}"
    if first.rating.status is Status.NOT_ENOUGH_EVIDENCE or last.rating.status is Status.NOT_ENOUGH_EVIDENCE:
        return f"{since} there is not enough evidence to say how the figures moved."
    same = (first.rating.stage, first.rating.status) == (last.rating.stage, last.rating.status)
    if same:
        moved = f"stayed at {_where(last.rating)}" if last.rating.stage else f"stayed {_where(last.rating)}"
    else:
        moved = f"moved from {_where(first.rating)} to {_where(last.rating)}"
    pairs = [
        (b, a)
        for b, a in zip(first.rating.indicators, last.rating.indicators)
        if b.value is not None and a.value is not None
    ]
    shown = [(b, a) for b, a in pairs if b.value != a.value] or pairs[:1]
    values = "".join(
        f"; {INDICATOR_LABELS.get(b.name, b.name)}: {indicator_value(b.name, b.value)} \u2192 {indicator_value(a.name, a.value)}"
        for b, a in shown
    )
    return f"{since}: the figures {moved}{values}."
