"""The public directory as Open Referral UK JSON, at /openreferral/services."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from netmap.openreferral import export_directory
from netmap.store.activities import all_activities
from netmap.store.connection import Store
from netmap.store.organisations import get_organisations


async def directory_document(store: Store) -> dict[str, Any]:
    activities = await store.read(all_activities)
    organisations = await store.read(get_organisations, sorted({a.organisation_id for a in activities}))
    return export_directory(activities, organisations)


async def openreferral_services(request: Request) -> Response:
    """Public: every listed activity as an ORUK service."""
    return JSONResponse(await directory_document(request.app.state.store))
