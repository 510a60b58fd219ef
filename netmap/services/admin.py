"""Administration: tokens (listed, made, revoked) and planners' caseloads.

The admin pages, the GraphQL API and ``netmap token`` all call these functions,
so each is permitted by the one policy table and leaves the same audit entry
whichever way it came.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from netmap.domain.access import AccessRole, Principal
from netmap.domain.errors import InvalidInput, NotFound, Problem
from netmap.services.context import Context
from netmap.services.people import SeenPerson, show_all
from netmap.store.accounts import TokenInfo, assign_caseload, caseload, list_tokens, unassign_caseload
from netmap.store.token_admin import make_token, withdraw_token


@dataclass(frozen=True)
class MadeToken:
    """A new token: ``token`` is given out now and never again (only its hash is kept)."""

    token: str
    record: TokenInfo


async def tokens(ctx: Context) -> list[TokenInfo]:
    """Every token, oldest first: who holds it and until when, never the token itself."""
    ctx.allow("tokens")
    return await ctx.store.read(list_tokens)


def holder(role: AccessRole, subject: str, name: str | None, scope_id: str | None) -> Principal:
    """Who a new token is for; every missing piece is a problem of its own field."""
    subject = subject.strip()
    problems = [] if subject else [Problem("subject", "EMPTY", "say who holds the token")]
    if role.needs_scope and not scope_id:
        problems.append(Problem("scopeId", "EMPTY", f"a {role.value} token is bound to an id: give scopeId"))
    if problems:
        raise InvalidInput(problems)
    scope = scope_id if scope_id and role.needs_scope else None
    return Principal(subject=subject, role=role, scope_id=scope, name=(name or "").strip())


async def create_token(
    ctx: Context,
    role: AccessRole,
    subject: str,
    name: str | None = None,
    scope_id: str | None = None,
    expires_at: datetime | None = None,
) -> MadeToken:
    """Make a token for the holder described; bad input writes nothing."""
    by = _admin(ctx, "createToken")
    made_for = holder(role, subject, name, scope_id)
    now = datetime.now(timezone.utc)
    expires = expires_at.astimezone(timezone.utc) if expires_at else None
    if expires is not None and expires <= now:
        raise InvalidInput([Problem("expiresAt", "INVALID_INTERVAL", "must be in the future")])
    token, record = await ctx.store.write(make_token, made_for, made_for.name or made_for.subject, now, expires, by)
    return MadeToken(token, record)


async def revoke_token(ctx: Context, token_id: str) -> TokenInfo:
    """Revoke a token at once; revoking it again is harmless, an unknown id is NOT_FOUND."""
    by = _admin(ctx, "revokeToken")
    return await ctx.store.write(withdraw_token, token_id, datetime.now(timezone.utc), by)


def _admin(ctx: Context, operation: str) -> Principal:
    """The caller, once the policy has let them do ``operation`` (admins only, so never anonymous)."""
    ctx.allow(operation)
    assert ctx.principal is not None, "the policy lets only admins make and revoke tokens"
    return ctx.principal


async def caseload_of(ctx: Context, planner: str | None) -> list[SeenPerson]:
    """The people on a planner's caseload as the caller may see them (a planner: their own)."""
    ctx.allow("caseload")
    if ctx.principal is not None and ctx.principal.role is AccessRole.PLANNER:
        planner = ctx.principal.subject
    if not planner:
        return []
    ids = await ctx.store.read(caseload, planner)
    found = await ctx.loaders.person.load_many(ids)
    seen = await show_all(ctx, "caseload", (person for person in found if person is not None))
    return [person for person in seen if person is not None]


async def assign(ctx: Context, planner: str, person_ids: list[str]) -> int:
    """Put people on a planner's caseload; how many were added now (again adds none)."""
    ctx.allow("assignCaseload")
    found = await ctx.loaders.person.load_many(person_ids)
    for person_id, person in zip(person_ids, found):
        if person is None:
            raise NotFound("person", person_id)
    return await ctx.write(
        "assignCaseload", lambda _: person_ids, assign_caseload, planner, person_ids, ctx.today, ctx.actor
    )


async def unassign(ctx: Context, planner: str, person_ids: list[str]) -> int:
    """Take people off a planner's caseload; how many were on it."""
    ctx.allow("unassignCaseload")
    return await ctx.write("unassignCaseload", lambda _: person_ids, unassign_caseload, planner, person_ids)
