"""GraphiQL at /graphql works with no outside network: every file the page loads
comes from netmap itself, under a policy that allows only netmap's own origin
(a real headless Chromium, as in test_browser.py, with every request to
anywhere but loopback refused and recorded)."""

from __future__ import annotations

import json
from urllib.parse import quote, urlparse

import httpx
from playwright.sync_api import Browser, Route, expect

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def test_graphiql_runs_a_query_with_every_outside_request_blocked(browser: Browser, live: tuple[str, str]) -> None:
    url, token = live
    outside: list[str] = []
    problems: list[str] = []

    def only_loopback(route: Route) -> None:
        if urlparse(route.request.url).hostname in LOOPBACK or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.route("**/*", only_loopback)
    page = context.new_page()
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        query = quote("{ me { subject role } }")
        headers = quote(json.dumps({"Authorization": f"Bearer {token}"}))
        page.goto(f"{url}/graphql?q={query}&headers={headers}")
        page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
        expect(page.locator(".result-window")).to_contain_text('"role": "ADMIN"', timeout=30_000)
    finally:
        context.close()
    assert outside == [], "the page asked for something outside the machine"
    assert problems == [], "the browser reported errors (a refused script or style would show here)"


def test_the_graphiql_page_names_only_netmaps_own_files(live: tuple[str, str]) -> None:
    url, _ = live
    page = httpx.get(f"{url}/graphql", headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "unpkg" not in page.text and "https://" not in page.text
    for path in ("/static/graphiql/graphiql.min.js", "/static/graphiql/react.production.min.js"):
        assert httpx.get(f"{url}{path}", timeout=30).status_code == 200
