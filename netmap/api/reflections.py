"""Reflections through the API: a group's own judgement of its co-production, its action plan,
and netmap's evidence beside it (for services), with how that evidence moved afterwards."""

from __future__ import annotations

from datetime import date

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
from netmap.domain import reflections as model
from netmap.domain.access import AccessRole
from netmap.domain.errors import Forbidden, InvalidInput, NotFound, Problem
from netmap.domain.inputs import validated
from netmap.store.reflections import actions_by_id, add_actions, record_reflection, reflections, update_action


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
        data = validated(model.ReflectionInput, plain(input))
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
        given = validated(model.ActionsInput, {"actions": plain(actions)}).actions
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
        data = validated(model.ActionUpdate, plain(input))
        found = (await info.context.store.read(actions_by_id, [str(id)])).get(str(id))
        if found is None:
            raise NotFound("action", str(id))
        await _reflection_in_scope(info, found.reflection_id)
        changed = await info.context.write(
            "updateReflectionAction", lambda _: [], update_action, str(id), data, info.context.recorded()
        )
        return ReflectionActionType.of(changed, None)
