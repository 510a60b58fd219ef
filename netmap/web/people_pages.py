"""The people list and a person's page: their relationship circles at a date,
side by side with an earlier date, as pictures and as tables."""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import Response

from netmap.services import people
from netmap.store.people import PeopleFilter
from netmap.web.page_kit import date_param, render, context_of
from netmap.web.pictures import CLOSENESS_WORDS, RINGS, circles_summary
from netmap.web.review_pages import review_summary
from netmap.web.service_kit import may

MEASURE_ROWS = (
    ("unpaid_ties", "People linked by an unpaid tie"),
    ("paid_ties", "People linked by a paid tie"),
    ("community_participations", "Parts in community groups"),
    ("paid_only", "Paid contact only"),
    ("isolated", "Isolated"),
    ("ego_size", "Contacts in all"),
    ("effective_size", "Contacts who are not redundant (effective size)"),
    ("reach_two_steps", "People within two steps"),
    ("enclave_share", "Share of unpaid contacts inside their services"),
    ("connected_beyond_service", "Unpaid links beyond their services"),
    ("unpaid_in_touch_monthly", "Unpaid contacts in touch at least monthly"),
    ("unpaid_contact_frequency_recorded", "Unpaid contacts asked how often in touch"),
    ("close_unpaid_ties", "Unpaid contacts they feel close to"),
    ("unpaid_closeness_recorded", "Unpaid contacts asked how close"),
)
"""The measures a person's page shows, by their name in ``analysis.person.PersonMeasures``."""


async def people_page(request: Request) -> Response:
    ctx = context_of(request)
    search = request.query_params.get("search") or None
    page, seen = await people.list_people(ctx, PeopleFilter(search=search), request.query_params.get("after"))
    await ctx.record_reads()
    shown = [person for person in seen if person is not None]
    return render(request, "people.html", people=shown, search=search, more=people.end_cursor(page))


async def person_page(request: Request) -> Response:
    at = date_param(request, "at", date.today())
    compare = date_param(request, "compare")
    assert at is not None
    ctx = context_of(request)
    person = await people.person(ctx, request.path_params["id"])
    review = await review_summary(ctx, person.record.id)
    views = []
    for day in (compare, at) if compare else (at,):
        network = await people.network_at(ctx, person, day)
        if network is not None:
            summary = circles_summary(person.name, network.at.isoformat(), network.circles)
            views.append({"at": network.at.isoformat(), "network": network, "summary": summary})
    await ctx.record_reads()
    return render(
        request, "person.html", person=person, views=views, at=at.isoformat(),
        compare=compare.isoformat() if compare else None, rings=RINGS, measure_rows=MEASURE_ROWS, review=review,
        closeness_words=CLOSENESS_WORDS,
        may_map=may(ctx, "recordTie"),
    )  # fmt: skip
