"""Pictures at stable URLs, for pages and for pasting into reports:

- ``/pictures/people/{id}/circles.svg|png?at=YYYY-MM-DD``
- ``/pictures/services/{id}/trend.svg|png?from=…&to=…``

They are drawn from what the services give the caller (bearer token or
signed-in browser), so a picture shows only what its caller may see.
"""

from __future__ import annotations

from datetime import date

import anyio
from starlette.requests import Request
from starlette.responses import Response

from netmap.services import people
from netmap.web.page_kit import PageError, context_of, date_param
from netmap.web.pictures import Format, circles_picture, trend_picture
from netmap.web.service_pages import Period, trend, trend_points


def _format(request: Request) -> Format:
    try:
        return Format(request.path_params["format"])
    except ValueError:
        raise PageError(404, "Not found", "Pictures are .svg or .png.") from None


def _picture(content: bytes, fmt: Format) -> Response:
    """A picture shows someone's relationships: never cached (``SecurityHeaders`` says no-store)."""
    return Response(content, media_type=fmt.media_type)


async def circles_image(request: Request) -> Response:
    fmt = _format(request)
    at = date_param(request, "at", date.today())
    assert at is not None
    ctx = context_of(request)
    person = await people.person(ctx, request.path_params["id"])
    network = await people.network_at(ctx, person, at)
    if network is None:
        raise PageError(404, "Not found", "No map to draw: no such person, not yours to see, or not mapped.")
    await ctx.record_reads()
    content = await anyio.to_thread.run_sync(circles_picture, person.name, network.at.isoformat(), network.circles, fmt)
    return _picture(content, fmt)


async def trend_image(request: Request) -> Response:
    fmt = _format(request)
    ctx = context_of(request)
    name, figures = await trend(ctx, request.path_params["id"], Period.of(request))
    await ctx.record_reads()
    content = await anyio.to_thread.run_sync(trend_picture, name, trend_points(figures), fmt)
    return _picture(content, fmt)
