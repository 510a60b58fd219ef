"""The load command itself works end to end (a short run; its figures are for people to read)."""

from __future__ import annotations

import pytest

from netmap.devtools.load import run

pytestmark = pytest.mark.slow


def test_a_short_load_run_loses_and_doubles_nothing() -> None:
    figures = run(people=200, clients=2, seconds=2, write_share=0.5, seed=3)
    assert figures["requests"] > 0
    assert figures["outcomes"].get("write ok", 0) == figures["acknowledged"] > 0
    assert (figures["lost"], figures["doubled_pairs"]) == (0, 0)
    assert figures["measures_read_after_a_write"] > 0 and figures["stale_reads"] == 0
    assert not [kind for kind in figures["outcomes"] if kind.startswith(("http 5", "transport"))]
