"""schema/schema.graphql is what the code defines; regenerate with `netmap export-schema`."""

from __future__ import annotations

from conftest import REPO
from netmap.api.schema import sdl


def test_checked_in_schema_is_current() -> None:
    checked_in = (REPO / "schema" / "schema.graphql").read_text()
    assert checked_in == sdl(), "schema/schema.graphql is stale: run `netmap export-schema`"
