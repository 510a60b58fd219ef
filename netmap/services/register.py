"""An activity's attendance register as its organisers see it: the recent
session dates and the group's participants on a date, each shown only if the
one rule (``visibility``) lets this caller see them."""

from __future__ import annotations

import asyncio

from dataclasses import dataclass
from datetime import date, timedelta

from netmap.domain.activities import Activity
from netmap.domain.records import Organisation, Person
from netmap.services import guards
from netmap.services.context import Context
from netmap.services.mapping import activity
from netmap.store.attendance import attendance_counts
from netmap.store.participations import page_participants

RECENT_DAYS = 56
"""How far back the register offers session dates (eight weeks)."""
MAX_LISTED = 500


@dataclass(frozen=True)
class Register:
    activity: Activity
    organisation: Organisation | None
    sessions: tuple[date, ...]
    """Recent session dates, the latest first (attendance is recorded on or after the day)."""
    day: date | None
    participants: tuple[Person, ...]
    came: frozenset[str]
    """Which of them are already recorded as having come to that session."""


async def register(ctx: Context, activity_id: str, day: date | None = None) -> Register:
    """The register of one session (default the latest up to today); organisers: only their own group's."""
    ctx.allow("participants")
    found = await activity(ctx, activity_id)
    guards.require_own_organisation(ctx, found.organisation_id)
    today = ctx.today
    sessions = tuple(reversed(found.schedule.sessions(today - timedelta(days=RECENT_DAYS), today)))
    chosen = day if day is not None else (sessions[0] if sessions else None)
    page = await ctx.store.read(
        page_participants, found.organisation_id, chosen or today, None, None, MAX_LISTED, ctx.scope("participants")
    )
    people = await ctx.loaders.person.load_many([p.person_id for p in page.items])
    candidates = [p for p in dict.fromkeys(people) if p is not None and p.consent.mapped]
    views = await asyncio.gather(*(ctx.view_of(p, operation="participants") for p in candidates))
    shown = [person for person, view in zip(candidates, views) if view is not None]
    for person in shown:
        ctx.note_read(person.id, "participants")
    counts = await ctx.store.read(attendance_counts, [found.id], chosen, chosen) if chosen else {found.id: {}}
    came = frozenset(p.id for p in shown if p.id in counts[found.id])
    organisation = await ctx.loaders.organisation.load(found.organisation_id)
    return Register(found, organisation, sessions, chosen, tuple(shown), came)
