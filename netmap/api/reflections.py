"""Reflections through the API: a group's own judgement of its co-production, its action plan,
and netmap's evidence beside it (for services), with how that evidence moved afterwards.
The work is ``services.reflections``', as for the reflection pages."""

from __future__ import annotations

import strawberry

from netmap.api.context import Info
from netmap.api.permissions import Allowed
from netmap.api.reflection_types import (
    ActionInput,
    ActionUpdateInput,
    ReflectionActionType,
    ReflectionInput,
    ReflectionType,
    plain,
)
from netmap.services import reflections


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
        found = await reflections.reflections(
            info.context, str(organisation_id) if organisation_id is not None else None,
            str(id) if id is not None else None,
        )  # fmt: skip
        return [ReflectionType.of(held) for held in found]


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
        return ReflectionType.of(await reflections.record(info.context, plain(input)))

    @strawberry.mutation(permission_classes=[Allowed], description="Adds actions to a reflection's plan.")
    async def add_reflection_actions(
        self, info: Info, reflection_id: strawberry.ID, actions: list[ActionInput]
    ) -> ReflectionType:
        return ReflectionType.of(await reflections.add(info.context, str(reflection_id), plain(actions)))

    @strawberry.mutation(
        permission_classes=[Allowed], description="Gives an action a new status and a note; earlier ones are kept."
    )
    async def update_reflection_action(
        self, info: Info, id: strawberry.ID, input: ActionUpdateInput
    ) -> ReflectionActionType:
        changed = await reflections.change_action(info.context, str(id), plain(input))
        return ReflectionActionType.of(changed, None)
