"""Network exports for Gephi and other tools: GraphML and GEXF round-trip the
snapshot, a period keeps valid time, CSV has its documented columns, the CLI
writes files networkx reads, and nobody gets more than they may see."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import networkx as nx
from typer.testing import CliRunner

from netmap.analysis.cohort import Caseload, Cohort, ServiceCohort
from netmap.analysis.export import EDGE_COLUMNS, NODE_COLUMNS, export_people, network_graph
from netmap.analysis.temporal import TemporalNetwork
from netmap.services.network import build_snapshot
from netmap.cli import app
from netmap.domain.kinds import TieKind
from netmap.domain.records import Consent, Person, Recorded, Tie
from netmap.domain.valid_time import Period
from netmap.store.connection import open_store
from netmap.store.settings import StoreSettings
from support.api import Api
from support.builders import id_named, store_options
from support.ops import NETWORK_EXPORT
from support.paths import REPO
from support.probe import StoreProbe

AT = "2025-01-01"
NOT_MAPPED = {"mapped": False, "showToOrganisers": False, "useInAggregates": False}


def _network(settings: StoreSettings) -> TemporalNetwork:
    async def read() -> TemporalNetwork:
        async with open_store(settings) as store:
            return (await build_snapshot(store)).network

    return asyncio.run(read())



def _export(api: Api, cohort: dict[str, Any], format: str = "JSON", **when: str) -> dict[str, Any]:
    found: dict[str, Any] = api.data(NETWORK_EXPORT, cohort=cohort, format=format, **when)["networkExport"]
    return found


def _graph(exported: dict[str, Any]) -> nx.MultiGraph:
    return nx.node_link_graph(json.loads(exported["files"][0]["content"]), edges="edges")


def _edges(graph: nx.Graph, drop: tuple[str, ...] = ()) -> dict[str, tuple[frozenset[str], dict[str, Any]]]:
    """Edges by record id (the key, or the ``id`` GEXF gives), with their ends (either order) and attributes."""
    found = {}
    if graph.is_multigraph():
        edges = list(graph.edges(keys=True, data=True))
    else:
        edges = [(u, v, data["id"], data) for u, v, data in graph.edges(data=True)]
    for u, v, key, data in edges:
        assert data.get("id", key) == key
        found[key] = (frozenset((u, v)), {k: val for k, val in data.items() if k not in ("id", *drop)})
    return found


def _nodes(graph: nx.Graph) -> dict[str, dict[str, Any]]:
    """Nodes without ``label``, after checking it is the name."""
    found = {}
    for node, data in graph.nodes(data=True):
        assert data["label"] == data["name"]
        found[node] = {k: v for k, v in data.items() if k != "label"}
    return found


def test_graphml_and_gexf_round_trip_the_snapshot(demo_api: Api, store_settings: StoreSettings) -> None:
    day = id_named(demo_api, "organisations", "Brook Lane Day Service")
    at = date.fromisoformat(AT)
    network = _network(store_settings)
    cohort: Cohort = ServiceCohort(day)
    expected = network_graph(network, export_people(network, cohort, at), at)
    assert expected.number_of_nodes() > 10 and expected.number_of_edges() > 10

    graphml = _export(demo_api, {"serviceId": day}, "GRAPHML", at=AT)
    [file] = graphml["files"]
    assert file["mediaType"] == "application/graphml+xml" and file["filename"].endswith(".graphml")
    read = nx.parse_graphml(file["content"], edge_key_type=str, force_multigraph=True)
    assert _nodes(read) == dict(expected.nodes(data=True))
    assert _edges(read) == _edges(expected)
    assert {k: v for k, v in read.graph.items() if not k.endswith("_default")} == {"at": AT}
    assert (graphml["nodes"], graphml["edges"]) == (expected.number_of_nodes(), expected.number_of_edges())

    gexf = _export(demo_api, {"serviceId": day}, "GEXF", at=AT)["files"][0]["content"]
    read = nx.read_gexf(io.BytesIO(gexf.encode()))
    assert read.graph["mode"] == "static"
    assert _nodes(read) == dict(expected.nodes(data=True))
    renamed = {
        key: (ends, {("type" if k == "relation" else k): v for k, v in data.items()})
        for key, (ends, data) in _edges(read, drop=("networkx_key",)).items()
    }
    assert renamed == _edges(expected)

    snapshot = network.snapshot(at)
    full = {n for n, d in expected.nodes(data=True) if d.get("contact") is False}
    assert full == set(export_people(network, cohort, at)) and full
    for node, data in expected.nodes(data=True):
        shown = {k: v for k, v in data.items() if k != "contact"}
        if data.get("contact"):
            assert shown == {"type": "person", "name": snapshot.nodes[node]["name"]}
        else:
            assert shown == snapshot.nodes[node]
    around = {k: d for u, v, k, d in snapshot.edges(keys=True, data=True) if u in full or v in full}
    exported = {k: {a: v for a, v in d.items() if a != "until"} for _, _, k, d in expected.edges(keys=True, data=True)}
    assert exported == around


def test_over_a_period_an_ended_tie_keeps_its_since_and_until(demo_api: Api) -> None:
    vera = id_named(demo_api, "people", "Vera Hollins")
    bill = id_named(demo_api, "people", "Bill Ashworth")
    period = _export(demo_api, {"personIds": [vera]}, **{"from": "2024-11-01", "to": "2026-11-01"})
    assert (period["at"], period["from"], period["to"]) == (None, "2024-11-01", "2026-11-01")
    graph = _graph(period)
    assert graph.graph == {"from": "2024-11-01", "to": "2026-11-01"}
    [neighbours] = [d for _, _, d in graph.edges(bill, data=True)]
    assert (neighbours["kind"], neighbours["since"], neighbours["until"]) == ("NEIGHBOUR", "2003-06-01", "2025-03-10")
    assert graph.nodes[bill] == {"type": "person", "name": "Bill Ashworth", "contact": True}
    assert bill not in _graph(_export(demo_api, {"personIds": [vera]}, at="2025-06-01"))

    gexf = _export(demo_api, {"personIds": [vera]}, "GEXF", **{"from": "2024-11-01"})
    assert gexf["files"][0]["filename"].endswith("-2024-11-01-on-network.gexf")
    content = gexf["files"][0]["content"]
    assert 'mode="dynamic"' in content and 'timeformat="date"' in content
    read = nx.read_gexf(io.BytesIO(content.encode()))
    [edge] = [d for _, _, d in read.edges(bill, data=True)]
    assert (edge["start"], edge["end"], edge["since"], edge["until"]) == ("2003-06-01", "2025-03-10") * 2
    assert all("end" not in d for _, _, d in read.edges(data=True) if "until" not in d)


def test_a_service_manager_exports_only_their_own_service(demo_api: Api, probe: StoreProbe) -> None:
    day = id_named(demo_api, "organisations", "Brook Lane Day Service")
    willow = id_named(demo_api, "organisations", "Willow House Supported Living")
    manager = demo_api.as_(probe.token("service_manager", "manager-day", scope=day))

    refused = manager.error(NETWORK_EXPORT, cohort={"serviceId": willow}, format="JSON", at=AT)
    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert _export(manager, {"serviceId": day}, at=AT)["nodes"] == _export(demo_api, {"serviceId": day}, at=AT)["nodes"]


def test_an_analyst_may_not_export(demo_api: Api, probe: StoreProbe) -> None:
    analyst = demo_api.as_(probe.token("analyst", "analyst-1"))
    refused = analyst.error(NETWORK_EXPORT, cohort={"area": "Riverside"}, format="GRAPHML", at=AT)
    assert refused["extensions"]["code"] == "FORBIDDEN"


def test_a_planner_gets_their_caseload_in_full_and_contacts_as_names(
    demo_api: Api, probe: StoreProbe, store_settings: StoreSettings
) -> None:
    vera, bill = id_named(demo_api, "people", "Vera Hollins"), id_named(demo_api, "people", "Bill Ashworth")
    joan = id_named(demo_api, "people", "Joan Mercer")
    demo_api.data('mutation($ids: [ID!]!) { assignCaseload(planner: "planner-x", personIds: $ids) }', ids=[vera, bill])
    planner = demo_api.as_(probe.token("planner", "planner-x"))
    before = _graph(_export(planner, {}, at=AT))
    assert {vera, bill, joan} <= set(before)

    for withdrawn in (bill, joan):
        demo_api.data(
            "mutation($p: ID!, $c: ConsentInput!) { recordConsent(personId: $p, input: $c) { id } }",
            p=withdrawn, c=NOT_MAPPED,
        )
    graph = _graph(_export(planner, {}, at=AT))

    people = {n: d for n, d in graph.nodes(data=True) if d["type"] == "person"}
    assert {n for n, d in people.items() if not d["contact"]} == {vera}
    assert all(set(d) == {"type", "name", "contact"} for d in people.values() if d["contact"])
    assert bill not in graph and joan not in graph
    assert all(vera in (u, v) for u, v in graph.edges())
    network = _network(store_settings)
    at = date.fromisoformat(AT)
    assert nx.utils.graphs_equal(graph, network_graph(network, export_people(network, Caseload((vera, bill)), at), at))

    audited = probe.rows(
        "MATCH (e:AuditEntry {operation: 'networkExport', subject: 'planner-x'}) RETURN e.person_id AS p, e.action AS a"
    )
    assert {row["p"] for row in audited} == {n for n, d in before.nodes(data=True) if d["type"] == "person"}
    assert {row["a"] for row in audited} == {"EXPORT"}

    outside = id_named(demo_api, "people", "Doris Evans")
    refused = planner.error(NETWORK_EXPORT, cohort={"personIds": [outside]}, format="JSON", at=AT)
    assert refused["extensions"]["code"] == "NOT_FOUND"


def test_a_date_or_a_period_must_be_given(demo_api: Api) -> None:
    vera = id_named(demo_api, "people", "Vera Hollins")
    for when in ({}, {"at": AT, "from": AT}, {"to": AT}, {"from": AT, "to": AT}):
        refused = demo_api.error(NETWORK_EXPORT, cohort={"personIds": [vera]}, format="CSV", **when)
        assert refused["extensions"]["code"] == "INVALID_INPUT", when


def test_csv_has_the_documented_columns_and_a_row_each(demo_api: Api) -> None:
    day = id_named(demo_api, "organisations", "Brook Lane Day Service")
    exported = _export(demo_api, {"serviceId": day}, "CSV", **{"from": "2024-11-01", "to": "2026-11-01"})
    nodes_file, edges_file = exported["files"]
    assert nodes_file["filename"].endswith("nodes.csv") and edges_file["filename"].endswith("edges.csv")
    nodes = list(csv.DictReader(io.StringIO(nodes_file["content"])))
    edges = list(csv.DictReader(io.StringIO(edges_file["content"])))
    assert tuple(nodes[0]) == NODE_COLUMNS and tuple(edges[0]) == EDGE_COLUMNS
    assert (len(nodes), len(edges)) == (exported["nodes"], exported["edges"])

    graph = _graph(_export(demo_api, {"serviceId": day}, **{"from": "2024-11-01", "to": "2026-11-01"}))
    assert {row["id"] for row in nodes} == set(graph)
    for row in edges:
        data = graph.edges[row["source"], row["target"], row["id"]]
        assert row["relation"] == data["type"] and row["until"] == data.get("until", "")
        if row["relation"] == "tie":
            recorded = (data["person_id"], data["other_id"], str(data["paid"]).lower())
            assert (row["source"], row["target"], row["paid"]) == recorded
        else:
            assert graph.nodes[row["target"]]["type"] == "organisation"
    docs = (REPO / "docs" / "exports.md").read_text()
    assert all(f"`{column}`" in docs for column in NODE_COLUMNS + EDGE_COLUMNS)


def test_cli_export_writes_files_networkx_reads(
    demo_api: Api, probe: StoreProbe, store_settings: StoreSettings, tmp_path: Path
) -> None:
    day = id_named(demo_api, "organisations", "Brook Lane Day Service")
    expected = _export(demo_api, {"serviceId": day}, at=AT)
    db = store_options(store_settings)
    runner = CliRunner()

    result = runner.invoke(app, [*db, "export", "--format", "graphml", "--service", day, "--at", AT,
                                 "--output", str(tmp_path / "day.graphml")])  # fmt: skip
    assert result.exit_code == 0, result.output
    read = nx.read_graphml(tmp_path / "day.graphml", force_multigraph=True)
    assert (read.number_of_nodes(), read.number_of_edges()) == (expected["nodes"], expected["edges"])
    assert probe.rows("MATCH (e:AuditEntry {operation: 'networkExport'}) WHERE e.subject STARTS WITH 'cli:' "
                      "RETURN count(e) AS n")[0]["n"] > 0  # fmt: skip

    result = runner.invoke(app, [*db, "export", "--format", "csv", "--service", day, "--from", "2024-11-01",
                                 "--output", str(tmp_path / "day")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert {p.name for p in (tmp_path / "day").iterdir()} == {"nodes.csv", "edges.csv"}

    refused = runner.invoke(app, [*db, "export", "--format", "json", "--service", day, "--at", AT, "--from", AT,
                                  "--output", str(tmp_path / "no.json")])  # fmt: skip
    assert refused.exit_code == 2
    assert "INVALID_INPUT" in refused.output and not (tmp_path / "no.json").exists()


def test_the_graph_leaves_out_what_is_not_in_the_window() -> None:
    """A period is [since, until): a tie ending on its first day is not in it."""
    recorded = Recorded("test", datetime(2024, 1, 1, tzinfo=timezone.utc))
    mapped = Consent(mapped=True)
    people = [Person(pid, pid.title(), recorded, consent=mapped) for pid in ("ann", "bob", "cy")]
    ties = [
        Tie("old", "ann", "bob", TieKind.FRIEND, Period(date(2020, 1, 1), date(2024, 1, 1)), recorded),
        Tie("new", "ann", "cy", TieKind.PAID_SUPPORT, Period(date(2024, 1, 1)), recorded),
    ]
    network = TemporalNetwork.build(people, [], ties, [])
    graph = network_graph(network, ["ann"], Period(date(2024, 1, 1), date(2025, 1, 1)))
    assert set(graph) == {"ann", "cy"}
    assert graph.edges["ann", "cy", "new"] == {
        "type": "tie", "kind": "PAID_SUPPORT", "paid": True,
        "person_id": "ann", "other_id": "cy", "since": "2024-01-01",
    }  # fmt: skip
    assert set(network_graph(network, ["ann"], Period(date(2023, 12, 31), date(2024, 1, 1)))) == {"ann", "bob"}
