"""Activities in the public directory: finding them, one activity, and registering and
changing them (organisers: their own group's only).

The directory pages and the GraphQL API call these functions, so an activity is
checked by the same rules (``domain.activity_inputs``) and permitted by the same
policy whichever way it came.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from netmap.domain import activities as model
from netmap.domain import activity_inputs as rules
from netmap.domain.errors import NotFound
from netmap.domain.inputs import validated
from netmap.domain.records import Organisation
from netmap.services.context import Context
from netmap.services.guards import require_own_organisation
from netmap.services.policy import Grant, grant
from netmap.store.activities import ActivityFilter, create_activity, get_activities, page_activities, update_activity
from netmap.store.organisations import OrganisationFilter, page_organisations
from netmap.store.pages import MAX_PAGE, Page, decode_cursor, page_size

UPCOMING_DAYS = 366
"""How far ahead the next sessions are looked for."""
MAX_SESSIONS = 50


async def activity(ctx: Context, activity_id: str) -> model.Activity:
    """One activity (public); NOT_FOUND for an unknown id."""
    ctx.allow("activity")
    return await _find(ctx, activity_id)


async def _find(ctx: Context, activity_id: str) -> model.Activity:
    found = (await ctx.store.read(get_activities, [activity_id])).get(activity_id)
    if found is None:
        raise NotFound("activity", activity_id)
    return found


async def activities(
    ctx: Context, where: ActivityFilter, after: str | None = None, first: int = MAX_PAGE
) -> Page[model.Activity]:
    """One page of the directory, in title order; a made-up cursor or page size is bad input."""
    ctx.allow("activities")
    return await ctx.store.read(page_activities, where, decode_cursor(after), page_size(first))


def next_sessions(found: model.Activity, start: date, count: int = 5) -> list[date]:
    """The next ``count`` session dates from ``start`` while it runs; none if paused or ended."""
    if found.status is not model.Status.ACTIVE:
        return []
    end = date.fromordinal(start.toordinal() + UPCOMING_DAYS)
    return found.schedule.sessions(start, end)[: max(0, min(count, MAX_SESSIONS))]


async def organisation_of(ctx: Context, found: model.Activity) -> Organisation:
    """The organisation that runs the activity (every activity has one)."""
    organisation = await ctx.loaders.organisation.load(found.organisation_id)
    if organisation is None:
        raise LookupError(f"activity {found.id} has no organisation")
    return organisation


async def organisations_for_new(ctx: Context) -> list[Organisation]:
    """Whom the caller may register an activity for: any (admins), or their own group."""
    granted = ctx.allow("createActivity")
    if granted is Grant.ALL:
        page = await ctx.store.read(page_organisations, OrganisationFilter(), None, MAX_PAGE)
        return list(page.items)
    principal = ctx.principal
    own = await ctx.loaders.organisation.load(principal.scope_id or "") if principal else None
    return [own] if own is not None else []


async def create(ctx: Context, given: dict[str, Any]) -> model.Activity:
    """Register an activity from ``given`` (``rules.ActivityInput``'s fields); bad input writes nothing."""
    ctx.allow("createActivity")
    data = validated(rules.ActivityInput, given)
    require_own_organisation(ctx, data.organisation_id)
    return await ctx.write("createActivity", lambda _: [], create_activity, data, ctx.recorded())


async def update(ctx: Context, activity_id: str, given: dict[str, Any]) -> model.Activity:
    """Change the fields ``given`` (null clears one); organisers change only their own group's."""
    ctx.allow("updateActivity")
    data = validated(rules.ActivityUpdate, given)
    require_own_organisation(ctx, (await _find(ctx, activity_id)).organisation_id)
    return await ctx.write(
        "updateActivity", lambda _: [], update_activity, activity_id, data.changes(), ctx.recorded().at
    )


def may_change(ctx: Context, organisation_id: str) -> bool:
    """Whether the caller may change an activity of this organisation (to offer them the form):
    the policy's grant, and for organisers their own group's only, as ``update`` checks."""
    granted = grant("updateActivity", ctx.principal)
    if granted is None or ctx.principal is None:
        return False
    return granted is Grant.ALL or ctx.principal.scope_id == organisation_id
