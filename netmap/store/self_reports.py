"""Self-reported answers (LSNS-6, UCLA-3, ONS), one node per report."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.errors import NotFound
from netmap.domain.records import Recorded
from netmap.domain.self_reports import Instrument, SelfReport, score
from netmap.store import feed
from netmap.store._convert import as_date, grouped, recorded, recorded_props
from netmap.store._nodes import missing_ids


async def record_self_report(
    tx: AsyncManagedTransaction,
    person_id: str,
    instrument: Instrument,
    day: date,
    answers: Sequence[int] | None,
    answer: str | None,
    by: Recorded,
) -> SelfReport:
    scored = score(instrument, answers, answer)
    if await missing_ids(tx, "Person", [person_id]):
        raise NotFound("person", person_id)
    report = SelfReport(
        id=str(uuid.uuid4()), person_id=person_id, instrument=instrument, date=day,
        answers=tuple(answers or ()), answer=answer, score=scored.score, interpretation=scored.interpretation, recorded=by,
    )  # fmt: skip
    feed.note(person_id)
    await tx.run(
        "MATCH (p:Person {id: $person}) CREATE (p)-[:REPORTED]->(r:SelfReport) SET r = $props",
        person=person_id,
        props={
            "id": report.id, "person_id": person_id, "instrument": instrument.value, "date": day,
            "answers": list(report.answers), "answer": answer, "score": report.score,
            "interpretation": report.interpretation, **recorded_props(by),
        },
    )  # fmt: skip
    return report


def _report(props: dict[str, Any]) -> SelfReport:
    return SelfReport(
        id=props["id"], person_id=props["person_id"], instrument=Instrument(props["instrument"]),
        date=as_date(props["date"]),  # type: ignore[arg-type]
        answers=tuple(props.get("answers") or ()), answer=props.get("answer"), score=props.get("score"),
        interpretation=props.get("interpretation") or "",
        recorded=recorded(props),
    )  # fmt: skip


async def self_reports_of(tx: AsyncManagedTransaction, person_ids: list[str]) -> dict[str, list[SelfReport]]:
    result = await tx.run(
        "UNWIND $ids AS id MATCH (r:SelfReport {person_id: id}) RETURN id, properties(r) AS r ORDER BY r.date",
        ids=list(dict.fromkeys(person_ids)),
    )
    return await grouped(result, person_ids, "id", "r", _report)


async def all_self_reports(tx: AsyncManagedTransaction) -> list[SelfReport]:
    result = await tx.run("MATCH (r:SelfReport) RETURN properties(r) AS r ORDER BY r.date")
    return [_report(row["r"]) async for row in result]
