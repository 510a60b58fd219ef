"""``networkExport``: a cohort's network as GraphML, GEXF, CSV or JSON for Gephi and other tools.

GraphQL's shape over ``services.exports.network_export``, the one path for every
export: the cohort is chosen and authorised as for the cohort figures, the file
holds people, so it is for those who may see people (never analysts), and every
person in it is recorded in the audit log as exported (EXPORT).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from netmap.analysis import export
from netmap.api.analysis import CohortInput
from netmap.api.context import Info
from netmap.api.permissions import Allowed
from netmap.services import exports

ExportFormat = strawberry.enum(
    export.ExportFormat,
    description="GRAPHML and GEXF open in Gephi; CSV gives nodes.csv and edges.csv; JSON is networkx node-link data.",
)


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
        found = await exports.network_export(info.context, cohort.choice(), format, at, from_, to)
        return NetworkExport(
            format=format, at=at, from_=from_, to=to, nodes=found.nodes, edges=found.edges,
            files=[ExportFile(filename=f.filename, media_type=f.media_type, content=f.content) for f in found.files],
        )  # fmt: skip
