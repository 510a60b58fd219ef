"""Keyset pagination: pages ordered by (sort key, id), resumed after a cursor.

A cursor is an opaque string: the position of an item in its list's order.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Generic, TypeVar

from netmap.domain.errors import InvalidInput, Problem

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


def encode_cursor(after: After) -> str:
    return base64.urlsafe_b64encode(json.dumps([after.key, after.id]).encode()).decode()


def decode_cursor(cursor: str | None) -> After | None:
    """The position a cursor names; a cursor netmap did not make is bad input."""
    if cursor is None:
        return None
    try:
        key, id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return After(str(key), str(id))
    except (ValueError, TypeError, binascii.Error):
        raise InvalidInput([Problem("after", "INVALID_INPUT", "not a cursor from this list")]) from None


def page_size(first: int) -> int:
    if not 1 <= first <= MAX_PAGE:
        raise InvalidInput(
            [Problem("first", "INVALID_INPUT", f"must be between 1 and {MAX_PAGE}")]
        )
    return first
