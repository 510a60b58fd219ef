"""Shared fixtures: one real embedded ArcadeDB server for the session, an empty
database for each test, and the API reached over HTTP as a client would.

Fixtures only: what tests share besides fixtures lives in the ``support`` package,
which tests import (never this module)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings
from neo4j import Driver, GraphDatabase
from starlette.testclient import TestClient

from netmap.store.embedded import EmbeddedServer, Endpoint
from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings, create_app
from support.api import ADMIN, Api, serving
from support.probe import StoreProbe

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from support.browser import Site


# No per-example deadlines: speed is measured by `netmap bench`, never asserted in tests.
settings.register_profile(
    "netmap", deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("netmap")

# The embedded stores of a test run live for seconds to minutes, so their JVM compiles
# with C1 only: the optimising C2 compiler costs more CPU warming up than it saves in
# that time (docs/architecture.md). A long-running service keeps the JVM's defaults.
os.environ.setdefault("ARCADEDB_JVM_ARGS", "-XX:TieredStopAtLevel=1")


@pytest.fixture(scope="session")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    with EmbeddedServer(tmp_path_factory.mktemp("store"), "netmap") as server:
        yield server.endpoint


@pytest.fixture(scope="session")
def store_settings(endpoint: Endpoint) -> StoreSettings:
    """Settings a deployment would use: a Bolt URI, user, password and database."""
    return StoreSettings(
        uri=endpoint.uri, user=endpoint.user, password=endpoint.password, database=endpoint.database
    )


@pytest.fixture(scope="session")
def driver(endpoint: Endpoint) -> Iterator[Driver]:
    """A plain driver for tests to look at the store directly."""
    with GraphDatabase.driver(endpoint.uri, auth=(endpoint.user, endpoint.password)) as d:
        yield d


@pytest.fixture
def probe(driver: Driver, endpoint: Endpoint) -> StoreProbe:
    found = StoreProbe(driver, endpoint.database)
    found.clear()
    return found


# The test apps apply the change feed when asked only, not also every second in the
# background, so that tests counting store transactions count only their own.


@pytest.fixture
def client(store_settings: StoreSettings, probe: StoreProbe) -> Iterator[TestClient]:
    with TestClient(create_app(AppSettings(store=store_settings, analysis_follow_s=0))) as test_client:
        yield test_client


@pytest.fixture
def api(client: TestClient, probe: StoreProbe) -> Api:
    """The API as an admin."""
    return Api(client, probe.token("admin", ADMIN))


@pytest.fixture
def demo_api(store_settings: StoreSettings, probe: StoreProbe) -> Iterator[Api]:
    with TestClient(create_app(AppSettings(store=store_settings, demo=True, analysis_follow_s=0))) as test_client:
        yield Api(test_client, probe.token("admin", ADMIN))


@pytest.fixture
def live(store_settings: StoreSettings, probe: StoreProbe) -> Iterator[tuple[str, str]]:
    """A real server on a free loopback port, and an admin token."""
    with serving(AppSettings(store=store_settings)) as url:
        yield url, probe.token("admin", "concurrent-admin")


# The browser tests' fixtures. Playwright is imported when a browser test asks for
# them, so the fast tier does not pay for it.


@pytest.fixture(scope="module")
def site(driver: Driver, endpoint: Endpoint, store_settings: StoreSettings) -> Iterator[Site]:
    """The demo community served on a free loopback port, for the whole module."""
    from support.browser import demo_site

    with demo_site(AppSettings(store=store_settings, demo=True), StoreProbe(driver, endpoint.database)) as found:
        yield found


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    from support.browser import CHROMIUM, CHROMIUM_FLAGS

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package (apt-get install chromium).")
    with sync_playwright() as playwright:
        found = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield found
        found.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from support.browser import SCREENSHOTS_ENV

    return Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path_factory.mktemp("screenshots"))


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page; the test fails if the browser reported anything the pages'
    Content-Security-Policy blocked."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    found = context.new_page()
    blocked: list[str] = []
    found.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
    yield found
    context.close()
    assert not blocked, blocked
