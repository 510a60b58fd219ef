"""Idempotency keys: a retried request returns the first answer and writes nothing twice.

The key is recorded in the same transaction as the request's first write, so
"the write happened" and "the key is known" are one fact; a unique
constraint makes a concurrent duplicate fail instead of writing twice. The
answer is stored once the request has finished, for replays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from neo4j import AsyncManagedTransaction


@dataclass(frozen=True)
class KnownRequest:
    body_hash: str
    response: str | None
    """The first answer as JSON text; None while the first request runs (or if it died after writing)."""


async def find_request(tx: AsyncManagedTransaction, scoped_key: str) -> KnownRequest | None:
    result = await tx.run(
        "MATCH (i:IdempotentRequest {scoped_key: $key}) RETURN i.body_hash AS hash, i.response AS response",
        key=scoped_key,
    )
    row = await result.single()
    return KnownRequest(row["hash"], row["response"]) if row else None


async def claim_request(tx: AsyncManagedTransaction, scoped_key: str, body_hash: str, at: datetime) -> None:
    await tx.run(
        "CREATE (i:IdempotentRequest) SET i = $props",
        props={"scoped_key": scoped_key, "body_hash": body_hash, "created_at": at},
    )


async def save_response(tx: AsyncManagedTransaction, scoped_key: str, response: str) -> None:
    await tx.run("MATCH (i:IdempotentRequest {scoped_key: $key}) SET i.response = $response", key=scoped_key, response=response)
