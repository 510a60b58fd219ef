"""The store handle: one async driver, one database, and managed transactions.

Work is a transaction function ``async def work(tx, ...)`` run through
``execute_read`` / ``execute_write``, so the driver retries transient faults
and a failure rolls the whole transaction back. Driver faults become
:class:`StoreUnavailable`; netmap's own errors pass through unchanged.

Log appends (audit entries, kept answers) from concurrent requests are
committed together: one transaction carries every append that arrived while
the previous one was being written, and each caller still waits for its own
append to be committed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from netmap.store.cypher_log import CypherLog
from netmap.store.embedded import EmbeddedServer
from netmap.store.errors import StoreUnavailable
from netmap.store.feed import stamped
from netmap.store.migrations import apply_migrations
from netmap.store.settings import EMBEDDED_DATABASE, StoreSettings
from netmap.store.shared import EmbeddedClaim

T = TypeVar("T")
P = ParamSpec("P")
Work = Callable[Concatenate[AsyncManagedTransaction, P], Awaitable[T]]

PING = "RETURN 1 AS ok"
CONNECTION_TIMEOUT_S = 5.0
RETRY_TIME_S = 5.0
FIRST_RETRY_DELAY_S = 0.05
"""The driver waits 1 s before its first retry by default, sized for a cluster electing a
leader. The transient errors seen here are write conflicts (two workers appending audit
entries to one ArcadeDB page) that clear at once: a 1 s wait made them the slowest 1%
of requests. Retries still double the wait and stop after ``RETRY_TIME_S``."""


class Store:
    """Runs transaction functions against one database of one server."""

    def __init__(self, driver: AsyncDriver, database: str | None, server: EmbeddedServer | None = None) -> None:
        self.driver = driver
        self.database = database
        self.server = server
        """The embedded server when netmap runs its own; None for Neo4j."""
        self.transactions = 0
        """How many transactions were run: lets tests count store round trips."""
        self.generation = 0
        """Goes up after every write this process commits, so caches know when to rebuild."""
        self.bookmarks = AsyncGraphDatabase.bookmark_manager()
        """Every session of this process starts after what its sessions have committed, so
        on a cluster a read follows this process's writes even if a follower serves it."""
        self.cypher_log = CypherLog.from_env()
        """Set in the test suite: every Cypher text sent is recorded for the Neo4j check."""
        self._appends: list[_Append] = []
        self._appending: asyncio.Task[None] | None = None

    async def read(self, work: Work[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        return await self._run(neo4j.READ_ACCESS, False, work, args, kwargs)

    async def write(self, work: Work[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``work`` in a write transaction that also stamps the change feed with whatever
        it noted (``store/feed.py``); once more if it broke a uniqueness constraint.

        ArcadeDB's ``MERGE`` is not atomic: two transactions that both make the first
        account of a new subject both create it, and the second fails at commit. Run
        again, it finds the node the first made. A genuine duplicate fails again, so
        what the caller sees is unchanged; on Neo4j ``MERGE`` under the constraint
        already waits for the first.
        """
        try:
            return await self._run(neo4j.WRITE_ACCESS, True, stamped(work), args, kwargs)
        except ConstraintError:
            return await self._run(neo4j.WRITE_ACCESS, True, stamped(work), args, kwargs)

    async def append_log(self, work: Work[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """A write that changes no community data (the audit log), so caches stay valid.

        Returns once it is committed, possibly in one transaction with the
        appends of other requests (group commit); if that transaction fails,
        every append in it fails with the same error.
        """
        done: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._appends.append(_Append(work, args, kwargs, done))
        if self._appending is None or self._appending.done():
            self._appending = asyncio.create_task(self._commit_appends())
        return await done

    async def _commit_appends(self) -> None:
        while self._appends:
            group, self._appends = self._appends, []

            async def work(tx: AsyncManagedTransaction) -> list[Any]:
                return [await a.work(tx, *a.args, **a.kwargs) for a in group]

            await answer_all([a.done for a in group], self._run(neo4j.WRITE_ACCESS, False, work, (), {}))

    async def _run(
        self, mode: str, changes_data: bool, work: Work[P, T], args: Any, kwargs: Any
    ) -> T:
        self.transactions += 1
        if self.cypher_log is not None:
            work = self.cypher_log.wrap(work)
        if self.server is not None and not self.server.running:
            raise StoreUnavailable("the embedded store stopped; netmap is starting it again")
        try:
            async with self.driver.session(
                database=self.database, default_access_mode=mode, bookmark_manager=self.bookmarks
            ) as s:
                if mode == neo4j.READ_ACCESS:
                    return await s.execute_read(work, *args, **kwargs)
                try:
                    return await s.execute_write(work, *args, **kwargs)
                finally:
                    if changes_data:
                        self.generation += 1
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreUnavailable(str(exc) or type(exc).__name__) from exc

    async def run_schema(self, statement: str) -> None:
        """Run one schema statement (constraint, index) in its own auto-commit transaction."""
        if self.cypher_log is not None:
            self.cypher_log.record(statement)
        async with self.driver.session(database=self.database, bookmark_manager=self.bookmarks) as session:
            result = await session.run(statement)  # type: ignore[arg-type]
            await result.consume()

    async def ping(self) -> bool:
        """True if the store answers a trivial query now; one try, no retries."""
        if self.cypher_log is not None:
            self.cypher_log.record(PING)
        try:
            async with self.driver.session(database=self.database) as session:
                result = await session.run(PING)
                await result.consume()
        except (Neo4jError, DriverError, OSError):
            return False
        return True

    async def close(self) -> None:
        await self.driver.close()


async def answer_all(waiting: list[asyncio.Future[Any]], work: Awaitable[list[Any]]) -> None:
    """Await ``work`` (one result per waiting future) and give each future its result,
    or every future the error; futures whose callers stopped waiting are left alone."""
    try:
        results = await work
    except Exception as exc:  # noqa: BLE001 - handed to every waiting caller
        for done in waiting:
            if not done.done():
                done.set_exception(exc)
    else:
        for done, result in zip(waiting, results):
            if not done.done():
                done.set_result(result)
    finally:
        for done in waiting:
            done.cancel()


@dataclass(frozen=True)
class _Append:
    work: Work[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    done: asyncio.Future[Any]


log = logging.getLogger("netmap.store")
WATCH_INTERVAL_S = 0.5


def _driver(uri: str, auth: tuple[str, str]) -> AsyncDriver:
    return AsyncGraphDatabase.driver(
        uri,
        auth=auth,
        connection_timeout=CONNECTION_TIMEOUT_S,
        max_transaction_retry_time=RETRY_TIME_S,
        initial_retry_delay=FIRST_RETRY_DELAY_S,
    )


async def _keep_alive(claim: EmbeddedClaim, store: Store) -> None:
    """Keep the embedded store reachable: start its server again if it died (the owner),
    take over when the owner has gone, follow it when it moved (a guest)."""
    while True:
        await asyncio.sleep(WATCH_INTERVAL_S)
        try:
            moved = await asyncio.to_thread(claim.refresh)
        except Exception:  # noqa: BLE001 - keep trying; every failure is logged
            log.exception("the embedded store could not be started; trying again")
            continue
        store.server = claim.server
        if moved is not None:
            old, store.driver = store.driver, _driver(moved.uri, (moved.user, moved.password))
            await old.close()
            log.info("the embedded store is now at %s", moved.uri)


FIRST_WAIT_S = 0.5
LONGEST_WAIT_S = 5.0


async def wait_until_up(store: Store, uri: str, limit_s: float) -> None:
    """Wait for a store that is not up yet (Neo4j starting beside netmap), trying again
    after 0.5 s, 1 s, 2 s … (at most 5 s apart) for up to ``limit_s`` seconds in all.

    A wrong password or an unknown database is not waited for: they will not mend.
    """
    deadline = time.monotonic() + limit_s
    delay = FIRST_WAIT_S
    while True:
        try:
            async with store.driver.session(database=store.database) as session:
                await (await session.run(PING)).consume()
            return
        except AuthError as exc:
            raise StoreUnavailable(f"{uri} refused the user name or password ({exc.message})") from exc
        except (ServiceUnavailable, SessionExpired, TransientError, OSError) as exc:
            left = deadline - time.monotonic()
            if left <= 0:
                raise StoreUnavailable(
                    f"no answer from {uri} within {limit_s:g} s ({exc}). Is the database running, and is "
                    "NETMAP_DB_URI right? NETMAP_DB_WAIT_S sets how long netmap waits for it at start."
                ) from exc
            log.warning("the store at %s does not answer yet (%s); trying again in %.1f s", uri, exc, min(delay, left))
            await asyncio.sleep(min(delay, left))
            delay = min(delay * 2, LONGEST_WAIT_S)


@asynccontextmanager
async def open_store(
    settings: StoreSettings, *, migrate: bool = True, keep_alive: bool = True
) -> AsyncIterator[Store]:
    """Connect to the configured server, or to the data folder's embedded one (started by
    this process if no other netmap process runs it), for the block's length."""
    claim: EmbeddedClaim | None = None
    uri, auth, database = settings.uri, (settings.user, settings.password or ""), settings.database
    if settings.embedded:
        claim = EmbeddedClaim(settings.data_dir, settings.database or EMBEDDED_DATABASE)
        endpoint = await asyncio.to_thread(claim.open)
        uri, auth, database = endpoint.uri, (endpoint.user, endpoint.password), endpoint.database
    try:
        store = Store(_driver(uri, auth), database, claim.server if claim else None)  # type: ignore[arg-type]
        watchdog = asyncio.create_task(_keep_alive(claim, store)) if claim is not None and keep_alive else None
        try:
            if claim is None:
                await wait_until_up(store, str(uri), settings.wait_s)
            if migrate:
                await apply_migrations(store)
            yield store
        finally:
            if watchdog is not None:
                watchdog.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watchdog
            await store.close()
    finally:
        if claim is not None:
            await asyncio.to_thread(claim.close)
