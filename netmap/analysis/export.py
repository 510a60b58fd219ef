"""A cohort's network as a graph other tools open: GraphML and GEXF (Gephi), CSV, JSON.

The graph follows the conventions of :meth:`TemporalNetwork.snapshot` (nodes
keyed by id with ``type``; edges keyed by record id with ``type`` "tie" or
"participation") but holds only what may leave netmap for a cohort: its
people who agreed to be mapped, in full; the people at the other end of
their ties, as id and name only (``contact=True``), as a contact is shown in
someone's map; and the organisations they take part in. Ties of people who
have not agreed to be mapped are shown to no one, so those people are left
out even as contacts.

It is taken either at one date (what is active then) or over a period
``[since, until)`` (every tie and participation whose valid time overlaps
it). Both keep each record's ``since`` and ``until``, so valid time survives
the export. Values are plain strings and booleans, absent ones left out, so
GraphML and GEXF accept the graph as is. ``docs/exports.md`` describes each
format for the analyst.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from enum import Enum
from typing import NamedTuple

import networkx as nx

from netmap.analysis.cohort import Cohort, ServiceCohort, cohort_members, validate_cohort
from netmap.analysis.temporal import (
    TemporalNetwork,
    organisation_attributes,
    participation_attributes,
    person_attributes,
    present,
    tie_attributes,
)
from netmap.domain.kinds import Role
from netmap.domain.records import Participation, Person, Tie
from netmap.domain.spreadsheet import csv_text
from netmap.domain.valid_time import Period

__all__ = [
    "EDGE_COLUMNS",
    "NODE_COLUMNS",
    "ExportFile",
    "ExportFormat",
    "When",
    "export_files",
    "export_people",
    "network_graph",
    "to_csv",
    "to_gexf",
    "to_graphml",
    "to_json",
]

When = date | Period
"""One date, or a period ``[since, until)`` (an open ``until`` runs on)."""

NODE_COLUMNS = ("id", "label", "type", "kind", "area", "contact")
"""nodes.csv: ``label`` is the name; ``kind`` and ``area`` are empty where they do not apply."""
EDGE_COLUMNS = (
    "id", "source", "target", "relation", "kind", "paid", "label", "closeness", "contact_frequency",
    "role", "title", "since", "until",
)  # fmt: skip
"""edges.csv: ``relation`` is the edge's ``type`` (Gephi reads a ``type`` column as directed/undirected)."""


class ExportFormat(str, Enum):
    GRAPHML = "graphml"
    GEXF = "gexf"
    CSV = "csv"
    JSON = "json"


class ExportFile(NamedTuple):
    """One file of an export; CSV makes two (nodes.csv, edges.csv)."""

    name: str
    media_type: str
    content: str


def export_people(network: TemporalNetwork, cohort: Cohort, when: When) -> tuple[str, ...]:
    """The cohort's people, sorted (validates the cohort first), whatever their consent.

    Over a period, a service's cohort is everyone it supported at some time
    in the period; areas and lists of people have no history.
    """
    validate_cohort(network, cohort)
    if isinstance(when, Period) and isinstance(cohort, ServiceCohort):
        found: Iterable[str] = {
            p.person_id
            for p in network.participations_in(cohort.service_id)
            if p.role is Role.SUPPORTED and p.period.overlaps(when)
        }
    else:
        found = cohort_members(network, cohort, when.since if isinstance(when, Period) else when)
    return tuple(sorted(set(found)))


def network_graph(network: TemporalNetwork, people: Iterable[str], when: When) -> nx.MultiGraph[str]:
    """The people who agreed to be mapped in full, their contacts (id, name), their organisations, and the links.

    Edges are the people's ties to anyone who agreed to be mapped and their
    participations, those active at the date or overlapping the period. A
    tie between two of the people appears once. Nodes and edges are added
    in id order, so the same inputs give the same file.
    """
    cohort = sorted({pid for pid in people if network.person(pid).consent.mapped})
    shown = set(cohort)
    graph: nx.MultiGraph[str] = nx.MultiGraph(**_graph_attributes(when))
    for pid in cohort:
        graph.add_node(pid, **_person(network.person(pid)))
    ties: dict[str, Tie] = {}
    parts: dict[str, Participation] = {}
    for pid in cohort:
        for tie in network.ties_of(pid):
            other = network.person(tie.other_end(pid))
            if other.consent.mapped and _within(tie.period, when):
                ties[tie.id] = tie
        for part in network.participations_of(pid):
            if _within(part.period, when):
                parts[part.id] = part
    for tie in sorted(ties.values(), key=lambda t: t.id):
        for end in (tie.person_id, tie.other_id):
            if end not in shown:
                shown.add(end)
                graph.add_node(end, type="person", name=network.person(end).name, contact=True)
    for oid in sorted({p.organisation_id for p in parts.values()}):
        graph.add_node(oid, **organisation_attributes(network.organisation(oid)))
    for tie in sorted(ties.values(), key=lambda t: t.id):
        graph.add_edge(tie.person_id, tie.other_id, key=tie.id, **_ended(tie_attributes(tie), tie.period))
    for part in sorted(parts.values(), key=lambda p: p.id):
        graph.add_edge(part.person_id, part.organisation_id, key=part.id, **_ended(participation_attributes(part), part.period))
    return graph


def to_graphml(graph: nx.MultiGraph[str]) -> str:
    """GraphML with each node's ``label`` set to its name (Gephi shows labels)."""
    return "\n".join(nx.generate_graphml(_labelled(graph))) + "\n"


def to_gexf(graph: nx.MultiGraph[str]) -> str:
    """GEXF 1.2 for Gephi.

    GEXF reserves an edge's ``type`` (directed or not) and ``id``: the edge's
    ``type`` is written as ``relation`` and its key as the GEXF id. Nodes are
    labelled with their names. Over a period the graph is dynamic: each edge
    gets ``start``/``end`` from ``since``/``until`` (dates), which Gephi's
    timeline plays.
    """
    copy = _labelled(graph)
    dynamic = "from" in graph.graph
    copy.graph = {"name": _title(graph), **({"mode": "dynamic"} if dynamic else {})}
    for _, _, key, data in copy.edges(keys=True, data=True):
        data["id"] = key
        data["relation"] = data.pop("type")
        if dynamic:
            data["start"] = data["since"]
            if "until" in data:
                data["end"] = data["until"]
    return "\n".join(nx.generate_gexf(copy)) + "\n"


def to_csv(graph: nx.MultiGraph[str]) -> tuple[str, str]:
    """``(nodes_csv, edges_csv)`` with the columns :data:`NODE_COLUMNS` and :data:`EDGE_COLUMNS`.

    A tie's source and target are as recorded (for PAID_SUPPORT the person
    supported, then the supporter); a participation runs from the person to
    the organisation. Booleans are ``true``/``false``; absent values empty.
    """
    nodes = [{**data, "id": node, "label": data["name"]} for node, data in graph.nodes(data=True)]
    edges = [_edge_row(graph, u, v, key, data) for u, v, key, data in graph.edges(keys=True, data=True)]
    return _csv(NODE_COLUMNS, nodes), _csv(EDGE_COLUMNS, edges)


def to_json(graph: nx.MultiGraph[str]) -> str:
    """networkx node-link JSON (``nodes``, ``edges`` with ``key``), as :func:`nx.node_link_graph` reads it."""
    return json.dumps(nx.node_link_data(graph, edges="edges"), indent=1, ensure_ascii=False) + "\n"


def export_files(graph: nx.MultiGraph[str], format: ExportFormat) -> tuple[ExportFile, ...]:
    """The graph as the file(s) of ``format``."""
    if format is ExportFormat.CSV:
        nodes, edges = to_csv(graph)
        return ExportFile("nodes.csv", "text/csv", nodes), ExportFile("edges.csv", "text/csv", edges)
    if format is ExportFormat.GRAPHML:
        return (ExportFile("network.graphml", "application/graphml+xml", to_graphml(graph)),)
    if format is ExportFormat.GEXF:
        return (ExportFile("network.gexf", "application/gexf+xml", to_gexf(graph)),)
    return (ExportFile("network.json", "application/json", to_json(graph)),)


def _within(period: Period, when: When) -> bool:
    return period.overlaps(when) if isinstance(when, Period) else period.active_at(when)


def _graph_attributes(when: When) -> dict[str, str]:
    if isinstance(when, Period):
        return present(**{"from": when.since.isoformat(), "to": _iso(when.until)})
    return {"at": when.isoformat()}


def _title(graph: nx.MultiGraph[str]) -> str:
    if "at" in graph.graph:
        return f"netmap at {graph.graph['at']}"
    return f"netmap from {graph.graph['from']}" + (f" to {graph.graph['to']}" if "to" in graph.graph else "")


def _person(person: Person) -> dict[str, object]:
    return {**person_attributes(person), "contact": False}


def _ended(attributes: dict[str, object], period: Period) -> dict[str, object]:
    """Snapshot attributes plus ``until``: an export keeps the whole of valid time."""
    return {**attributes, **present(until=_iso(period.until))}


def _labelled(graph: nx.MultiGraph[str]) -> nx.MultiGraph[str]:
    copy = graph.copy()
    for _, data in copy.nodes(data=True):
        data["label"] = data["name"]
    return copy


def _edge_row(graph: nx.MultiGraph[str], u: str, v: str, key: str, data: dict[str, object]) -> dict[str, object]:
    if data["type"] == "tie":
        source, target = data["person_id"], data["other_id"]
    else:
        source, target = (u, v) if graph.nodes[u]["type"] == "person" else (v, u)
    return {**data, "id": key, "source": source, "target": target, "relation": data["type"]}


def _csv(columns: tuple[str, ...], rows: list[dict[str, object]]) -> str:
    return csv_text([columns, *([_cell(row.get(c)) for c in columns] for row in rows)])


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


