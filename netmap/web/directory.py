"""The public directory as an Open Referral UK 3.0 API, under /openreferral/.

``/`` names the version and profile, ``/services`` pages through the listed activities
(``page``, ``per_page``, and the profile's filters that fit: ``search`` or ``text``,
``taxonomy_term_id``, ``taxonomy_id``, ``modified_after``, ``day``, ``start_time``,
``end_time``), ``/services/{id}`` gives one. Read-only and public, so any origin may
read it (CORS), as the ORUK validator and other directories do from a browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timezone
from typing import Any

from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, Router

from netmap.domain.activities import Activity, Repeat, Weekday
from netmap.interchange.oruk import OPENAPI_URL, PROFILE_URL, VERSION
from netmap.interchange.oruk_export import DAY_CODES, directory_page, last_modified, listed, terms_of, to_service
from netmap.store.activities import all_activities
from netmap.store.connection import Store
from netmap.store.organisations import get_organisations

DAYS = {code: day for day, code in DAY_CODES.items()}
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500


async def _directory(store: Store) -> tuple[list[Activity], dict[str, Any]]:
    activities = await store.read(all_activities)
    organisations = await store.read(get_organisations, sorted({a.organisation_id for a in activities}))
    return activities, organisations


async def directory_document(store: Store) -> dict[str, Any]:
    """Every listed activity as services, on one page (``netmap directory export``)."""
    return directory_page(*await _directory(store))


async def about(request: Request) -> Response:
    return JSONResponse({"version": VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL})


def _whole(request: Request, name: str, default: int, most: int) -> int:
    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    if not text.isdigit() or not 1 <= int(text) <= most:
        raise ValueError(f"{name} is a whole number from 1 to {most}")
    return int(text)


def _since(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        since = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise ValueError("modified_after is a date and time, such as 2025-01-31T09:00:00Z") from None
    return since if since.tzinfo else since.replace(tzinfo=timezone.utc)


def _clock(name: str, text: str | None) -> time | None:
    try:
        return time.fromisoformat(text) if text else None
    except ValueError:
        raise ValueError(f"{name} is a time, such as 18:30") from None


def _day(text: str | None) -> Weekday | None:
    if not text:
        return None
    key = text.strip().upper()
    found = DAYS.get(key) or next((d for d in Weekday if d.value == key), None)
    if found is None:
        raise ValueError("day is a weekday: MO…SU or MONDAY…SUNDAY")
    return found


@dataclass(frozen=True)
class Filter:
    """The profile's filters that fit netmap's activities; each given one must hold."""

    text: str | None = None
    terms: frozenset[str] = frozenset()
    since: datetime | None = None
    day: Weekday | None = None
    start_time: time | None = None
    end_time: time | None = None

    @classmethod
    def of(cls, request: Request) -> Filter:
        """Raises ValueError naming a filter that is not what it should be."""
        q = request.query_params
        return cls(
            text=q.get("search") or q.get("text"),
            terms=frozenset(q[k] for k in ("taxonomy_term_id", "taxonomy_id") if q.get(k)),
            since=_since(q.get("modified_after")),
            day=_day(q.get("day")),
            start_time=_clock("start_time", q.get("start_time")),
            end_time=_clock("end_time", q.get("end_time")),
        )

    def matches(self, activity: Activity) -> bool:
        s = activity.schedule
        days = {Weekday.of(d) for d in s.dates} if s.repeat is Repeat.ONE_OFF else {s.day}
        return (
            (not self.text or self.text.casefold() in f"{activity.title} {activity.description or ''}".casefold())
            and (self.since is None or last_modified(activity) >= self.since)
            and self.terms <= terms_of(activity)
            and (self.day is None or self.day in days)
            and (self.start_time is None or (s.at is not None and s.at >= self.start_time))
            and (self.end_time is None or (s.finishes is not None and s.finishes <= self.end_time))
        )


async def services(request: Request) -> Response:
    """A page of services, filtered by ``Filter``."""
    try:
        number = _whole(request, "page", 1, 10**6)
        per_page = _whole(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
        where = Filter.of(request)
    except ValueError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=400)
    activities, organisations = await _directory(request.app.state.store)
    chosen = [a for a in activities if where.matches(a)]
    return JSONResponse(directory_page(chosen, organisations, number, per_page))


async def service(request: Request) -> Response:
    """One listed activity as a fully nested service."""
    activities, organisations = await _directory(request.app.state.store)
    found = next((a for a in listed(activities, organisations) if a.id == request.path_params["id"]), None)
    if found is None:
        return JSONResponse({"detail": "no such service"}, status_code=404)
    return JSONResponse(to_service(found, organisations[found.organisation_id]))


OPEN_REFERRAL = Mount(
    "/openreferral",
    app=CORSMiddleware(
        Router(routes=[Route("/", about), Route("/services", services), Route("/services/{id}", service)]),
        allow_origins=["*"],
        allow_methods=["GET"],
    ),
)
