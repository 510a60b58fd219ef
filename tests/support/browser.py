"""Debian's Chromium driven by Playwright, and the demo community served for it."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from playwright.sync_api import Page, expect

from netmap.web.app import AppSettings, create_app
from support.probe import StoreProbe

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOTS_ENV = "NETMAP_SCREENSHOTS"
"""Set to a folder (docs/screenshots) to keep the screenshots the tests take."""


class Site:
    def __init__(self, url: str, probe: StoreProbe) -> None:
        self.url = url
        self.probe = probe

    def sign_in(self, page: Page, token: str) -> None:
        page.goto(f"{self.url}/sign-in")
        page.get_by_label("Token").fill(token)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("Signed in as")).to_be_visible()

    def find(self, field: str, name: str) -> str:
        [row] = self.probe.rows(f"MATCH (n:{field} {{name: $name}}) RETURN n.id AS id", name=name)
        return str(row["id"])


@contextmanager
def demo_site(settings: AppSettings, probe: StoreProbe) -> Iterator[Site]:
    """The demo community served on a free loopback port, on an emptied store, for the block's length."""
    probe.clear()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield Site(f"http://127.0.0.1:{port}", probe)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
