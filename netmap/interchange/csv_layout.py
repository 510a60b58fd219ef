"""The CSV layout of ``netmap import``: one file per kind, one record per row.

Services keep their records in spreadsheets, so the layout is the community
file's (docs/community-files.md) flattened into columns: each row becomes one
entry of the matching section and goes through the same checks. Cells holding
several values separate them with ``;``; dates are ``YYYY-MM-DD``. The checks
name places such as ``ties[3].otherId``; :func:`locate` turns them back into
what a spreadsheet user sees: the file, the row (the header is row 1) and the
column. The layout is described for people in docs/csv-import.md.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic.alias_generators import to_snake

from netmap.domain.errors import Problem
from netmap.domain.spreadsheet import csv_text

SEPARATOR = ";"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PLACE = re.compile(r"^(\w+)\[(\d+)\](?:\.(.+))?$")
_REFERENCE = re.compile(r"\b(\w+)\[(\d+)\]")
_PYDANTIC_MISSING = "Field required"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    many: bool = False
    """Several values, separated by ``;``."""
    date: bool = False
    vocabulary: bool = False
    """One of a closed list (a kind, a role, a weekday): any case is accepted."""
    path: tuple[str, ...] = ()
    """Where the value goes in the community entry, when not at ``name``."""

    @property
    def at(self) -> tuple[str, ...]:
        return self.path or (self.name,)


@dataclass(frozen=True)
class Sheet:
    """One kind of file: its columns and the example rows of the template."""

    kind: str
    columns: tuple[Column, ...]
    examples: tuple[dict[str, str], ...]

    @property
    def file(self) -> str:
        return f"{self.kind}.csv"

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def column_at(self, names: tuple[str, ...]) -> Column | None:
        """The column whose value sits at ``names`` in an entry (or first under it)."""
        for wanted in (names, (*names[:-1], names[-1].removesuffix("_id")) if names else names):
            for column in self.columns:
                if column.at == wanted:
                    return column
        return next((c for c in self.columns if names and c.at[: len(names)] == names), None)


_KEY = Column("key", required=True)


def _dated(name: str, required: bool = False) -> Column:
    return Column(name, required=required, date=True)


SHEETS: dict[str, Sheet] = {
    sheet.kind: sheet
    for sheet in (
        Sheet(
            "organisations",
            (
                _KEY, Column("name", required=True), Column("kind", required=True, vocabulary=True),
                Column("category"), Column("area"), Column("interests", many=True),
                Column("accessibility", many=True), Column("description"),
            ),
            ({"key": "riverside-walkers", "name": "Riverside Walkers", "kind": "COMMUNITY_GROUP",
              "category": "walking group", "area": "Riverside", "interests": "walking;nature",
              "accessibility": "step-free access;carers welcome",
              "description": "A gentle walk by the river, with tea afterwards."},),
        ),
        Sheet(
            "people",
            (
                _KEY, Column("name", required=True), Column("area"), Column("interests", many=True),
                Column("skills", many=True), Column("access_needs", many=True), Column("offers_buddying"),
                Column("consent_mapped", path=("consent", "mapped")),
                Column("consent_show_to_organisers", path=("consent", "show_to_organisers")),
                Column("consent_use_in_aggregates", path=("consent", "use_in_aggregates")),
            ),
            ({"key": "sam-example", "name": "Sam Example", "area": "Riverside", "interests": "walking;birds",
              "skills": "baking", "access_needs": "step-free access", "offers_buddying": "no",
              "consent_mapped": "yes", "consent_show_to_organisers": "yes", "consent_use_in_aggregates": "yes"},
             {"key": "jo-example", "name": "Jo Example", "area": "Riverside", "interests": "gardening",
              "offers_buddying": "yes", "consent_mapped": "yes", "consent_show_to_organisers": "no",
              "consent_use_in_aggregates": "yes"}),
        ),
        Sheet(
            "ties",
            (
                Column("person", required=True), Column("other", required=True),
                Column("kind", required=True, vocabulary=True), _dated("since", required=True),
                _dated("until"), Column("label"), Column("closeness", vocabulary=True),
                Column("contact_frequency", vocabulary=True),
            ),
            ({"person": "sam-example", "other": "jo-example", "kind": "NEIGHBOUR", "since": "2023-04-01",
              "label": "lives next door", "closeness": "CLOSE", "contact_frequency": "WEEKLY"},),
        ),
        Sheet(
            "participations",
            (
                Column("person", required=True), Column("organisation", required=True),
                Column("role", required=True, vocabulary=True), _dated("since", required=True),
                _dated("until"), Column("title"),
            ),
            ({"person": "sam-example", "organisation": "riverside-walkers", "role": "MEMBER", "since": "2024-09-03"},
             {"person": "jo-example", "organisation": "riverside-walkers", "role": "ROLE", "since": "2024-01-09",
              "title": "walk leader"}),
        ),
        Sheet(
            "activities",
            (
                _KEY, Column("organisation", required=True), Column("title", required=True),
                Column("repeat", required=True, vocabulary=True, path=("schedule", "repeat")),
                Column("starts", required=True, date=True, path=("schedule", "starts")),
                Column("ends", date=True, path=("schedule", "ends")),
                Column("dates", many=True, date=True, path=("schedule", "dates")),
                Column("weekday", vocabulary=True, path=("schedule", "weekday")),
                Column("week_of_month", path=("schedule", "week_of_month")),
                Column("at", path=("schedule", "at")),
                Column("description"), Column("interests", many=True), Column("venue"), Column("area"),
                Column("accessibility", many=True), Column("cost_pence"), Column("cost_note"), Column("contact"),
            ),
            ({"key": "tuesday-river-walk", "organisation": "riverside-walkers", "title": "Tuesday river walk",
              "repeat": "WEEKLY", "starts": "2024-01-09", "weekday": "TUESDAY", "at": "10:00",
              "description": "About an hour at an easy pace; benches on the way.", "interests": "walking",
              "venue": "Riverside car park", "area": "Riverside", "accessibility": "step-free access",
              "cost_pence": "0", "contact": "Jo, 01632 960 000"},),
        ),
        Sheet(
            "attendance",
            (
                Column("activity", required=True), _dated("date", required=True),
                Column("person", required=True, many=True, path=("people",)),
            ),
            ({"activity": "tuesday-river-walk", "date": "2024-01-16", "person": "sam-example"},),
        ),
        Sheet(
            "volunteering",
            (
                Column("activity", required=True), _dated("date", required=True),
                Column("person", required=True), Column("hours", required=True),
            ),
            ({"activity": "tuesday-river-walk", "date": "2024-01-16", "person": "jo-example", "hours": "1.5"},),
        ),
    )
}  # fmt: skip
"""Every kind ``netmap import`` reads, in the order its checks run."""


@dataclass(frozen=True)
class Place:
    """Where a problem is: a file, a row of it (0: the whole file), a column ("": the whole row)."""

    file: str
    row: int = 0
    column: str = ""

    def __str__(self) -> str:
        row = [f"row {self.row}"] if self.row else []
        column = [f"column {self.column}"] if self.column else []
        return ", ".join([self.file, *row, *column])

    def sort_key(self) -> tuple[int, int, str]:
        kinds = [s.file for s in SHEETS.values()]
        return (kinds.index(self.file) if self.file in kinds else -1, self.row, self.column)


Found = tuple[Place, str, str]
"""A problem at a place: the place, its code and its message."""


@dataclass
class Table:
    """One file's rows as community entries, with each entry's row number."""

    sheet: Sheet
    entries: list[dict[str, Any]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)


def read_table(sheet: Sheet, text: str) -> tuple[Table, list[Found], list[Found]]:
    """Parse one file: the table, the header's problems and the cells' format problems.

    Empty rows are skipped (but counted, as a spreadsheet counts them); empty
    optional cells are left out, so the checks see them as not given.
    """
    table = Table(sheet)
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        return table, [(Place(sheet.file), "EMPTY", "the file is empty; it needs at least the header row")], []
    names, header_problems = _header(sheet, records[0])
    if header_problems:
        return table, header_problems, []
    problems: list[Found] = []
    columns = [sheet.column(name) if name else None for name in names]
    for number, record in enumerate(records[1:], start=2):
        cells = [c.strip() for c in record]
        if not any(cells):
            continue
        entry: dict[str, Any] = {}
        for index, value in enumerate(cells):
            column = columns[index] if index < len(columns) else None
            if column is None:
                if value:
                    where = Place(sheet.file, number, _letter(index))
                    problems.append((where, "INVALID_INPUT", "a value in a column without a header"))
                continue
            given = _cell(column, value, Place(sheet.file, number, column.name), problems)
            if given is not None:
                _put(entry, column.at, given)
        table.entries.append(entry)
        table.rows.append(number)
    return table, [], problems


def _header(sheet: Sheet, record: list[str]) -> tuple[list[str | None], list[Found]]:
    names: list[str | None] = []
    problems: list[Found] = []
    for index, cell in enumerate(record):
        name = cell.strip().lstrip("\ufeff").lower() or None
        where = Place(sheet.file, 1, name or _letter(index))
        if name is not None and sheet.column(name) is None:
            columns = ", ".join(sheet.header)
            problems.append((where, "INVALID_INPUT", f"not a column of {sheet.file}; its columns are {columns}"))
        elif name is not None and name in names:
            problems.append((where, "INVALID_INPUT", "this column appears twice"))
        names.append(name)
    for column in sheet.columns:
        if column.required and column.name not in names:
            problems.append((Place(sheet.file, 1, column.name), "EMPTY", "this column is missing; it is required"))
    return names, problems


def _cell(column: Column, value: str, place: Place, problems: list[Found]) -> Any:
    """The value the checks see: None when not given, a list for several values."""
    if not value:
        return "" if column.required else None
    values = [v.strip() for v in value.split(SEPARATOR) if v.strip()] if column.many else [value]
    if column.vocabulary:
        values = [v.upper() for v in values]
    if column.date:
        for v in values:
            if not _ISO_DATE.fullmatch(v):
                problems.append((place, "INVALID_INPUT", f"{v!r} is not a date written YYYY-MM-DD (e.g. 2025-03-01)"))
    return values if column.many else values[0]


def _put(entry: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        entry = entry.setdefault(part, {})
    entry[path[-1]] = value


def _letter(index: int) -> str:
    """A column's letter, as a spreadsheet shows it (0 is A, 26 is AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def locate(problem: Problem, tables: dict[str, Table]) -> Found:
    """Where a community check's problem (``ties[3].otherId``) is in the CSV files."""
    match = _PLACE.match(problem.field)
    if match is None or match.group(1) not in tables:
        return Place(problem.field), problem.code, problem.message
    table = tables[match.group(1)]
    row = table.rows[int(match.group(2))]
    parts = match.group(3).split(".") if match.group(3) else []
    column = table.sheet.column_at(tuple(to_snake(p) for p in parts if not p.isdigit()))
    items = [f"item {int(p) + 1}: " for p in parts if p.isdigit()]
    code, message = problem.code, _REFERENCE.sub(lambda m: _row_of(m, tables), problem.message)
    if message == _PYDANTIC_MISSING:
        code, message = "EMPTY", "needs a value here"
    return Place(table.sheet.file, row, column.name if column else ""), code, "".join(items) + message


def _row_of(reference: re.Match[str], tables: dict[str, Table]) -> str:
    table = tables.get(reference.group(1))
    index = int(reference.group(2))
    if table is None or index >= len(table.rows):
        return reference.group(0)
    return f"row {table.rows[index]}"


def as_problems(found: list[Found]) -> list[Problem]:
    """In file, row and column order; one problem per cell (the first found)."""
    seen: set[Place] = set()
    problems: list[Problem] = []
    for place, code, message in sorted(found, key=lambda f: f[0].sort_key()):
        if place.column and place in seen:
            continue
        seen.add(place)
        problems.append(Problem(str(place), code, message))
    return problems


def template(sheet: Sheet) -> str:
    """The file's header row and its example rows, which import cleanly."""
    return csv_text([sheet.header, *([example.get(name, "") for name in sheet.header] for example in sheet.examples)])
