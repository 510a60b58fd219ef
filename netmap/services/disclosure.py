"""Statistical disclosure control for analysts: the one rule for what an
aggregate figure may show to someone who may not see individuals.

Counts below a threshold are suppressed — zero included, so "nobody" is not
told apart from "one or two" — and every other count is rounded to the
nearest multiple of a base (5), as the UK Government Statistical Service's
guidance on disclosure control and NHS England's small-number rule for
Hospital Episode Statistics do. Shares are worked out from the rounded counts,
and a figure built on a suppressed count (a share, a median, a mean) is
suppressed with it. docs/access.md says what this protects and what it does not.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DisclosureControl"]


@dataclass(frozen=True)
class DisclosureControl:
    """Rounding and suppression of one caller's aggregate figures."""

    threshold: int = 5
    """Counts below this (0 included) are shown as suppressed."""
    base: int = 5
    """Counts at or above the threshold are rounded to the nearest multiple of this."""

    def count(self, value: int) -> int | None:
        """The count as it may be shown; None: suppressed."""
        if value < self.threshold:
            return None
        return self.base * ((2 * value + self.base) // (2 * self.base))

    def share(self, part: int, whole: int) -> float | None:
        """``part / whole`` from the rounded counts; None if either is suppressed."""
        shown_part, shown_whole = self.count(part), self.count(whole)
        if shown_part is None or not shown_whole:
            return None
        return shown_part / shown_whole

    def shows(self, value: int) -> bool:
        """Whether a figure resting on ``value`` people (a median, a mean) may be shown."""
        return self.count(value) is not None
