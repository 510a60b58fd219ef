"""Applies the constraints and indexes in ``netmap/store/schema/*.cypher`` (package data), idempotently, at start."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from netmap.store.feed import ensure_feed

if TYPE_CHECKING:
    from netmap.store.connection import Store

SCHEMA_DIR = Path(str(resources.files("netmap.store") / "schema"))


def statements(schema_dir: Path = SCHEMA_DIR) -> list[str]:
    """Every statement of every ``*.cypher`` file, in file-name order.

    Statements end with ``;``; lines starting with ``//`` are comments.
    """
    found: list[str] = []
    for path in sorted(schema_dir.glob("*.cypher")):
        text = "\n".join(
            line for line in path.read_text().splitlines() if not line.strip().startswith("//")
        )
        found.extend(part.strip() for part in text.split(";") if part.strip())
    return found


async def apply_migrations(store: Store, schema_dir: Path = SCHEMA_DIR) -> int:
    """Run each statement (all use IF NOT EXISTS); return how many ran."""
    applied = statements(schema_dir)
    for statement in applied:
        await store.run_schema(statement)
    await store.write(ensure_feed)
    return len(applied)
