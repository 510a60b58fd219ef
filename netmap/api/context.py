"""What a resolver receives from Strawberry: the request's service :class:`Context`,
and which root field (the operation its grant applies to) it is serving."""

from __future__ import annotations

from strawberry.types import Info as _Info

from netmap.services.context import Context

Info = _Info[Context, None]


def operation_of(info: Info) -> str:
    """The root field a resolver serves: its grant is the one that applies."""
    path = info.path
    while path.prev is not None:
        path = path.prev
    return str(path.key) if isinstance(path.key, str) else info.field_name
