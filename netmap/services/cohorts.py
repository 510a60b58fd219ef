"""A cohort's figures, trend and changes, as a caller may see them.

Every path that shows cohort figures (GraphQL, the dashboard, the trend
picture, the report) comes here, so who may ask for which cohort, the
analysts' disclosure control (``services.disclosure``) and the audit of the
people named are decided in one place.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from netmap.analysis.changes import CohortChanges, cohort_changes
from netmap.analysis.cohort import (
    AreaCohort, Caseload, Cohort, CohortMeasures, ServiceCohort, counted_members, measures_at, validate_cohort,
)  # fmt: skip
from netmap.analysis.evidence import gave_time, received_time
from netmap.analysis.self_reported import InstrumentFigures, self_reported_figures
from netmap.analysis.steps import Every, steps
from netmap.domain.access import AccessRole
from netmap.domain.errors import Forbidden, InvalidInput, NotFound, Problem
from netmap.domain.instruments import CutOffs
from netmap.domain.kinds import OrganisationKind
from netmap.domain.self_reports import Instrument
from netmap.domain.records import Organisation
from netmap.services.context import Context
from netmap.services.disclosure import DisclosureControl
from netmap.services.network import Snapshot
from netmap.services.visibility import Appearance, shows_identity
from netmap.store.accounts import caseload
from netmap.store.organisations import OrganisationFilter, page_organisations
from netmap.store.pages import page_size
from netmap.store.service_settings import settings_of

MAX_COHORT_IDS = 1000
"""The most people a cohort may name one by one (a caseload is far smaller)."""


@dataclass(frozen=True)
class CohortChoice:
    """Whose figures: exactly one of a service's people, an area's people, or a list of
    people (a planner may give none: their whole caseload)."""

    service_id: str | None = None
    area: str | None = None
    person_ids: tuple[str, ...] | None = None


@dataclass(frozen=True)
class TieBands:
    zero: int | None
    one: int | None
    two: int | None
    three_to_five: int | None
    six_or_more: int | None


@dataclass(frozen=True)
class InstrumentShown:
    instrument: Instrument
    reported: int | None
    mean_score: float | None
    concern: int | None
    concern_share: float | None


@dataclass
class CohortFigures:
    """A cohort's figures at a date as this caller may see them: for analysts rounded,
    small counts suppressed (named in ``suppressed``) and no one named."""

    at: date
    size: int | None
    not_counted: int | None
    paid_only: int | None
    paid_only_share: float | None
    isolated: int | None
    isolated_share: float | None
    median_unpaid_ties: float | None
    unpaid_tie_bands: TieBands
    with_unpaid_tie_outside: int | None
    with_unpaid_tie_outside_share: float | None
    with_community_participation: int | None
    with_community_participation_share: float | None
    median_unpaid_in_touch_monthly: float | None
    with_unpaid_in_touch_monthly: int | None
    with_unpaid_in_touch_monthly_share: float | None
    with_contact_frequency_recorded: int | None
    median_close_unpaid_ties: float | None
    with_close_unpaid_tie: int | None
    with_close_unpaid_tie_share: float | None
    with_closeness_recorded: int | None
    self_reported: list[InstrumentShown]
    timebank_gives_and_gets: int | None
    timebank_gives_and_gets_share: float | None
    timebank_only_receives: int | None
    timebank_only_receives_share: float | None
    paid_only_people: list[str] | None
    isolated_people: list[str] | None
    suppressed: list[str]


def figures_of(
    m: CohortMeasures, reported: list[InstrumentFigures], timebank: tuple[int, int], control: DisclosureControl | None
) -> CohortFigures:
    """With ``control`` (for analysts), counts are rounded and small ones suppressed, shares
    come from the rounded counts, and no one is named (``services.disclosure``)."""
    hidden: list[str] = []

    def count(name: str, value: int) -> int | None:
        if control is None:
            return value
        shown = control.count(value)
        if shown is None:
            hidden.append(name)
        return shown

    def share(name: str, value: int, fraction: float | None) -> float | None:
        if control is None:
            return fraction
        shown = control.share(value, m.size)
        if shown is None:
            hidden.append(name)
        return shown

    def rests_on(name: str, people: int, value: float | None) -> float | None:
        if control is None or control.shows(people):
            return value
        hidden.append(name)
        return None

    bands = m.unpaid_tie_bands
    figures = CohortFigures(
        at=m.at,
        size=count("size", m.size),
        not_counted=count("notCounted", m.not_counted),
        paid_only=count("paidOnly", m.paid_only),
        paid_only_share=share("paidOnlyShare", m.paid_only, m.paid_only_share),
        isolated=count("isolated", m.isolated),
        isolated_share=share("isolatedShare", m.isolated, m.isolated_share),
        median_unpaid_ties=rests_on("medianUnpaidTies", m.size, m.median_unpaid_ties),
        unpaid_tie_bands=TieBands(
            zero=count("unpaidTieBands.zero", bands.zero), one=count("unpaidTieBands.one", bands.one),
            two=count("unpaidTieBands.two", bands.two),
            three_to_five=count("unpaidTieBands.threeToFive", bands.three_to_five),
            six_or_more=count("unpaidTieBands.sixOrMore", bands.six_or_more),
        ),
        with_unpaid_tie_outside=count("withUnpaidTieOutside", m.with_unpaid_tie_outside),
        with_unpaid_tie_outside_share=share(
            "withUnpaidTieOutsideShare", m.with_unpaid_tie_outside, m.with_unpaid_tie_outside_share
        ),
        with_community_participation=count("withCommunityParticipation", m.with_community_participation),
        with_community_participation_share=share(
            "withCommunityParticipationShare", m.with_community_participation, m.with_community_participation_share
        ),
        median_unpaid_in_touch_monthly=rests_on("medianUnpaidInTouchMonthly", m.size, m.median_unpaid_in_touch_monthly),
        with_unpaid_in_touch_monthly=count("withUnpaidInTouchMonthly", m.with_unpaid_in_touch_monthly),
        with_unpaid_in_touch_monthly_share=share(
            "withUnpaidInTouchMonthlyShare", m.with_unpaid_in_touch_monthly, m.with_unpaid_in_touch_monthly_share
        ),
        with_contact_frequency_recorded=count("withContactFrequencyRecorded", m.with_contact_frequency_recorded),
        median_close_unpaid_ties=rests_on("medianCloseUnpaidTies", m.size, m.median_close_unpaid_ties),
        with_close_unpaid_tie=count("withCloseUnpaidTie", m.with_close_unpaid_tie),
        with_close_unpaid_tie_share=share(
            "withCloseUnpaidTieShare", m.with_close_unpaid_tie, m.with_close_unpaid_tie_share
        ),
        with_closeness_recorded=count("withClosenessRecorded", m.with_closeness_recorded),
        self_reported=[
            InstrumentShown(
                instrument=f.instrument,
                reported=count(f"selfReported.{f.instrument.value}.reported", f.reported),
                mean_score=rests_on(f"selfReported.{f.instrument.value}.mean", f.reported, f.mean_score),
                concern=count(f"selfReported.{f.instrument.value}.concern", f.concern),
                concern_share=(
                    f.concern_share if control is None
                    else rests_on(f"selfReported.{f.instrument.value}.concernShare", f.reported,
                                  control.share(f.concern, f.reported))
                ),
            )
            for f in reported
        ],
        timebank_gives_and_gets=count("timebankGivesAndGets", timebank[0]),
        timebank_gives_and_gets_share=share(
            "timebankGivesAndGetsShare", timebank[0], timebank[0] / m.size if m.size else None
        ),
        timebank_only_receives=count("timebankOnlyReceives", timebank[1]),
        timebank_only_receives_share=share(
            "timebankOnlyReceivesShare", timebank[1], timebank[1] / m.size if m.size else None
        ),
        paid_only_people=None if control is not None else list(m.paid_only_ids),
        isolated_people=None if control is not None else list(m.isolated_ids),
        suppressed=[],
    )  # fmt: skip
    figures.suppressed = sorted(set(hidden))
    return figures


def control_of(ctx: Context) -> DisclosureControl | None:
    """Analysts may not see individuals, so their figures go through disclosure control."""
    principal = ctx.principal
    if principal is None or principal.role is not AccessRole.ANALYST:
        return None
    return ctx.disclosure


async def chosen_cohort(ctx: Context, given: CohortChoice, snapshot: Snapshot) -> Cohort:
    """The cohort asked for, if the caller may ask for it."""
    chosen = [name for name, value in (("serviceId", given.service_id), ("area", given.area),
                                       ("personIds", given.person_ids)) if value is not None]  # fmt: skip
    principal = ctx.principal
    role = principal.role if principal else None
    if role is AccessRole.PLANNER and not chosen:
        return Caseload(tuple(await ctx.store.read(caseload, principal.subject)))  # type: ignore[union-attr]
    if len(chosen) != 1:
        raise InvalidInput([Problem("cohort", "INVALID_INPUT", "give exactly one of serviceId, area, personIds")])
    if given.service_id is not None:
        if role is AccessRole.SERVICE_MANAGER and principal and principal.scope_id != given.service_id:
            raise Forbidden("Service managers see their own service's figures only.")
        if role is AccessRole.PLANNER:
            raise Forbidden("Planners see figures for their caseload (personIds, or nothing for all of it).")
        if given.service_id not in snapshot.network.organisations:
            raise NotFound("service", given.service_id)
        return ServiceCohort(given.service_id)
    if given.area is not None:
        if role in (AccessRole.PLANNER, AccessRole.SERVICE_MANAGER):
            raise Forbidden("Area figures are for admins and analysts.")
        return AreaCohort(given.area)
    if role is AccessRole.ANALYST:
        raise Forbidden("Analysts see figures for a service or an area, not for people they choose.")
    ids = list(dict.fromkeys(given.person_ids or ()))
    if len(ids) > MAX_COHORT_IDS:
        raise InvalidInput([Problem("cohort.personIds", "TOO_MANY", f"at most {MAX_COHORT_IDS} people")])
    if role is AccessRole.ADMIN:
        unknown = next((i for i, id in enumerate(ids) if id not in snapshot.network.people), None)
        if unknown is not None:  # the first only: a long list of unknown ids is not echoed back
            message = f"no person with id {ids[unknown]!r}"
            raise InvalidInput([Problem(f"personIds[{unknown}]", "NOT_FOUND", message)])
    if role in (AccessRole.PLANNER, AccessRole.SERVICE_MANAGER):
        seen = await ctx.loaders.visible.load_many(ids)
        for id, visible in zip(ids, seen):
            if not visible:
                raise NotFound("person", id)
    return Caseload(tuple(ids))


async def _cut_offs(ctx: Context, cohort: Cohort) -> CutOffs:
    """A service's own questionnaire cut-offs for its cohort; the defaults for any other cohort."""
    if isinstance(cohort, ServiceCohort):
        return (await ctx.store.read(settings_of, [cohort.service_id]))[cohort.service_id].cut_offs
    return CutOffs()


def _trend(
    snapshot: Snapshot, cohort: Cohort, dates: list[date], control: DisclosureControl | None, cut_offs: CutOffs
) -> list[CohortFigures]:
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
        found.append(figures_of(measured, reported, (both, only), control))
    return found


async def shown_ids(
    ctx: Context, operation: str, ids: Iterable[str], appearance: Appearance = Appearance.DIRECT
) -> set[str]:
    """Those of ``ids`` the visibility rule lets this caller see named."""
    wanted = sorted(set(ids))
    people = await ctx.loaders.person.load_many(wanted)
    return {
        p.id for p in people
        if p is not None and shows_identity(await ctx.view_of(p, appearance, operation))
    }  # fmt: skip


async def _named(ctx: Context, figures: CohortFigures, operation: str) -> CohortFigures:
    """The figures' lists of people, cut to those the caller may see; each is an audited read."""
    listed = (figures.paid_only_people or []) + (figures.isolated_people or [])
    shown = await shown_ids(ctx, operation, listed)
    if figures.paid_only_people is not None:
        figures.paid_only_people = [i for i in figures.paid_only_people if i in shown]
    if figures.isolated_people is not None:
        figures.isolated_people = [i for i in figures.isolated_people if i in shown]
    for id in shown:
        ctx.note_read(id, operation)
    return figures


async def cohort_trend(
    ctx: Context, given: CohortChoice, start: date, end: date | None = None, every: Every = Every.MONTH,
    operation: str = "cohortTrend",
) -> list[CohortFigures]:  # fmt: skip
    """The cohort's figures at every step from ``start`` to ``end`` (default today)."""
    ctx.allow(operation)
    snapshot = await ctx.network.get(ctx.store)
    chosen = await chosen_cohort(ctx, given, snapshot)
    dates = steps(start, end or ctx.today, every)
    cut_offs = await _cut_offs(ctx, chosen)
    found = await asyncio.to_thread(_trend, snapshot, chosen, dates, control_of(ctx), cut_offs)
    return [await _named(ctx, f, operation) for f in found]


async def cohort_figures(ctx: Context, given: CohortChoice, at: date | None = None) -> CohortFigures:
    """The cohort's figures at ``at`` (default today)."""
    ctx.allow("cohort")
    snapshot = await ctx.network.get(ctx.store)
    chosen = await chosen_cohort(ctx, given, snapshot)
    cut_offs = await _cut_offs(ctx, chosen)
    day = at or ctx.today
    found = await asyncio.to_thread(_trend, snapshot, chosen, [day], control_of(ctx), cut_offs)
    return await _named(ctx, found[0], "cohort")


async def changes(ctx: Context, given: CohortChoice, start: date, end: date | None = None) -> CohortChanges:
    """Who moved between the dates, naming only people the caller may see (and contacts, as contacts)."""
    ctx.allow("cohortChanges")
    snapshot = await ctx.network.get(ctx.store)
    chosen = await chosen_cohort(ctx, given, snapshot)
    found = await asyncio.to_thread(cohort_changes, snapshot.network, chosen, start, end or ctx.today)
    members = {*found.joined, *found.left, *found.became_paid_only, *found.left_paid_only, *found.became_isolated,
               *found.left_isolation, *(lost.person_id for lost in found.lost_unpaid_ties)}  # fmt: skip
    shown = await shown_ids(ctx, "cohortChanges", members)
    contacts = await shown_ids(
        ctx, "cohortChanges", (e.person_id for lost in found.lost_unpaid_ties for e in lost.ended), Appearance.CONTACT
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
        ctx.note_read(id, "cohortChanges")
    return kept


async def organisation(ctx: Context, organisation_id: str) -> Organisation:
    """An organisation by id (organisations are public); NOT_FOUND if there is none."""
    ctx.allow("organisation")
    found = await ctx.loaders.organisation.load(organisation_id)
    if found is None:
        raise NotFound("service", organisation_id)
    return found


async def services_named(ctx: Context, search: str | None = None, first: int = 100) -> list[Organisation]:
    """The services (organisations of kind SERVICE) in name order, whose name has ``search`` in it."""
    ctx.allow("organisations")
    where = OrganisationFilter(kind=OrganisationKind.SERVICE, search=search)
    return list((await ctx.store.read(page_organisations, where, None, page_size(first))).items)
