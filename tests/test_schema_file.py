"""schema/schema.graphql is what the code defines; regenerate with `netmap export-schema`."""

from __future__ import annotations

from netmap.api.schema import sdl
from support.paths import REPO


def test_checked_in_schema_is_current() -> None:
    checked_in = (REPO / "schema" / "schema.graphql").read_text()
    assert checked_in == sdl(), "schema/schema.graphql is stale: run `netmap export-schema`"
