"""Timebank exchanges: hours given by a person or organisation to another.

Stored as (giver)-[:GAVE]->(:Exchange)-[:RECEIVED_BY]->(receiver), so either
end may be a person or an organisation.
"""

from __future__ import annotations

import uuid
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.activity_inputs import ExchangeInput
from netmap.domain.errors import NotFound
from netmap.domain.records import Recorded
from netmap.domain.timebank import Exchange
from netmap.store import feed
from netmap.store._convert import as_date, grouped, recorded_props
from netmap.store._nodes import person_or_organisation


async def _party_missing(tx: AsyncManagedTransaction, ids: list[str]) -> list[str]:
    result = await tx.run(
        f"UNWIND $ids AS id {person_or_organisation('n', 'id')}WITH id, n WHERE n IS NULL RETURN id",  # type: ignore[arg-type]
        ids=ids,
    )
    return [row["id"] async for row in result]


async def record_exchange(tx: AsyncManagedTransaction, given: ExchangeInput, by: Recorded) -> Exchange:
    missing = await _party_missing(tx, [given.giver_id, given.receiver_id])
    if missing:
        raise NotFound("person or organisation", missing[0])
    if given.timebank_id:
        result = await tx.run(
            "MATCH (o:Organisation {id: $id, kind: 'TIMEBANK'}) RETURN o.id AS id", id=given.timebank_id
        )
        if await result.single() is None:
            raise NotFound("timebank", given.timebank_id)
    exchange = Exchange(
        id=str(uuid.uuid4()),
        giver_id=given.giver_id,
        receiver_id=given.receiver_id,
        hours=given.hours,
        date=given.date,
        what=given.what,
        timebank_id=given.timebank_id,
    )
    feed.note(exchange.giver_id, exchange.receiver_id)
    await tx.run(
        f"{person_or_organisation('g', '$giver')}{person_or_organisation('r', '$receiver')}"  # type: ignore[arg-type]
        "WITH g, r WHERE g IS NOT NULL AND r IS NOT NULL "
        "CREATE (g)-[:GAVE]->(e:Exchange)-[:RECEIVED_BY]->(r) SET e = $props",
        giver=given.giver_id,
        receiver=given.receiver_id,
        props={
            "id": exchange.id,
            "hours": exchange.hours,
            "date": exchange.date,
            "what": exchange.what,
            "timebank_id": exchange.timebank_id,
            "giver_id": exchange.giver_id,
            "receiver_id": exchange.receiver_id,
            **recorded_props(by),
        },
    )
    return exchange


def exchange_record(props: dict[str, Any]) -> Exchange:
    return Exchange(
        id=props["id"],
        giver_id=props["giver_id"],
        receiver_id=props["receiver_id"],
        hours=float(props["hours"]),
        date=as_date(props["date"]),  # type: ignore[arg-type]
        what=props["what"],
        timebank_id=props.get("timebank_id"),
    )


async def exchanges_of(tx: AsyncManagedTransaction, ids: list[str]) -> dict[str, list[Exchange]]:
    """Every exchange each person or organisation gave or received, oldest first."""
    result = await tx.run(
        "UNWIND $ids AS id MATCH (e:Exchange) WHERE e.giver_id = id OR e.receiver_id = id "
        "RETURN id, properties(e) AS e ORDER BY e.date, e.id",
        ids=list(dict.fromkeys(ids)),
    )
    return await grouped(result, ids, "id", "e", exchange_record)


async def all_exchanges(tx: AsyncManagedTransaction) -> list[Exchange]:
    result = await tx.run("MATCH (e:Exchange) RETURN properties(e) AS e")
    return [exchange_record(row["e"]) async for row in result]
