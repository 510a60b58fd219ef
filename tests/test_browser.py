"""The pages in a real headless Chromium (Debian's ``chromium``, driven by
Playwright) against a real server on loopback with the demo community: the
dashboard draws its chart, the person page draws the map and its date control
changes it, and an organiser's form registers an activity the directory then
lists. ``make test`` installs Chromium when it is missing.

``NETMAP_SCREENSHOTS=docs/screenshots make test`` refreshes the screenshots in the docs."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from support.browser import Site

pytestmark = pytest.mark.slow


def _drawn(page: Page, selector: str) -> int:
    """The natural width of a loaded image: 0 when the browser could not draw it."""
    image = page.locator(selector)
    expect(image).to_be_visible()
    page.wait_for_function("(img) => img.complete", arg=image.element_handle())
    return int(image.evaluate("(img) => img.naturalWidth"))


def test_dashboard_renders_its_chart(site: Site, page: Page, screenshots: Path) -> None:
    site.sign_in(page, site.probe.token("admin", "browser-admin"))
    day = site.find("Organisation", "Brook Lane Day Service")

    page.goto(f"{site.url}/services/{day}?from=2024-11-01&to=2026-11-01")

    assert _drawn(page, "img[src*='/trend.svg']") > 300
    expect(page.get_by_role("heading", name="Paid-only and isolated, month by month")).to_be_visible()
    expect(page.locator("#trend-figures tbody tr")).to_have_count(25)
    expect(page.get_by_role("heading", name="Co-production evidence on 2026-11-01")).to_be_visible()
    page.screenshot(path=str(screenshots / "dashboard.png"))


def test_person_page_draws_the_map_and_the_date_control_changes_it(site: Site, page: Page, screenshots: Path) -> None:
    site.sign_in(page, site.probe.token("admin", "browser-admin-2"))
    vera = site.find("Person", "Vera Hollins")
    page.goto(f"{site.url}/people/{vera}?at=2024-12-01")
    before = page.locator("img[src*='/circles.svg']")
    assert _drawn(page, "img[src*='/circles.svg']") > 300
    assert "Bill Ashworth" in (before.get_attribute("alt") or "")

    page.get_by_label("Circles on").fill("2025-06-01")
    page.get_by_label("Compare with").fill("2024-12-01")
    page.get_by_role("button", name="Show").click()

    pictures = page.locator("img[src*='/circles.svg']")
    expect(pictures).to_have_count(2)
    assert [pictures.nth(i).get_attribute("data-at") for i in range(2)] == ["2024-12-01", "2025-06-01"]
    assert "Doris Evans" in (pictures.nth(1).get_attribute("alt") or "")
    assert "Bill Ashworth" not in (pictures.nth(1).get_attribute("alt") or "")
    assert _drawn(page, "img[data-at='2025-06-01']") > 300
    assert _drawn(page, "img[data-at='2024-12-01']") > 300, "both dates are drawn, side by side"
    page.screenshot(path=str(screenshots / "person.png"))


def test_organiser_form_registers_an_activity_that_appears_in_the_directory(
    site: Site, page: Page, screenshots: Path
) -> None:
    club = site.find("Organisation", "Ashbridge Walking Football Club")
    site.sign_in(page, site.probe.token("community_organiser", "browser-organiser", scope=club))
    page.goto(f"{site.url}/directory")
    page.get_by_role("link", name="Register an activity").click()

    page.get_by_label("Title").fill("Walking netball taster")
    page.get_by_label("Repeats").select_option("WEEKLY")
    page.get_by_label("Starts").fill("2026-12-02")
    page.get_by_label("Day of the week").select_option("WEDNESDAY")
    page.get_by_label("Cost per session in pounds").fill("1.50")
    page.get_by_label("Venue").fill("Riverside sports hall")
    page.get_by_role("button", name="Register the activity").click()

    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.get_by_role("heading", name="Walking netball taster")).to_be_visible()
    page.get_by_role("link", name="Back to the directory").click()
    page.get_by_label("Words").fill("netball")
    page.get_by_role("button", name="Search").click()
    listed = page.locator("#activities h3")
    expect(listed).to_have_count(1)
    expect(listed).to_have_text("Walking netball taster")
    expect(page.locator("#activities")).to_contain_text("£1.50")
    page.screenshot(path=str(screenshots / "directory.png"))


def test_the_form_shows_every_problem_without_writing(site: Site, page: Page) -> None:
    club = site.find("Organisation", "Ashbridge Walking Football Club")
    site.sign_in(page, site.probe.token("community_organiser", "browser-organiser-2", scope=club))
    before = site.probe.state()
    page.goto(f"{site.url}/directory/new")

    page.get_by_label("Title").fill("")
    page.get_by_label("Cost per session in pounds").fill("lots")
    page.get_by_role("button", name="Register the activity").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Cost: enter an amount in pounds")
    expect(summary).to_contain_text("Title: must not be empty")
    expect(page.get_by_label("Cost per session in pounds")).to_have_attribute("aria-invalid", "true")
    assert site.probe.state() == before
