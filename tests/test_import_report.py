"""What `netmap import` (and `seed`) report for each row: created, unchanged,
differing (with the cells that differ) or refused; `--update` applies the
differing rows as corrections, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from netmap.cli import app
from netmap.interchange.community_file import stable_id
from netmap.store.settings import StoreSettings
from support.api import Api
from support.builders import store_options
from support.probe import StoreProbe

runner = CliRunner()

FILES = {
    "people.csv": (
        "key,name,area,interests,consent_mapped,consent_show_to_organisers,consent_use_in_aggregates\n"
        "vera,Vera Hollins,Old Town,flowers;knitting,yes,yes,yes\n"
        "joan,Joan Marsh,Old Town,,yes,no,yes\n"
    ),
    "ties.csv": "person,other,kind,since,until,label\nvera,joan,FRIEND,1998-05-01,,\n",
}


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def _import(settings: StoreSettings, folder: Path, *options: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, [*store_options(settings), "import", "--json", *options, str(folder)])
    return result.exit_code, json.loads(result.stdout)


def _counts(report: dict[str, Any], file: str) -> tuple[int, int, int, int]:
    found = report["files"][file]
    return found["created"], found["unchanged"], found["differing"], found["refused"]


def test_a_second_import_reports_every_row_unchanged(
    tmp_path: Path, store_settings: StoreSettings, probe: StoreProbe
) -> None:
    folder = _write(tmp_path / "in", FILES)
    code, first = _import(store_settings, folder)
    assert code == 0 and first["applied"]
    assert _counts(first, "people.csv") == (2, 0, 0, 0)
    assert first["files"]["people.csv"]["ids"] == {"vera": stable_id("PersonInput", "vera"),
                                                   "joan": stable_id("PersonInput", "joan")}  # fmt: skip
    state = probe.state()

    code, second = _import(store_settings, folder)

    assert code == 0
    assert _counts(second, "people.csv") == (0, 2, 0, 0)
    assert _counts(second, "ties.csv") == (0, 1, 0, 0)
    assert probe.state() == state


def test_a_changed_cell_is_reported_and_left_alone_until_update_applies_it_as_a_correction(
    tmp_path: Path, store_settings: StoreSettings, probe: StoreProbe
) -> None:
    folder = _write(tmp_path / "in", FILES)
    _import(store_settings, folder)
    changed = {
        "people.csv": FILES["people.csv"].replace("vera,Vera Hollins,Old Town", "vera,Vera Hollins,Riverside")
        .replace("joan,Joan Marsh,Old Town,,yes,no,yes", "joan,Joan Marsh,,,yes,yes,yes"),
        "ties.csv": "person,other,kind,since,until,label\nvera,joan,FRIEND,1998-05-01,2025-03-01,\n",
    }
    _write(folder, changed)
    state = probe.state()

    code, report = _import(store_settings, folder)

    assert code == 0
    assert _counts(report, "people.csv") == (0, 0, 2, 0)
    vera, joan = report["files"]["people.csv"]["rows"]
    assert (vera["row"], vera["key"], vera["cells"]) == (2, "vera", {"area": {"stored": "Old Town", "given": "Riverside"}})
    assert joan["cells"] == {"consent_show_to_organisers": {"stored": False, "given": True}}, "an empty cell is not compared"
    [tie] = report["files"]["ties.csv"]["rows"]
    assert tie["cells"] == {"until": {"stored": None, "given": "2025-03-01"}}
    assert probe.state() == state, "without --update nothing changes"

    code, report = _import(store_settings, folder, "--update")

    assert code == 0 and report["update"]
    assert probe.rows("MATCH (p:Person {key: 'vera'}) RETURN p.area AS a") == [{"a": "Riverside"}]
    assert probe.rows("MATCH ()-[t:TIE]->() RETURN toString(t.until) AS u") == [{"u": "2025-03-01"}]
    corrections = probe.rows("MATCH (c:Correction) RETURN c.reason AS r, c.recorded_by AS by, c.before AS b ORDER BY b")
    assert {c["r"] for c in corrections} == {"import"} and all(c["by"].startswith("cli:") for c in corrections)
    befores = [json.loads(c["b"]) for c in corrections]
    assert {"area": "Old Town"} in befores
    assert {"kind": "FRIEND", "label": None, "since": "1998-05-01", "until": None,
            "closeness": None, "contact_frequency": None} in befores  # fmt: skip
    consents = probe.rows("MATCH (c:ConsentRecord {person_id: $id}) RETURN c.consent_organisers AS o "
                          "ORDER BY c.consent_recorded_at", id=stable_id("PersonInput", "joan"))  # fmt: skip
    assert consents == [{"o": False}, {"o": True}], "a changed consent answer is recorded as consent, history kept"
    _, again = _import(store_settings, folder)
    assert _counts(again, "people.csv") == (0, 2, 0, 0)


def test_a_row_that_clashes_with_the_store_is_refused_and_nothing_is_written(
    tmp_path: Path, store_settings: StoreSettings, probe: StoreProbe
) -> None:
    folder = _write(tmp_path / "in", FILES)
    _import(store_settings, folder)
    probe.rows(
        "MATCH (a:Person {key: 'vera'}), (b:Person {key: 'joan'}) "
        "CREATE (a)-[:TIE {id: 'from-the-api', kind: 'NEIGHBOUR', since: date('2020-01-01')}]->(b)"
    )
    _write(folder, {
        "people.csv": FILES["people.csv"].replace("Old Town", "Riverside", 1),
        "ties.csv": FILES["ties.csv"] + "joan,vera,NEIGHBOUR,2024-01-01,,\n",
    })  # fmt: skip
    state = probe.state()

    code, report = _import(store_settings, folder, "--update")

    assert code == 2 and not report["applied"]
    assert _counts(report, "ties.csv") == (0, 1, 0, 1)
    [refused] = report["files"]["ties.csv"]["rows"]
    assert refused["row"] == 3 and "from-the-api" in refused["message"]
    assert probe.state() == state, "the differing person was not corrected either: all or nothing"

    text = runner.invoke(app, [*store_options(store_settings), "import", str(folder)])
    assert text.exit_code == 2
    assert "ties.csv: 0 created, 1 unchanged, 0 differing, 1 refused" in text.stdout
    assert "row 3: refused: overlaps a tie already recorded (from-the-api" in text.stdout


def test_consent_is_recorded_only_when_the_row_gives_it(
    tmp_path: Path, store_settings: StoreSettings, probe: StoreProbe
) -> None:
    _import(store_settings, _write(tmp_path / "in", {"people.csv": "key,name\nann,Ann\n"}))
    [ann] = probe.rows("MATCH (p:Person {key: 'ann'}) RETURN p.consent_mapped AS m, p.consent_recorded_by AS by")
    assert ann == {"m": False, "by": None}
    assert probe.rows("MATCH (c:ConsentRecord) RETURN c") == []


def test_bad_rows_are_reported_as_json_too(tmp_path: Path, store_settings: StoreSettings, probe: StoreProbe) -> None:
    folder = _write(tmp_path / "in", {"people.csv": "key,name\nann,\n"})
    code, report = _import(store_settings, folder)
    assert code == 2 and not report["applied"]
    assert report["problems"] == [{"place": "people.csv, row 2, column name", "code": "EMPTY", "message": "must not be empty"}]


def test_seeding_again_reports_every_entry_unchanged(store_settings: StoreSettings, probe: StoreProbe) -> None:
    first = runner.invoke(app, [*store_options(store_settings), "seed"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, [*store_options(store_settings), "seed", "--json"])
    report = json.loads(second.stdout)
    assert all(f["created"] == f["differing"] == f["refused"] == 0 for f in report["files"].values()), report
    assert report["files"]["people"]["unchanged"] > 50


KEYED = {
    "organisations.csv": "key,name,kind\nbrook-lane,Brook Lane Day Service,SERVICE\n",
    "people.csv": FILES["people.csv"],
    "participations.csv": "person,organisation,role,since\nvera,brook-lane,SUPPORTED,2024-01-01\n",
}
BY_KEY = "query($k: String) { person(key: $k) { id key name } }"


def test_people_and_organisations_keep_their_keys_and_are_found_by_them(
    tmp_path: Path, store_settings: StoreSettings, probe: StoreProbe, api: Api
) -> None:
    code, report = _import(store_settings, _write(tmp_path / "in", KEYED))
    assert code == 0
    vera_id = report["files"]["people.csv"]["ids"]["vera"]
    service_id = report["files"]["organisations.csv"]["ids"]["brook-lane"]

    assert api.data(BY_KEY, k="vera")["person"] == {"id": vera_id, "key": "vera", "name": "Vera Hollins"}
    assert api.data('{ organisation(key: "brook-lane") { id key } }')["organisation"] == {"id": service_id, "key": "brook-lane"}
    assert api.data(BY_KEY, k="nobody")["person"] is None
    assert api.error('{ person(id: "x", key: "vera") { id } }')["extensions"]["code"] == "INVALID_INPUT"
    assert api.error("{ person { id } }")["extensions"]["code"] == "INVALID_INPUT"

    manager = api.as_(probe.token("service_manager", "brook-lane-manager", scope=service_id))
    assert manager.data(BY_KEY, k="vera")["person"]["key"] == "vera"
    joan_id = report["files"]["people.csv"]["ids"]["joan"]
    assert manager.data(BY_KEY, k="joan")["person"] is None, "out of scope: like an unknown key"
    assert manager.data("query($id: ID) { person(id: $id) { id } }", id=joan_id)["person"] is None


GROUP = {
    "organisations.csv": "key,name,kind\nwalkers,Riverside Walkers,COMMUNITY_GROUP\n",
    "people.csv": "key,name\nsam,Sam\njo,Jo\n",
    "activities.csv": "key,organisation,title,repeat,starts,weekday\nwalk,walkers,River walk,WEEKLY,2024-01-09,TUESDAY\n",
    "attendance.csv": "activity,date,person\nwalk,2024-01-16,sam;jo\nwalk,2024-01-23,sam\n",
    "volunteering.csv": "activity,date,person,hours\nwalk,2024-01-16,jo,1.5\n",
}


def test_attendance_and_volunteering_come_from_csv_with_the_apis_checks(
    tmp_path: Path, store_settings: StoreSettings, probe: StoreProbe
) -> None:
    folder = _write(tmp_path / "in", GROUP)
    code, report = _import(store_settings, folder)
    assert code == 0, report
    assert _counts(report, "attendance.csv") == (3, 0, 0, 0)
    assert probe.rows("MATCH (:Person)-[r:ATTENDED]->(:Activity) RETURN count(r) AS n") == [{"n": 3}]
    assert probe.rows("MATCH (:Person {key: 'jo'})-[r:VOLUNTEERED]->() RETURN r.hours AS h") == [{"h": 1.5}]

    _write(folder, {"volunteering.csv": "activity,date,person,hours\nwalk,2024-01-16,jo,2\n"})
    code, report = _import(store_settings, folder, "--update")
    assert _counts(report, "attendance.csv") == (0, 3, 0, 0)
    [changed] = report["files"]["volunteering.csv"]["rows"]
    assert changed["cells"] == {"hours": {"stored": 1.5, "given": 2.0}}
    assert probe.rows("MATCH (:Person {key: 'jo'})-[r:VOLUNTEERED]->() RETURN r.hours AS h") == [{"h": 2.0}]

    _write(folder, {"attendance.csv": "activity,date,person\nwalk,2024-01-17,sam\nwalk,2999-01-06,sam\nrun,2024-01-16,nobody\n",
                    "volunteering.csv": "activity,date,person,hours\nwalk,2024-01-16,jo,25\n"})  # fmt: skip
    code, report = _import(store_settings, folder)
    assert code == 2
    places = {(p["place"], p["code"]) for p in report["problems"]}
    assert places == {
        ("attendance.csv, row 2, column date", "NOT_A_SESSION"),
        ("attendance.csv, row 3, column date", "NOT_A_SESSION"),
        ("attendance.csv, row 4, column activity", "NOT_FOUND"),
        ("attendance.csv, row 4, column person", "NOT_FOUND"),
        ("volunteering.csv, row 2, column hours", "OUT_OF_RANGE"),
    }
