"""Making and revoking tokens as an administrator, audited: the command line and the
admin pages both come here, so both leave the same entry in the audit log."""

from __future__ import annotations

from datetime import datetime

from neo4j import AsyncManagedTransaction

from netmap.domain.access import Principal
from netmap.store.accounts import TokenInfo, create_token, revoke_token
from netmap.store.audit import entry, write_audit

CREATE, REVOKE = "createToken", "revokeToken"


async def make_token(
    tx: AsyncManagedTransaction,
    holder: Principal,
    name: str,
    now: datetime,
    expires_at: datetime | None,
    by: Principal,
) -> tuple[str, TokenInfo]:
    """A new token for ``holder`` (returned once) and an audit entry naming who made it."""
    token, info = await create_token(tx, holder, name, now, expires_at)
    await write_audit(tx, [_entry(by, CREATE, info, now)])
    return token, info


async def withdraw_token(tx: AsyncManagedTransaction, id: str, now: datetime, by: Principal) -> TokenInfo:
    """Revoke a token at once (again is harmless) and audit who did."""
    info = await revoke_token(tx, id, now)
    await write_audit(tx, [_entry(by, REVOKE, info, now)])
    return info


def _entry(by: Principal, operation: str, info: TokenInfo, now: datetime) -> dict[str, object]:
    """A WRITE on no one's data: the token's id and holder say what it was about."""
    return {**entry(by, "WRITE", operation, None, now), "token_id": info.id, "token_subject": info.principal.subject}
