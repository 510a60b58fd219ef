"""A service's network as a file to download, for Gephi and other tools:
``/exports/services/{id}/network.graphml|gexf|json`` and
``network-nodes.csv`` / ``network-edges.csv``, with ``at=`` or ``from=``/``to=``.
The same ``services.exports.network_export`` as the API and ``netmap export``,
so the same rules (docs/exports.md) and the same file."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from netmap.services.cohorts import CohortChoice
from netmap.services.exports import ExportFormat, network_export
from netmap.web.page_kit import PageError, context_of, date_param

FILES = {
    "network.graphml": (ExportFormat.GRAPHML, 0),
    "network.gexf": (ExportFormat.GEXF, 0),
    "network.json": (ExportFormat.JSON, 0),
    "network-nodes.csv": (ExportFormat.CSV, 0),
    "network-edges.csv": (ExportFormat.CSV, 1),
}
"""File name → (export format, which of its files)."""


async def service_network(request: Request) -> Response:
    chosen = FILES.get(request.path_params["name"])
    if chosen is None:
        raise PageError(404, "Not found", "Exports are " + ", ".join(FILES) + ".")
    fmt, index = chosen
    at, start, end = (date_param(request, name) for name in ("at", "from", "to"))
    ctx = context_of(request)
    exported = await network_export(ctx, CohortChoice(service_id=request.path_params["id"]), fmt, at, start, end)
    await ctx.record_reads()
    file = exported.files[index]
    return Response(
        file.encoded(), media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{file.filename}"', "Cache-Control": "no-store"},
    )  # fmt: skip
