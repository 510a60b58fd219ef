"""`netmap import`: CSV files checked whole, every bad row reported by file, row
and column, and written in one transaction or not at all."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netmap.cli import app
from netmap.interchange.csv_layout import SHEETS
from netmap.domain.errors import ERROR_CODES
from netmap.store.community_load import load_community
from netmap.store.connection import open_store
from netmap.interchange.csv_file import csv_files, read_csv_import, write_template
from netmap.store.settings import StoreSettings
from support.api import Api
from support.builders import store_options
from support.ops import PEOPLE, PERSON_TIES
from support.paths import REPO
from support.probe import StoreProbe

runner = CliRunner()
TEMPLATE_DIR = REPO / "seed" / "import-template"
"""The template as checked in; ``write_template`` writes the same files."""

CLEAN = {
    "organisations.csv": (
        "key,name,kind,area,interests,accessibility,description\n"
        "makers,Make & Mend Club,community_group,Old Town,crafts;sewing,step-free access;hearing loop,"
        '"Mending, making.\nTea after."\n'
        "brook-lane,Brook Lane Day Service,SERVICE,Riverside,,,\n"
    ),
    "people.csv": (
        "key,name,area,interests,skills,access_needs,"
        "consent_mapped,consent_show_to_organisers,consent_use_in_aggregates\n"
        "vera,Vera Hollins,Old Town,Flowers; Knitting,flower arranging,step-free access,yes,yes,yes\n"
        "joan,Joan Marsh,Old Town,,,,yes,no,yes\n"
        ",,,,,,,,\n"
        "sam,Sam Kerr,Riverside,,,,,,\n"
    ),
    "ties.csv": (
        "person,other,kind,since,until,label\n"
        "vera,joan,FRIEND,1998-05-01,,\n"
        "vera,sam,PAID_SUPPORT,2024-11-01,2025-03-10,home care worker\n"
    ),
    "participations.csv": (
        "person,organisation,role,since,until,title\n"
        "vera,makers,ROLE,2025-04-01,,tea maker\n"
        "sam,brook-lane,STAFF,2020-01-06,,\n"
    ),
    "activities.csv": (
        "key,organisation,title,repeat,starts,weekday,week_of_month,at,interests,cost_pence\n"
        "mending,makers,Mending morning,monthly,2025-01-06,monday,1,10:00,crafts;sewing,150\n"
    ),
}

BAD = {
    "organisations.csv": (
        "key,name,kind,description\n"
        '"club",Club,COMMUNITY_GROUP,"Meets on Mondays.\nTea after."\n'
        "svc,Day Service,SHOP,\n"
    ),
    "people.csv": (
        "key,name,interests,consent_mapped,consent_show_to_organisers,consent_use_in_aggregates\n"
        "ann,Ann,walking;birds,yes,yes,yes\n"
        "ann,Ann again,,,,\n"
        ",,,,,\n"
        "bob,,,,,\n"
        "cy,Cy,,maybe,no,no\n"
    ),
    "ties.csv": (
        "person,other,kind,since,until\n"
        "ann,ann,friend,2024-01-01,\n"
        "ann,ghost,FRIEND,01/02/2024,\n"
        "ann,bob,FRIEND,2024-01-01,2023-12-31\n"
        "ann,cy,FRIEND,2024-01-01,\n"
        "cy,ann,FRIEND,2024-06-01,\n"
    ),
    "participations.csv": "person,organisation,role,since,title\nann,club,ROLE,2024-01-01,\n",
    "activities.csv": "key,organisation,title,repeat,starts,weekday\nwalk,nowhere,Walk,WEEKLY,2024-01-01,MONDAY\n",
}

BAD_REPORT = [
    ("organisations.csv, row 3, column kind", "INVALID_INPUT"),
    ("people.csv, row 3, column key", "DUPLICATE_KEY"),
    ("people.csv, row 5, column name", "EMPTY"),
    ("people.csv, row 6, column consent_mapped", "INVALID_INPUT"),
    ("ties.csv, row 2, column other", "SELF_TIE"),
    ("ties.csv, row 3, column other", "NOT_FOUND"),
    ("ties.csv, row 3, column since", "INVALID_INPUT"),
    ("ties.csv, row 4, column until", "INVALID_INTERVAL"),
    ("ties.csv, row 6", "DUPLICATE_TIE"),
    ("participations.csv, row 2, column title", "TITLE_REQUIRED"),
    ("activities.csv, row 2, column organisation", "NOT_FOUND"),
]



def _files(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _import(settings: StoreSettings, *args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [*store_options(settings), "import", *map(str, args)])
    return result.exit_code, result.output


def _reported(output: str) -> list[tuple[str, str]]:
    """The (place, code) of each problem line: ``  file, row N, column C: CODE: message``."""
    return [(m[1], m[2]) for m in re.finditer(r"^  (.+?): ([A-Z_]+): ", output, re.MULTILINE)]


def _count(probe: StoreProbe, pattern: str) -> int:
    return int(probe.rows(f"MATCH {pattern} RETURN count(*) AS n")[0]["n"])


def _counts(probe: StoreProbe) -> dict[str, int]:
    return {
        "people": _count(probe, "(:Person)"),
        "organisations": _count(probe, "(:Organisation)"),
        "ties": _count(probe, "()-[:TIE]->()"),
        "participations": _count(probe, "()-[:PARTICIPATES]->()"),
        "activities": _count(probe, "(:Activity)"),
    }


def test_the_template_in_seed_is_the_one_the_command_writes(tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", "--template", str(tmp_path / "template")])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "template").iterdir())
    assert written == sorted(p.name for p in TEMPLATE_DIR.iterdir()) == sorted(s.file for s in SHEETS.values())
    for name in written:
        assert (tmp_path / "template" / name).read_text() == (TEMPLATE_DIR / name).read_text()


def test_the_template_imports_cleanly(store_settings: StoreSettings, probe: StoreProbe) -> None:
    code, output = _import(store_settings, TEMPLATE_DIR)
    assert code == 0, output
    assert _counts(probe) == {"people": 2, "organisations": 1, "ties": 1, "participations": 2, "activities": 1}


def test_a_clean_import_is_what_the_api_shows(
    tmp_path: Path, store_settings: StoreSettings, api: Api, probe: StoreProbe
) -> None:
    code, output = _import(store_settings, _files(tmp_path / "csv", CLEAN))
    assert code == 0, output
    assert _counts(probe) == {"people": 3, "organisations": 2, "ties": 2, "participations": 2, "activities": 1}

    [edge] = api.data(PEOPLE, search="Vera Hollins")["people"]["edges"]
    vera = api.data(PERSON_TIES, id=edge["node"]["id"], at="2025-01-01")["person"]
    ties = {(t["kind"], t["contact"]["name"]) for t in vera["ties"]}
    assert ties == {("FRIEND", "Joan Marsh"), ("PAID_SUPPORT", "Sam Kerr")}
    later = api.data(PERSON_TIES, id=edge["node"]["id"], at="2025-06-01")["person"]
    assert {t["kind"] for t in later["ties"]} == {"FRIEND"}, "the paid support ended on 2025-03-10"
    assert [(p["role"], p["title"], p["organisation"]["name"]) for p in later["participations"]] == [
        ("ROLE", "tea maker", "Make & Mend Club")
    ]

    [person] = probe.rows(
        "MATCH (p:Person {name: 'Vera Hollins'}) RETURN p.interests AS interests, p.access_needs AS needs, "
        "p.consent_mapped AS mapped, p.recorded_by AS by"
    )
    assert person == {
        "interests": ["flowers", "knitting"], "needs": ["step-free access"], "mapped": True, "by": "csv import"
    }
    [club] = probe.rows("MATCH (o:Organisation {name: 'Make & Mend Club'}) RETURN o.kind AS kind, o.description AS d")
    assert club == {"kind": "COMMUNITY_GROUP", "d": "Mending, making.\nTea after."}
    [activity] = probe.rows("MATCH (:Organisation)-[:RUNS]->(a:Activity) RETURN a.title AS title, a.cost_pence AS c")
    assert activity == {"title": "Mending morning", "c": 150}
    assert probe.rows("MATCH (p:Person {name: 'Sam Kerr'}) RETURN p.consent_mapped AS mapped") == [{"mapped": False}]


def test_every_bad_row_in_every_file_is_reported_and_nothing_is_written(
    tmp_path: Path, store_settings: StoreSettings, probe: StoreProbe
) -> None:
    assert _import(store_settings, TEMPLATE_DIR)[0] == 0
    before = probe.state()

    code, output = _import(store_settings, _files(tmp_path / "bad", BAD))

    assert code == 2, output
    assert f"{len(BAD_REPORT)} problem(s); nothing was written" in output
    assert _reported(output) == BAD_REPORT
    assert all(code in ERROR_CODES for _, code in BAD_REPORT)
    assert "ties.csv, row 6: DUPLICATE_TIE: overlaps row 5" in output
    assert probe.state() == before


def test_a_bad_row_in_the_last_file_leaves_the_store_as_it_was(
    tmp_path: Path, store_settings: StoreSettings, probe: StoreProbe
) -> None:
    assert _import(store_settings, TEMPLATE_DIR)[0] == 0
    before = probe.state()
    files = {**CLEAN, "activities.csv": CLEAN["activities.csv"] + "quiz,makers,Quiz night,WEEKLY,2025-01-06,,,,,\n"}

    code, output = _import(store_settings, _files(tmp_path / "csv", files))

    assert code == 2, output
    assert _reported(output) == [("activities.csv, row 3, column repeat", "SCHEDULE_INCOMPLETE")]
    assert probe.state() == before


def test_the_write_is_one_transaction(store_settings: StoreSettings, probe: StoreProbe) -> None:
    """A fault after the first batch was written leaves nothing of it behind."""
    community = read_csv_import(csv_files([TEMPLATE_DIR]), "test")
    written: list[int] = []

    def fail_after_the_first_batch(done: int) -> None:
        written.append(done)
        raise RuntimeError("the disk is full")

    async def run() -> None:
        async with open_store(store_settings) as store:
            await load_community(store, community, fail_after_the_first_batch)

    with pytest.raises(RuntimeError):
        asyncio.run(run())
    assert written == [1], "the organisation was written in the transaction before the fault"
    assert probe.state() == set()


def test_importing_the_same_files_twice_changes_nothing(
    tmp_path: Path, store_settings: StoreSettings, probe: StoreProbe
) -> None:
    folder = _files(tmp_path / "csv", CLEAN)
    assert _import(store_settings, folder)[0] == 0
    once = probe.state()
    code, output = _import(store_settings, folder)
    assert code == 0, output
    assert probe.state() == once


def test_a_later_import_refers_to_people_by_including_their_rows_again(
    tmp_path: Path, store_settings: StoreSettings, probe: StoreProbe
) -> None:
    assert _import(store_settings, _files(tmp_path / "first", CLEAN))[0] == 0
    vera_before = probe.rows("MATCH (p:Person {name: 'Vera Hollins'}) RETURN p.id AS id, p.recorded_at AS at")
    header, vera_row = CLEAN["people.csv"].splitlines()[:2]
    later = {
        "people.csv": f"{header}\n{vera_row}\npete,Pete Shaw,Hillcrest,golf,,,yes,yes,yes\n",
        "ties.csv": "person,other,kind,since\nvera,pete,NEIGHBOUR,2025-03-10\n",
    }
    people, ties = _files(tmp_path / "later", later) / "people.csv", tmp_path / "later" / "ties.csv"

    code, output = _import(store_settings, people, ties)

    assert code == 0, output
    assert probe.rows("MATCH (p:Person {name: 'Vera Hollins'}) RETURN p.id AS id, p.recorded_at AS at") == vera_before
    assert _count(probe, "(:Person {name: 'Vera Hollins'})-[:TIE {kind: 'NEIGHBOUR'}]->(:Person {name: 'Pete Shaw'})")
    assert _counts(probe)["people"] == 4


def test_a_wrong_header_is_reported_alone(tmp_path: Path, store_settings: StoreSettings, probe: StoreProbe) -> None:
    files = {"people.csv": "key,Name,intrests\na,A,x\n", "ties.csv": "person,other,since\na,ghost,2024-01-01\n"}
    code, output = _import(store_settings, _files(tmp_path / "csv", files))
    assert code == 2, output
    assert _reported(output) == [
        ("people.csv, row 1, column intrests", "INVALID_INPUT"),
        ("ties.csv, row 1, column kind", "EMPTY"),
    ]
    assert probe.state() == set()


def test_check_writes_nothing(store_settings: StoreSettings, probe: StoreProbe) -> None:
    code, output = _import(store_settings, "--check", TEMPLATE_DIR)
    assert code == 0, output
    assert "nothing written" in output
    assert probe.state() == set()


def test_usage_errors_exit_2_and_write_nothing(
    tmp_path: Path, store_settings: StoreSettings, probe: StoreProbe
) -> None:
    stray = _files(tmp_path / "stray", {"people.csv": "key,name\na,A\n", "exchanges.csv": "giver,receiver\n"})
    assert _import(store_settings)[0] == 2, "no files"
    assert _import(store_settings, tmp_path / "missing")[0] == 2, "no such folder"
    code, output = _import(store_settings, stray)
    assert code == 2
    assert "exchanges.csv: not a file netmap imports" in " ".join(output.replace("│", " ").split())
    assert _import(store_settings, stray / "people.csv", TEMPLATE_DIR)[0] == 2, "two people.csv"
    assert _import(store_settings, "--template", TEMPLATE_DIR)[0] == 2, "the template would overwrite files"
    assert probe.state() == set()


def test_write_template_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("key,name\nours,Our Person\n")
    with pytest.raises(FileExistsError):
        write_template(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]


def test_every_column_is_documented() -> None:
    docs = (REPO / "docs" / "csv-import.md").read_text()
    for sheet in SHEETS.values():
        section = docs.split(f"### {sheet.file}")[1].split("###")[0]
        documented = re.findall(r"^\| `(\w+)` \|", section, re.MULTILINE)
        assert documented == sheet.header, sheet.file
