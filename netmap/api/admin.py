"""Tokens for administrators: list, make (the token is answered once, never again) and revoke.

The same service functions (``services/admin``) as the admin pages and ``netmap token``,
so all three leave the same audit entries.
"""

from __future__ import annotations

from datetime import datetime, timezone

import strawberry

from netmap.api.context import Info
from netmap.api.enums import AccessRole
from netmap.api.permissions import Allowed
from netmap.services import admin
from netmap.store.accounts import TokenInfo


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
        return [TokenRecord.of(found, now) for found in await admin.tokens(info.context)]


@strawberry.type
class AdminMutation:
    @strawberry.mutation(permission_classes=[Allowed], description="Makes a token; it is in the answer once. Admins only.")
    async def create_token(self, info: Info, input: TokenInput) -> CreatedToken:
        scope = str(input.scope_id) if input.scope_id else None
        made = await admin.create_token(info.context, input.role, input.subject, input.name, scope, input.expires_at)
        return CreatedToken(token=made.token, record=TokenRecord.of(made.record, datetime.now(timezone.utc)))

    @strawberry.mutation(permission_classes=[Allowed], description="Revokes a token at once. Admins only.")
    async def revoke_token(self, info: Info, id: strawberry.ID) -> TokenRecord:
        revoked = await admin.revoke_token(info.context, str(id))
        return TokenRecord.of(revoked, datetime.now(timezone.utc))
