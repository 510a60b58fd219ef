"""The directory out as Open Referral UK services and back in again."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import Api, StoreProbe
from helpers import organisation, store_options
from netmap.cli import app
from netmap.store.settings import StoreSettings

CREATE = "mutation($input: ActivityInput!) { createActivity(input: $input) { id } }"
LISTING = """{ activities { nodes { title description interests venue area accessibility costPence costNote contact
  schedule { repeat starts ends dates weekday weekOfMonth at } organisation { name } } } }"""
SCHEDULES = {
    "Craft morning": {"repeat": "WEEKLY", "starts": "2025-01-06", "weekday": "MONDAY", "at": "10:30:00"},
    "Walk and talk": {"repeat": "FORTNIGHTLY", "starts": "2025-01-01", "ends": "2026-12-31", "weekday": "WEDNESDAY"},
    "Repair cafe": {"repeat": "MONTHLY", "starts": "2025-01-01", "weekday": "SATURDAY", "weekOfMonth": 5},
    "Summer fair": {"repeat": "ONE_OFF", "starts": "2026-07-04", "dates": ["2026-07-04", "2026-07-05"]},
}



def test_export_then_import_gives_the_same_directory(
    api: Api, probe: StoreProbe, store_settings: StoreSettings, tmp_path: Path
) -> None:
    club = organisation(api, "Make & Mend")
    for title, schedule in SCHEDULES.items():
        api.data(CREATE, input={
            "organisationId": club, "title": title, "schedule": schedule, "description": f"{title}, all welcome",
            "interests": ["crafts"], "venue": "Maple Court lounge", "area": "Old Town",
            "accessibility": ["step-free access", "hearing loop"], "costPence": 250, "costNote": "tea included",
            "contact": "Claire, 01234 567890",
        })  # fmt: skip
    before = api.data(LISTING)["activities"]["nodes"]
    exported = api.client.get("/openreferral/services").json()
    assert exported["total_items"] == 4
    fair = next(s for s in exported["content"] if s["name"] == "Summer fair")
    assert [s["valid_from"] for s in fair["regular_schedules"]] == ["2026-07-04", "2026-07-05"]
    repair = next(s for s in exported["content"] if s["name"] == "Repair cafe")
    assert repair["regular_schedules"][0]["byday"] == "-1SA"

    probe.clear()
    token = probe.token("admin", "after-import")
    document = tmp_path / "directory.json"
    document.write_text(json.dumps(exported))
    result = CliRunner().invoke(app, [*store_options(store_settings), "directory", "import", str(document)])
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(app, [*store_options(store_settings), "directory", "import", str(document)])
    assert again.exit_code == 0

    after = api.as_(token).data(LISTING)["activities"]["nodes"]
    assert after == before


def test_a_bad_listing_reports_every_problem_and_writes_nothing(
    probe: StoreProbe, store_settings: StoreSettings, tmp_path: Path
) -> None:
    bad = {"content": [
        {"id": "s1", "name": "", "organization": {"id": "o1", "name": "Club"},
         "regular_schedules": [{"freq": "WEEKLY", "interval": 1, "byday": "XX", "valid_from": "2025-01-01"}]},
        {"id": "s2", "name": "Yoga", "organization": {"id": "o1", "name": "Club"},
         "regular_schedules": [{"freq": "WEEKLY", "interval": 1, "byday": "MO", "valid_from": "2025-01-01",
                                "valid_to": "2024-01-01"}]},
        {"name": "No id"},
    ]}  # fmt: skip
    document = tmp_path / "bad.json"
    document.write_text(json.dumps(bad))
    result = CliRunner().invoke(app, [*store_options(store_settings), "directory", "import", str(document)])
    assert result.exit_code == 2
    assert "services[0].regular_schedules[0].byday: SCHEDULE_INCOMPLETE" in result.output
    assert "services[1].schedule.ends: INVALID_INTERVAL" in result.output
    assert "services[2]: INVALID_INPUT" in result.output
    assert probe.state() == set()
