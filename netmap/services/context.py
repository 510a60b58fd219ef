"""What every resolver gets: the store, who is asking, this request's loaders,
and the reads to put in the audit log when the request ends."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, TypeVar

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from netmap.services.disclosure import DisclosureControl
from netmap.services.loaders import Loaders
from netmap.services.network import NetworkCache
from netmap.services.policy import Grant, allowed
from netmap.domain.access import PersonView, Principal
from netmap.domain.records import Person, Recorded
from netmap.domain.errors import Conflict
from netmap.store.audit import entry, write_audit
from netmap.store.idempotency import claim_write, decode_result, keep_result
from netmap.store.connection import Store
from netmap.store.scopes import scope_condition
from netmap.services.visibility import Appearance, Naming, may_name, person_view

T = TypeVar("T")


@dataclass
class Context:
    """Built afresh for each request, so loaders never serve another request's data."""

    store: Store
    principal: Principal | None = None
    disclosure: DisclosureControl = field(default_factory=DisclosureControl)
    """How analysts' figures are rounded and suppressed (the service's setting)."""
    network: NetworkCache = field(default_factory=NetworkCache)
    """The analysis snapshot, shared by every request of the app."""
    today: date = field(default_factory=date.today)
    loaders: Loaders = field(init=False)
    idempotency: tuple[str, str] | None = None
    """(scoped key, hash of the request body) when the client sent an Idempotency-Key."""
    claimed: bool = False
    """Whether this request's first write has recorded its idempotency key."""
    replay: tuple[str, ...] = ()
    """Results kept by an earlier attempt with this key that died before its answer was
    saved: its writes return these instead of running again (store/idempotency.py)."""
    writes: int = 0
    writing: bool = False
    """Whether a write has begun: from then on the time limit no longer stops the operation."""
    grants: dict[str, str] = field(default_factory=dict)
    """Field → the grant (``policy.POLICY``) it was allowed with: ``all`` lifts the scope."""
    reads: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Person id → (action, operation) that read it, for the audit log."""

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.store, self.principal, self.today)

    @property
    def actor(self) -> str:
        return self.principal.subject if self.principal else "anonymous"

    def recorded(self) -> Recorded:
        """Who is recording this change, and when."""
        return Recorded(by=self.actor, at=datetime.now(timezone.utc))

    def allow(self, operation: str) -> Grant:
        """The caller's grant for ``operation`` (``policy.POLICY``), kept for this request's
        scope checks; UNAUTHENTICATED or FORBIDDEN when the table says no."""
        granted = allowed(operation, self.principal)
        self.grants[operation] = granted.value
        return granted

    def _unscoped(self, operation: str | None) -> bool:
        """Whether the policy grants ``operation`` on any record (ALL), not only within scope."""
        return operation is not None and self.grants.get(operation) == "all"

    def scope(self, operation: str | None = None) -> tuple[str, dict[str, Any]]:
        """The Cypher condition on ``n`` for the people this caller may see in ``operation``."""
        if self._unscoped(operation):
            return "true", {}
        return scope_condition(self.principal, self.today)

    async def in_scope(self, person_id: str, operation: str | None) -> bool:
        return self._unscoped(operation) or await self.loaders.visible.load(person_id)

    async def view_of(
        self, person: Person, appearance: Appearance = Appearance.DIRECT, operation: str | None = None
    ) -> PersonView | None:
        """How much of ``person`` this caller is shown in ``operation`` (None: nothing), by the one rule."""
        in_scope = await self.in_scope(person.id, operation)
        return person_view(self.principal, person, in_scope=in_scope, appearance=appearance)

    async def naming(
        self, person_id: str, operation: str | None = None, *, known_contact: bool = False, owns_map: bool = False
    ) -> Naming:
        """Whether a new record may name this person (see ``visibility.may_name``)."""
        person = await self.loaders.person.load(person_id)
        in_scope = person is not None and await self.in_scope(person_id, operation)
        return may_name(person, in_scope=in_scope, known_contact=known_contact, owns_map=owns_map)

    def note_read(self, person_id: str, operation: str, action: str = "READ") -> None:
        """Record that this request showed ``person_id``'s data (``action`` EXPORT: in a file)."""
        self.reads.setdefault(person_id, (action, operation))

    async def record_reads(self) -> None:
        """Write this request's reads to the audit log. Callers show nothing until it
        has succeeded: a read that cannot be recorded is not shown."""
        if self.reads:
            await self.store.append_log(write_audit, self.audit_entries())
            self.reads.clear()

    def audit_entries(self) -> list[dict[str, Any]]:
        now = datetime.now(timezone.utc)
        return [entry(self.principal, action, op, pid, now) for pid, (action, op) in self.reads.items()]

    async def write(
        self,
        operation: str,
        people: Callable[[T], Iterable[str]],
        work: Callable[..., Awaitable[T]],
        *args: Any,
        action: str = "WRITE",
    ) -> T:
        """Run ``work`` and its audit entries in one transaction: both happen, or neither.

        ``people`` names the people whose data the result touches.
        """

        if self.writes < len(self.replay):
            self.writes += 1
            self.claimed = True
            return decode_result(self.replay[self.writes - 1])  # type: ignore[no-any-return]

        async def audited(tx: AsyncManagedTransaction) -> T:
            now = datetime.now(timezone.utc)
            if self.idempotency is not None:
                await claim_write(tx, *self.idempotency, self.writes, now)
            result = await work(tx, *args)
            if self.idempotency is not None:
                await keep_result(tx, self.idempotency[0], result, now)
            await write_audit(tx, [entry(self.principal, action, operation, pid, now) for pid in people(result)])
            return result

        self.writing = True
        try:
            found = await self.store.write(audited)
        except ConstraintError as exc:
            if self.idempotency is not None and self.writes == 0:
                raise Conflict(
                    "A request with this Idempotency-Key is already being handled; nothing more was written.",
                    code="IDEMPOTENCY_IN_PROGRESS",
                ) from exc
            raise
        self.writes += 1
        self.claimed = self.idempotency is not None
        return found

