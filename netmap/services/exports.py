"""A cohort's network as files for Gephi and other tools (docs/exports.md).

The one path for every export (GraphQL's ``networkExport``, the dashboard's
download links, ``netmap export``): the cohort is chosen and authorised as for
the cohort figures, the people in it are those the consent rules of
``analysis.export`` let in, and every person in a file is noted as EXPORT for
the audit log (callers write it with ``ctx.record_reads()`` before handing the
file over).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

import networkx as nx

from netmap.analysis import export
from netmap.analysis.cohort import Cohort
from netmap.analysis.export import ExportFormat
from netmap.analysis.temporal import TemporalNetwork
from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.valid_time import Period
from netmap.services.cohorts import CohortChoice, chosen_cohort
from netmap.services.context import Context

__all__ = ["ExportFormat", "ExportedFile", "NetworkExport", "network_export", "when_of"]


@dataclass(frozen=True)
class ExportedFile:
    """One file of an export, to be saved as ``filename``."""

    filename: str
    media_type: str
    content: str

    def encoded(self) -> bytes:
        return self.content.encode("utf-8")


@dataclass(frozen=True)
class NetworkExport:
    format: ExportFormat
    at: date | None
    from_: date | None
    to: date | None
    nodes: int
    edges: int
    files: tuple[ExportedFile, ...]
    """One file; two for CSV (nodes, then edges)."""


def when_of(at: date | None, from_: date | None, to: date | None) -> export.When:
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
    network: TemporalNetwork, cohort: Cohort, when: export.When, format: ExportFormat
) -> tuple[nx.MultiGraph[str], tuple[export.ExportFile, ...]]:
    graph = export.network_graph(network, export.export_people(network, cohort, when), when)
    return graph, export.export_files(graph, format)


def _stamp(when: export.When) -> str:
    if isinstance(when, Period):
        return when.since.isoformat() + (f"-to-{when.until.isoformat()}" if when.until else "-on")
    return when.isoformat()


async def network_export(
    ctx: Context, given: CohortChoice, format: ExportFormat,
    at: date | None = None, from_: date | None = None, to: date | None = None,
) -> NetworkExport:  # fmt: skip
    """The cohort's network at ``at``, or over [``from_``, ``to``), in ``format``."""
    ctx.allow("networkExport")
    when = when_of(at, from_, to)
    snapshot = await ctx.network.get(ctx.store)
    chosen = await chosen_cohort(ctx, given, snapshot)
    graph, files = await asyncio.to_thread(_export, snapshot.network, chosen, when, format)
    for node, data in graph.nodes(data=True):
        if data["type"] == "person":
            ctx.note_read(node, "networkExport", action="EXPORT")
    stamp = _stamp(when)
    return NetworkExport(
        format=format, at=at, from_=from_, to=to, nodes=graph.number_of_nodes(), edges=graph.number_of_edges(),
        files=tuple(ExportedFile(f"netmap-{stamp}-{f.name}", f.media_type, f.content) for f in files),
    )  # fmt: skip
