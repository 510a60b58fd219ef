"""A service's dashboard, trend picture, report and network export as clients of the
services: an analyst's dashboard shows the figures rounded and suppressed (and no
one), the download and ``netmap export`` give the same file, and each is audited."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
from starlette.testclient import TestClient
from typer.testing import CliRunner

from support.api import Api
from support.probe import StoreProbe
from support.builders import id_named, store_options
from netmap.cli import app
from netmap.store.settings import StoreSettings

PERIOD = {"from": "2024-11-01", "to": "2026-11-01"}


def _signed_in(api: Api, token: str) -> TestClient:
    client = api.client
    client.cookies.clear()
    response = client.post("/sign-in", data={"token": token, "next": "/services"}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


def _last_row(page: str) -> list[str]:
    table = page.split('id="trend-figures"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(\d{4}-\d{2}-\d{2})</td>(.*?)</tr>", table, re.DOTALL)
    return re.findall(r"<td>(.*?)</td>", rows[-1][1])


def test_an_analysts_dashboard_shows_rounded_and_suppressed_figures_and_no_one(
    demo_api: Api, probe: StoreProbe
) -> None:
    day = id_named(demo_api, "organisations", "Brook Lane Day Service")
    admin = _signed_in(demo_api, demo_api.token or "")
    exact = admin.get(f"/services/{day}", params=PERIOD)
    analyst = _signed_in(demo_api, probe.token("analyst", "dashboard-analyst"))

    page = analyst.get(f"/services/{day}", params=PERIOD)

    assert exact.status_code == page.status_code == 200
    assert _last_row(exact.text)[0] == "12" and _last_row(page.text)[0] == "10", "12 counted, rounded to 5s"
    paid_only = _last_row(exact.text)[1]
    assert int(paid_only.split(" ")[0]) < 5 and _last_row(page.text)[1] == "— (—)", "a small count is suppressed"
    assert "early-warning list names people, so it is not shown to you" in page.text
    assert "12 of the 12 people supported are counted" in exact.text
    assert "12 of the 12" not in page.text and "Small numbers are not shown" in page.text
    assert 'href="/people/' not in page.text
    chart = analyst.get(f"/pictures/services/{day}/trend.svg", params=PERIOD)
    assert chart.status_code == 200 and b"Brook Lane Day Service" in chart.content


def test_the_download_is_the_file_netmap_export_writes_and_both_are_audited(
    demo_api: Api, probe: StoreProbe, store_settings: StoreSettings, tmp_path: Path
) -> None:
    day = id_named(demo_api, "organisations", "Brook Lane Day Service")
    client = _signed_in(demo_api, probe.token("admin", "download-admin"))

    downloaded = client.get(f"/exports/services/{day}/network.graphml", params={"at": "2025-06-01"})
    written = CliRunner().invoke(app, [*store_options(store_settings), "export", "--format", "graphml",
                                       "--service", day, "--at", "2025-06-01", "--output", str(tmp_path / "d.graphml")])  # fmt: skip

    assert downloaded.status_code == 200 and written.exit_code == 0, written.output
    assert downloaded.content == (tmp_path / "d.graphml").read_bytes()
    exported = probe.rows(
        "MATCH (e:AuditEntry {operation: 'networkExport', action: 'EXPORT'}) WHERE e.subject = 'download-admin' "
        "RETURN count(e) AS n"
    )[0]["n"]
    graph = nx.parse_graphml(downloaded.text, force_multigraph=True)
    assert exported == sum(1 for _, data in graph.nodes(data=True) if data["type"] == "person") > 0


def test_the_dashboard_and_the_report_record_the_people_they_name(
    demo_api: Api, probe: StoreProbe, store_settings: StoreSettings, tmp_path: Path
) -> None:
    day = id_named(demo_api, "organisations", "Brook Lane Day Service")
    client = _signed_in(demo_api, probe.token("admin", "dashboard-admin"))

    assert client.get(f"/services/{day}", params=PERIOD).status_code == 200
    made = CliRunner().invoke(app, [*store_options(store_settings), "report", day, *(
        f"--{k}={v}" for k, v in PERIOD.items()), "-o", str(tmp_path / "r.html")])  # fmt: skip

    assert made.exit_code == 0, made.output
    for subject in ("dashboard-admin", "cli:"):
        read = probe.rows(
            "MATCH (e:AuditEntry {action: 'READ', operation: 'cohortTrend'}) WHERE e.subject STARTS WITH $s "
            "RETURN count(e) AS n", s=subject,
        )[0]["n"]  # fmt: skip
        assert read > 0, subject


def test_the_early_warning_names_whoever_lost_ties_linked_on_the_dashboard_plain_in_the_report(
    demo_api: Api, probe: StoreProbe, store_settings: StoreSettings, tmp_path: Path
) -> None:
    day = id_named(demo_api, "organisations", "Brook Lane Day Service")
    ben = id_named(demo_api, "people", "Ben Cole")
    client = _signed_in(demo_api, probe.token("admin", "warning-admin"))
    period = {"from": "2025-06-01", "to": "2026-01-01"}

    page = client.get(f"/services/{day}", params=period)
    made = CliRunner().invoke(app, [*store_options(store_settings), "report", day, *(
        f"--{k}={v}" for k, v in period.items()), "-o", str(tmp_path / "r.html")])  # fmt: skip

    assert page.status_code == 200 and made.exit_code == 0, made.output
    assert "Early warning: changes since 2025-12-01" in page.text
    assert f'<a href="/people/{ben}">Ben Cole</a> lost 1 unpaid contact (1 → 0)' in page.text
    assert "<li>Ben Cole lost 1 unpaid contact (1 → 0).</li>" in (tmp_path / "r.html").read_text()
    assert probe.rows(
        "MATCH (e:AuditEntry {action: 'READ', subject: 'warning-admin', person_id: $ben}) RETURN count(e) AS n", ben=ben
    ) == [{"n": 1}], "one entry per person a page shows"
