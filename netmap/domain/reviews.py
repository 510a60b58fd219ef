"""When a person's network was gone over with them: what makes their map current.

The co-production evidence counts only people whose network was reviewed
recently; a review is recorded on its own (``recordNetworkReview``) and
whenever a tie or participation is recorded in the person's map.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from netmap.domain.records import Recorded


@dataclass(frozen=True)
class NetworkReview:
    """The person's network was reviewed (or mapped) on ``date``."""

    id: str
    person_id: str
    date: date
    recorded: Recorded
