"""Map with them, and the organiser's register, in a real headless Chromium
against a real server with the demo community: each flow is walked by keyboard
and mouse as a planner or organiser would, and its result checked through the
API (GraphQL over HTTP). Every page visited, the existing ones too, is checked
with axe-core (tools/axe, installed by ``make test``): no serious or critical
violation. ``NETMAP_SCREENSHOTS=docs/screenshots`` keeps the screenshots at
1280 and 768 pixels wide for docs/web.md."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import Driver
from playwright.sync_api import Browser, Page, expect

from support.browser import Site, demo_site
from support.probe import StoreProbe
from netmap.store.embedded import Endpoint
from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings

pytestmark = pytest.mark.slow

AXE = Path(__file__).parent.parent / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 768)
TODAY = date.today().isoformat()
PERSON = """
query($id: ID!) { person(id: $id) {
  consent { mapped showToOrganisers useInAggregates recorded { by } }
  ties(includeEnded: true) { kind since until endReason closeness contactFrequency label contact { name } corrections { reason } }
  participations(includeEnded: true) { role organisation { name } }
} }
"""


class MapSite(Site):
    """The demo site, with an admin token to check each flow's result through the API."""

    def __init__(self, site: Site) -> None:
        super().__init__(site.url, site.probe)
        self.admin = site.probe.token("admin", "browser-map-admin")

    def api(self, query: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
        """The data of a GraphQL request over HTTP that must succeed."""
        response = httpx.post(f"{self.url}/graphql", json={"query": query, "variables": variables},
                              headers={"Authorization": f"Bearer {token or self.admin}"}, timeout=60)  # fmt: skip
        body = response.json()
        assert "errors" not in body, body
        return body["data"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def site(driver: Driver, endpoint: Endpoint, store_settings: StoreSettings) -> Iterator[MapSite]:
    with demo_site(AppSettings(store=store_settings, demo=True), StoreProbe(driver, endpoint.database)) as found:
        yield MapSite(found)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh desktop-width page. The pages' Content-Security-Policy is bypassed only so
    that axe-core can be injected; test_browser.py checks the policy itself."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True)
    found = context.new_page()
    yield found
    context.close()


def accessible(page: Page) -> None:
    """axe-core on the page as it is: no serious or critical violation."""
    assert AXE.exists(), "axe-core is missing: `make test` installs it (cd tools/axe && npm ci)."
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, f"{page.url}: {serious}"


def shot(page: Page, folder: Path, name: str, section: str | None = None) -> None:
    """The page at desktop and tablet width, scrolled to ``section``, each width checked with axe too."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 1000})
        accessible(page)
        if section:
            page.locator(section).evaluate("(el) => el.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(folder / f"{name}-{width}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


def _mabel(site: Site) -> tuple[str, str]:
    """Someone new on a planner's caseload, not yet asked anything; and the planner's token."""
    made = site.api('mutation { createPerson(input: {name: "Mabel Price", area: "Ashbridge"}) { id } }')["createPerson"]
    vera = site.find("Person", "Vera Hollins")
    site.api('mutation($p: [ID!]!) { assignCaseload(planner: "browser-planner", personIds: $p) }', p=[made["id"], vera])
    return made["id"], site.probe.token("planner", "browser-planner")


def _choose(page: Page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).select_option(label=option)


def test_a_planner_maps_a_network_with_the_person(site: MapSite, page: Page, screenshots: Path) -> None:
    mabel, planner = _mabel(site)
    site.sign_in(page, planner)
    page.goto(f"{site.url}/people/{mabel}")
    page.get_by_role("link", name="Map with Mabel Price").click()

    # Consent first: without "mapped" the map cannot change, and says why.
    expect(page.locator("#cannot-change")).to_contain_text("cannot be changed")
    expect(page.get_by_role("button", name="Add to Mabel Price's map")).to_have_count(0)
    accessible(page)
    for question in ("May we write down", "May the organisers", "May you be counted"):
        page.get_by_role("group", name=question).get_by_label("Yes").check()
    page.get_by_role("button", name="Record Mabel Price's answers").click()
    expect(page.get_by_role("status")).to_have_text("Consent recorded.")
    consent = site.api(PERSON, id=mabel)["person"]["consent"]
    assert consent == {"mapped": True, "showToOrganisers": True, "useInAggregates": True, "recorded": {"by": "browser-planner"}}

    # Someone new, by name and area, with the two new answers.
    form = page.get_by_role("form", name="Add someone new")
    form.get_by_label("Name").fill("Doris Price")
    form.get_by_label("Area").fill("Ashbridge")
    form.get_by_label("What they are to Mabel Price").select_option(label="Family")
    form.get_by_label("Called").fill("Sister")
    form.get_by_label("How close they feel").select_option(label="Closest")
    form.get_by_label("How often in touch").select_option(label="Weekly or more")
    form.get_by_role("button", name="Add to Mabel Price's map").click()
    expect(page.get_by_role("status")).to_have_text("Added to the map.")
    expect(page.locator("#contact-list")).to_contain_text("Doris Price")
    picture = page.locator(".mapping-picture img")
    expect(picture).to_have_attribute("alt", "Mabel Price's relationship circles today: 1 people and 0 groups; the tables list them.")
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 300", arg=picture.element_handle())

    # Someone already known: found by name among the people the planner may see.
    page.get_by_label("Find someone already known").fill("Vera")
    page.get_by_label("Find someone already known").press("Enter")
    known = page.get_by_role("form", name="Add someone already known")
    known.get_by_label("Vera Hollins").check()
    known.get_by_label("What they are to Mabel Price").select_option(label="Friend")
    known.get_by_label("Since").fill("2024-03-01")
    known.get_by_role("button", name="Add to Mabel Price's map").click()
    expect(page.locator("#contact-list")).to_contain_text("Vera Hollins")

    # A group from the directory, with the part they take.
    groups = page.get_by_role("form", name="Add a group, activity or role")
    groups.get_by_label("Group, activity or service").select_option(label="Make & Mend Crafting Club (community group)")
    groups.get_by_label("Their part").select_option(label="Volunteer")
    groups.get_by_role("button", name="Add to Mabel Price's map").click()
    expect(page.locator("#group-list")).to_contain_text("Make & Mend Crafting Club")
    shot(page, screenshots, "map", "#contacts")

    shown = site.api(PERSON, id=mabel)["person"]
    ties = {t["contact"]["name"]: t for t in shown["ties"]}
    assert ties["Doris Price"] | {"corrections": []} == {
        "kind": "FAMILY", "since": TODAY, "until": None, "endReason": None, "closeness": "CLOSEST",
        "contactFrequency": "WEEKLY", "label": "Sister", "contact": {"name": "Doris Price"}, "corrections": [],
    }  # fmt: skip
    assert ties["Vera Hollins"]["kind"] == "FRIEND" and ties["Vera Hollins"]["since"] == "2024-03-01"
    assert shown["participations"] == [{"role": "VOLUNTEER", "organisation": {"name": "Make & Mend Crafting Club"}}]


def test_a_planner_ends_corrects_and_compares(site: MapSite, page: Page, screenshots: Path) -> None:
    mabel = site.find("Person", "Mabel Price")
    site.sign_in(page, site.probe.token("planner", "browser-planner"))
    page.goto(f"{site.url}/people/{mabel}/map")

    # End: Vera moved away.
    page.get_by_role("link", name="End or correct Vera Hollins, friend").click()
    page.get_by_label("Why it ended").fill("moved away")
    accessible(page)
    page.get_by_role("button", name="End it").click()
    expect(page.get_by_role("status")).to_have_text("Ended; it stays in the history.")
    expect(page.locator("#history")).to_contain_text("Vera Hollins (friend)")

    # Correct: Doris was entered as a sister; she is a cousin, and close rather than closest.
    page.get_by_role("link", name="End or correct Doris Price, family").click()
    page.get_by_label("Called").fill("Cousin")
    page.get_by_label("How close they feel").select_option(label="Close")
    page.get_by_role("button", name="Correct it").click()
    expect(page.get_by_role("alert")).to_contain_text("Reason")  # a correction needs its reason
    page.get_by_label("Why it is corrected").fill("a cousin, not a sister")
    page.get_by_label("Called").fill("Cousin")
    page.get_by_label("How close they feel").select_option(label="Close")
    page.get_by_role("button", name="Correct it").click()
    expect(page.get_by_role("status")).to_have_text("Corrected; the earlier version is kept below.")
    page.get_by_role("link", name="End or correct Doris Price, family").click()
    expect(page.get_by_role("table")).to_contain_text("a cousin, not a sister")
    expect(page.get_by_role("table")).to_contain_text("label: Sister")
    shot(page, screenshots, "map-correct")

    ties = {t["contact"]["name"]: t for t in site.api(PERSON, id=mabel)["person"]["ties"]}
    assert ties["Vera Hollins"]["until"] == TODAY and ties["Vera Hollins"]["endReason"] == "moved away"
    assert ties["Doris Price"]["label"] == "Cousin" and ties["Doris Price"]["closeness"] == "CLOSE"
    assert [c["reason"] for c in ties["Doris Price"]["corrections"]] == ["a cousin, not a sister"]

    # Compare: as if the last mapping had been at the start of the year, before all of this.
    site.probe.rows("MATCH (r:NetworkReview {person_id: $id}) SET r.date = date('2025-01-01')", id=mabel)
    page.goto(f"{site.url}/people/{mabel}/map#compare")
    changes = page.locator("#changes tbody td")
    expect(page.locator("#compare")).to_contain_text("Compared with 2025-01-01")
    expect(changes.nth(0)).to_contain_text("Doris Price")
    expect(changes.nth(0)).to_contain_text("Make & Mend Crafting Club")
    expect(changes.nth(1)).to_contain_text("Vera Hollins")
    shot(page, screenshots, "map-compare", "#history")


def test_moving_between_circles_shows_in_the_comparison(site: MapSite, page: Page) -> None:
    """A contact tied a second, closer way since the last mapping has moved in."""
    mabel = site.find("Person", "Mabel Price")
    site.sign_in(page, site.probe.token("planner", "browser-planner"))
    page.goto(f"{site.url}/people/{mabel}/map")
    form = page.get_by_role("form", name="Add someone new")
    form.get_by_label("Name").fill("Ray Price")
    form.get_by_label("What they are to Mabel Price").select_option(label="Acquaintance")
    form.get_by_label("Since").fill("2024-06-01")
    form.get_by_role("button", name="Add to Mabel Price's map").click()
    site.probe.rows("MATCH (r:NetworkReview {person_id: $id}) SET r.date = date('2025-01-01')", id=mabel)

    page.get_by_label("Find someone already known").fill("Ray")
    page.get_by_role("button", name="Find").click()
    known = page.get_by_role("form", name="Add someone already known")
    known.get_by_label("Ray Price").check()
    known.get_by_label("What they are to Mabel Price").select_option(label="Friend")
    known.get_by_role("button", name="Add to Mabel Price's map").click()

    expect(page.locator("#contact-list tbody tr", has_text="Ray Price")).to_have_count(1)  # one row, both relations
    expect(page.locator("#contact-list tbody tr", has_text="Ray Price")).to_contain_text("acquaintance")
    expect(page.locator("#contact-list tbody tr", has_text="Ray Price")).to_contain_text("friend")
    site.probe.rows("MATCH (r:NetworkReview {person_id: $id}) SET r.date = date('2025-01-01')", id=mabel)
    page.goto(f"{site.url}/people/{mabel}/map")
    expect(page.locator("#changes tbody td").nth(2)).to_contain_text("Ray Price (from further out to close)")


def test_an_organiser_keeps_the_register(site: MapSite, page: Page, screenshots: Path) -> None:
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    club = site.api('mutation { createOrganisation(input: {name: "Riverside Lunch Club", kind: COMMUNITY_GROUP}) { id } }')
    club_id = club["createOrganisation"]["id"]
    activity = site.api(
        "mutation($c: ID!, $d: [Date!]!, $s: Date!) { createActivity(input: {organisationId: $c, title: \"Riverside lunch\", "
        "schedule: {repeat: ONE_OFF, starts: $s, dates: $d}}) { id } }", c=club_id, d=[yesterday, TODAY], s=yesterday,
    )["createActivity"]["id"]  # fmt: skip
    consent = {"mapped": True, "showToOrganisers": True, "useInAggregates": True}
    for name in ("Ann Lee", "Tom Ray"):
        made = site.api("mutation($i: PersonInput!) { createPerson(input: $i) { id } }", i={"name": name, "consent": consent})
        site.api("mutation($p: ID!, $o: ID!) { recordParticipation(input: {personId: $p, organisationId: $o, role: MEMBER, "
                 "since: \"2024-01-01\"}) { id } }", p=made["createPerson"]["id"], o=club_id)  # fmt: skip
    organiser = site.probe.token("community_organiser", "browser-club-organiser", scope=club_id)
    site.sign_in(page, organiser)
    page.goto(f"{site.url}/directory/{activity}")
    page.get_by_role("link", name="Attendance register").click()

    page.get_by_label("Ann Lee").check()
    page.get_by_role("button", name="Record who came").click()
    expect(page.get_by_role("status")).to_have_text("Attendance recorded.")
    expect(page.get_by_label("Ann Lee")).to_be_checked()
    expect(page.get_by_label("Tom Ray")).not_to_be_checked()

    newcomer = page.locator("#newcomer")
    newcomer.get_by_label("Name").fill("Sam Okafor")
    newcomer.get_by_role("button", name="Register them").click()
    expect(newcomer.get_by_role("alert")).to_contain_text("answer yes or no")  # consent is asked, never assumed
    for question in ("May we write down", "May the organisers"):
        newcomer.get_by_role("group", name=question).get_by_label("Yes").check()
    newcomer.get_by_role("group", name="May you be counted").get_by_label("No").check()
    newcomer.get_by_label("Name").fill("Sam Okafor")
    newcomer.get_by_role("group", name="May the organisers").get_by_label("No").check()
    newcomer.get_by_role("button", name="Register them").click()
    expect(newcomer.get_by_role("alert")).to_contain_text("showToOrganisers must both be yes")
    newcomer.get_by_label("Name").fill("Sam Okafor")
    for question in ("May we write down", "May the organisers", "May you be counted"):
        newcomer.get_by_role("group", name=question).get_by_label("Yes").check()
    newcomer.get_by_role("button", name="Register them").click()
    expect(page.get_by_role("status")).to_have_text("Welcome! They are now on the register.")
    expect(page.locator("#attendance")).to_contain_text("Sam Okafor")

    volunteering = page.locator("#volunteering")
    volunteering.get_by_label("Who").select_option(label="Tom Ray")
    volunteering.get_by_label("Hours").fill("2.5")
    volunteering.get_by_role("button", name="Record the hours").click()
    expect(page.get_by_role("status")).to_have_text("Volunteering hours recorded.")
    shot(page, screenshots, "register", "#attendance")

    ann, tom = site.find("Person", "Ann Lee"), site.find("Person", "Tom Ray")
    again = site.api("mutation($a: ID!, $d: Date!, $p: [ID!]!) { recordAttendance(input: {activityId: $a, date: $d, "
                     "personIds: $p}) { recorded } }", organiser, a=activity, d=TODAY, p=[ann])  # fmt: skip
    assert again["recordAttendance"]["recorded"] == 0  # the register already recorded Ann today
    people = site.api("query($c: ID!) { organisation(id: $c) { participants { nodes { role person { name } } } } }",
                      organiser, c=club_id)["organisation"]["participants"]["nodes"]  # fmt: skip
    assert {"role": "ATTENDEE", "person": {"name": "Sam Okafor"}} in people
    assert site.probe.rows("MATCH (:Person {id: $id})-[v:VOLUNTEERED]->() RETURN v.hours AS h, toString(v.date) AS d",
                           id=tom) == [{"h": 2.5, "d": TODAY}]  # fmt: skip


def test_every_page_passes_axe(site: MapSite, page: Page) -> None:
    """The existing pages too, as an admin sees them (so every part is shown)."""
    site.sign_in(page, site.admin)
    vera = site.find("Person", "Vera Hollins")
    service = site.find("Organisation", "Brook Lane Day Service")
    [activity] = site.probe.rows("MATCH (a:Activity) RETURN a.id AS id ORDER BY a.title LIMIT 1")
    paths = [
        "/", "/people", f"/people/{vera}", f"/people/{vera}?at=2025-06-01&compare=2024-12-01", f"/people/{vera}/map",
        "/services", f"/services/{service}", f"/services/{service}/reflections", f"/services/{service}/reflections/new",
        "/directory", f"/directory/{activity['id']}", "/directory/new", f"/directory/{activity['id']}/edit",
        f"/directory/{activity['id']}/register", "/admin/tokens", "/admin/caseloads",
    ]  # fmt: skip
    for path in paths:
        response = page.goto(f"{site.url}{path}")
        assert response is not None and response.status == 200, path
        accessible(page)
    page.context.clear_cookies()
    page.goto(f"{site.url}/sign-in")
    accessible(page)


FOCUSED = r"""() => {
  const e = document.activeElement;
  if (!e) return '';
  const named = e.labels && e.labels.length ? e.labels[0].innerText : (e.getAttribute('aria-label') || e.innerText || '');
  return named.replace(/\s+/g, ' ').trim();
}"""


def _tab_to(page: Page, name: str, limit: int = 400) -> None:
    """Press Tab until the focused control is called ``name`` (its label or text starts so):
    what a keyboard user does, and proof the control is in the tab order."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if str(page.evaluate(FOCUSED)).startswith(name):
            return
    pytest.fail(f"{name!r} cannot be reached with Tab on {page.url}")


def test_mapping_and_the_register_work_by_keyboard_alone(site: MapSite, page: Page) -> None:
    """Consent, someone new, ending a tie and ticking the register with Tab, typing, Space and
    Enter only: no mouse, no filling of fields from outside."""
    kim = site.api('mutation { createPerson(input: {name: "Kim Lowe"}) { id } }')["createPerson"]["id"]
    site.api('mutation($p: [ID!]!) { assignCaseload(planner: "keyboard-planner", personIds: $p) }', p=[kim])
    site.sign_in(page, site.probe.token("planner", "keyboard-planner"))
    page.goto(f"{site.url}/people/{kim}/map")

    for _ in range(3):  # each question's first answer is Yes; Space chooses it, Tab goes on to the next question
        _tab_to(page, "Yes")
        page.keyboard.press("Space")
    _tab_to(page, "Record Kim Lowe's answers")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Consent recorded.")

    _tab_to(page, "Name")
    page.keyboard.type("Lee Lowe")
    _tab_to(page, "What they are to Kim Lowe")
    page.keyboard.type("Neighbour")
    _tab_to(page, "Since")
    page.keyboard.type("01012024")  # the date field moves on by itself (the same in either order of day and month)
    _tab_to(page, "How close they feel")
    page.keyboard.type("Further")  # a closed list takes the typed start of an option
    _tab_to(page, "Add to Kim Lowe's map")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Added to the map.")

    _tab_to(page, "End or correct Lee Lowe")
    page.keyboard.press("Enter")
    page.wait_for_url("**/map/ties/**")
    _tab_to(page, "Why it ended")
    page.keyboard.type("moved away")
    _tab_to(page, "End it")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Ended; it stays in the history.")

    shown = site.api(PERSON, id=kim)["person"]
    assert shown["consent"]["mapped"] and shown["consent"]["recorded"] == {"by": "keyboard-planner"}
    [lee] = shown["ties"]
    assert (lee["contact"]["name"], lee["kind"], lee["closeness"]) == ("Lee Lowe", "NEIGHBOUR", "FURTHER")
    assert (lee["since"], lee["until"], lee["endReason"]) == ("2024-01-01", TODAY, "moved away")

    club = site.api('mutation { createOrganisation(input: {name: "Keyboard Club", kind: COMMUNITY_GROUP}) { id } }')
    club_id = club["createOrganisation"]["id"]
    activity = site.api(
        "mutation($c: ID!, $s: Date!, $d: [Date!]!) { createActivity(input: {organisationId: $c, title: \"Keyboard club\", "
        "schedule: {repeat: ONE_OFF, starts: $s, dates: $d}}) { id } }", c=club_id, s=TODAY, d=[TODAY],
    )["createActivity"]["id"]  # fmt: skip
    made = site.api('mutation { createPerson(input: {name: "Ada Key", consent: {mapped: true, showToOrganisers: true, '
                    'useInAggregates: true}}) { id } }')["createPerson"]["id"]  # fmt: skip
    site.api("mutation($p: ID!, $o: ID!) { recordParticipation(input: {personId: $p, organisationId: $o, role: MEMBER, "
             "since: \"2024-01-01\"}) { id } }", p=made, o=club_id)  # fmt: skip
    site.sign_in(page, site.probe.token("community_organiser", "keyboard-organiser", scope=club_id))
    page.goto(f"{site.url}/directory/{activity}/register")
    _tab_to(page, "Ada Key")
    page.keyboard.press("Space")
    _tab_to(page, "Record who came")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Attendance recorded.")
    [came] = site.probe.rows("MATCH (:Person {id: $id})-[a:ATTENDED]->() RETURN toString(a.date) AS d", id=made)
    assert came == {"d": TODAY}
