"""The GraphQL shape of reflections: inputs, the group's judgement and plan, and netmap's
evidence beside it, worked out only when a field asks for it."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

import strawberry

from netmap.analysis.assessment import INDICATOR_LABELS, indicator_value
from netmap.analysis.reflection import EvidencePoint
from netmap.api.context import Info
from netmap.api.measures import ColourEnum, PrincipleEnum, PrincipleEvidenceType, StageEnum, StatusEnum
from netmap.domain import reflections as model
from netmap.services import reflections
from netmap.services.reflections import Held

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

    @classmethod
    def of(cls, moved: reflections.Moved | None) -> Movement | None:
        if moved is None:
            return None
        return cls(from_date=moved.from_date, to_date=moved.to_date, sentence=moved.sentence,
                   points=[EvidencePointType.of(p) for p in moved.points])  # fmt: skip


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
    record: strawberry.Private[model.Action]
    reflection: strawberry.Private[Held | None]

    @classmethod
    def of(cls, a: model.Action, reflection: Held | None) -> ReflectionActionType:
        return cls(
            id=strawberry.ID(a.id), reflection_id=strawberry.ID(a.reflection_id), principle=a.principle, what=a.what,
            who=a.who, due=a.due, how=a.how, status=a.status, note=a.note, recorded_by=a.recorded.by,
            recorded_at=a.recorded.at,
            history=[StatusChange(status=c.status, note=c.note, recorded_by=c.recorded.by, recorded_at=c.recorded.at)
                     for c in a.history],
            record=a, reflection=reflection,
        )  # fmt: skip

    @strawberry.field(
        description=(
            "For an action with a date and a principle, in a service: how that principle's evidence moved "
            "from the reflection to the next one (or today), month by month."
        )
    )
    async def movement(self, info: Info) -> Movement | None:
        return Movement.of(await reflections.action_moved(info.context, self.reflection, self.record))


@strawberry.type(name="ReflectionPrinciple", description="One principle: the group's judgement, and netmap's figures beside it.")
class ReflectionPrincipleType:
    principle: PrincipleEnum
    stage: StageEnum | None = strawberry.field(description="The stage the group chose.")
    stage_label: str | None
    colour: ColourEnum | None = strawberry.field(description="The colour the group chose.")
    evidence: str | None = strawberry.field(description="Their evidence, in their words.")
    ideas: list[str]
    actions: list[ReflectionActionType]
    judged: strawberry.Private[reflections.Judged]
    reflection: strawberry.Private[Held]

    @strawberry.field(description="netmap's figures on the day of the reflection (services only): evidence, not a score.")
    async def measured(self, info: Info) -> PrincipleEvidenceType | None:
        found = await reflections.measured(info.context, self.reflection, self.judged.principle)
        return PrincipleEvidenceType.of(found) if found else None

    @strawberry.field(description="The figures beside the group's choice, in neutral words (services only).")
    async def beside(self, info: Info) -> str | None:
        return await reflections.beside_figures(info.context, self.reflection, self.judged.judgement)

    @strawberry.field(description="How this principle's evidence moved until the next reflection (or today).")
    async def movement(self, info: Info) -> Movement | None:
        return Movement.of(await reflections.moved(info.context, self.reflection, self.judged.principle))


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
    def of(cls, held: Held) -> ReflectionType:
        r = held.record
        actions = {a.id: ReflectionActionType.of(a, held) for a in r.actions}
        principles = [
            ReflectionPrincipleType(
                principle=j.principle, stage=j.judgement.stage,
                stage_label=j.judgement.stage.label if j.judgement.stage else None, colour=j.judgement.colour,
                evidence=j.judgement.evidence, ideas=list(j.judgement.ideas),
                actions=[actions[a.id] for a in j.actions], judged=j, reflection=held,
            )
            for j in held.principles()
        ]  # fmt: skip
        return cls(
            id=strawberry.ID(r.id), organisation_id=strawberry.ID(r.organisation_id) if r.organisation_id else None,
            held_on=r.held_on, title=r.title,
            participants=[ReflectionParticipants(capacity=p.capacity, count=p.count, names=list(p.names))
                          for p in r.participants],
            people_taking_part=held.people_taking_part, principles=principles,
            action_plan=[actions[a.id] for a in held.action_plan()],
            next_held_on=held.next_held_on, recorded_by=r.recorded.by, recorded_at=r.recorded.at,
        )  # fmt: skip
