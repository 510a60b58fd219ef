"""Accounts and their tokens, and planners' caseloads.

A token is shown once when made and stored only as its SHA-256 hash: the
token itself is 256 random bits, so a plain hash is enough to make a stolen
copy of the store useless for logging in.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.access import AccessRole, Principal
from netmap.domain.errors import NotFound
from netmap.store._convert import native
from netmap.store._locks import lock_account

TOKEN_PREFIX = "nm_"


@dataclass(frozen=True)
class TokenInfo:
    """What is kept about a token (never the token itself)."""

    id: str
    name: str
    principal: Principal
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    def usable_at(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def _info(props: dict[str, Any]) -> TokenInfo:
    return TokenInfo(
        id=props["id"],
        name=props.get("name") or "",
        principal=Principal(
            subject=props["subject"],
            role=AccessRole(props["role"]),
            scope_id=props.get("scope_id"),
            name=props.get("name") or "",
        ),
        created_at=native(props["created_at"]),
        expires_at=native(props.get("expires_at")),
        revoked_at=native(props.get("revoked_at")),
    )


async def create_token(
    tx: AsyncManagedTransaction,
    principal: Principal,
    name: str,
    now: datetime,
    expires_at: datetime | None = None,
) -> tuple[str, TokenInfo]:
    """Make a token for ``principal``; return it (to show once) and what is stored."""
    token = new_token()
    props = {
        "id": str(uuid.uuid4()),
        "name": name,
        "subject": principal.subject,
        "role": principal.role.value,
        "scope_id": principal.scope_id,
        "hash": token_hash(token),
        "created_at": now,
        "expires_at": expires_at,
    }
    await tx.run(
        "MERGE (a:Account {subject: $subject}) "
        "CREATE (t:Token)-[:OF]->(a) SET t = $props",
        subject=principal.subject,
        props=props,
    )
    return token, _info(props)


async def find_token(tx: AsyncManagedTransaction, token: str) -> TokenInfo | None:
    result = await tx.run(
        "MATCH (t:Token {hash: $hash}) RETURN properties(t) AS t", hash=token_hash(token)
    )
    row = await result.single()
    return _info(row["t"]) if row else None


async def list_tokens(tx: AsyncManagedTransaction) -> list[TokenInfo]:
    result = await tx.run("MATCH (t:Token) RETURN properties(t) AS t ORDER BY t.created_at")
    return [_info(row["t"]) async for row in result]


async def revoke_token(tx: AsyncManagedTransaction, id: str, now: datetime) -> TokenInfo:
    result = await tx.run(
        "MATCH (t:Token {id: $id}) SET t.revoked_at = coalesce(t.revoked_at, $now) "
        "RETURN properties(t) AS t",
        id=id,
        now=now,
    )
    row = await result.single()
    if row is None:
        raise NotFound("token", id)
    return _info(row["t"])


async def revoke_tokens_of_person(tx: AsyncManagedTransaction, person_id: str, now: datetime) -> None:
    """On erasure: the person's own tokens end, and no longer point at the erased id."""
    await tx.run(
        "MATCH (t:Token {role: 'person', scope_id: $id}) "
        "SET t.revoked_at = coalesce(t.revoked_at, $now), t.scope_id = null",
        id=person_id,
        now=now,
    )


async def assign_caseload(
    tx: AsyncManagedTransaction, planner: str, person_ids: list[str], since: date, by: str
) -> int:
    """Put people on a planner's caseload; return how many were added now."""
    await lock_account(tx, planner)
    result = await tx.run(
        "MATCH (a:Account {subject: $planner}) "
        "UNWIND $ids AS id MATCH (p:Person {id: id}) "
        "OPTIONAL MATCH (a)-[old:PLANS_FOR]->(p) "
        "WITH a, p, old WHERE old IS NULL "
        "CREATE (a)-[:PLANS_FOR {since: $since, by: $by}]->(p) RETURN count(p) AS added",
        planner=planner,
        ids=person_ids,
        since=since,
        by=by,
    )
    row = await result.single()
    return int(row["added"]) if row else 0


async def unassign_caseload(tx: AsyncManagedTransaction, planner: str, person_ids: list[str]) -> int:
    result = await tx.run(
        "MATCH (:Account {subject: $planner})-[r:PLANS_FOR]->(p:Person) WHERE p.id IN $ids "
        "DELETE r RETURN count(*) AS removed",
        planner=planner,
        ids=person_ids,
    )
    row = await result.single()
    return int(row["removed"]) if row else 0


async def caseload(tx: AsyncManagedTransaction, planner: str) -> list[str]:
    result = await tx.run(
        "MATCH (:Account {subject: $planner})-[:PLANS_FOR]->(p:Person) RETURN p.id AS id ORDER BY p.name_key",
        planner=planner,
    )
    return [row["id"] async for row in result]
