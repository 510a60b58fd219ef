"""A service's reflection in a real headless Chromium against the demo community: the dashboard
leads to the reflections, the form records one as the group held it, and its page shows the
figures beside the group's choice, how they moved until the next reflection, and the action plan
whose status can be changed."""

from __future__ import annotations

import pytest

from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from support.browser import Site

pytestmark = pytest.mark.slow

NEXT = """mutation($input: ReflectionInput!) { recordReflection(input: $input) { id } }"""


def test_a_reflection_recorded_in_the_browser_shows_the_evidence_beside_it(
    site: Site, page: Page, screenshots: Path
) -> None:
    day = site.find("Organisation", "Brook Lane Day Service")
    token = site.probe.token("service_manager", "nadia", scope=day)
    site.sign_in(page, token)
    page.goto(f"{site.url}/services/{day}")
    page.get_by_role("link", name="Reflections and action plans").click()
    page.get_by_role("link", name="Record a reflection").click()

    page.get_by_label("Held on").fill("2025-11-15")
    page.get_by_label("People who use the service: how many").fill("5")
    page.get_by_label("Staff: how many").fill("2")
    page.get_by_label("Staff: names").fill("Nadia, Owen")
    page.get_by_label("Family members: how many").fill("1")
    page.get_by_label("Building social networks: what stage do you think you're at?").select_option("DOING_REALLY_WELL")
    page.get_by_label("Building social networks: would you score yourselves red, amber or green?").select_option("GREEN")
    page.get_by_label("Building social networks: what is the evidence?").fill("Most people go to a club now.")
    page.get_by_label("Building social networks: ideas").fill("A Flamenco group\nA walking club")
    page.get_by_label("Building social networks, action 1: what").fill("Start a Flamenco group with Kate")
    page.get_by_label("Building social networks, action 1: who").fill("Kate and Owen")
    page.get_by_label("Building social networks, action 1: when").fill("2026-01-31")
    page.get_by_label("Building social networks, action 1: how").fill("Ask the community centre for its hall")
    page.get_by_label("Overall action 1: what").fill("Hold the next reflection")
    page.get_by_label("Overall action 1: who").fill("Nadia")
    page.get_by_role("button", name="Record the reflection").click()

    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.get_by_role("heading", name="Reflection of 2025-11-15: Brook Lane Day Service")).to_be_visible()
    expect(page.get_by_text("8 people took part")).to_be_visible()
    networks = page.locator("section", has=page.get_by_role("heading", name="Building social networks"))
    # The demo's figures on 15 November 2025 reach "the basics" (docs/measures.md); the group chose the top stage.
    expect(networks.locator(".beside")).to_have_text(
        "The figures suggest \u201cYou've got the basics\u201d; you chose \u201cYou're doing REALLY well\u201d. "
        "That is 2 stages apart: worth talking over what each can see that the other cannot."
    )

    # The group reflects again a year later (recorded here through the API, as a client would).
    reflection_id = page.url.split("/reflections/")[1].split("?")[0]
    answer = httpx.post(
        f"{site.url}/graphql", headers={"Authorization": f"Bearer {token}"},
        json={"query": NEXT, "variables": {"input": {"heldOn": "2026-11-15", "participants": [{"capacity": "STAFF", "count": 3}]}}},
    ).json()  # fmt: skip
    assert "errors" not in answer, answer
    page.goto(f"{site.url}/reflections/{reflection_id}")

    expect(networks.locator("table.movement tbody tr")).to_have_count(13)  # monthly, 15 Nov 2025 to 15 Nov 2026
    plan = page.locator("#action-plan tbody tr")
    expect(plan).to_have_count(2)
    expect(plan.nth(0)).to_contain_text(
        "From 15 November 2025 to 15 November 2026: the figures moved from \u201cYou've got the basics\u201d "
        "to \u201cYou're getting there\u201d"
    )
    page.screenshot(path=str(screenshots / "reflection.png"), full_page=True)

    plan.nth(0).get_by_text("History and change").click()
    page.get_by_label("New status for \u201cStart a Flamenco group with Kate\u201d").select_option("STARTED")
    page.get_by_label("How it went").first.fill("Kate has found a hall")
    page.get_by_role("button", name="Save the status of \u201cStart a Flamenco group with Kate\u201d").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.locator("#action-plan tbody tr").nth(0)).to_contain_text("started: Kate has found a hall")

    page.get_by_role("link", name="All reflections").click()
    expect(page.locator("#reflections tbody tr")).to_have_count(2)
    expect(page.locator("#reflections tbody tr").nth(1)).to_contain_text("0 of 2 done")
