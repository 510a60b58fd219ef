"""Keyset pagination: pages ordered by (sort key, id), resumed after a cursor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_PAGE = 100


@dataclass(frozen=True)
class After:
    """The position of the last item already seen."""

    key: str
    id: str


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    has_next: bool
    keys: list[After]
    """The position of each item, so each can serve as a cursor."""


def after_clause(key: str, id: str) -> str:
    """A WHERE fragment that keeps rows strictly after ``$after_key``/``$after_id``."""
    return f"($after_key IS NULL OR {key} > $after_key OR ({key} = $after_key AND {id} > $after_id))"


def after_params(after: After | None) -> dict[str, str | None]:
    return {"after_key": after.key if after else None, "after_id": after.id if after else None}
