"""The public directory as an Open Referral UK 3.0 API, under /openreferral/.

``/`` names the version and profile, ``/services`` pages through the listed activities
(``page``, ``per_page``, and the filters ``search`` or ``text``, ``taxonomy_term_id``,
``taxonomy_id`` and ``modified_after``), ``/services/{id}`` gives one. Read-only and public, so any origin may
read it (CORS), as the ORUK validator and other directories do from a browser.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, Router

from netmap.domain.activities import Activity
from netmap.interchange.oruk import OPENAPI_URL, PROFILE_URL, VERSION
from netmap.interchange.oruk_export import directory_page, last_modified, listed, terms_of, to_service
from netmap.store.activities import all_activities
from netmap.store.connection import Store
from netmap.store.organisations import get_organisations

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


def _since(request: Request) -> datetime | None:
    text = request.query_params.get("modified_after")
    if not text:
        return None
    try:
        since = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise ValueError("modified_after is a date and time, such as 2025-01-31T09:00:00Z") from None
    return since if since.tzinfo else since.replace(tzinfo=timezone.utc)


def _matches(activity: Activity, text: str | None, terms: set[str], since: datetime | None) -> bool:
    if text and text.casefold() not in f"{activity.title} {activity.description or ''}".casefold():
        return False
    if since is not None and last_modified(activity) < since:
        return False
    return terms <= terms_of(activity)


async def services(request: Request) -> Response:
    """A page of services; filters: search (or text), taxonomy_term_id, taxonomy_id, modified_after."""
    try:
        number = _whole(request, "page", 1, 10**6)
        per_page = _whole(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
        since = _since(request)
    except ValueError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=400)
    params = request.query_params
    text = params.get("search") or params.get("text")
    terms = {params[k] for k in ("taxonomy_term_id", "taxonomy_id") if params.get(k)}
    activities, organisations = await _directory(request.app.state.store)
    chosen = [a for a in activities if _matches(a, text, terms, since)]
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
