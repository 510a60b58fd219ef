"""What an import does with each row: created, unchanged, differing (naming the cells
that differ from what is stored) or refused; and, when asked, the differing rows
applied as corrections.

Everything happens in one transaction: the rows are compared with the store,
rows that would break a rule only the store can check (a tie overlapping one
recorded through the API) are refused, and if any is, nothing is written and
:class:`ImportRefused` carries the report. Otherwise the new rows are written and,
with ``update``, each differing row is rewritten; a tie, participation,
activity or volunteering entry keeps its old version in a ``:Correction`` with
the reason "import", and a changed consent answer is recorded as consent is
(a ``:ConsentRecord``). A cell left empty is never compared: an import adds and
corrects values, it does not clear them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.errors import NetmapError
from netmap.domain.records import Recorded
from netmap.domain.valid_time import Period
from netmap.store import feed
from netmap.store._convert import native, recorded_props
from netmap.store.bulk import Rows, write_batches
from netmap.domain.community_records import CONSENT_FIELDS, Community, consent_given
from netmap.store.community_load import community_rows
from netmap.store.connection import Store

CREATED, UNCHANGED, DIFFERING, REFUSED = "created", "unchanged", "differing", "refused"
STATES = (CREATED, UNCHANGED, DIFFERING, REFUSED)
REASON = "import"
READ_BATCH = 5000
WRITE_BATCH = 5000

_NOT_COMPARED = {"id", "key", "name_key", "search_key", "weekdays", "status", "organisation_id",
                 "recorded_by", "recorded_at", "consent_recorded_by", "consent_recorded_at"}  # fmt: skip
_VERSIONED = {"ties": ("kind", "since", "until", "label", "closeness", "contact_frequency"), "participations": ("role", "title", "since", "until")}


@dataclass
class RowReport:
    where: str
    """The row's place in the community document (``people[3]``); each source maps it back."""
    state: str
    id: str | None = None
    key: str | None = None
    cells: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    """Each differing field: (stored, given), as plain values."""
    message: str | None = None
    """Why a refused row was refused."""
    stored: dict[str, Any] | None = field(default=None, repr=False)
    """The stored record's properties, for the correction's "before"."""


@dataclass
class ImportReport:
    sections: dict[str, list[RowReport]]
    update: bool
    applied: bool = False

    def counts(self, section: str) -> dict[str, int]:
        rows = self.sections.get(section, [])
        return {state: sum(1 for r in rows if r.state == state) for state in STATES}

    def notable(self, section: str) -> list[RowReport]:
        """The rows worth listing: differing and refused ones."""
        return [r for r in self.sections.get(section, []) if r.state in (DIFFERING, REFUSED)]

    @property
    def refused(self) -> int:
        return sum(self.counts(s)[REFUSED] for s in self.sections)


class ImportRefused(NetmapError):
    """Some rows cannot be written beside what the store holds; nothing was written."""

    code = "IMPORT_REFUSED"

    def __init__(self, report: ImportReport) -> None:
        super().__init__(f"{report.refused} row(s) refused; nothing was written")
        self.report = report


OnWritten = Callable[[int], None]


async def import_community(
    store: Store, community: Community, by: Recorded, *, update: bool = False, progress: OnWritten | None = None
) -> ImportReport:
    """Compare, check and write the community in one transaction; see the module's note."""
    rows = community_rows(community, datetime.now(timezone.utc))
    return await store.write(_import, rows, community, by, update, progress)


async def _import(
    tx: AsyncManagedTransaction,
    rows: Rows,
    community: Community,
    by: Recorded,
    update: bool,
    progress: OnWritten | None,
) -> ImportReport:
    given = _given_fields(community)
    sections: dict[str, list[RowReport]] = {}
    for section, section_rows in rows.sections():
        if section_rows:
            stored = await _stored(tx, section, section_rows)
            sections[section] = [
                _compare(section, where, row, stored.get(_identity(section, row)), given.get(where))
                for where, row in zip(_places(section, community), section_rows)
            ]
    report = ImportReport(sections, update)
    for section in ("ties", "participations"):
        await _refuse_overlaps(tx, section, rows, report)
    if report.refused:
        raise ImportRefused(report)
    await _write_new(tx, rows, report, progress)
    await _record_consent(tx, community, report)
    if update:
        await _apply_corrections(tx, rows, report, by)
    report.applied = True
    return report


def _places(section: str, community: Community) -> list[str]:
    """Each bulk row's place in the document, in the order the rows are made."""
    if section in ("ties", "participations"):
        return [r["where"] for r in getattr(community, section)]
    if section == "attendance":
        return [f"attendance[{i}]" for i, row in enumerate(community.groups.attendance) for _ in row["people"]]
    count = {"organisations": len(community.organisations), "people": len(community.people)}.get(section)
    if count is None:
        count = len(getattr(community.groups, section))
    return [f"{section}[{i}]" for i in range(count)]


def _given_fields(community: Community) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for section in ("organisations", "people"):
        for i, row in enumerate(getattr(community, section)):
            found[f"{section}[{i}]"] = set(row["given"])
    for section in ("ties", "participations"):
        for row in getattr(community, section):
            found[row["where"]] = set(row["given"])
    return found


def _identity(section: str, row: dict[str, Any]) -> str:
    if section in ("attendance", "volunteering"):
        return f"{row['a']}|{row['b']}|{_plain(row['props']['date'])}"
    return str(row["id"])


_READS = {
    # Links are found from their indexed ends: on ArcadeDB a relationship matched by its own
    # id alone (`()-[r:TIE {id: …}]->()`) is a scan of every such relationship, per row.
    "organisations": "UNWIND $rows AS row MATCH (n:Organisation {id: row.id}) RETURN row.id AS k, properties(n) AS p",
    "people": "UNWIND $rows AS row MATCH (n:Person {id: row.id}) RETURN row.id AS k, properties(n) AS p",
    "ties": (
        "UNWIND $rows AS row MATCH (:Person {id: row.a})-[r:TIE {id: row.id}]->(:Person {id: row.b}) "
        "RETURN row.id AS k, properties(r) AS p"
    ),
    "participations": (
        "UNWIND $rows AS row MATCH (:Person {id: row.a})-[r:PARTICIPATES {id: row.id}]->(:Organisation {id: row.b}) "
        "RETURN row.id AS k, properties(r) AS p"
    ),
    "activities": "UNWIND $rows AS row MATCH (n:Activity {id: row.id}) RETURN row.id AS k, properties(n) AS p",
    "attendance": (
        "UNWIND $rows AS row MATCH (:Person {id: row.a})-[r:ATTENDED {date: row.date}]->(:Activity {id: row.b}) "
        "RETURN row.k AS k, properties(r) AS p"
    ),
    "volunteering": (
        "UNWIND $rows AS row MATCH (:Person {id: row.a})-[r:VOLUNTEERED {date: row.date}]->(:Activity {id: row.b}) "
        "RETURN row.k AS k, properties(r) AS p"
    ),
    "exchanges": "UNWIND $rows AS row MATCH (n:Exchange {id: row.id}) RETURN row.id AS k, properties(n) AS p",
    "reviews": "UNWIND $rows AS row MATCH (n:NetworkReview {id: row.id}) RETURN row.id AS k, properties(n) AS p",
}


async def _stored(tx: AsyncManagedTransaction, section: str, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """What the store holds for these rows, by identity; rows not there are absent."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(rows), READ_BATCH):
        asked = [
            {"id": r.get("id"), "a": r.get("a"), "b": r.get("b"), "date": r["props"].get("date"),
             "k": _identity(section, r)}
            for r in rows[start : start + READ_BATCH]
        ]  # fmt: skip
        result = await tx.run(_READS[section], rows=asked)  # type: ignore[arg-type]
        async for record in result:
            found[record["k"]] = dict(record["p"])
    return found


def _compare(
    section: str, where: str, row: dict[str, Any], stored: dict[str, Any] | None, given: set[str] | None
) -> RowReport:
    props = row["props"]
    key = props.get("key")
    if stored is None:
        return RowReport(where, CREATED, row.get("id"), key)
    fields = given if given is not None else {f for f, v in props.items() if v not in (None, [], "")}
    cells = {
        name: (_plain(stored.get(name)), _plain(props.get(name)))
        for name in sorted(fields - _NOT_COMPARED)
        if _plain(stored.get(name)) != _plain(props.get(name))
    }
    state = DIFFERING if cells else UNCHANGED
    return RowReport(where, state, row.get("id") or stored.get("id"), key, cells, stored=stored if cells else None)


def _plain(value: Any) -> Any:
    """A value as it compares and prints: dates as ISO text, lists sorted, no driver types."""
    value = native(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return sorted(_plain(v) for v in value)
    if value is None or value == []:
        return None
    return value


_SAME_KIND = {
    "ties": "UNWIND $rows AS row MATCH (:Person {id: row.a})-[r:TIE {kind: row.kind}]-(:Person {id: row.b}) "
    "WHERE r.id <> row.id RETURN row.id AS id, r.id AS other, r.since AS since, r.until AS until",
    "participations": (
        "UNWIND $rows AS row MATCH (:Person {id: row.a})-[r:PARTICIPATES {role: row.kind}]->(:Organisation {id: row.b}) "
        "WHERE r.id <> row.id RETURN row.id AS id, r.id AS other, r.since AS since, r.until AS until"
    ),
}


async def _refuse_overlaps(tx: AsyncManagedTransaction, section: str, rows: Rows, report: ImportReport) -> None:
    """Refuse new (or, with update, corrected) ties and participations that overlap one
    recorded outside this import, as the API would."""
    reports = {r.id: r for r in report.sections.get(section, [])}
    changing = {CREATED, DIFFERING} if report.update else {CREATED}
    asked = [
        {"id": r["id"], "a": r["a"], "b": r["b"], "kind": r["props"].get("kind") or r["props"].get("role"),
         "since": r["props"]["since"], "until": r["props"]["until"]}
        for r in getattr(rows, section)
        if reports[r["id"]].state in changing
    ]  # fmt: skip
    if not asked:
        return
    periods = {r["id"]: Period(r["since"], r["until"]) for r in asked}
    result = await tx.run(_SAME_KIND[section], rows=asked)  # type: ignore[arg-type]
    async for found in result:
        if found["other"] in reports:
            continue  # a row of this import: the file's own checks compared them
        theirs = Period(_as_date(found["since"]), _as_date(found["until"]))
        if periods[found["id"]].overlaps(theirs):
            row = reports[found["id"]]
            what = "tie" if section == "ties" else "participation"
            row.state = REFUSED
            row.message = (
                f"overlaps a {what} already recorded ({found['other']}, from {theirs.since.isoformat()}"
                + (f" until {theirs.until.isoformat()})" if theirs.until else ", ongoing)")
                + "; end or correct that one, or leave this row out"
            )


def _as_date(value: Any) -> Any:
    found = native(value)
    return found.date() if isinstance(found, datetime) else found


_CREATE = {
    "organisations": "UNWIND $rows AS row CREATE (n:Organisation) SET n = row.props",
    "people": "UNWIND $rows AS row CREATE (n:Person) SET n = row.props",
}
"""New nodes are created, not merged: this transaction has just seen they are not there, and
the unique constraint on ``id`` refuses a twin another import might write meanwhile."""


async def _write_new(
    tx: AsyncManagedTransaction, rows: Rows, report: ImportReport, progress: OnWritten | None
) -> None:
    done = 0
    for section, section_rows in rows.sections():
        states = [r.state for r in report.sections.get(section, [])]
        new = [row for row, state in zip(section_rows, states) if state == CREATED]
        for start in range(0, len(new), WRITE_BATCH):
            batch = new[start : start + WRITE_BATCH]
            if section in _CREATE:
                feed.note_many(row["id"] for row in batch)
                await tx.run(_CREATE[section], rows=batch)  # type: ignore[arg-type]
            else:
                await write_batches(tx, [(section, batch)])
            done += len(batch)
            if progress:
                progress(done)


async def _record_consent(tx: AsyncManagedTransaction, community: Community, report: ImportReport) -> None:
    """Start the consent history of each new person whose answers the import gives."""
    created = {r.id for r in report.sections.get("people", []) if r.state == CREATED}
    answers = [
        {"person_id": p["id"], **{f: p[f] for f in CONSENT_FIELDS}}
        for p in community.people
        if p["id"] in created and consent_given(p)
    ]
    for start in range(0, len(answers), READ_BATCH):
        await tx.run(
            "UNWIND $rows AS row MATCH (n:Person {id: row.person_id}) CREATE (c:ConsentRecord) "
            "SET c = row, c.consent_recorded_by = n.consent_recorded_by, c.consent_recorded_at = n.consent_recorded_at",
            rows=answers[start : start + READ_BATCH],
        )


_REWRITE = {
    "organisations": "MATCH (n:Organisation {id: row.id})",
    "people": "MATCH (n:Person {id: row.id})",
    "activities": "MATCH (n:Activity {id: row.id})",
    "ties": "MATCH (:Person {id: row.a})-[n:TIE {id: row.id}]->(:Person {id: row.b})",
    "participations": "MATCH (:Person {id: row.a})-[n:PARTICIPATES {id: row.id}]->(:Organisation {id: row.b})",
    "volunteering": "MATCH (:Person {id: row.a})-[n:VOLUNTEERED {date: row.date}]->(:Activity {id: row.b})",
}
_DERIVED = ("name_key", "search_key", "weekdays")


async def _apply_corrections(tx: AsyncManagedTransaction, rows: Rows, report: ImportReport, by: Recorded) -> None:
    """Rewrite each differing row with what the import gives, keeping what it said before."""
    for section, section_rows in rows.sections():
        if section not in _REWRITE:
            continue
        changed = []
        consent = []
        for row, found in zip(section_rows, report.sections.get(section, [])):
            if found.state != DIFFERING:
                continue
            props = row["props"]
            cells = {f: v for f, v in found.cells.items() if f not in CONSENT_FIELDS}
            if cells:
                changes = {f: props[f] for f in cells} | {f: props[f] for f in _DERIVED if f in props}
                record_id = found.id or f"{section}:{_identity(section, row)}"
                before = _before(section, found, cells)
                changed.append({"id": row.get("id"), "a": row.get("a"), "b": row.get("b"),
                                "date": props.get("date"), "changes": changes,
                                "correction": _correction(record_id, before, by)})  # fmt: skip
            if any(f in CONSENT_FIELDS for f in found.cells):
                consent.append({"id": row["id"], "consent": {
                    **{f: props[f] for f in CONSENT_FIELDS},
                    "consent_recorded_by": by.by, "consent_recorded_at": by.at}})  # fmt: skip
        if section in ("organisations", "people"):
            feed.note_many(c["id"] for c in changed)
        elif section in ("ties", "participations", "volunteering"):
            feed.note_many(end for c in changed for end in (c["a"], c["b"]))
        feed.note_many(c["id"] for c in consent)
        for start in range(0, len(changed), READ_BATCH):
            await tx.run(
                f"UNWIND $rows AS row {_REWRITE[section]} SET n += row.changes "  # type: ignore[arg-type]
                "CREATE (c:Correction) SET c = row.correction",
                rows=changed[start : start + READ_BATCH],
            )
        if consent:
            await tx.run(
                "UNWIND $rows AS row MATCH (n:Person {id: row.id}) SET n += row.consent "
                "CREATE (c:ConsentRecord) SET c = row.consent, c.person_id = row.id",
                rows=consent,
            )


def _before(section: str, found: RowReport, cells: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
    """What the record said: its versioned fields for a tie or participation (as a correction
    through the API keeps them), else the fields the import changes."""
    if section in _VERSIONED:
        return {f: _plain((found.stored or {}).get(f)) for f in _VERSIONED[section]}
    return {f: stored for f, (stored, _) in cells.items()}


def _correction(record_id: str, before: dict[str, Any], by: Recorded) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "record_id": record_id,
        "reason": REASON,
        "before": json.dumps(before, default=str, sort_keys=True),
        **recorded_props(by),
    }
