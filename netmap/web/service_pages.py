"""The services list and a service's dashboard: paid-only and isolated shares
month by month, the early-warning list and the co-production self-assessment.
Clients of ``services.cohorts`` and ``services.coproduction``: they render the
records those give the caller (for analysts, rounded and suppressed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from netmap.domain.access import AccessRole
from netmap.domain.errors import Suppressed
from netmap.services import cohorts, coproduction, people
from netmap.services.cohorts import CohortChoice, CohortFigures
from netmap.services.context import Context
from netmap.services.policy import grant
from netmap.store.people import PeopleFilter
from netmap.web.page_kit import PageError, context_of, date_param, principal_of, render
from netmap.web.pictures import TrendPoint, trend_summary


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def of(cls, request: Request) -> Period:
        """From ``from``/``to`` (default: the twelve months up to today)."""
        end = date_param(request, "to", date.today()) or date.today()
        return cls.checked(date_param(request, "from"), end)

    @classmethod
    def checked(cls, start: date | None, end: date) -> Period:
        """A period ending ``end``, by default of the twelve months before."""
        period = cls(start or _months_before(end, 12), end)
        if period.start >= period.end:
            raise PageError(400, "Check the dates", "'From' must be before 'to'.")
        return period


def _months_before(day: date, months: int) -> date:
    month = day.month - 1 - months
    return date(day.year + month // 12, month % 12 + 1, 1)


def trend_points(figures: list[CohortFigures]) -> list[TrendPoint]:
    return [TrendPoint(f.at.isoformat(), f.paid_only_share, f.isolated_share, f.size) for f in figures]


async def services_page(request: Request) -> Response:
    principal = principal_of(request)
    if principal is not None and principal.role is AccessRole.SERVICE_MANAGER and principal.scope_id:
        return RedirectResponse(f"/services/{principal.scope_id}", status_code=303)
    ctx = context_of(request)
    services = await cohorts.services_named(ctx)
    return render(request, "services.html", services=services)


async def dashboard_page(request: Request) -> Response:
    ctx = context_of(request)
    figures = await service_figures(ctx, request.path_params["id"], Period.of(request))
    await ctx.record_reads()
    return render(request, "dashboard.html", **figures)


async def trend(ctx: Context, service_id: str, period: Period) -> tuple[str, list[CohortFigures]]:
    """The service's name and its figures month by month over ``period``."""
    found = await cohorts.cohort_trend(ctx, CohortChoice(service_id=service_id), period.start, period.end)
    service = await cohorts.organisation(ctx, service_id)
    return service.name, found


async def service_figures(ctx: Context, service_id: str, period: Period) -> dict[str, Any]:
    """What a service's dashboard and its report show, as ``ctx``'s caller may see it. The
    early-warning list names people, so it is left out (None) for those who may not see them.
    The caller records ``ctx``'s reads before showing any of it."""
    warn_from = max(period.start, period.end - timedelta(days=31))
    name, figures = await trend(ctx, service_id, period)
    changes = None
    names: dict[str, str] = {}
    if grant("cohortChanges", ctx.principal) is not None:
        changes = await cohorts.changes(ctx, CohortChoice(service_id=service_id), warn_from, period.end)
        names = await _names(ctx, [*changes.became_paid_only, *changes.became_isolated,
                                   *(lost.person_id for lost in changes.lost_unpaid_ties)])  # fmt: skip
    try:
        assessment = await coproduction.self_assessment(ctx, service_id, period.end)
    except Suppressed:
        assessment = None
    points = trend_points(figures)
    return {
        "service": {"id": service_id, "name": name}, "trend": figures, "points": points, "changes": changes,
        "assessment": assessment, "names": names, "from_": period.start.isoformat(),
        "to": period.end.isoformat(), "warn_from": warn_from.isoformat(), "summary": trend_summary(name, points),
    }  # fmt: skip


async def _names(ctx: Context, ids: list[str]) -> dict[str, str]:
    """Names for the people on the early-warning list (those the caller may see)."""
    wanted = sorted(set(ids))[:100]
    if not wanted:
        return {}
    _, seen = await people.list_people(ctx, PeopleFilter(ids=wanted), first=100)
    return {s.id: s.name for s in seen if s is not None and s.id is not None}
