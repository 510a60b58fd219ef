"""A service's own settings: the timebank it supports and the questionnaire cut-offs it counts by.

Settings are read whenever figures are produced, never baked into stored
records, so changing one changes past figures too, consistently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from netmap.domain.instruments import CutOffs
from netmap.domain.records import Recorded


@dataclass(frozen=True)
class ServiceSettings:
    """``timebank_id``: the TIMEBANK organisation the service supports (None: none linked)."""

    service_id: str
    timebank_id: str | None = None
    cut_offs: CutOffs = field(default_factory=CutOffs)
    recorded: Recorded | None = None
    """Who last changed the settings, and when (None: never set; the defaults apply)."""
