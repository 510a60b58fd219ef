"""Store failures the caller can act on."""

from __future__ import annotations

from netmap.domain.errors import NetmapError


class StoreUnavailable(NetmapError):
    """The database cannot be reached just now; nothing was written."""

    code = "STORE_UNAVAILABLE"

    def __init__(self, reason: str) -> None:
        super().__init__(f"The store is unavailable: {reason}")


class EmbeddedServerError(RuntimeError):
    """The embedded ArcadeDB server could not be started."""
