"""Data rights: everything held about a person (subject access), and erasure."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.errors import NotFound
from netmap.store import feed
from netmap.store.accounts import revoke_tokens_of_person
from netmap.store.audit import entries_about, forget_person


def _plain(value: Any) -> Any:
    """A value as JSON would hold it (dates and times as ISO text)."""
    return json.loads(json.dumps(value, default=lambda v: v.iso_format() if hasattr(v, "iso_format") else str(v)))


LOCK = "_netmap_lock"
"""netmap's own count of locked writes (store/_locks.py): not the person's data."""


def _without_lock(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k != LOCK}


async def subject_access(tx: AsyncManagedTransaction, person_id: str) -> dict[str, Any]:
    """Everything netmap holds about one person, as plain JSON-ready data."""
    result = await tx.run(
        """
        MATCH (p:Person {id: $id})
        RETURN properties(p) AS person,
          [(p)-[t:TIE]-(o:Person) | t {.*, person_id: startNode(t).id, other_id: endNode(t).id,
                                        other_name: o.name}] AS ties,
          [(p)-[r:PARTICIPATES]->(o:Organisation) | r {.*, organisation_id: o.id,
                                                        organisation_name: o.name}] AS participations,
          [(a:Account)-[c:PLANS_FOR]->(p) | {planner: a.subject, since: c.since}] AS planners
        """,
        id=person_id,
    )
    row = await result.single()
    if row is None:
        raise NotFound("person", person_id)
    record_ids = [t["id"] for t in row["ties"]] + [r["id"] for r in row["participations"]]
    corrections = await tx.run(
        "MATCH (c:Correction) WHERE c.record_id IN $ids RETURN properties(c) AS c ORDER BY c.recorded_at",
        ids=record_ids,
    )
    consents = await tx.run(
        "MATCH (c:ConsentRecord {person_id: $id}) RETURN properties(c) AS c ORDER BY c.consent_recorded_at",
        id=person_id,
    )
    reviews = await tx.run(
        "MATCH (r:NetworkReview {person_id: $id}) RETURN properties(r) AS r ORDER BY r.date", id=person_id
    )
    reports = await tx.run(
        "MATCH (r:SelfReport {person_id: $id}) RETURN properties(r) AS r ORDER BY r.date", id=person_id
    )
    exchanges = await tx.run(
        "MATCH (x:Exchange) WHERE x.giver_id = $id OR x.receiver_id = $id "
        "RETURN properties(x) AS x ORDER BY x.date",
        id=person_id,
    )
    audit = await entries_about(tx, person_id)
    person = {k: v for k, v in row["person"].items() if k not in ("name_key", LOCK)}
    return _plain(
        {
            "person": person,
            "ties": [_without_lock(t) for t in row["ties"]],
            "participations": [_without_lock(r) for r in row["participations"]],
            "caseload": row["planners"],
            "corrections": [c["c"] async for c in corrections],
            "consent_history": [c["c"] async for c in consents],
            "network_reviews": [r["r"] async for r in reviews],
            "self_reports": [r["r"] async for r in reports],
            "timebank_exchanges": [_without_lock(x["x"]) async for x in exchanges],
            "audit": [
                {"at": e.at, "subject": e.subject, "role": e.role, "action": e.action, "operation": e.operation}
                for e in audit
            ],
        }
    )


async def erase_person(tx: AsyncManagedTransaction, person_id: str, now: datetime) -> dict[str, int]:
    """Remove a person, their ties, participations, corrections, consent records, reviews,
    self-reports and timebank exchanges, and any kept answer to a retried request
    (``IdempotentRequest``) that mentions them.

    Their audit entries stay, without the person's id; tokens for them are revoked.
    The change feed's rolling window (``feed.KEEP`` entries) still lists their id
    until it is overwritten: it holds ids only, never data.
    """
    result = await tx.run(
        """
        MATCH (p:Person {id: $id})
        OPTIONAL MATCH (p)-[r:TIE|PARTICIPATES]-()
        RETURN count(DISTINCT p) AS found, collect(DISTINCT r.id) AS records
        """,
        id=person_id,
    )
    row = await result.single()
    if row is None or row["found"] == 0:
        raise NotFound("person", person_id)
    records = [r for r in row["records"] if r]
    feed.note(person_id)
    await tx.run("MATCH (c:Correction) WHERE c.record_id IN $ids DETACH DELETE c", ids=records)
    await tx.run("MATCH (c:ConsentRecord {person_id: $id}) DETACH DELETE c", id=person_id)
    await tx.run("MATCH (r:NetworkReview {person_id: $id}) DETACH DELETE r", id=person_id)
    await tx.run("MATCH (r:SelfReport {person_id: $id}) DETACH DELETE r", id=person_id)
    exchanges = await tx.run(
        "MATCH (x:Exchange) WHERE x.giver_id = $id OR x.receiver_id = $id DETACH DELETE x RETURN count(*) AS n",
        id=person_id,
    )
    exchanged = (await exchanges.single() or {"n": 0})["n"]
    kept = await tx.run(
        "MATCH (i:IdempotentRequest) WHERE i.response CONTAINS $id OR any(r IN i.results WHERE r CONTAINS $id) "
        "DETACH DELETE i RETURN count(*) AS n",
        id=person_id,
    )
    answers = (await kept.single() or {"n": 0})["n"]
    await tx.run("MATCH (p:Person {id: $id}) DETACH DELETE p", id=person_id)
    await revoke_tokens_of_person(tx, person_id, now)
    forgotten = await forget_person(tx, person_id)
    return {
        "records": len(records) + exchanged,
        "kept_answers_deleted": answers,
        "audit_entries_anonymised": forgotten,
    }
