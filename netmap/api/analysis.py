"""Cohort figures, trends, changes and the self-assessment, over the cached analysis snapshot."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Annotated

import strawberry

from netmap.analysis.assessment import assess_service
from netmap.analysis.changes import CohortChanges, cohort_changes
from netmap.analysis.cohort import AreaCohort, Caseload, Cohort, ServiceCohort, cohort_measures, counted_members
from netmap.analysis.evidence import gave_time, received_time
from netmap.analysis.self_reported import self_reported_figures
from netmap.analysis.steps import Every, steps
from netmap.api.context import Info
from netmap.api.measures import Changes, CohortFigures, EveryStep, SelfAssessment
from netmap.api.network import Snapshot
from netmap.api.permissions import Allowed
from netmap.domain.access import AccessRole
from netmap.domain.errors import Forbidden, InvalidInput, NotFound, Problem, Suppressed
from netmap.services.disclosure import DisclosureControl
from netmap.services.visibility import Appearance, shows_identity
from netmap.store.accounts import caseload


@strawberry.input(
    description="Whose figures: give exactly one of a service's people, an area's people, or a list of people."
)
class CohortInput:
    service_id: strawberry.ID | None = None
    area: str | None = None
    person_ids: list[strawberry.ID] | None = None


MAX_COHORT_IDS = 1000
"""The most people a cohort may name one by one (a caseload is far smaller)."""


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
    if role is AccessRole.ANALYST:
        raise Forbidden("Analysts see figures for a service or an area, not for people they choose.")
    ids = list(dict.fromkeys(str(i) for i in given.person_ids or []))
    if len(ids) > MAX_COHORT_IDS:
        raise InvalidInput([Problem("cohort.personIds", "TOO_MANY", f"at most {MAX_COHORT_IDS} people")])
    if role is AccessRole.ADMIN:
        for id in ids:
            if id not in snapshot.network.people:
                raise NotFound("person", id)
    if role in (AccessRole.PLANNER, AccessRole.SERVICE_MANAGER):
        seen = await info.context.loaders.visible.load_many(ids)
        for id, visible in zip(ids, seen):
            if not visible:
                raise NotFound("person", id)
    return Caseload(tuple(ids))


def _control(info: Info) -> DisclosureControl | None:
    """Analysts may not see individuals, so their figures go through disclosure control."""
    principal = info.context.principal
    if principal is None or principal.role is not AccessRole.ANALYST:
        return None
    return DisclosureControl(threshold=info.context.settings.suppress_below)


def _figures(snapshot: Snapshot, cohort: Cohort, at: date, control: DisclosureControl | None) -> CohortFigures:
    measured = cohort_measures(snapshot.network, cohort, at)
    counted, _ = counted_members(snapshot.network, cohort, at)
    network = snapshot.network
    both = sum(1 for pid in counted if gave_time(network, pid, at) and received_time(network, pid, at))
    only = sum(1 for pid in counted if received_time(network, pid, at) and not gave_time(network, pid, at))
    return CohortFigures.of(measured, self_reported_figures(snapshot.reports, counted, at), (both, only), control)


async def _shown_ids(info: Info, ids: Iterable[str], appearance: Appearance = Appearance.DIRECT) -> set[str]:
    """Those of ``ids`` the visibility rule lets this caller see named."""
    wanted = sorted(set(ids))
    people = await info.context.loaders.person.load_many(wanted)
    return {
        p.id for p in people
        if p is not None and shows_identity(await info.context.view_of(p, appearance))
    }  # fmt: skip


async def _named(info: Info, figures: CohortFigures, operation: str) -> CohortFigures:
    """The figures' lists of people, cut to those the caller may see; each is an audited read."""
    listed = [str(i) for i in (figures.paid_only_people or []) + (figures.isolated_people or [])]
    shown = await _shown_ids(info, listed)
    if figures.paid_only_people is not None:
        figures.paid_only_people = [i for i in figures.paid_only_people if str(i) in shown]
    if figures.isolated_people is not None:
        figures.isolated_people = [i for i in figures.isolated_people if str(i) in shown]
    for id in shown:
        info.context.note_read(id, operation)
    return figures


async def _changes_shown(info: Info, found: CohortChanges) -> Changes:
    """Who moved, naming only people the caller may see (and contacts, as contacts)."""
    members = {*found.joined, *found.left, *found.became_paid_only, *found.left_paid_only, *found.became_isolated,
               *found.left_isolation, *(lost.person_id for lost in found.lost_unpaid_ties)}  # fmt: skip
    shown = await _shown_ids(info, members)
    contacts = await _shown_ids(
        info, (e.person_id for lost in found.lost_unpaid_ties for e in lost.ended), Appearance.CONTACT
    )
    kept = CohortChanges(
        from_date=found.from_date, to_date=found.to_date,
        **{name: tuple(i for i in getattr(found, name) if i in shown)
           for name in ("joined", "left", "became_paid_only", "left_paid_only", "became_isolated", "left_isolation")},
        lost_unpaid_ties=tuple(
            replace(lost, ended=tuple(e for e in lost.ended if e.person_id in contacts))
            for lost in found.lost_unpaid_ties if lost.person_id in shown
        ),
    )  # fmt: skip
    for id in shown:
        info.context.note_read(id, "cohortChanges")
    return Changes.of(kept)


@strawberry.type
class AnalysisQuery:
    @strawberry.field(
        permission_classes=[Allowed],
        description="A cohort's figures at a date (default today): paid-only, isolated, unpaid ties, participation.",
    )
    async def cohort(self, info: Info, cohort: CohortInput, at: date | None = None) -> CohortFigures:
        snapshot = await info.context.network.get(info.context.store)
        chosen = await _cohort(info, cohort, snapshot)
        figures = await asyncio.to_thread(_figures, snapshot, chosen, at or info.context.today, _control(info))
        return await _named(info, figures, "cohort")

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
        control = _control(info)
        found = await asyncio.to_thread(lambda: [_figures(snapshot, chosen, d, control) for d in dates])
        return [await _named(info, f, "cohortTrend") for f in found]

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
        return await _changes_shown(info, found)

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
        control = _control(info)
        return SelfAssessment.of(found) if control is None else _for_analysts(SelfAssessment.of(found), control)


def _for_analysts(assessment: SelfAssessment, control: DisclosureControl) -> SelfAssessment:
    """An analyst's self-assessment: the stages and colours, the number of people
    rounded, and none of the figures behind them (they rest on exact counts)."""
    people = control.count(assessment.people)
    if people is None:
        raise Suppressed("Too few people are counted in this service for its self-assessment to be shown to analysts.")
    principles = [
        replace(
            p,
            indicators=[replace(i, value=None) for i in p.indicators],
            sentence=(p.stage_label or "Not enough evidence to rate this yet") + ".",
        )
        for p in assessment.principles
    ]
    return replace(assessment, people=people, principles=principles)
