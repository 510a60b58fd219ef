"""The zero-setup store: an ArcadeDB server in a child process, spoken to over Bolt.

It binds to loopback on free ports, keeps its data under ``data_dir`` (kept
across restarts) and a generated password in ``data_dir/embedded-password``
readable by the owner only.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from netmap.store.errors import EmbeddedServerError

USER = "root"
PASSWORD_FILE = "embedded-password"
LOG_FILE = "arcadedb.log"


@dataclass(frozen=True)
class Endpoint:
    """How to reach a running embedded server."""

    uri: str
    user: str
    password: str
    database: str


class EmbeddedServer:
    """Starts and stops the embedded ArcadeDB child process."""

    def __init__(
        self,
        data_dir: Path,
        database: str,
        start_timeout: float = 120.0,
        ports: tuple[int, int] | None = None,
        hold_fds: tuple[int, ...] = (),
    ) -> None:
        self.data_dir = data_dir.resolve()
        self.database = database
        self.start_timeout = start_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._endpoint: Endpoint | None = None
        self._ports: tuple[int, int] | None = ports
        self._hold_fds = hold_fds
        """Open files the server's process keeps open too (the owner's lock, so it lasts
        until the server has gone as well)."""
        self.restarts = 0
        """How many times the server was started again after its first start."""

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def ports(self) -> tuple[int, int] | None:
        """The Bolt and HTTP ports of the last start."""
        return self._ports

    @property
    def endpoint(self) -> Endpoint:
        if self._endpoint is None:
            raise EmbeddedServerError("the embedded server has not been started")
        return self._endpoint

    def start(self) -> Endpoint:
        """Start the server (a no-op if it runs) and wait until its database is ready.

        A restart reuses the ports of the last start, so drivers reconnect by themselves.
        """
        if self.running:
            return self.endpoint
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        password = self._password()
        bolt_port, http_port = self._ports or (_free_port(), _free_port())
        self._ports = (bolt_port, http_port)
        self.restarts += 1 if self._endpoint else 0
        ready = self.data_dir / "embedded.ready"
        ready.unlink(missing_ok=True)
        log = (self.data_dir / LOG_FILE).open("ab")
        log_start = log.tell()
        command = [
            sys.executable, "-m", "netmap.store._arcadedb_process",
            "--root", str(self.data_dir / "arcadedb"),
            "--password-file", str(self.data_dir / PASSWORD_FILE),
            "--database", self.database,
            "--bolt-port", str(bolt_port),
            "--http-port", str(http_port),
            "--ready-file", str(ready),
        ]  # fmt: skip
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.data_dir,
            pass_fds=self._hold_fds,
        )
        log.close()
        self._wait_until_ready(self._process, ready, log_start)
        self._endpoint = Endpoint(f"bolt://127.0.0.1:{bolt_port}", USER, password, self.database)
        return self._endpoint

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the server to stop cleanly; kill it if it has not within ``timeout``."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin:
            process.stdin.close()
        if process.poll() is None:
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def kill(self) -> None:
        """Kill the server abruptly, as a crash would (used to test recovery)."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            if self._process.stdin:
                self._process.stdin.close()

    def __enter__(self) -> EmbeddedServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _password(self) -> str:
        path = self.data_dir / PASSWORD_FILE
        if not path.exists():
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(24) + "\n")
        path.chmod(0o600)
        return path.read_text().strip()

    def _wait_until_ready(self, process: subprocess.Popen[bytes], ready: Path, log_start: int) -> None:
        deadline = time.monotonic() + self.start_timeout
        while not ready.exists():
            if process.poll() is not None:
                if process.stdin:
                    process.stdin.close()
                raise EmbeddedServerError(self._why_it_exited(process.returncode, log_start))
            if time.monotonic() > deadline:
                self.stop(timeout=5)
                raise EmbeddedServerError(
                    f"the embedded ArcadeDB server did not start within {self.start_timeout:.0f} s; "
                    f"see {self.data_dir / LOG_FILE}"
                )
            time.sleep(0.1)

    def _why_it_exited(self, code: int | None, log_start: int) -> str:
        """The cause a person can act on, when the log names one; else where to look."""
        log = self.data_dir / LOG_FILE
        with log.open("rb") as found:
            found.seek(log_start)
            text = found.read().decode(errors="replace")
        if "is locked by another process" in text:
            return (
                f"the database files in {self.data_dir / 'arcadedb'} are in use by another program: "
                "a netmap or ArcadeDB process not started from this folder's netmap, or one still "
                f"shutting down; stop it and try again (details in {log})"
            )
        return f"the embedded ArcadeDB server exited with code {code}; see {log}"


def port_is_free(port: int) -> bool:
    """True if nothing listens on ``port`` on loopback now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _free_port() -> int:
    """A port on loopback that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
