"""Cohort figures, trends, changes and the self-assessment: GraphQL's shape over
``services.cohorts`` and ``services.coproduction``, which own the rules."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from netmap.analysis.steps import Every
from netmap.api.context import Info
from netmap.api.measures import Changes, CohortFigures, CoproductionEvidence, EveryStep
from netmap.api.permissions import Allowed
from netmap.services import cohorts, coproduction
from netmap.services.cohorts import MAX_COHORT_IDS, CohortChoice

__all__ = ["MAX_COHORT_IDS", "AnalysisQuery", "CohortInput"]


@strawberry.input(
    description="Whose figures: give exactly one of a service's people, an area's people, or a list of people."
)
class CohortInput:
    service_id: strawberry.ID | None = None
    area: str | None = None
    person_ids: list[strawberry.ID] | None = None

    def choice(self) -> CohortChoice:
        return CohortChoice(
            service_id=None if self.service_id is None else str(self.service_id), area=self.area,
            person_ids=None if self.person_ids is None else tuple(str(i) for i in self.person_ids),
        )  # fmt: skip


@strawberry.type
class AnalysisQuery:
    @strawberry.field(
        permission_classes=[Allowed],
        description="A cohort's figures at a date (default today): paid-only, isolated, unpaid ties, participation.",
    )
    async def cohort(self, info: Info, cohort: CohortInput, at: date | None = None) -> CohortFigures:
        return CohortFigures.of(await cohorts.cohort_figures(info.context, cohort.choice(), at))

    @strawberry.field(
        permission_classes=[Allowed],
        description="The cohort's figures at every step from `from` to `to` (e.g. month by month).",
    )
    async def cohort_trend(
        self, info: Info, cohort: CohortInput, from_: Annotated[date, strawberry.argument(name="from")],
        to: date | None = None, every: EveryStep = Every.MONTH,
    ) -> list[CohortFigures]:  # fmt: skip
        found = await cohorts.cohort_trend(info.context, cohort.choice(), from_, to, every)
        return [CohortFigures.of(f) for f in found]

    @strawberry.field(
        permission_classes=[Allowed],
        description="Who left or entered paid-only or isolation, and who lost unpaid ties, between two dates.",
    )
    async def cohort_changes(
        self, info: Info, cohort: CohortInput, from_: Annotated[date, strawberry.argument(name="from")], to: date | None = None
    ) -> Changes:
        return Changes.of(await cohorts.changes(info.context, cohort.choice(), from_, to))

    @strawberry.field(
        permission_classes=[Allowed],
        description=(
            "netmap's measured evidence for a service's co-production self-reflection at a date: for "
            "each principle, the stage whose bars the figures reach (evidence, not a score), the figures, "
            "the trend over a year, who was counted, and a plain sentence."
        ),
    )
    async def self_assessment(
        self, info: Info, service_id: strawberry.ID, at: date | None = None
    ) -> CoproductionEvidence:
        return CoproductionEvidence.of(await coproduction.self_assessment(info.context, str(service_id), at))
