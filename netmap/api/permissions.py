"""The policy table (``services/policy.py``) applied to GraphQL fields: one
permission class on every field, asking the request's context."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from graphql import GraphQLError
from strawberry.permission import BasePermission

from netmap.api.context import Info
from netmap.domain.errors import NetmapError


class Refused(GraphQLError):
    """A field the caller's role may not use, or may not use without a token."""


_refusal: ContextVar[tuple[str, str]] = ContextVar("refusal", default=("Not allowed.", "FORBIDDEN"))
"""Why ``has_permission`` said no, for ``on_unauthorized`` just after it in the same task."""


class Allowed(BasePermission):
    """Refuses the field unless POLICY grants it to the caller's role (``Context.allow``).

    One instance serves every request, so it keeps no state of its own: this
    Strawberry's ``has_permission`` must return a plain bool and
    ``on_unauthorized`` takes no arguments, so the reason for a refusal passes
    from one to the other through a context variable, which each asyncio task
    has its own copy of.
    """

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        try:
            info.context.allow(info.field_name)
        except NetmapError as refusal:
            _refusal.set((refusal.message, refusal.code))
            return False
        return True

    def on_unauthorized(self) -> None:
        message, code = _refusal.get()
        raise Refused(message, extensions={"code": code})
