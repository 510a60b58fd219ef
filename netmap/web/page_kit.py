"""What every page needs: the signed-in caller's service context, rendering a
template, and turning refusals and errors into pages a person can act on.

Pages are clients of ``netmap.services``: they call its functions with
:func:`context_of` and render the records they return. A ``NetmapError`` a
service raises (NOT_FOUND, FORBIDDEN, …) is turned into a page once, by
:func:`refusal_page`, the app's exception handler."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from netmap.web.auth import CallerUser
from netmap.domain.access import Principal
from netmap.domain.errors import NetmapError
from netmap.services.context import Context
from netmap.services.disclosure import DisclosureControl
from netmap.domain.dates import DateOutOfRange, in_range

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")

_STATUS = {
    "UNAUTHENTICATED": (401, "Please sign in"),
    "FORBIDDEN": (403, "Not yours to see"),
    "NOT_FOUND": (404, "Not found"),
    "STORE_UNAVAILABLE": (503, "The store is not answering"),
    "TIMEOUT": (503, "That took too long"),
    "WARMING_UP": (503, "Just started"),
}


class PageError(Exception):
    """Ends a page early with an error page of this status."""

    def __init__(self, status: int, heading: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.heading = heading
        self.message = message


def principal_of(request: Request) -> Principal | None:
    user = request.scope.get("user")
    return user.principal if isinstance(user, CallerUser) else None


def context_of(request: Request) -> Context:
    """The service context of this page request: its caller, the store and the app's analysis."""
    app = request.app
    return Context(
        store=app.state.store,
        principal=principal_of(request),
        network=app.state.network,
        disclosure=DisclosureControl(threshold=app.state.api.suppress_below),
    )


_FILES = ("/pictures/", "/exports/")
"""URLs that answer with files: their refusals are plain text, not pages."""


async def refusal_page(request: Request, exc: Exception) -> Response:
    """A service's refusal or failure as a page (or as text, for pictures and exports)."""
    assert isinstance(exc, NetmapError)
    status, heading = _STATUS.get(exc.code, (422, "That cannot be shown"))
    error = PageError(status, heading, exc.message)
    if request.url.path.startswith(_FILES):
        return plain_error(error)
    return error_page(request, error)


async def page_error_page(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageError)
    return plain_error(exc) if request.url.path.startswith(_FILES) else error_page(request, exc)


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    principal = principal_of(request)
    me = None if principal is None else {"name": principal.name, "subject": principal.subject, "role": principal.role.name}
    return TEMPLATES.TemplateResponse(request, template, {"me": me, **context}, status_code=status)


def error_page(request: Request, error: PageError) -> Response:
    if error.status == 401:
        return RedirectResponse(f"/sign-in?next={request.url.path}", status_code=303)
    return render(request, "error.html", status=error.status, heading=error.heading, message=error.message)


def plain_error(error: PageError) -> Response:
    """The error as text, for URLs that answer with files (pictures, exports)."""
    return PlainTextResponse(f"{error.heading}: {error.message}", status_code=error.status)


def date_param(request: Request, name: str, default: date | None = None) -> date | None:
    """A date from the query string; a malformed one, or one outside the dates netmap
    works with, is a 400 page, not a guess."""
    raw = request.query_params.get(name)
    if not raw:
        return default
    try:
        return in_range(date.fromisoformat(raw))
    except ValueError:
        raise PageError(400, "That date is not a date", f"{name}={raw!r}: use YYYY-MM-DD.") from None
    except DateOutOfRange as exc:
        raise PageError(400, "That date is out of range", f"{name}={raw!r}: {exc.message}") from None


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def _when(activity: dict[str, Any]) -> str:
    schedule = activity["schedule"]
    at = f" at {schedule['at'][:5]}" if schedule.get("at") else ""
    if schedule.get("at") and schedule.get("finishes"):
        at += f"–{schedule['finishes'][:5]}"
    day = (schedule.get("weekday") or "").capitalize()
    match schedule["repeat"]:
        case "WEEKLY":
            return f"Every {day}{at}"
        case "FORTNIGHTLY":
            return f"Every other {day}{at}"
        case "MONTHLY":
            week = schedule.get("weekOfMonth")
            nth = "last" if week == 5 else {1: "first", 2: "second", 3: "third", 4: "fourth"}.get(week, "")
            return f"The {nth} {day} of the month{at}"
        case _:
            return "On " + ", ".join(schedule.get("dates") or []) + at


def _cost(activity: dict[str, Any]) -> str:
    pence = activity.get("costPence")
    if pence is None:
        return "cost not stated"
    return "free" if pence == 0 else f"£{pence / 100:.2f}"


_FIELD_IDS = {"schedule": "repeat", "costPence": "cost"}


def _field_id(path: str) -> str:
    """The form control a problem's field path belongs to."""
    name = [part for part in path.split(".") if not part.isdigit()][-1]
    return _FIELD_IDS.get(name, name)


def _field_label(path: str) -> str:
    name = _field_id(path)
    return "".join(" " + c.lower() if c.isupper() else c for c in name).capitalize()


TEMPLATES.env.filters.update(
    yesno=_shown, number=_shown, percent=_percent, when=_when, cost=_cost, field_id=_field_id, field_label=_field_label
)
