"""A loopback stand-in for a Neo4j cluster's routing, in front of one real Bolt server.

There is no Neo4j cluster here. ArcadeDB answers ROUTE, but as a single server:
one address for every role, so where the driver sends reads and writes cannot be
told apart. This proxy listens on three loopback ports (router, reader, writer),
forwards every byte of every connection to the real server, answers ROUTE itself
with a routing table naming those three ports, and counts what each port was
sent, so tests can see where reads and writes went.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter, deque
from functools import partial
from types import TracebackType
from typing import Any

from neo4j._codec.packstream._common import PackableBuffer, Structure, UnpackableBuffer
from neo4j._codec.packstream.v1 import Packer, Unpacker

ROLES = ("ROUTE", "READ", "WRITE")
HOST = "127.0.0.1"
TTL_S = 300
BEGIN, ROUTE, GOODBYE = 0x11, 0x66, 0x02
SUMMARIES = {0x70, 0x7E, 0x7F}
"""SUCCESS, IGNORED, FAILURE: the one answer every request but GOODBYE gets."""


class BoltRouter:
    """Plays a cluster's routing for a driver, with a real Bolt server behind every port."""

    def __init__(self, target_host: str, target_port: int, default_db: str) -> None:
        self.target = (target_host, target_port)
        self.default_db = default_db
        self.ports: dict[str, int] = {}
        """Role (ROUTE, READ, WRITE) to the loopback port that plays it."""
        self.begins: dict[str, Counter[str]] = {role: Counter() for role in ROLES}
        """Per role, the transactions begun there, by access mode ("r" or "w")."""
        self.messages: dict[str, Counter[int]] = {role: Counter() for role in ROLES}
        """Per role, every Bolt request received there, by message tag."""
        self.versions: set[tuple[int, int]] = set()
        """The Bolt versions (major, minor) the server agreed to."""
        self.begun: list[tuple[str, dict[str, Any]]] = []
        """Every transaction begun, in order: the role it was sent to and BEGIN's extra
        (access mode, bookmarks, database)."""
        self.cut: bytes | None = None
        """While set, a connection that sends a request containing these bytes is cut
        before the request reaches the server, as if the store had died there."""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="bolt-router", daemon=True)
        self._servers: list[asyncio.Server] = []
        self._connections: set[asyncio.Task[Any]] = set()

    @property
    def uri(self) -> str:
        return f"neo4j://{HOST}:{self.ports['ROUTE']}"

    def clear(self) -> None:
        """Forget the counts so far (they are only touched between requests)."""
        for counts in (*self.begins.values(), *self.messages.values()):
            counts.clear()
        self.begun.clear()

    def __enter__(self) -> BoltRouter:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    async def _start(self) -> None:
        for role in ROLES:
            server = await asyncio.start_server(partial(self._serve, role), HOST, 0)
            self._servers.append(server)
            self.ports[role] = server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        for server in self._servers:
            server.close()
        for task in self._connections:
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        for server in self._servers:
            await server.wait_closed()

    async def _serve(self, role: str, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        """One client connection: handshake passed through, then requests and answers pumped."""
        task = asyncio.current_task()
        self._connections.add(task)  # type: ignore[arg-type]
        server_w: asyncio.StreamWriter | None = None
        try:
            server_r, server_w = await asyncio.open_connection(*self.target)
            server_w.write(await client_r.readexactly(20))  # magic and four version proposals
            answer = await server_r.readexactly(4)
            client_w.write(answer)
            if answer[3] == 0xFF:  # manifest handshake (Bolt 5.7+): offers, then the client's choice
                count = await _varint(server_r, client_w)
                client_w.write(await server_r.readexactly(4 * count))
                await _varint(server_r, client_w)
                answer = await client_r.readexactly(4)
                server_w.write(answer)
                await _varint(client_r, server_w)
            self.versions.add((answer[3], answer[2]))
            pending: deque[bytes | None] = deque()
            """Per request in flight, in order: None if the server answers it, else our own answer."""
            pumps = [
                asyncio.ensure_future(self._requests(role, client_r, server_w, client_w, pending)),
                asyncio.ensure_future(_answers(server_r, client_w, pending)),
            ]
            try:
                await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for pump in pumps:
                    pump.cancel()
                await asyncio.gather(*pumps, return_exceptions=True)
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass  # a side hung up, or the router is stopping: either way this connection is over
        finally:
            self._connections.discard(task)  # type: ignore[arg-type]
            for writer in (client_w, server_w):
                if writer is not None:
                    writer.close()
                    try:
                        await writer.wait_closed()
                    except (ConnectionError, asyncio.CancelledError):
                        pass

    async def _requests(
        self, role: str, client_r: asyncio.StreamReader, server_w: asyncio.StreamWriter,
        client_w: asyncio.StreamWriter, pending: deque[bytes | None],
    ) -> None:  # fmt: skip
        """Client to server: count each request, answer ROUTE here, forward the rest as sent."""
        while True:
            raw, message = await _message(client_r)
            if message:
                if self.cut is not None and self.cut in message:
                    raise ConnectionResetError("cut by the test")
                tag = message[1]
                self.messages[role][tag] += 1
                if tag == ROUTE:
                    reply = self._routing_table(_unpack(message).fields)
                    if pending:
                        pending.append(reply)  # sent after the answers the server still owes
                    else:
                        client_w.write(reply)
                    continue
                if tag == BEGIN:
                    extra = _unpack(message).fields[0]
                    self.begins[role][extra.get("mode", "w")] += 1
                    self.begun.append((role, extra))
                if tag != GOODBYE:
                    pending.append(None)
            server_w.write(raw)
            await server_w.drain()

    def _routing_table(self, fields: list[Any]) -> bytes:
        """A SUCCESS for ROUTE, as a cluster would send: this proxy's ports, one per role."""
        asked = fields[2] if len(fields) > 2 else None  # Bolt 4.3: a name; 4.4 on: {"db": ...}
        db = asked.get("db") if isinstance(asked, dict) else asked
        servers = [{"addresses": [f"{HOST}:{self.ports[role]}"], "role": role} for role in ROLES]
        table = {"ttl": TTL_S, "db": db or self.default_db, "servers": servers}
        buffer = PackableBuffer()
        Packer(buffer).pack(Structure(b"\x70", {"rt": table}))
        payload = bytes(buffer.data)
        return len(payload).to_bytes(2, "big") + payload + b"\x00\x00"


async def _answers(server_r: asyncio.StreamReader, client_w: asyncio.StreamWriter, pending: deque[bytes | None]) -> None:
    """Server to client: forward every answer, then any of ours that were waiting on it."""
    while True:
        raw, message = await _message(server_r)
        client_w.write(raw)
        if message and message[1] in SUMMARIES and pending:
            pending.popleft()
            while pending and pending[0] is not None:
                client_w.write(pending.popleft() or b"")
        await client_w.drain()


async def _message(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    """One chunked Bolt message: its bytes as sent, and its payload (empty for a NOOP)."""
    raw, payload = bytearray(), bytearray()
    while True:
        header = await reader.readexactly(2)
        raw += header
        size = int.from_bytes(header, "big")
        if size == 0:
            return bytes(raw), bytes(payload)
        chunk = await reader.readexactly(size)
        raw += chunk
        payload += chunk


async def _varint(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> int:
    """Copy one handshake varint (7 bits a byte, low first) across, and return its value."""
    value, shift = 0, 0
    while True:
        byte = (await reader.readexactly(1))[0]
        writer.write(bytes((byte,)))
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value


def _unpack(message: bytes) -> Structure:
    found: Structure = Unpacker(UnpackableBuffer(message)).unpack()
    return found
