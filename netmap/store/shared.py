"""One embedded store, many netmap processes.

The first netmap process to open a data folder's embedded store owns it: it
holds an exclusive lock on ``embedded.lock`` (its server's process holds the
same lock, so it lasts until both have gone), starts the server and writes
``embedded.owner`` (mode 0600): its pid and the server's Bolt address. Every
other netmap process on that folder is a guest: it reads the address there and
connects over Bolt, as to Neo4j. A guest never starts, stops or deletes
anything of the owner's. When the owner has gone (the lock is free, whatever
its file still says), the next process to look takes over: it starts the
server again, on the same ports when they are free, and rewrites the file.
The owner removes its file when it stops.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from netmap.store.embedded import PASSWORD_FILE, USER, EmbeddedServer, Endpoint, port_is_free
from netmap.store.errors import EmbeddedServerError

OWNER_FILE = "embedded.owner"
LOCK_FILE = "embedded.lock"
POLL_S = 0.2
GONE_GRACE_S = 30.0
"""How long a guest waits for the server of an owner that has died to stop (it stops
when its owner's pipe closes) before saying something is in the way."""

log = logging.getLogger("netmap.store")


@dataclass(frozen=True)
class Owner:
    """What ``embedded.owner`` says: who owns the store and where its server listens."""

    pid: int
    uri: str | None
    database: str | None
    ports: tuple[int, int] | None

    @property
    def alive(self) -> bool:
        return _alive(self.pid)


class EmbeddedClaim:
    """This process's hold on a data folder's embedded store: its owner, or a guest."""

    def __init__(self, data_dir: Path, database: str, start_timeout: float = 120.0) -> None:
        self.data_dir = data_dir.resolve()
        self.database = database
        self.start_timeout = start_timeout
        self.server: EmbeddedServer | None = None
        """The server, when this process owns the store; None for a guest."""
        self.endpoint: Endpoint | None = None
        self._lock: int | None = None
        self._ports: tuple[int, int] | None = None
        """The ports of the owner's server this guest uses, to take over on them."""

    @property
    def owner_file(self) -> Path:
        return self.data_dir / OWNER_FILE

    def open(self) -> Endpoint:
        """Own the store (starting its server) or find its owner's; wait while it starts."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        self._lock = os.open(self.data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            return self._claim()
        except BaseException:
            self.close()
            raise

    def _claim(self) -> Endpoint:
        waited_since = time.monotonic()
        while True:
            if self._try_lock():
                self.endpoint = self._own()
                return self.endpoint
            found = self._owners_endpoint()
            if found is not None:
                self.endpoint = found
                return found
            self._give_up_if_stuck(time.monotonic() - waited_since)
            time.sleep(POLL_S)

    def refresh(self) -> Endpoint | None:
        """Keep the store reachable (the watchdog calls this); the new endpoint if it moved."""
        if self.server is not None:
            if not self.server.running:
                log.error("the embedded store stopped; starting it again")
                self.server.start()
                log.info("the embedded store is back")
            return None
        if self._try_lock():
            log.warning("the netmap process that ran the embedded store has stopped; this one takes over")
            moved = self._own()
        else:
            moved = self._owners_endpoint()
        if moved is None or moved == self.endpoint:
            return None
        self.endpoint = moved
        return moved

    def close(self) -> None:
        """Stop the server if this process started it, remove its file, let go of the lock."""
        try:
            if self.server is not None:
                self.server.stop()
                owner = read_owner(self.owner_file)
                if owner is not None and owner.pid == os.getpid():
                    self.owner_file.unlink(missing_ok=True)
        finally:
            if self._lock is not None:
                os.close(self._lock)
                self._lock = None

    def _try_lock(self) -> bool:
        assert self._lock is not None
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _own(self) -> Endpoint:
        """Start the server (on a stale owner's ports if they are free) and say where it is."""
        assert self._lock is not None
        stale = read_owner(self.owner_file)
        if stale is not None and stale.pid != os.getpid():
            log.info("embedded store: taking over from netmap process %d, which has stopped", stale.pid)
        ports = stale.ports if stale is not None and stale.ports else self._ports
        if ports is not None and not all(map(port_is_free, ports)):
            ports = None
        _write_owner(self.owner_file, {"pid": os.getpid(), "state": "starting"})
        server = EmbeddedServer(self.data_dir, self.database, self.start_timeout, ports, (self._lock,))
        try:
            endpoint = server.start()
        except BaseException:
            self.owner_file.unlink(missing_ok=True)
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            raise
        self.server = server
        bolt, http = server.ports or (0, 0)
        _write_owner(
            self.owner_file,
            {"pid": os.getpid(), "state": "ready", "uri": endpoint.uri, "database": endpoint.database,
             "bolt_port": bolt, "http_port": http},
        )  # fmt: skip
        return endpoint

    def _owners_endpoint(self) -> Endpoint | None:
        """The owner's server, if its file names one that a live owner runs and it answers."""
        owner = read_owner(self.owner_file)
        if owner is None or owner.uri is None or not owner.alive or not _answers(owner.uri):
            return None
        if owner.database != self.database:
            raise EmbeddedServerError(
                f"the embedded store in {self.data_dir} is run by netmap process {owner.pid} "
                f"for database {owner.database!r}, not {self.database!r}"
            )
        password = (self.data_dir / PASSWORD_FILE).read_text().strip()
        self._ports = owner.ports
        return Endpoint(owner.uri, USER, password, self.database)

    def _give_up_if_stuck(self, waited: float) -> None:
        """Raise a plain message when whatever holds the store will not become usable."""
        owner = read_owner(self.owner_file)
        if owner is not None and owner.alive:
            if waited > self.start_timeout:
                state = f"its server does not answer at {owner.uri}" if owner.uri else "its server is still starting"
                raise EmbeddedServerError(
                    f"the embedded store in {self.data_dir} belongs to netmap process {owner.pid}, "
                    f"but {state} after {waited:.0f} s; see {self.data_dir / 'arcadedb.log'}"
                )
            return
        if waited > GONE_GRACE_S:
            said = f" (its file names process {owner.pid}, which has stopped)" if owner else ""
            raise EmbeddedServerError(
                f"the embedded store in {self.data_dir} is held by another process{said} that did not let go "
                f"within {GONE_GRACE_S:.0f} s: probably a server left running by a netmap that was killed. "
                f"`fuser -v {self.data_dir / LOCK_FILE}` names it; stop it, then try again"
            )


def read_owner(path: Path) -> Owner | None:
    """The owner file's content, or None when there is none or it cannot be read."""
    try:
        found = json.loads(path.read_text())
        bolt, http = found.get("bolt_port"), found.get("http_port")
        return Owner(
            pid=int(found["pid"]),
            uri=found.get("uri"),
            database=found.get("database"),
            ports=(int(bolt), int(http)) if bolt and http else None,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_owner(path: Path, content: dict[str, object]) -> None:
    """Write the owner file whole (readers never see half of it), readable by the owner only."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(content, out)
        out.write("\n")
    os.replace(temporary, path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _answers(uri: str) -> bool:
    """True if something accepts connections at the URI's host and port now."""
    host, _, port = uri.rpartition("/")[2].rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1.0):
            return True
    except (OSError, ValueError):
        return False
