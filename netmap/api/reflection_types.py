"""The GraphQL shape of reflections: inputs, the group's judgement and plan, and netmap's
evidence beside it, worked out only when a field asks for it."""

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
from netmap.domain import reflections as model
from netmap.domain.coproduction import Principle
from netmap.domain.kinds import OrganisationKind
from netmap.store.service_settings import settings_of

CapacityEnum = strawberry.enum(model.Capacity, name="Capacity", description="In what capacity people took part.")
ActionStatusEnum = strawberry.enum(model.ActionStatus, name="ActionStatus")


def plain(value: Any) -> Any:
    """Strawberry inputs as plain dicts and lists, leaving out fields not sent."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(v)
            for f in dataclasses.fields(value)
            if (v := getattr(value, f.name)) is not strawberry.UNSET and v is not None
        }
    if isinstance(value, list):
        return [plain(v) for v in value]
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
