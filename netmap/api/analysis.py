"""Cohort figures, trends, changes and the self-assessment, over the cached analysis snapshot."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Annotated

import strawberry

from netmap.analysis.assessment import service_evidence
from netmap.analysis.changes import CohortChanges, cohort_changes
from netmap.analysis.cohort import AreaCohort, Caseload, Cohort, ServiceCohort, counted_members, measures_at, validate_cohort
from netmap.analysis.evidence import gave_time, received_time
from netmap.analysis.self_reported import self_reported_figures
from netmap.analysis.steps import Every, steps
from netmap.api.context import Info, operation_of
from netmap.api.measures import Changes, CohortFigures, CoproductionEvidence, EveryStep
from netmap.services.network import Snapshot
from netmap.api.permissions import Allowed
from netmap.domain.access import AccessRole
from netmap.domain.errors import Forbidden, InvalidInput, NotFound, Problem, Suppressed
from netmap.services.disclosure import DisclosureControl
from netmap.services.visibility import Appearance, shows_identity
from netmap.domain.instruments import CutOffs
from netmap.store.accounts import caseload
from netmap.store.service_settings import settings_of


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
        unknown = next((i for i, id in enumerate(ids) if id not in snapshot.network.people), None)
        if unknown is not None:  # the first only: a long list of unknown ids is not echoed back
            message = f"no person with id {ids[unknown]!r}"
            raise InvalidInput([Problem(f"personIds[{unknown}]", "NOT_FOUND", message)])
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
    return info.context.disclosure


async def _cut_offs(info: Info, cohort: Cohort) -> CutOffs:
    """A service's own questionnaire cut-offs for its cohort; the defaults for any other cohort."""
    if isinstance(cohort, ServiceCohort):
        return (await info.context.store.read(settings_of, [cohort.service_id]))[cohort.service_id].cut_offs
    return CutOffs()


def _figures(
    snapshot: Snapshot, cohort: Cohort, at: date, control: DisclosureControl | None, cut_offs: CutOffs = CutOffs()
) -> CohortFigures:
    return _trend(snapshot, cohort, [at], control, cut_offs)[0]


def _trend(
    snapshot: Snapshot, cohort: Cohort, dates: list[date], control: DisclosureControl | None,
    cut_offs: CutOffs = CutOffs(),
) -> list[CohortFigures]:  # fmt: skip
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
        reported = self_reported_figures(snapshot.reports, counted, at, cut_offs)
        found.append(CohortFigures.of(measured, reported, (both, only), control))
    return found


async def _shown_ids(info: Info, ids: Iterable[str], appearance: Appearance = Appearance.DIRECT) -> set[str]:
    """Those of ``ids`` the visibility rule lets this caller see named."""
    wanted = sorted(set(ids))
    people = await info.context.loaders.person.load_many(wanted)
    return {
        p.id for p in people
        if p is not None and shows_identity(await info.context.view_of(p, appearance, operation_of(info)))
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
        cut_offs = await _cut_offs(info, chosen)
        figures = await asyncio.to_thread(_figures, snapshot, chosen, at or info.context.today, _control(info), cut_offs)
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
        cut_offs = await _cut_offs(info, chosen)
        found = await asyncio.to_thread(_trend, snapshot, chosen, dates, _control(info), cut_offs)
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
            "netmap's measured evidence for a service's co-production self-reflection at a date: for "
            "each principle, the stage whose bars the figures reach (evidence, not a score), the figures, "
            "the trend over a year, who was counted, and a plain sentence."
        ),
    )
    async def self_assessment(
        self, info: Info, service_id: strawberry.ID, at: date | None = None
    ) -> CoproductionEvidence:
        principal = info.context.principal
        if principal and principal.role is AccessRole.SERVICE_MANAGER and principal.scope_id != str(service_id):
            raise Forbidden("Service managers see their own service's self-assessment only.")
        snapshot = await info.context.network.get(info.context.store)
        if str(service_id) not in snapshot.network.organisations:
            raise NotFound("service", str(service_id))
        settings = (await info.context.store.read(settings_of, [str(service_id)]))[str(service_id)]
        found = await asyncio.to_thread(
            lambda: service_evidence(
                snapshot.network, str(service_id), at or info.context.today, timebank_id=settings.timebank_id
            )
        )
        control = _control(info)
        if control is not None and control.count(found.people) is None:
            raise Suppressed("Too few people are counted in this service for its evidence to be shown to analysts.")
        return CoproductionEvidence.of(found, control)
