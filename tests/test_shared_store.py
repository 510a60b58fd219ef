"""One embedded store, many netmap processes: the first one owns the server, the
others find it through ``embedded.owner`` and connect over Bolt; nobody
deletes what another process made; a dead owner is taken over."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from netmap.cli import app
from netmap.devtools.load import wait_until_ready
from netmap.store import shared
from netmap.store.embedded import EmbeddedServer, _free_port
from netmap.store.shared import OWNER_FILE, EmbeddedClaim, read_owner

pytestmark = pytest.mark.slow

runner = CliRunner()
TEMPLATE = Path(__file__).resolve().parents[1] / "seed" / "import-template"


def _arcadedb_children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            if b"netmap.store._arcadedb_process" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(int(child))
    return found


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    """``netmap serve`` on its own embedded store, as an operator starts it."""
    data = tmp_path / "data"
    port = _free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "netmap.cli", "--data-dir", str(data), "serve", "--port", str(port)],
        env={**os.environ, "NETMAP_MODE": "production"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url)
        yield serve, url, data
    finally:
        if serve.poll() is None:
            serve.send_signal(signal.SIGTERM)
            serve.wait(timeout=60)


class ReadinessWatch:
    """Asks /readyz every 0.2 s in a thread and keeps every answer."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.answers: list[int | str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        with httpx.Client(timeout=10) as client:
            while not self._stop.wait(0.2):
                try:
                    self.answers.append(client.get(f"{self.url}/readyz").status_code)
                except httpx.HTTPError as exc:
                    self.answers.append(type(exc).__name__)

    def __enter__(self) -> ReadinessWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def test_cli_commands_work_on_the_folder_of_a_running_service(
    served: tuple[subprocess.Popen[bytes], str, Path], tmp_path: Path
) -> None:
    serve, url, data = served
    owner_file = data / OWNER_FILE
    owner = read_owner(owner_file)
    assert owner is not None and owner.pid == serve.pid
    assert stat.S_IMODE(owner_file.stat().st_mode) == 0o600
    [server_pid] = _arcadedb_children(serve.pid)
    cli = ["--data-dir", str(data)]

    def run(*args: str) -> str:
        result = runner.invoke(app, [*cli, *args])
        assert result.exit_code == 0, result.output
        return result.output

    with ReadinessWatch(url) as watch:
        made = run("token", "create", "--role", "admin", "--subject", "planner-admin")
        token = made.strip().splitlines()[-1]
        assert "planner-admin" in run("token", "list")
        run("import", str(TEMPLATE))
        run("seed")
        run("backup", str(tmp_path / "backup.json"))
        run("export", "--format", "json", "--at", "2025-06-01", "--area", "Riverside", "--output", str(tmp_path / "network.json"))
        run("directory", "export", "--output", str(tmp_path / "directory.json"))
        run("report", "Brook Lane Day Service", "--output", str(tmp_path / "report.html"))

    assert watch.answers and set(watch.answers) == {200}, watch.answers
    assert read_owner(owner_file) == owner, "the service still owns the store, and its file is untouched"
    assert (data / "embedded.ready").exists()
    assert _arcadedb_children(serve.pid) == [server_pid], "the service's server was never stopped or replaced"
    assert json.loads((tmp_path / "backup.json").read_text())
    people = httpx.post(
        f"{url}/graphql", json={"query": '{ people(search: "Sam Example") { nodes { name } } }'},
        headers={"Authorization": f"Bearer {token}"}, timeout=30,
    ).json()  # fmt: skip
    assert people["data"]["people"]["nodes"] == [{"name": "Sam Example"}], "the service sees the CLI's import"

    serve.send_signal(signal.SIGTERM)
    serve.wait(timeout=60)
    assert not owner_file.exists(), "the owner removes its file when it stops"


def test_a_stale_owner_file_is_taken_over(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    gone = subprocess.Popen(["true"])
    gone.wait()
    (data / OWNER_FILE).write_text(json.dumps({"pid": gone.pid, "state": "ready", "uri": "bolt://127.0.0.1:1"}))

    result = runner.invoke(app, ["--data-dir", str(data), "token", "list"])

    assert result.exit_code == 0, result.output
    assert not (data / OWNER_FILE).exists()


def test_a_guest_leaves_the_owner_alone_and_takes_over_when_it_goes(tmp_path: Path) -> None:
    owner, guest = EmbeddedClaim(tmp_path, "netmap"), EmbeddedClaim(tmp_path, "netmap")
    endpoint = owner.open()
    try:
        assert guest.open() == endpoint
        assert guest.server is None and guest.refresh() is None
        guest.close()
        assert owner.server is not None and owner.server.running
        assert read_owner(tmp_path / OWNER_FILE) is not None

        guest = EmbeddedClaim(tmp_path, "netmap")
        guest.open()
        owner.close()
        assert guest.refresh() is None, "taken over on the same ports: the guest's drivers need not move"
        assert guest.server is not None and guest.server.running
        assert guest.endpoint == endpoint
        assert read_owner(tmp_path / OWNER_FILE).pid == os.getpid()  # type: ignore[union-attr]
    finally:
        guest.close()
        owner.close()


def test_a_lock_held_by_something_else_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp_path.chmod(0o700)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT);"
         " fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(120)",
         str(tmp_path / shared.LOCK_FILE)],
        stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        monkeypatch.setattr(shared, "GONE_GRACE_S", 1.0)
        result = runner.invoke(app, ["--data-dir", str(tmp_path), "token", "list"])
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()  # type: ignore[union-attr]
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert "held by another process" in said and "fuser" in said


def test_database_files_in_use_outside_netmap_are_named(tmp_path: Path) -> None:
    with EmbeddedServer(tmp_path, "netmap"):
        result = runner.invoke(app, ["--data-dir", str(tmp_path), "token", "list"])
    assert result.exit_code == 1
    assert "in use by another program" in " ".join(result.output.split())
    assert not (tmp_path / OWNER_FILE).exists()
