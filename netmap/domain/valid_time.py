"""Valid time: when a relationship held in the world (not when it was typed in).

A period runs from ``since`` (inclusive) to ``until`` (exclusive); an open
``until`` means it still holds. Ending a relationship sets ``until``; nothing
that happened is overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    """The dates between which a tie or participation held."""

    since: date
    until: date | None = None

    def active_at(self, at: date) -> bool:
        """True iff ``since <= at`` and (``until`` is open or ``at < until``).

        A tie that ends on a date is no longer active on that date.
        """
        return self.since <= at and (self.until is None or at < self.until)

    def started_by(self, at: date) -> bool:
        """True iff the period had begun on ``at`` (active then or ended before)."""
        return self.since <= at

    def overlaps(self, other: Period) -> bool:
        """True iff some date lies in both periods."""
        starts_before_other_ends = other.until is None or self.since < other.until
        ends_after_other_starts = self.until is None or other.since < self.until
        return starts_before_other_ends and ends_after_other_starts
