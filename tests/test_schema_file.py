"""schema/schema.graphql is what the code defines; regenerate with `netmap export-schema`."""

from __future__ import annotations

import pytest

from netmap.api.schema import sdl
from support.paths import REPO

pytestmark = pytest.mark.fast


def test_checked_in_schema_is_current() -> None:
    checked_in = (REPO / "schema" / "schema.graphql").read_text()
    assert checked_in == sdl(), "schema/schema.graphql is stale: run `netmap export-schema`"
