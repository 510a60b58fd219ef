"""The people list and a person's page: their relationship circles at a date,
side by side with an earlier date, as pictures and as tables."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from netmap.web.page_kit import PageError, ask, date_param, error_page, render
from netmap.web.pictures import RINGS, circles_summary
from netmap.web.review_pages import review_summary
from netmap.web.service_kit import caller, may

PEOPLE = """
query People($search: String, $after: String) {
  people(search: $search, first: 50, after: $after) {
    edges { node { id name area interests } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

CIRCLES = """
fragment Circles on Measures {
  at
  circles {
    intimacy { kind id name relation title }
    friendship { kind id name relation title }
    participation { kind id name relation title }
    exchange { kind id name relation title }
  }
}
"""

MEASURES = (
    CIRCLES
    + """
fragment Shown on Measures {
  ...Circles
  unpaidTies paidTies communityParticipations paidOnly isolated egoSize effectiveSize reachTwoSteps
  enclaveShare connectedBeyondService
}
"""
)

PERSON = (
    MEASURES
    + """
query Person($id: ID!, $at: Date!, $compare: Date!, $withCompare: Boolean!) {
  person(id: $id) {
    id name area interests view
    now: measures(at: $at) { ...Shown }
    before: measures(at: $compare) @include(if: $withCompare) { ...Shown }
  }
}
"""
)

MEASURE_ROWS = (
    ("unpaidTies", "People linked by an unpaid tie"),
    ("paidTies", "People linked by a paid tie"),
    ("communityParticipations", "Parts in community groups"),
    ("paidOnly", "Paid contact only"),
    ("isolated", "Isolated"),
    ("egoSize", "Contacts in all"),
    ("effectiveSize", "Contacts who are not redundant (effective size)"),
    ("reachTwoSteps", "People within two steps"),
    ("enclaveShare", "Share of unpaid contacts inside their services"),
    ("connectedBeyondService", "Unpaid links beyond their services"),
)


async def people_page(request: Request) -> Response:
    search = request.query_params.get("search") or None
    try:
        data = await ask(request, PEOPLE, {"search": search, "after": request.query_params.get("after")})
    except PageError as error:
        return error_page(request, error)
    page = data["people"]
    more = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
    people = [edge["node"] for edge in page["edges"]]
    return render(request, "people.html", people=people, search=search, more=more)


async def person_page(request: Request) -> Response:
    try:
        at = date_param(request, "at", date.today())
        compare = date_param(request, "compare")
        person = await _person(request, request.path_params["id"], at, compare)  # type: ignore[arg-type]
        review = await review_summary(request, person["id"])
    except PageError as error:
        return error_page(request, error)
    views = []
    for key in ("before", "now"):
        measures = person.get(key)
        if measures:
            summary = circles_summary(person["name"], measures["at"], measures["circles"])
            views.append({"at": measures["at"], "measures": measures, "summary": summary})
    return render(
        request, "person.html", person=person, views=views, at=at.isoformat(),  # type: ignore[union-attr]
        compare=compare.isoformat() if compare else None, rings=RINGS, measure_rows=MEASURE_ROWS, review=review,
        may_map=may(caller(request), "recordTie"),
    )  # fmt: skip


async def _person(request: Request, id: str, at: date, compare: date | None) -> dict[str, Any]:
    variables = {"id": id, "at": at.isoformat(), "compare": (compare or at).isoformat(), "withCompare": bool(compare)}
    person = (await ask(request, PERSON, variables))["person"]
    if person is None:
        raise PageError(404, "Not found", "There is no such person, or they are not yours to see.")
    return person
