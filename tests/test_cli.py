"""The netmap command as a user runs it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from netmap.api.schema import sdl
from netmap.cli import app
from netmap.interchange.community_file import DEMO_FILE, read_community
from netmap.store.settings import StoreSettings
from support.builders import store_options
from support.probe import StoreProbe

runner = CliRunner()



def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("serve", "seed", "export-schema"):
        assert command in result.output


def test_seed_check_validates_without_writing(store_settings: StoreSettings, probe: StoreProbe) -> None:
    result = runner.invoke(app, [*store_options(store_settings), "seed", "--check"])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output
    assert probe.state() == set()


def test_seed_loads_the_demo_into_a_configured_store(store_settings: StoreSettings, probe: StoreProbe) -> None:
    result = runner.invoke(app, [*store_options(store_settings), "seed"])
    assert result.exit_code == 0, result.output
    people = probe.rows("MATCH (p:Person) RETURN count(p) AS n")[0]["n"]
    assert people == read_community(DEMO_FILE).counts()["people"]


def test_seed_with_a_bad_file_exits_2_and_writes_nothing(
    tmp_path: Path, store_settings: StoreSettings, probe: StoreProbe
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("people:\n  - {key: a, name: ''}\n  - {key: b}\n")
    result = runner.invoke(app, [*store_options(store_settings), "seed", "--file", str(bad)])
    assert result.exit_code == 2
    assert "people[0].name: EMPTY" in result.output
    assert "people[1].name" in result.output
    assert probe.state() == set()


def test_export_schema_prints_the_sdl() -> None:
    result = runner.invoke(app, ["export-schema", "--output", "-"])
    assert result.exit_code == 0
    assert result.output == sdl()


def test_seed_a_synthetic_community_twice_equals_once(store_settings: StoreSettings, probe: StoreProbe) -> None:
    first = runner.invoke(app, [*store_options(store_settings), "seed", "--synthetic", "300", "--seed-number", "4"])
    assert first.exit_code == 0, first.output
    once = probe.state()
    again = runner.invoke(app, [*store_options(store_settings), "seed", "--synthetic", "300", "--seed-number", "4"])
    assert again.exit_code == 0
    assert probe.state() == once
    assert probe.rows("MATCH (p:Person) RETURN count(p) AS n") == [{"n": 300}]
