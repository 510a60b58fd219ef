"""Every label of every demo person's circles picture lies inside the picture, as a real
browser (headless Chromium) lays the text out: nothing is cut off at the edge."""

from __future__ import annotations

import pytest

from support.api import Api
from support.pages import signed_in as _signed_in
from playwright.sync_api import Browser

pytestmark = pytest.mark.slow

OUTSIDE = """() => {
  const svg = document.querySelector("svg").getBoundingClientRect();
  return [...document.querySelectorAll("svg text")].map(t => [t.textContent, t.getBoundingClientRect()])
    .filter(([, r]) => r.left < svg.left - 0.5 || r.right > svg.right + 0.5 || r.top < svg.top - 0.5 || r.bottom > svg.bottom + 0.5)
    .map(([text]) => text);
}"""


def test_no_demo_label_runs_off_the_picture(demo_api: Api, browser: Browser) -> None:  # noqa: F811
    client = _signed_in(demo_api, demo_api.token or "")
    people = demo_api.data("{ people(first: 100) { nodes { id name } } }")["people"]["nodes"]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    cut: dict[str, list[str]] = {}
    labels = 0
    for found in people:
        picture = client.get(f"/pictures/people/{found['id']}/circles.svg", params={"at": "2025-06-01"})
        if picture.status_code != 200:
            continue
        page.set_content(f'<body style="margin:0">{picture.text.split("?>", 1)[-1]}</body>')
        labels += page.eval_on_selector_all("svg text", "found => found.length")
        outside = page.evaluate(OUTSIDE)
        if outside:
            cut[found["name"]] = outside
    page.close()
    assert labels > 200, "the pictures were drawn, with text as text"
    assert cut == {}
