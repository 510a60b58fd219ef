"""Where the store is and how to reach it.

Read from an environment mapping passed in (never at import time), so tests
and the CLI hand over their own.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_DATA_DIR = Path(".netmap")
EMBEDDED_DATABASE = "netmap"


@dataclass(frozen=True)
class StoreSettings:
    """Connection settings; with no ``uri`` netmap runs its own embedded server."""

    uri: str | None = None
    user: str = "neo4j"
    password: str | None = None
    database: str | None = None
    data_dir: Path = DEFAULT_DATA_DIR
    wait_s: float = 60.0
    """How long to wait at start for a configured store that does not answer yet."""

    @property
    def embedded(self) -> bool:
        return not self.uri

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> StoreSettings:
        """Settings from ``NETMAP_DB_URI``, ``_USER``, ``_PASSWORD``, ``_NAME``, ``_WAIT_S`` and ``NETMAP_DATA_DIR``."""
        env = os.environ if environ is None else environ
        return cls(
            uri=env.get("NETMAP_DB_URI") or None,
            user=env.get("NETMAP_DB_USER") or "neo4j",
            password=env.get("NETMAP_DB_PASSWORD") or None,
            database=env.get("NETMAP_DB_NAME") or None,
            data_dir=Path(env.get("NETMAP_DATA_DIR") or DEFAULT_DATA_DIR),
            wait_s=float(env.get("NETMAP_DB_WAIT_S") or cls.wait_s),
        )

    def with_overrides(self, **changes: object) -> StoreSettings:
        """A copy with the given fields replaced, ignoring those given as None."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]
