"""Recording every distinct Cypher text netmap sends, for the Neo4j check of ``make test``.

Off unless ``NETMAP_CYPHER_LOG`` names a file. Each distinct text is appended to
it once per process as one JSON line, so several processes (``serve --workers``
in the tests) can share the file; ``tools/cypher-check`` then checks each text
with Neo4j's own Cypher front end (docs/architecture.md).
"""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from neo4j import AsyncManagedTransaction

ENV = "NETMAP_CYPHER_LOG"
T = TypeVar("T")
_SEEN: dict[str, set[str]] = {}
"""Per file, the texts this process has already written (a process opens many stores)."""


class CypherLog:
    """Appends each Cypher text not yet seen by this process to one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.seen = _SEEN.setdefault(path, set())

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> CypherLog | None:
        path = (os.environ if environ is None else environ).get(ENV)
        return cls(path) if path else None

    def record(self, text: object) -> None:
        query = str(getattr(text, "text", text))
        if query in self.seen:
            return
        self.seen.add(query)
        line = (json.dumps({"cypher": query}) + "\n").encode()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)  # one write on an O_APPEND file: lines of processes do not mix
        finally:
            os.close(fd)

    def wrap(self, work: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
        """``work`` given a transaction that records what it runs."""

        async def recorded(tx: AsyncManagedTransaction, *args: Any, **kwargs: Any) -> T:
            return await work(_RecordingTransaction(tx, self), *args, **kwargs)

        return recorded


class _RecordingTransaction:
    """A managed transaction that notes each query before running it."""

    def __init__(self, tx: AsyncManagedTransaction, log: CypherLog) -> None:
        self._tx = tx
        self._log = log

    async def run(self, query: Any, parameters: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        self._log.record(query)
        return await self._tx.run(query, parameters, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tx, name)
