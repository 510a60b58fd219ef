"""Reviewing a person's network with them: when it was last done, and recording that it was
done today (only people reviewed in the last year count in a service's co-production evidence)."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from netmap.domain.access import AccessRole
from netmap.web.page_kit import answer, error_page, page_error, principal_of

REVIEWS = "query Reviews($id: ID!) { networkReviews(personId: $id) { date recordedBy } }"
RECORD = "mutation Reviewed($id: ID!) { recordNetworkReview(personId: $id) { date } }"
MAY_RECORD = (AccessRole.ADMIN, AccessRole.PLANNER, AccessRole.SERVICE_MANAGER)


async def review_summary(request: Request, person_id: str) -> dict[str, Any]:
    """The last review, and whether the caller may record one; nothing if they may not see reviews."""
    found = await answer(request, REVIEWS, {"id": person_id})
    reviews = [] if found.errors or found.data is None else found.data["networkReviews"]
    principal = principal_of(request)
    last = reviews[-1] if reviews else None
    stale = last is None or (date.today() - date.fromisoformat(last["date"])).days >= 365
    return {"last": last, "stale": stale, "may_record": principal is not None and principal.role in MAY_RECORD}


async def reviewed_page(request: Request) -> Response:
    """POST: the network was gone over with the person today; back to their page."""
    person_id = request.path_params["id"]
    found = await answer(request, RECORD, {"id": person_id})
    if found.errors or found.data is None:
        return error_page(request, page_error(found))
    return RedirectResponse(f"/people/{person_id}?reviewed=1", status_code=303)
