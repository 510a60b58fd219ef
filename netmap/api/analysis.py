"""Cohort figures, trends, changes and the self-assessment, over the cached analysis snapshot."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

import strawberry

from netmap.analysis.assessment import assess_service
from netmap.analysis.changes import cohort_changes
from netmap.analysis.cohort import AreaCohort, Caseload, Cohort, ServiceCohort, counted_members, measures_at, validate_cohort
from netmap.analysis.evidence import gave_time, received_time
from netmap.analysis.self_reported import self_reported_figures
from netmap.analysis.steps import Every, steps
from netmap.api.context import Info
from netmap.api.measures import Changes, CohortFigures, EveryStep, SelfAssessment
from netmap.api.network import Snapshot
from netmap.api.permissions import Allowed
from netmap.domain.access import AccessRole
from netmap.domain.errors import Forbidden, InvalidInput, NotFound, Problem
from netmap.store.accounts import caseload


@strawberry.input(
    description="Whose figures: give exactly one of a service's people, an area's people, or a list of people."
)
class CohortInput:
    service_id: strawberry.ID | None = None
    area: str | None = None
    person_ids: list[strawberry.ID] | None = None


async def _cohort(info: Info, given: CohortInput, snapshot: Snapshot) -> Cohort:
    """The cohort asked for, if the caller may ask for it."""
    chosen = [name for name, value in (("serviceId", given.service_id), ("area", given.area),
                                       ("personIds", given.person_ids)) if value is not None]  # fmt: skip
    principal = info.context.principal
    role = principal.role if principal else None
    if role is AccessRole.PLANNER and not chosen:
        return Caseload(tuple(await info.context.store.read(caseload, principal.subject)))  # type: ignore[union-attr]
    if len(chosen) != 1:
        raise InvalidInput([Problem("cohort", "INVALID_INPUT", "give exactly one of serviceId, area, personIds")])
    if given.service_id is not None:
        if role is AccessRole.SERVICE_MANAGER and principal and principal.scope_id != str(given.service_id):
            raise Forbidden("Service managers see their own service's figures only.")
        if role is AccessRole.PLANNER:
            raise Forbidden("Planners see figures for their caseload (personIds, or nothing for all of it).")
        if str(given.service_id) not in snapshot.network.organisations:
            raise NotFound("service", str(given.service_id))
        return ServiceCohort(str(given.service_id))
    if given.area is not None:
        if role in (AccessRole.PLANNER, AccessRole.SERVICE_MANAGER):
            raise Forbidden("Area figures are for admins and analysts.")
        return AreaCohort(given.area)
    ids = [str(i) for i in given.person_ids or []]
    if role in (AccessRole.PLANNER, AccessRole.SERVICE_MANAGER):
        seen = await info.context.loaders.visible.load_many(ids)
        for id, visible in zip(ids, seen):
            if not visible:
                raise NotFound("person", id)
    return Caseload(tuple(ids))


def _suppression(info: Info) -> int | None:
    principal = info.context.principal
    return info.context.settings.suppress_below if principal and principal.role is AccessRole.ANALYST else None


def _figures(snapshot: Snapshot, cohort: Cohort, at: date, suppress: int | None) -> CohortFigures:
    return _trend(snapshot, cohort, [at], suppress)[0]


def _trend(snapshot: Snapshot, cohort: Cohort, dates: list[date], suppress: int | None) -> list[CohortFigures]:
    """The figures at each date: the network measures in one pass, then each date's timebank
    and self-reported figures (over the members with exchanges or reports only)."""
    network = snapshot.network
    validate_cohort(network, cohort)
    static = None if isinstance(cohort, ServiceCohort) or not dates else counted_members(network, cohort, dates[0])[0]
    found = []
    for measured in measures_at(network, cohort, dates):
        at = measured.at
        counted = static if static is not None else counted_members(network, cohort, at)[0]
        trading = [pid for pid in counted if network.exchanges_of(pid)]
        both = sum(1 for pid in trading if gave_time(network, pid, at) and received_time(network, pid, at))
        only = sum(1 for pid in trading if received_time(network, pid, at) and not gave_time(network, pid, at))
        reported = self_reported_figures(snapshot.reports, counted, at)
        found.append(CohortFigures.of(measured, reported, (both, only), suppress))
    return found


def _named(info: Info, figures: CohortFigures, operation: str) -> CohortFigures:
    for id in (figures.paid_only_people or []) + (figures.isolated_people or []):
        info.context.note_read(str(id), operation)
    return figures


@strawberry.type
class AnalysisQuery:
    @strawberry.field(
        permission_classes=[Allowed],
        description="A cohort's figures at a date (default today): paid-only, isolated, unpaid ties, participation.",
    )
    async def cohort(self, info: Info, cohort: CohortInput, at: date | None = None) -> CohortFigures:
        snapshot = await info.context.network.get(info.context.store)
        chosen = await _cohort(info, cohort, snapshot)
        figures = await asyncio.to_thread(_figures, snapshot, chosen, at or info.context.today, _suppression(info))
        return _named(info, figures, "cohort")

    @strawberry.field(
        permission_classes=[Allowed],
        description="The cohort's figures at every step from `from` to `to` (e.g. month by month).",
    )
    async def cohort_trend(
        self, info: Info, cohort: CohortInput, from_: Annotated[date, strawberry.argument(name="from")],
        to: date | None = None, every: EveryStep = Every.MONTH,
    ) -> list[CohortFigures]:  # fmt: skip
        snapshot = await info.context.network.get(info.context.store)
        chosen = await _cohort(info, cohort, snapshot)
        dates = steps(from_, to or info.context.today, every)
        found = await asyncio.to_thread(_trend, snapshot, chosen, dates, _suppression(info))
        return [_named(info, f, "cohortTrend") for f in found]

    @strawberry.field(
        permission_classes=[Allowed],
        description="Who left or entered paid-only or isolation, and who lost unpaid ties, between two dates.",
    )
    async def cohort_changes(
        self, info: Info, cohort: CohortInput, from_: Annotated[date, strawberry.argument(name="from")], to: date | None = None
    ) -> Changes:
        snapshot = await info.context.network.get(info.context.store)
        chosen = await _cohort(info, cohort, snapshot)
        found = await asyncio.to_thread(cohort_changes, snapshot.network, chosen, from_, to or info.context.today)
        changes = Changes.of(found)
        for id in {*found.became_paid_only, *found.left_paid_only, *found.became_isolated, *found.left_isolation,
                   *(lost.person_id for lost in found.lost_unpaid_ties)}:  # fmt: skip
            info.context.note_read(id, "cohortChanges")
        return changes

    @strawberry.field(
        permission_classes=[Allowed],
        description=(
            "The co-production self-assessment of a service at a date: each principle's stage, "
            "RED/AMBER/GREEN, the evidence, the trend over a year and a plain sentence."
        ),
    )
    async def self_assessment(self, info: Info, service_id: strawberry.ID, at: date | None = None) -> SelfAssessment:
        principal = info.context.principal
        if principal and principal.role is AccessRole.SERVICE_MANAGER and principal.scope_id != str(service_id):
            raise Forbidden("Service managers see their own service's self-assessment only.")
        snapshot = await info.context.network.get(info.context.store)
        if str(service_id) not in snapshot.network.organisations:
            raise NotFound("service", str(service_id))
        found = await asyncio.to_thread(assess_service, snapshot.network, str(service_id), at or info.context.today)
        return SelfAssessment.of(found)
