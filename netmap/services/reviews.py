"""Network reviews: going over a person's network with them, and when it was last done
(only people reviewed in the last year count in a service's co-production evidence)."""

from __future__ import annotations

from datetime import date

from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.reviews import NetworkReview
from netmap.services.context import Context
from netmap.services.guards import person_in_scope, person_to_name
from netmap.store.reviews import record_review, reviews_of


async def network_reviews(ctx: Context, person_id: str) -> list[NetworkReview]:
    """The person's reviews, oldest first, if the caller may see them."""
    ctx.allow("networkReviews")
    await person_in_scope(ctx, "networkReviews", person_id)
    ctx.note_read(person_id, "networkReviews")
    return await ctx.store.read(reviews_of, person_id)


async def record_network_review(ctx: Context, person_id: str, on: date | None = None) -> NetworkReview:
    """Record that the person's network was gone over with them on ``on`` (default today)."""
    ctx.allow("recordNetworkReview")
    day = on or ctx.today
    if day > ctx.today:
        raise InvalidInput([Problem("on", "OUT_OF_RANGE", "a review cannot be in the future")])
    await person_to_name(ctx, "recordNetworkReview", person_id, owns_map=True)
    return await ctx.write(
        "recordNetworkReview", lambda r: [r.person_id], record_review, person_id, day, ctx.recorded()
    )
