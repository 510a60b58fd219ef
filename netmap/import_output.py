"""An import's report as people read it (per file: counts, then each differing or
refused row with its cells) and as scripts read it (``--json``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from netmap.domain.errors import Problem
from netmap.store.import_report import DIFFERING, STATES, ImportReport, RowReport

COLUMN_OF = {"consent_organisers": "consent_show_to_organisers", "consent_aggregates": "consent_use_in_aggregates"}
"""Stored fields whose CSV column is named otherwise."""


@dataclass(frozen=True)
class Where:
    """How a source names its parts: a file (or section) and a row within it."""

    unit: Callable[[str], str]
    """A section (``people``) as the source names it (``people.csv``)."""
    row: Callable[[str], int | str]
    """A row's place (``people[3]``) as the source names it (5: a file's row number)."""


SECTIONS = Where(unit=lambda section: section, row=lambda where: where)
"""A community file's own names."""


def as_text(report: ImportReport, where: Where) -> list[str]:
    """One line of counts per file, then one line per differing or refused row."""
    lines = []
    for section in report.sections:
        counts = report.counts(section)
        lines.append(f"{where.unit(section)}: " + ", ".join(f"{counts[s]:,} {s}" for s in STATES))
        for row in report.notable(section):
            place = where.row(row.where)
            lines.append(f"  {f'row {place}' if isinstance(place, int) else place}{_named(row)}: {_detail(row)}")
    if not report.applied:
        lines.append("Nothing was written.")
    elif report.update and _differing(report):
        lines.append('Differing rows were applied as corrections (reason "import"); what they said before is kept.')
    elif _differing(report):
        lines.append("Differing rows were left as they were; import again with --update to apply them as corrections.")
    return lines


def as_json(report: ImportReport | None, where: Where, problems: Sequence[Problem] = ()) -> dict[str, Any]:
    """The same report for scripts: counts, differing and refused rows, and the ids given to keys."""
    units: dict[str, Any] = {}
    for section, rows in report.sections.items() if report else ():
        units[where.unit(section)] = {
            **report.counts(section),
            "rows": [_row(r, where) for r in report.notable(section)],
            "ids": {r.key: r.id for r in rows if r.key is not None},
        }
    return {
        "applied": bool(report and report.applied),
        "update": bool(report and report.update),
        "files": units,
        "problems": [{"place": p.field, "code": p.code, "message": p.message} for p in problems],
    }


def _row(row: RowReport, where: Where) -> dict[str, Any]:
    return {
        "row": where.row(row.where),
        "state": row.state,
        "key": row.key,
        "id": row.id,
        "cells": {COLUMN_OF.get(f, f): {"stored": s, "given": g} for f, (s, g) in row.cells.items()},
        "message": row.message,
    }


def _named(row: RowReport) -> str:
    return f" ({row.key})" if row.key else ""


def _detail(row: RowReport) -> str:
    if row.state != DIFFERING:
        return f"{row.state}: {row.message}"
    cells = "; ".join(f"{COLUMN_OF.get(f, f)} {_shown(s)} -> {_shown(g)}" for f, (s, g) in row.cells.items())
    return f"differs: {cells}"


def _shown(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, list):
        return repr(";".join(map(str, value)))
    return repr(value)


def _differing(report: ImportReport) -> bool:
    return any(report.counts(s)[DIFFERING] for s in report.sections)
