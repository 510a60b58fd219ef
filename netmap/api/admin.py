"""Tokens for administrators: list, make (the token is answered once, never again) and revoke.

The same store functions as ``netmap token`` (``store/token_admin``), so the
pages and the command line leave the same audit entries.
"""

from __future__ import annotations

from datetime import datetime, timezone

import strawberry

from netmap.api.context import Info
from netmap.api.enums import AccessRole
from netmap.api.permissions import Allowed
from netmap.domain.access import Principal
from netmap.domain.errors import InvalidInput, Problem
from netmap.store.accounts import TokenInfo, list_tokens
from netmap.store.token_admin import make_token, withdraw_token


@strawberry.type(description="A token as kept: never the token itself, only who holds it and until when.")
class TokenRecord:
    id: strawberry.ID
    name: str
    subject: str
    role: AccessRole
    scope_id: strawberry.ID | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    usable: bool

    @classmethod
    def of(cls, info: TokenInfo, now: datetime) -> TokenRecord:
        scope = info.principal.scope_id
        return cls(
            id=strawberry.ID(info.id), name=info.name, subject=info.principal.subject, role=info.principal.role,
            scope_id=strawberry.ID(scope) if scope else None, created_at=info.created_at,
            expires_at=info.expires_at, revoked_at=info.revoked_at, usable=info.usable_at(now),
        )  # fmt: skip


@strawberry.type(description="A new token: `token` is shown now and never again (only its hash is kept).")
class CreatedToken:
    token: str
    record: TokenRecord


@strawberry.input(description="Who a new token is for. Service managers, organisers and people need scopeId.")
class TokenInput:
    role: AccessRole
    subject: str
    name: str | None = None
    scope_id: strawberry.ID | None = None
    expires_at: datetime | None = None


@strawberry.type
class AdminQuery:
    @strawberry.field(permission_classes=[Allowed], description="Every token, oldest first (never the tokens themselves). Admins only.")
    async def tokens(self, info: Info) -> list[TokenRecord]:
        now = datetime.now(timezone.utc)
        return [TokenRecord.of(found, now) for found in await info.context.store.read(list_tokens)]


@strawberry.type
class AdminMutation:
    @strawberry.mutation(permission_classes=[Allowed], description="Makes a token; it is in the answer once. Admins only.")
    async def create_token(self, info: Info, input: TokenInput) -> CreatedToken:
        holder = _holder(input)
        now = datetime.now(timezone.utc)
        expires = input.expires_at.astimezone(timezone.utc) if input.expires_at else None
        if expires is not None and expires <= now:
            raise InvalidInput([Problem("expiresAt", "INVALID_INTERVAL", "must be in the future")])
        by = _caller(info)
        token, made = await info.context.store.write(make_token, holder, input.name or holder.subject, now, expires, by)
        return CreatedToken(token=token, record=TokenRecord.of(made, now))

    @strawberry.mutation(permission_classes=[Allowed], description="Revokes a token at once. Admins only.")
    async def revoke_token(self, info: Info, id: strawberry.ID) -> TokenRecord:
        now = datetime.now(timezone.utc)
        revoked = await info.context.store.write(withdraw_token, str(id), now, _caller(info))
        return TokenRecord.of(revoked, now)


def _holder(input: TokenInput) -> Principal:
    subject = input.subject.strip()
    problems = [] if subject else [Problem("subject", "EMPTY", "say who holds the token")]
    if input.role.needs_scope and not input.scope_id:
        problems.append(Problem("scopeId", "EMPTY", f"a {input.role.value} token is bound to an id: give scopeId"))
    if problems:
        raise InvalidInput(problems)
    scope = str(input.scope_id) if input.scope_id and input.role.needs_scope else None
    return Principal(subject=subject, role=input.role, scope_id=scope, name=(input.name or "").strip())


def _caller(info: Info) -> Principal:
    principal = info.context.principal
    assert principal is not None, "the permission class lets only admins in"
    return principal
