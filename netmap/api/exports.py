"""``networkExport``: a cohort's network as GraphML, GEXF, CSV or JSON for Gephi and other tools.

The cohort is resolved and authorised exactly as for the cohort figures
(``_cohort``), over the same cached snapshot. The file holds people, so it is
for those who may see people (never analysts, who see aggregates only), and
every person in it is recorded in the audit log as exported (EXPORT).
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

import networkx as nx
import strawberry

from netmap.analysis import export
from netmap.analysis.cohort import Cohort
from netmap.analysis.temporal import TemporalNetwork
from netmap.api.analysis import CohortInput, _cohort
from netmap.api.context import Info
from netmap.api.permissions import Allowed
from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.valid_time import Period

ExportFormat = strawberry.enum(
    export.ExportFormat,
    description="GRAPHML and GEXF open in Gephi; CSV gives nodes.csv and edges.csv; JSON is networkx node-link data.",
)

EXPORT_QUERY = """
query NetworkExport($cohort: CohortInput!, $format: ExportFormat!, $at: Date, $from: Date, $to: Date) {
  networkExport(cohort: $cohort, format: $format, at: $at, from: $from, to: $to) {
    nodes edges files { filename mediaType content }
  }
}
"""
"""The whole export as one document, for in-process callers (``netmap export``, pages)."""


@strawberry.type(description="One file of an export: save `content` under `filename`.")
class ExportFile:
    filename: str
    media_type: str
    content: str


@strawberry.type(description="A cohort's network as files; docs/exports.md describes each format.")
class NetworkExport:
    format: ExportFormat
    at: date | None = strawberry.field(description="The date asked for, for an export at one date.")
    from_: date | None = strawberry.field(name="from", description="Start of the period asked for.")
    to: date | None = strawberry.field(description="End of the period asked for (excluded); null: open.")
    nodes: int = strawberry.field(description="People (in full and as contacts) and organisations.")
    edges: int = strawberry.field(description="Ties and participations.")
    files: list[ExportFile] = strawberry.field(description="One file; two for CSV (nodes, then edges).")


@strawberry.type
class ExportQuery:
    @strawberry.field(
        permission_classes=[Allowed],
        description=(
            "A cohort's network as a file for Gephi and other tools: its people who agreed to be mapped "
            "(in full), their contacts (id and name only) and organisations, with the ties and "
            "participations active `at` a date, or overlapping the period [`from`, `to`) with their "
            "since/until. Give `at`, or `from` with an optional `to`. Every person in it is audited as exported."
        ),
    )
    async def network_export(
        self, info: Info, cohort: CohortInput, format: ExportFormat, at: date | None = None,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None, to: date | None = None,
    ) -> NetworkExport:  # fmt: skip
        when = _when(at, from_, to)
        snapshot = await info.context.network.get(info.context.store)
        chosen = await _cohort(info, cohort, snapshot)
        graph, files = await asyncio.to_thread(_export, snapshot.network, chosen, when, format)
        for node, data in graph.nodes(data=True):
            if data["type"] == "person":
                info.context.note_read(node, "networkExport", action="EXPORT")
        stamp = _stamp(when)
        return NetworkExport(
            format=format, at=at, from_=from_, to=to,
            nodes=graph.number_of_nodes(), edges=graph.number_of_edges(),
            files=[ExportFile(filename=f"netmap-{stamp}-{f.name}", media_type=f.media_type, content=f.content)
                   for f in files],
        )  # fmt: skip


def _when(at: date | None, from_: date | None, to: date | None) -> export.When:
    """One date, or a period; anything else is refused before the store is read."""
    if at is not None and (from_ is not None or to is not None):
        raise _refused("at", "give either at (one date) or from/to (a period), not both")
    if at is not None:
        return at
    if from_ is None:
        raise _refused("from", "give at (one date) or from (a period, with an optional to)")
    if to is not None and to <= from_:
        raise _refused("to", "to must be after from (the period is [from, to))")
    return Period(from_, to)


def _refused(field: str, message: str) -> InvalidInput:
    return InvalidInput([Problem(field, "INVALID_INPUT", message)])


def _export(
    network: TemporalNetwork, cohort: Cohort, when: export.When, format: export.ExportFormat
) -> tuple[nx.MultiGraph[str], tuple[export.ExportFile, ...]]:
    graph = export.network_graph(network, export.export_people(network, cohort, when), when)
    return graph, export.export_files(graph, format)


def _stamp(when: export.When) -> str:
    if isinstance(when, Period):
        return when.since.isoformat() + (f"-to-{when.until.isoformat()}" if when.until else "-on")
    return when.isoformat()
