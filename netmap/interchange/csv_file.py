"""Importing a service's records from CSV files (``netmap import``; docs/csv-import.md).

The rows become a community document and go through the community file's
checks (``community_of``), so a CSV row is held to the same rules as a YAML
entry and an API call; every problem is then reported by file, row and
column. Writing is ``load_community``'s: one transaction, ids derived from
the keys, so importing the same files again changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from netmap.interchange.csv_layout import SHEETS, Found, Place, Table, as_problems, locate, read_table, template
from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.community_records import Community
from netmap.interchange.community_file import community_of

def csv_files(paths: Sequence[Path]) -> dict[str, Path]:
    """Each kind's file among folders and files named by kind; raise InvalidInput otherwise.

    A folder may hold any of people.csv, organisations.csv, ties.csv,
    participations.csv and activities.csv; any other CSV file in it is refused
    rather than silently skipped.
    """
    found: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in paths:
        for file in sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv") if path.is_dir() else [path]:
            kind = file.stem.lower()
            if kind not in SHEETS or file.suffix.lower() != ".csv":
                problems.append(Problem(file.name, "INVALID_INPUT", f"not a file netmap imports; name it {_names()}"))
            elif kind in found:
                problems.append(Problem(str(file), "INVALID_INPUT", f"a second {file.name} (first: {found[kind]})"))
            else:
                found[kind] = file
    if not found and not problems:
        problems.append(Problem(", ".join(map(str, paths)), "EMPTY", f"no files to import; expected {_names()}"))
    if problems:
        raise InvalidInput(problems)
    return {kind: found[kind] for kind in SHEETS if kind in found}


def _names() -> str:
    *most, last = (sheet.file for sheet in SHEETS.values())
    return f"{', '.join(most)} or {last}"


@dataclass(frozen=True)
class CsvImport:
    """Checked CSV files: the community they make, and where each of its rows came from."""

    community: Community
    tables: dict[str, Table]

    def place(self, where: str) -> Place:
        """The file and row of a community row (``people[3]``)."""
        return locate(Problem(where, "", ""), self.tables)[0]


def read_csv_import(files: dict[str, Path], recorded_by: str) -> Community:
    """Parse and check every file (see ``read_csv``)."""
    return read_csv(files, recorded_by).community


def read_csv(files: dict[str, Path], recorded_by: str) -> CsvImport:
    """Parse and check every file; raise InvalidInput listing every problem by file, row and column.

    A wrong header (an unknown column, a required one missing) is reported
    alone: until it is fixed, every row of its file would repeat it.
    """
    tables: dict[str, Table] = {}
    headers: list[Found] = []
    cells: list[Found] = []
    for kind, path in files.items():
        sheet = SHEETS[kind]
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            message = f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it as 'CSV UTF-8'"
            headers.append((Place(sheet.file), "INVALID_INPUT", message))
            continue
        tables[kind], header_problems, cell_problems = read_table(sheet, text)
        headers += header_problems
        cells += cell_problems
    if headers:
        raise InvalidInput(as_problems(headers))
    document = {"recorded_by": recorded_by, **{kind: table.entries for kind, table in tables.items()}}
    try:
        community = community_of(document)
    except InvalidInput as exc:
        raise InvalidInput(as_problems(cells + [locate(problem, tables) for problem in exc.problems])) from None
    if cells:
        raise InvalidInput(as_problems(cells))
    return CsvImport(community, tables)


def write_template(folder: Path) -> list[Path]:
    """Write one CSV file per kind: the header and example rows that import cleanly.

    Refuses (FileExistsError) before writing anything if one of the files is
    already there: it may be a service's filled-in spreadsheet.
    """
    paths = {sheet.file: folder / sheet.file for sheet in SHEETS.values()}
    if there := [str(path) for path in paths.values() if path.exists()]:
        raise FileExistsError(f"already there: {', '.join(there)}")
    folder.mkdir(parents=True, exist_ok=True)
    for sheet in SHEETS.values():
        paths[sheet.file].write_text(template(sheet), encoding="utf-8")
    return list(paths.values())
