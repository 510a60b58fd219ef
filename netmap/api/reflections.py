"""Reflections through the API: a group's own judgement of its co-production, its action plan,
and netmap's evidence beside it (for services), with how that evidence moved afterwards."""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import strawberry

from netmap.analysis.assessment import (
    INDICATOR_LABELS,
    PrincipleEvidence,
    Rating,
    indicator_value,
    service_evidence,
)
from netmap.analysis.reflection import EvidencePoint, beside, movement, movement_dates, ratings_on
from netmap.api.context import Info
from netmap.api.measures import ColourEnum, PrincipleEnum, PrincipleEvidenceType, StageEnum, StatusEnum
from netmap.api.permissions import Allowed
from netmap.domain import reflections as model
from netmap.domain.access import AccessRole
from netmap.domain.coproduction import Principle
from netmap.domain.errors import Forbidden, InvalidInput, NotFound, Problem
from netmap.domain.inputs import validated
from netmap.domain.kinds import OrganisationKind
from netmap.store.reflections import actions_by_id, add_actions, record_reflection, reflections, update_action
from netmap.store.service_settings import settings_of

CapacityEnum = strawberry.enum(model.Capacity, name="Capacity", description="In what capacity people took part.")
ActionStatusEnum = strawberry.enum(model.ActionStatus, name="ActionStatus")


def _plain(value: Any) -> Any:
    """Strawberry inputs as plain dicts and lists, leaving out fields not sent."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(v)
            for f in dataclasses.fields(value)
            if (v := getattr(value, f.name)) is not strawberry.UNSET and v is not None
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@strawberry.input(description="How many took part in one capacity; names only if they want them written down.")
class ParticipantsInput:
    capacity: CapacityEnum
    count: int
    names: list[str] | None = strawberry.UNSET


@strawberry.input(description="What the group said about one principle, in their own words.")
class PrincipleJudgementInput:
    principle: PrincipleEnum
    stage: StageEnum | None = strawberry.UNSET
    colour: ColourEnum | None = strawberry.UNSET
    evidence: str | None = strawberry.UNSET
    ideas: list[str] | None = strawberry.UNSET


@strawberry.input(description="One action: what, who, when (due) and how. principle null: the overall plan.")
class ActionInput:
    what: str
    principle: PrincipleEnum | None = strawberry.UNSET
    who: str | None = strawberry.UNSET
    due: date | None = strawberry.UNSET
    how: str | None = strawberry.UNSET
    status: ActionStatusEnum | None = strawberry.UNSET


@strawberry.input(
    description=(
        "A reflection as held. organisationId: the service or group that held it (default: your own; "
        "admins may leave it out for a council-wide reflection)."
    )
)
class ReflectionInput:
    held_on: date
    participants: list[ParticipantsInput]
    organisation_id: strawberry.ID | None = strawberry.UNSET
    title: str | None = strawberry.UNSET
    principles: list[PrincipleJudgementInput] | None = strawberry.UNSET
    actions: list[ActionInput] | None = strawberry.UNSET


@strawberry.input(description="A new status for an action, and how it went.")
class ActionUpdateInput:
    status: ActionStatusEnum
    note: str | None = strawberry.UNSET


@strawberry.type(description="How many took part in one capacity.")
class ReflectionParticipants:
    capacity: CapacityEnum
    count: int
    names: list[str]


@strawberry.type(description="A status an action was given, by whom and when.")
class StatusChange:
    status: ActionStatusEnum
    note: str | None
    recorded_by: str
    recorded_at: datetime


@strawberry.type(description="One figure on one date.")
class IndicatorValue:
    name: str
    label: str
    value: float | None
    shown: str = strawberry.field(description="As a page shows it: a percentage, or a count of parts.")


@strawberry.type(description="A principle's evidence on one date.")
class EvidencePointType:
    at: date
    status: StatusEnum
    stage: StageEnum | None
    stage_label: str | None
    indicators: list[IndicatorValue]

    @classmethod
    def of(cls, point: EvidencePoint) -> EvidencePointType:
        r = point.rating
        return cls(
            at=point.at, status=r.status, stage=r.stage, stage_label=r.stage.label if r.stage else None,
            indicators=[IndicatorValue(name=i.name, label=INDICATOR_LABELS.get(i.name, i.name), value=i.value,
                                       shown=indicator_value(i.name, i.value)) for i in r.indicators],
        )  # fmt: skip


@strawberry.type(
    description="How a principle's evidence moved from the reflection to the next one (or today), month by month."
)
class Movement:
    from_date: date
    to_date: date
    sentence: str
    points: list[EvidencePointType]


@dataclass
class _Measured:
    """netmap's figures for one reflection of a service: on the day, and month by month after."""

    on_the_day: dict[Principle, PrincipleEvidence]
    points: dict[Principle, list[EvidencePoint]]
    until: date


class _Lazy:
    """Works the figures out once per reflection, and only if a field asks for them."""

    def __init__(self, record: model.Reflection, until: date) -> None:
        self.record = record
        self.until = until
        self.lock = asyncio.Lock()
        self.found: _Measured | None = None
        self.done = False

    async def get(self, info: Info) -> _Measured | None:
        async with self.lock:
            if not self.done:
                self.found = await _measure(info, self.record, self.until)
                self.done = True
        return self.found


async def _measure(info: Info, record: model.Reflection, until: date) -> _Measured | None:
    service = record.organisation_id
    if service is None:
        return None
    snapshot = await info.context.network.get(info.context.store)
    found = snapshot.network.organisations.get(service)
    if found is None or found.kind is not OrganisationKind.SERVICE:
        return None
    timebank = (await info.context.store.read(settings_of, [service]))[service].timebank_id

    def work() -> _Measured:
        day = service_evidence(snapshot.network, service, record.held_on, timebank_id=timebank)
        dates = movement_dates(record.held_on, until)
        rated = ratings_on(snapshot.network, service, dates, timebank_id=timebank)
        points = {p: [EvidencePoint(d, rated[d][p]) for d in dates] for p in Principle}
        return _Measured({p.principle: p for p in day.principles}, points, until)

    return await asyncio.to_thread(work)


@strawberry.type(name="ReflectionAction", description="An action of a reflection's plan and how it is going.")
class ReflectionActionType:
    id: strawberry.ID
    reflection_id: strawberry.ID
    principle: PrincipleEnum | None
    what: str
    who: str | None
    due: date | None
    how: str | None
    status: ActionStatusEnum
    note: str | None
    recorded_by: str
    recorded_at: datetime
    history: list[StatusChange]
    lazy: strawberry.Private[_Lazy | None]

    @classmethod
    def of(cls, a: model.Action, lazy: _Lazy | None) -> ReflectionActionType:
        return cls(
            id=strawberry.ID(a.id), reflection_id=strawberry.ID(a.reflection_id), principle=a.principle, what=a.what,
            who=a.who, due=a.due, how=a.how, status=a.status, note=a.note, recorded_by=a.recorded.by,
            recorded_at=a.recorded.at,
            history=[StatusChange(status=c.status, note=c.note, recorded_by=c.recorded.by, recorded_at=c.recorded.at)
                     for c in a.history],
            lazy=lazy,
        )  # fmt: skip

    @strawberry.field(
        description=(
            "For an action with a date and a principle, in a service: how that principle's evidence moved "
            "from the reflection to the next one (or today), month by month."
        )
    )
    async def movement(self, info: Info) -> Movement | None:
        if self.due is None or self.principle is None or self.lazy is None:
            return None
        return await _movement(info, self.lazy, Principle(self.principle))


async def _movement(info: Info, lazy: _Lazy, principle: Principle) -> Movement | None:
    found = await lazy.get(info)
    if found is None:
        return None
    points = found.points[principle]
    return Movement(from_date=points[0].at, to_date=points[-1].at, sentence=movement(points),
                    points=[EvidencePointType.of(p) for p in points])  # fmt: skip


@strawberry.type(name="ReflectionPrinciple", description="One principle: the group's judgement, and netmap's figures beside it.")
class ReflectionPrincipleType:
    principle: PrincipleEnum
    stage: StageEnum | None = strawberry.field(description="The stage the group chose.")
    stage_label: str | None
    colour: ColourEnum | None = strawberry.field(description="The colour the group chose.")
    evidence: str | None = strawberry.field(description="Their evidence, in their words.")
    ideas: list[str]
    actions: list[ReflectionActionType]
    lazy: strawberry.Private[_Lazy | None]

    @strawberry.field(description="netmap's figures on the day of the reflection (services only): evidence, not a score.")
    async def measured(self, info: Info) -> PrincipleEvidenceType | None:
        found = await self.lazy.get(info) if self.lazy else None
        return PrincipleEvidenceType.of(found.on_the_day[Principle(self.principle)]) if found else None

    @strawberry.field(description="The figures beside the group's choice, in neutral words (services only).")
    async def beside(self, info: Info) -> str | None:
        found = await self.lazy.get(info) if self.lazy else None
        if found is None:
            return None
        measured = found.on_the_day[Principle(self.principle)]
        rating = Rating(measured.stage, measured.status, measured.indicators, measured.reason)
        return beside(self.stage, rating)

    @strawberry.field(description="How this principle's evidence moved until the next reflection (or today).")
    async def movement(self, info: Info) -> Movement | None:
        return await _movement(info, self.lazy, Principle(self.principle)) if self.lazy else None


@strawberry.type(name="Reflection", description="A group's reflection on its co-production, with its action plan.")
class ReflectionType:
    id: strawberry.ID
    organisation_id: strawberry.ID | None = strawberry.field(description="Null: a council-wide reflection.")
    held_on: date
    title: str | None
    participants: list[ReflectionParticipants]
    people_taking_part: int
    principles: list[ReflectionPrincipleType] = strawberry.field(description="All four, in the tool's order.")
    action_plan: list[ReflectionActionType] = strawberry.field(
        description="The overall plan: every action, by date (undated last), then who."
    )
    next_held_on: date | None = strawberry.field(description="When the same group next reflected.")
    recorded_by: str
    recorded_at: datetime

    @classmethod
    def of(cls, r: model.Reflection, next_held_on: date | None, today: date) -> ReflectionType:
        lazy = _Lazy(r, next_held_on or max(today, r.held_on)) if r.organisation_id else None
        actions = [ReflectionActionType.of(a, lazy) for a in r.actions]
        said = {j.principle: j for j in r.principles}
        principles = []
        for p in Principle:
            j = said.get(p, model.PrincipleJudgement(p, None, None, None))
            principles.append(ReflectionPrincipleType(
                principle=p, stage=j.stage, stage_label=j.stage.label if j.stage else None, colour=j.colour,
                evidence=j.evidence, ideas=list(j.ideas), actions=[a for a in actions if a.principle == p], lazy=lazy,
            ))  # fmt: skip
        plan = sorted(actions, key=lambda a: (a.due is None, a.due or date.max, a.who or ""))
        return cls(
            id=strawberry.ID(r.id), organisation_id=strawberry.ID(r.organisation_id) if r.organisation_id else None,
            held_on=r.held_on, title=r.title,
            participants=[ReflectionParticipants(capacity=p.capacity, count=p.count, names=list(p.names))
                          for p in r.participants],
            people_taking_part=sum(p.count for p in r.participants), principles=principles, action_plan=plan,
            next_held_on=next_held_on, recorded_by=r.recorded.by, recorded_at=r.recorded.at,
        )  # fmt: skip


def _own(info: Info) -> str | None:
    """The organisation a service manager or organiser acts for; None for admins."""
    principal = info.context.principal
    if principal and principal.role in (AccessRole.SERVICE_MANAGER, AccessRole.COMMUNITY_ORGANISER):
        return principal.scope_id or ""
    return None


def _with_next(found: list[model.Reflection], today: date) -> list[ReflectionType]:
    """Each reflection with the date its group next reflected."""
    by_group: dict[str | None, list[model.Reflection]] = {}
    for r in found:
        by_group.setdefault(r.organisation_id, []).append(r)
    result = []
    for r in found:
        later = [o.held_on for o in by_group[r.organisation_id] if o.held_on > r.held_on]
        result.append(ReflectionType.of(r, min(later) if later else None, today))
    return result


async def _reflection_in_scope(info: Info, reflection_id: str) -> model.Reflection:
    found = await info.context.store.read(reflections, reflection_id=reflection_id)
    own = _own(info)
    if not found or (own is not None and found[0].organisation_id != own):
        raise NotFound("reflection", reflection_id)
    return found[0]


async def _reflection_of(info: Info, record: model.Reflection) -> ReflectionType:
    group = await info.context.store.read(
        reflections, organisation_id=record.organisation_id, council_wide=record.organisation_id is None
    )
    return next(r for r in _with_next(group, info.context.today) if str(r.id) == record.id)


@strawberry.type
class ReflectionQuery:
    @strawberry.field(
        permission_classes=[Allowed],
        description=(
            "Reflections, oldest first: your own organisation's (service managers, organisers), or any "
            "organisation's, or all (admins). id: just that one."
        ),
    )
    async def reflections(
        self, info: Info, organisation_id: strawberry.ID | None = None, id: strawberry.ID | None = None
    ) -> list[ReflectionType]:
        own = _own(info)
        if own is not None and organisation_id is not None and str(organisation_id) != own:
            raise Forbidden("You see your own organisation's reflections only.")
        if id is not None:
            one = await info.context.store.read(reflections, reflection_id=str(id))
            if not one or (own is not None and one[0].organisation_id != own):
                return []
            if organisation_id is not None and one[0].organisation_id != str(organisation_id):
                return []
            return [await _reflection_of(info, one[0])]
        group = own if own is not None else (str(organisation_id) if organisation_id is not None else None)
        found = await info.context.store.read(reflections, organisation_id=group)
        return _with_next(found, info.context.today)


@strawberry.type
class ReflectionMutation:
    @strawberry.mutation(
        permission_classes=[Allowed],
        description=(
            "Records a reflection as the group held it: who took part, their stage, colour, evidence and "
            "ideas for each principle, and the actions they chose."
        ),
    )
    async def record_reflection(self, info: Info, input: ReflectionInput) -> ReflectionType:
        data = validated(model.ReflectionInput, _plain(input))
        own = _own(info)
        if own is not None and data.organisation_id not in (None, own):
            raise Forbidden("You record your own organisation's reflections only.")
        organisation = own if own is not None else data.organisation_id
        if data.held_on > info.context.today:
            raise InvalidInput([Problem("heldOn", "OUT_OF_RANGE", "a reflection is recorded once it has been held")])
        made = await info.context.write(
            "recordReflection", lambda _: [], record_reflection, data, organisation, info.context.recorded()
        )
        return await _reflection_of(info, made)

    @strawberry.mutation(permission_classes=[Allowed], description="Adds actions to a reflection's plan.")
    async def add_reflection_actions(
        self, info: Info, reflection_id: strawberry.ID, actions: list[ActionInput]
    ) -> ReflectionType:
        given = validated(model.ActionsInput, {"actions": _plain(actions)}).actions
        record = await _reflection_in_scope(info, str(reflection_id))
        await info.context.write(
            "addReflectionActions", lambda _: [], add_actions, record.id, given, info.context.recorded()
        )
        return await _reflection_of(info, await _reflection_in_scope(info, record.id))

    @strawberry.mutation(
        permission_classes=[Allowed], description="Gives an action a new status and a note; earlier ones are kept."
    )
    async def update_reflection_action(
        self, info: Info, id: strawberry.ID, input: ActionUpdateInput
    ) -> ReflectionActionType:
        data = validated(model.ActionUpdate, _plain(input))
        found = (await info.context.store.read(actions_by_id, [str(id)])).get(str(id))
        if found is None:
            raise NotFound("action", str(id))
        await _reflection_in_scope(info, found.reflection_id)
        changed = await info.context.write(
            "updateReflectionAction", lambda _: [], update_action, str(id), data, info.context.recorded()
        )
        return ReflectionActionType.of(changed, None)
