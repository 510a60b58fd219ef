"""A service's network as a file to download, for Gephi and other tools:
``/exports/services/{id}/network.graphml|gexf|json`` and
``network-nodes.csv`` / ``network-edges.csv``, with ``at=`` or ``from=``/``to=``.
The same ``networkExport`` query as the API, so the same rules (docs/exports.md)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from netmap.web.page_kit import PageError, ask, date_param, plain_error

EXPORT = """
query Export($cohort: CohortInput!, $format: ExportFormat!, $at: Date, $from: Date, $to: Date) {
  networkExport(cohort: $cohort, format: $format, at: $at, from: $from, to: $to) {
    files { filename mediaType content }
  }
}
"""

FILES = {
    "network.graphml": ("GRAPHML", 0),
    "network.gexf": ("GEXF", 0),
    "network.json": ("JSON", 0),
    "network-nodes.csv": ("CSV", 0),
    "network-edges.csv": ("CSV", 1),
}
"""File name → (export format, which of its files)."""


async def service_network(request: Request) -> Response:
    try:
        chosen = FILES.get(request.path_params["name"])
        if chosen is None:
            raise PageError(404, "Not found", "Exports are " + ", ".join(FILES) + ".")
        fmt, index = chosen
        at, start, end = (date_param(request, name) for name in ("at", "from", "to"))
        variables = {
            "cohort": {"serviceId": request.path_params["id"]}, "format": fmt,
            "at": at and at.isoformat(), "from": start and start.isoformat(), "to": end and end.isoformat(),
        }  # fmt: skip
        file = (await ask(request, EXPORT, variables))["networkExport"]["files"][index]
    except PageError as error:
        return plain_error(error)
    return Response(
        file["content"], media_type=file["mediaType"],
        headers={"Content-Disposition": f'attachment; filename="{file["filename"]}"', "Cache-Control": "no-store"},
    )  # fmt: skip
