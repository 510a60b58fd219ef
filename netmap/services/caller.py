"""What the service functions need of a request's context, as a protocol: the
services layer may not import the API's ``Context``, which satisfies it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from typing import Any, Protocol, TypeVar

from netmap.domain.access import PersonView, Principal
from netmap.domain.records import Person, Recorded
from netmap.services.visibility import Appearance, Naming
from netmap.store.connection import Store

T = TypeVar("T")


class Caller(Protocol):
    """One request's caller: who, today, the store, the per-request loaders and the write unit."""

    store: Store
    principal: Principal | None
    today: date
    loaders: Any
    """Per-request batched lookups: ``person``, ``visible``, ``ties``, ``participations``, ``corrections``…"""

    @property
    def actor(self) -> str: ...

    def recorded(self) -> Recorded: ...

    def scope(self, operation: str | None = None) -> tuple[str, dict[str, Any]]: ...

    def note_read(self, person_id: str, operation: str, action: str = "READ") -> None: ...

    async def in_scope(self, person_id: str, operation: str | None) -> bool: ...

    async def view_of(
        self, person: Person, appearance: Appearance = Appearance.DIRECT, operation: str | None = None
    ) -> PersonView | None: ...

    async def naming(
        self, person_id: str, operation: str | None = None, *, known_contact: bool = False, owns_map: bool = False
    ) -> Naming: ...

    async def write(
        self,
        operation: str,
        people: Callable[[T], Iterable[str]],
        work: Callable[..., Awaitable[T]],
        *args: Any,
        action: str = "WRITE",
    ) -> T: ...
