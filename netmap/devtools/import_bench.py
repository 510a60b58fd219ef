"""How fast ``netmap import`` takes a large CSV folder: a bench step (``netmap bench --import-only``).

The folder is synthetic: ``size`` people (with an area, interests and consent),
a few organisations, one friendship per person and one participation per
person, written as a service's spreadsheets would be. It is imported twice
through the command's own path (read and check, then compare and write in
one transaction): the first import creates every row, the second finds
every row unchanged. Nothing is asserted; the figures are printed.
"""

from __future__ import annotations

import asyncio
import random
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from netmap.domain.spreadsheet import csv_text
from netmap.domain.records import Recorded
from netmap.store.connection import open_store
from netmap.interchange.csv_file import csv_files, read_csv
from netmap.store.import_report import UNCHANGED, import_community
from netmap.store.settings import StoreSettings

AREAS = ("Old Town", "Riverside", "Hillcrest", "Northgate", "Eastfield")
INTERESTS = ("walking", "gardening", "crafts", "music", "football", "cooking", "reading", "birds")
GROUPS = 20


def write_folder(folder: Path, size: int, seed: int = 1) -> int:
    """Write the CSV files for ``size`` people; return how many rows they hold."""
    pick = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    start = date(2020, 1, 1)

    def table(name: str, header: list[str], rows: list[list[Any]]) -> int:
        (folder / name).write_text(csv_text([header, *([str(c) for c in row] for row in rows)]), encoding="utf-8")
        return len(rows)

    groups = [[f"group-{g}", f"Group {g}", "COMMUNITY_GROUP", AREAS[g % len(AREAS)]] for g in range(GROUPS)]
    people = [
        [f"p{i}", f"Person {i}", pick.choice(AREAS), ";".join(pick.sample(INTERESTS, 2)), "yes", "yes", "yes"]
        for i in range(size)
    ]
    ties = [
        [f"p{i}", f"p{(i + 1 + pick.randrange(50)) % size}", "FRIEND", (start + timedelta(days=pick.randrange(1500))).isoformat()]
        for i in range(size)
        if size > 1
    ]
    ties = [t for t in ties if t[0] != t[1]]
    parts = [[f"p{i}", f"group-{pick.randrange(GROUPS)}", "MEMBER", "2024-01-01"] for i in range(size)]
    return (
        table("organisations.csv", ["key", "name", "kind", "area"], groups)
        + table("people.csv", ["key", "name", "area", "interests", "consent_mapped",
                               "consent_show_to_organisers", "consent_use_in_aggregates"], people)  # fmt: skip
        + table("ties.csv", ["person", "other", "kind", "since"], ties)
        + table("participations.csv", ["person", "organisation", "role", "since"], parts)
    )


def measure(settings: StoreSettings, folder: Path) -> dict[str, Any]:
    """Check the folder, import it, import it again; seconds and rows per second of each."""
    started = time.perf_counter()
    checked = read_csv(csv_files([folder]), "bench import")
    check_s = time.perf_counter() - started
    rows = sum(checked.community.counts().values())
    by = Recorded("bench", datetime.now(timezone.utc))

    async def twice() -> tuple[float, float, bool]:
        async with open_store(settings) as store:
            first = time.perf_counter()
            await import_community(store, checked.community, by)
            second = time.perf_counter()
            again = await import_community(store, checked.community, by)
            done = time.perf_counter()
        unchanged = all(r.state == UNCHANGED for rows in again.sections.values() for r in rows)
        return second - first, done - second, unchanged

    import_s, again_s, unchanged = asyncio.run(twice())
    return {
        "csv_rows": rows,
        "csv_check_s": round(check_s, 2),
        "csv_import_s": round(import_s, 2),
        "csv_import_rows_per_s": round(rows / import_s),
        "csv_check_and_import_rows_per_s": round(rows / (check_s + import_s)),
        "csv_reimport_s": round(again_s, 2),
        "csv_reimport_all_unchanged": unchanged,
    }
