"""Reviewing a person's network with them: when it was last done, and recording that it was
done today (only people reviewed in the last year count in a service's co-production evidence)."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from netmap.domain.errors import NetmapError
from netmap.services import reviews
from netmap.services.context import Context
from netmap.services.policy import grant
from netmap.web.page_kit import context_of


async def review_summary(ctx: Context, person_id: str) -> dict[str, Any]:
    """The last review, and whether the caller may record one; nothing if they may not see reviews."""
    try:
        found = await reviews.network_reviews(ctx, person_id)
    except NetmapError:
        found = []
    last = found[-1] if found else None
    stale = last is None or (date.today() - last.date).days >= 365
    return {"last": last, "stale": stale, "may_record": grant("recordNetworkReview", ctx.principal) is not None}


async def reviewed_page(request: Request) -> Response:
    """POST: the network was gone over with the person today; back to their page."""
    person_id = request.path_params["id"]
    await reviews.record_network_review(context_of(request), person_id)
    return RedirectResponse(f"/people/{person_id}?reviewed=1", status_code=303)
