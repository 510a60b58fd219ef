"""Cursor connections for every list: ``first``/``after`` in, edges and pageInfo out.

A cursor is an opaque string: the position of an item in its list's order.
"""

from __future__ import annotations

from collections.abc import Sequence

from typing import Generic, TypeVar

import strawberry

from netmap.store.pages import Page, encode_cursor

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_PAGE = 20


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo

    @strawberry.field(description="The nodes of this page, without their cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def connection(page: Page[R], nodes: Sequence[T | None]) -> Connection[T]:
    """A connection of ``nodes``: the page's items as the caller is to see them, in
    order, None where the caller may not see one (left out; paging goes on past it)."""
    edges = [Edge(cursor=encode_cursor(key), node=node) for node, key in zip(nodes, page.keys) if node is not None]
    end = encode_cursor(page.keys[-1]) if page.keys else None
    return Connection(edges=edges, page_info=PageInfo(has_next_page=page.has_next, end_cursor=end))
