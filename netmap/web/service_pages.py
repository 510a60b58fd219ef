"""The services list and a service's dashboard: paid-only and isolated shares
month by month, the early-warning list and the co-production self-assessment."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from netmap.domain.access import AccessRole
from netmap.web.page_kit import PageError, ask, date_param, error_page, principal_of, render
from netmap.web.pictures import TrendPoint, trend_summary

SERVICES = """
query { organisations(kind: SERVICE, first: 100) { edges { node { id name area } } } }
"""

TREND_FIGURES = "at size notCounted paidOnly paidOnlyShare isolated isolatedShare medianUnpaidTies suppressed"

TREND = f"""
query Trend($id: ID!, $from: Date!, $to: Date!) {{
  organisation(id: $id) {{ id name kind }}
  cohortTrend(cohort: {{serviceId: $id}}, from: $from, to: $to, every: MONTH) {{ {TREND_FIGURES} }}
}}
"""

DASHBOARD = f"""
query Dashboard($id: ID!, $from: Date!, $to: Date!, $warnFrom: Date!) {{
  organisation(id: $id) {{ id name kind }}
  cohortTrend(cohort: {{serviceId: $id}}, from: $from, to: $to, every: MONTH) {{ {TREND_FIGURES} }}
  cohortChanges(cohort: {{serviceId: $id}}, from: $warnFrom, to: $to) {{
    becamePaidOnly leftPaidOnly becameIsolated leftIsolation
    lostUnpaidTies {{ personId before after lost }}
  }}
  selfAssessment(serviceId: $id, at: $to) {{
    at people coverage {{ supported counted sentence }}
    principles {{
      principle status stage stageLabel reason trend comparedWith sentence
      indicators {{ name value higherIsBetter bars stage }}
    }}
  }}
}}
"""

NAMES = """
query Names($ids: [ID!]!) { people(ids: $ids, first: 100) { edges { node { id name } } } }
"""


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


def trend_points(figures: list[dict[str, Any]]) -> list[TrendPoint]:
    return [TrendPoint.of(f) for f in figures]


async def services_page(request: Request) -> Response:
    principal = principal_of(request)
    if principal is not None and principal.role is AccessRole.SERVICE_MANAGER and principal.scope_id:
        return RedirectResponse(f"/services/{principal.scope_id}", status_code=303)
    try:
        data = await ask(request, SERVICES)
    except PageError as error:
        return error_page(request, error)
    services = [edge["node"] for edge in data["organisations"]["edges"]]
    return render(request, "services.html", services=services)


async def dashboard_page(request: Request) -> Response:
    try:
        figures = await service_figures(lambda query, variables: ask(request, query, variables),
                                        request.path_params["id"], Period.of(request))  # fmt: skip
    except PageError as error:
        return error_page(request, error)
    return render(request, "dashboard.html", **figures)


Ask = Callable[[str, dict[str, Any]], Awaitable[dict[str, Any]]]
"""Sends a GraphQL query with variables and returns its data, as some caller."""


async def service_figures(ask: Ask, service_id: str, period: Period) -> dict[str, Any]:
    """What a service's dashboard and its report show, asked of the API by ``ask``."""
    warn_from = max(period.start, period.end - timedelta(days=31))
    variables = {"id": service_id, "from": period.start.isoformat(), "to": period.end.isoformat(),
                 "warnFrom": warn_from.isoformat()}  # fmt: skip
    data = await ask(DASHBOARD, variables)
    service = _service(data)
    names = await _names(ask, data["cohortChanges"])
    points = trend_points(data["cohortTrend"])
    return {
        "service": service, "trend": data["cohortTrend"], "points": points, "changes": data["cohortChanges"],
        "assessment": data["selfAssessment"], "names": names, "from_": period.start.isoformat(),
        "to": period.end.isoformat(), "warn_from": warn_from.isoformat(),
        "summary": trend_summary(service["name"], points),
    }  # fmt: skip


def _service(data: dict[str, Any]) -> dict[str, Any]:
    service = data.get("organisation")
    if service is None:
        raise PageError(404, "Not found", "There is no such service.")
    return service


async def _names(ask: Ask, changes: dict[str, Any]) -> dict[str, str]:
    """Names for the people on the early-warning list (those the caller may see)."""
    ids = sorted(
        set(changes["becamePaidOnly"]) | set(changes["becameIsolated"]) | {c["personId"] for c in changes["lostUnpaidTies"]}
    )[:100]
    if not ids:
        return {}
    data = await ask(NAMES, {"ids": ids})
    return {edge["node"]["id"]: edge["node"]["name"] for edge in data["people"]["edges"]}
