"""Browser sessions of the web pages: short-lived and revocable, apart from tokens.

The cookie carries a random session id, never the API token; the store keeps
only its SHA-256 hash, who it is for, and the token it was opened with, so
revoking that token ends its sessions and signing out deletes the session.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from neo4j import AsyncManagedTransaction

from netmap.domain.access import AccessRole, Principal
from netmap.store._convert import native

SESSION_PREFIX = "nms_"


@dataclass(frozen=True)
class BrowserSession:
    principal: Principal
    expires_at: datetime
    token_id: str | None
    """The netmap token it was opened with (None for an identity provider's token)."""


def session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


async def open_session(
    tx: AsyncManagedTransaction, principal: Principal, token_id: str | None, now: datetime, lasts: timedelta
) -> str:
    """A new session for ``principal``; returns its id (for the cookie only). Sessions
    that have expired are cleared out on the way."""
    await tx.run("MATCH (s:Session) WHERE s.expires_at <= $now DELETE s", now=now)
    session_id = SESSION_PREFIX + secrets.token_urlsafe(32)
    await tx.run(
        "CREATE (s:Session) SET s = $props",
        props={
            "hash": session_hash(session_id),
            "subject": principal.subject,
            "role": principal.role.value,
            "scope_id": principal.scope_id,
            "name": principal.name,
            "token_id": token_id,
            "created_at": now,
            "expires_at": now + lasts,
        },
    )
    return session_id


async def find_session(tx: AsyncManagedTransaction, session_id: str, now: datetime) -> BrowserSession | None:
    """The session, if it exists, has not expired, and its token (if any) is still usable."""
    result = await tx.run(
        "MATCH (s:Session {hash: $hash}) WHERE s.expires_at > $now "
        "OPTIONAL MATCH (t:Token {id: s.token_id}) "
        "RETURN properties(s) AS s, t IS NOT NULL AS has_token, t.revoked_at AS revoked_at, t.expires_at AS token_expires",
        hash=session_hash(session_id),
        now=now,
    )
    row = await result.single()
    if row is None:
        return None
    props = row["s"]
    if props.get("token_id") is not None:
        token_expires = native(row["token_expires"])
        if not row["has_token"] or row["revoked_at"] is not None or (token_expires and token_expires <= now):
            return None
    principal = Principal(
        subject=props["subject"], role=AccessRole(props["role"]), scope_id=props.get("scope_id"), name=props.get("name") or ""
    )
    return BrowserSession(principal, native(props["expires_at"]), props.get("token_id"))


async def close_session(tx: AsyncManagedTransaction, session_id: str) -> None:
    await tx.run("MATCH (s:Session {hash: $hash}) DELETE s", hash=session_hash(session_id))
