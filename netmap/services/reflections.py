"""Reflections: a group's own judgement of its co-production and its action plan, with
netmap's evidence beside it (for services) and how that evidence moved afterwards.

The reflection pages and the GraphQL API call these functions, so who may see and
record a reflection, and the figures set beside it, are decided once.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from netmap.analysis.assessment import PrincipleEvidence, Rating, service_evidence
from netmap.analysis.reflection import EvidencePoint, beside, movement, movement_dates, ratings_on
from netmap.domain import reflections as model
from netmap.domain.access import AccessRole
from netmap.domain.coproduction import Principle
from netmap.domain.errors import Forbidden, InvalidInput, NotFound, Problem
from netmap.domain.inputs import validated
from netmap.domain.kinds import OrganisationKind
from netmap.domain.records import Organisation
from netmap.services.context import Context
from netmap.store.reflections import actions_by_id, add_actions, record_reflection, reflections as stored
from netmap.store.reflections import update_action
from netmap.store.service_settings import settings_of


def own_organisation(ctx: Context) -> str | None:
    """The organisation a service manager or organiser acts for; None for admins."""
    principal = ctx.principal
    if principal and principal.role in (AccessRole.SERVICE_MANAGER, AccessRole.COMMUNITY_ORGANISER):
        return principal.scope_id or ""
    return None


@dataclass(frozen=True)
class Measured:
    """netmap's figures for one reflection of a service: on the day, and month by month after."""

    on_the_day: dict[Principle, PrincipleEvidence]
    points: dict[Principle, list[EvidencePoint]]
    until: date


class Evidence:
    """Works a reflection's figures out once, and only if something asks for them."""

    def __init__(self, record: model.Reflection, until: date) -> None:
        self.record = record
        self.until = until
        self.lock = asyncio.Lock()
        self.found: Measured | None = None
        self.done = False

    async def get(self, ctx: Context) -> Measured | None:
        async with self.lock:
            if not self.done:
                self.found = await _measure(ctx, self.record, self.until)
                self.done = True
        return self.found


async def _measure(ctx: Context, record: model.Reflection, until: date) -> Measured | None:
    service = record.organisation_id
    if service is None:
        return None
    snapshot = await ctx.network.get(ctx.store)
    found = snapshot.network.organisations.get(service)
    if found is None or found.kind is not OrganisationKind.SERVICE:
        return None
    timebank = (await ctx.store.read(settings_of, [service]))[service].timebank_id

    def work() -> Measured:
        day = service_evidence(snapshot.network, service, record.held_on, timebank_id=timebank)
        dates = movement_dates(record.held_on, until)
        rated = ratings_on(snapshot.network, service, dates, timebank_id=timebank)
        points = {p: [EvidencePoint(d, rated[d][p]) for d in dates] for p in Principle}
        return Measured({p.principle: p for p in day.principles}, points, until)

    return await asyncio.to_thread(work)


@dataclass(frozen=True)
class Moved:
    """How a principle's evidence moved from the reflection to the next one (or today), month by month."""

    from_date: date
    to_date: date
    sentence: str
    points: list[EvidencePoint]


@dataclass(frozen=True)
class Judged:
    """One principle: the group's judgement (blank if they said nothing) and its actions."""

    judgement: model.PrincipleJudgement
    actions: tuple[model.Action, ...]

    @property
    def principle(self) -> Principle:
        return self.judgement.principle


@dataclass(frozen=True)
class Held:
    """A reflection, when its group next reflected, and its figures (worked out when asked)."""

    record: model.Reflection
    next_held_on: date | None
    evidence: Evidence | None = field(compare=False)

    @property
    def people_taking_part(self) -> int:
        return sum(p.count for p in self.record.participants)

    def principles(self) -> list[Judged]:
        """All four principles, in the tool's order."""
        said = {j.principle: j for j in self.record.principles}
        return [
            Judged(said.get(p, model.PrincipleJudgement(p, None, None, None)),
                   tuple(a for a in self.record.actions if a.principle == p))
            for p in Principle
        ]  # fmt: skip

    def action_plan(self) -> list[model.Action]:
        """Every action, by date (undated last), then who."""
        return sorted(self.record.actions, key=lambda a: (a.due is None, a.due or date.max, a.who or ""))


def held(record: model.Reflection, next_held_on: date | None, today: date) -> Held:
    until = next_held_on or max(today, record.held_on)
    return Held(record, next_held_on, Evidence(record, until) if record.organisation_id else None)


def _with_next(found: list[model.Reflection], today: date) -> list[Held]:
    """Each reflection with the date its group next reflected."""
    by_group: dict[str | None, list[model.Reflection]] = {}
    for r in found:
        by_group.setdefault(r.organisation_id, []).append(r)
    result = []
    for r in found:
        later = [o.held_on for o in by_group[r.organisation_id] if o.held_on > r.held_on]
        result.append(held(r, min(later) if later else None, today))
    return result


async def measured(ctx: Context, reflection: Held, principle: Principle) -> PrincipleEvidence | None:
    """netmap's figures for the principle on the day of the reflection (services only)."""
    found = await reflection.evidence.get(ctx) if reflection.evidence else None
    return found.on_the_day[principle] if found else None


async def beside_figures(ctx: Context, reflection: Held, judgement: model.PrincipleJudgement) -> str | None:
    """The figures beside the group's choice, in neutral words (services only)."""
    found = await measured(ctx, reflection, judgement.principle)
    if found is None:
        return None
    return beside(judgement.stage, Rating(found.stage, found.status, found.indicators, found.reason))


async def moved(ctx: Context, reflection: Held, principle: Principle) -> Moved | None:
    """How the principle's evidence moved until the next reflection (or today); services only."""
    found = await reflection.evidence.get(ctx) if reflection.evidence else None
    if found is None:
        return None
    points = found.points[principle]
    return Moved(points[0].at, points[-1].at, movement(points), points)


async def action_moved(ctx: Context, reflection: Held | None, action: model.Action) -> Moved | None:
    """For an action with a date and a principle: how that principle's evidence moved."""
    if reflection is None or action.due is None or action.principle is None:
        return None
    return await moved(ctx, reflection, action.principle)


async def reflections(
    ctx: Context, organisation_id: str | None = None, reflection_id: str | None = None
) -> list[Held]:
    """Reflections, oldest first: the caller's own organisation's (service managers, organisers),
    or any organisation's, or all (admins); ``reflection_id``: just that one, if theirs."""
    ctx.allow("reflections")
    own = own_organisation(ctx)
    if own is not None and organisation_id is not None and organisation_id != own:
        raise Forbidden("You see your own organisation's reflections only.")
    if reflection_id is not None:
        one = await ctx.store.read(stored, reflection_id=reflection_id)
        if not one or (own is not None and one[0].organisation_id != own):
            return []
        if organisation_id is not None and one[0].organisation_id != organisation_id:
            return []
        return [await _held(ctx, one[0])]
    group = own if own is not None else organisation_id
    return _with_next(await ctx.store.read(stored, organisation_id=group), ctx.today)


async def reflection(ctx: Context, reflection_id: str) -> Held:
    """One reflection the caller holds; NOT_FOUND otherwise (as for an unknown id)."""
    found = await reflections(ctx, reflection_id=reflection_id)
    if not found:
        raise NotFound("reflection", reflection_id)
    return found[0]


async def holder(ctx: Context, organisation_id: str) -> Organisation:
    """The organisation whose reflections the caller asks about: their own (admins: any)."""
    ctx.allow("reflections")
    own = own_organisation(ctx)
    if own is not None and organisation_id != own:
        raise Forbidden("You see and record your own organisation's reflections only.")
    found = await ctx.loaders.organisation.load(organisation_id)
    if found is None:
        raise NotFound("organisation", organisation_id)
    return found


async def _in_scope(ctx: Context, reflection_id: str) -> model.Reflection:
    found = await ctx.store.read(stored, reflection_id=reflection_id)
    own = own_organisation(ctx)
    if not found or (own is not None and found[0].organisation_id != own):
        raise NotFound("reflection", reflection_id)
    return found[0]


async def _held(ctx: Context, record: model.Reflection) -> Held:
    group = await ctx.store.read(
        stored, organisation_id=record.organisation_id, council_wide=record.organisation_id is None
    )
    return next(r for r in _with_next(group, ctx.today) if r.record.id == record.id)


async def record(ctx: Context, given: dict[str, Any]) -> Held:
    """Record a reflection as the group held it (``model.ReflectionInput``'s fields); bad input writes nothing."""
    ctx.allow("recordReflection")
    data = validated(model.ReflectionInput, given)
    own = own_organisation(ctx)
    if own is not None and data.organisation_id not in (None, own):
        raise Forbidden("You record your own organisation's reflections only.")
    organisation = own if own is not None else data.organisation_id
    if data.held_on > ctx.today:
        raise InvalidInput([Problem("heldOn", "OUT_OF_RANGE", "a reflection is recorded once it has been held")])
    made = await ctx.write("recordReflection", lambda _: [], record_reflection, data, organisation, ctx.recorded())
    return await _held(ctx, made)


async def add(ctx: Context, reflection_id: str, given: list[dict[str, Any]]) -> Held:
    """Add actions (``model.ActionInput``'s fields) to a reflection's plan."""
    ctx.allow("addReflectionActions")
    actions = validated(model.ActionsInput, {"actions": given}).actions
    found = await _in_scope(ctx, reflection_id)
    await ctx.write("addReflectionActions", lambda _: [], add_actions, found.id, actions, ctx.recorded())
    return await _held(ctx, await _in_scope(ctx, found.id))


async def change_action(ctx: Context, action_id: str, given: dict[str, Any]) -> model.Action:
    """Give an action a new status and a note (``model.ActionUpdate``'s fields); earlier ones are kept."""
    ctx.allow("updateReflectionAction")
    data = validated(model.ActionUpdate, given)
    found = (await ctx.store.read(actions_by_id, [action_id])).get(action_id)
    if found is None:
        raise NotFound("action", action_id)
    await _in_scope(ctx, found.reflection_id)
    return await ctx.write("updateReflectionAction", lambda _: [], update_action, action_id, data, ctx.recorded())
