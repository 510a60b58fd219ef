"""Reflections and their action plans.

A reflection is one node (who took part and the group's judgement of each
principle kept as JSON text: they are read and written whole); each action
is a node of its own, and every status it is given is another node, so
nothing a group recorded is ever overwritten.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.coproduction import Colour, Principle, Stage
from netmap.domain.errors import NotFound
from netmap.domain.records import Recorded
from netmap.domain.reflections import (
    Action,
    ActionInput,
    ActionStatus,
    ActionUpdate,
    Capacity,
    Participants,
    PrincipleJudgement,
    Reflection,
    ReflectionInput,
    StatusChange,
    judgements,
)
from netmap.store._convert import as_date, recorded, recorded_props


async def record_reflection(
    tx: AsyncManagedTransaction, given: ReflectionInput, organisation_id: str | None, by: Recorded
) -> Reflection:
    """Write a reflection held by ``organisation_id`` (None: council-wide) with its actions."""
    if organisation_id is not None:
        found = await tx.run("MATCH (o:Organisation {id: $id}) RETURN o.id AS id", id=organisation_id)
        if await found.single() is None:
            raise NotFound("organisation", organisation_id)
    reflection_id = str(uuid.uuid4())
    participants = tuple(Participants(p.capacity, p.count, tuple(p.names)) for p in given.participants)
    principles = judgements(given)
    await tx.run(
        "CREATE (r:Reflection) SET r = $props",
        props={
            "id": reflection_id, "organisation_id": organisation_id, "held_on": given.held_on, "title": given.title,
            "participants": json.dumps([_participants_json(p) for p in participants]),
            "principles": json.dumps([_judgement_json(j) for j in principles]), **recorded_props(by),
        },
    )  # fmt: skip
    if organisation_id is not None:
        await tx.run(
            "MATCH (o:Organisation {id: $org}), (r:Reflection {id: $id}) CREATE (o)-[:HELD]->(r)",
            org=organisation_id, id=reflection_id,
        )  # fmt: skip
    actions = await add_actions(tx, reflection_id, given.actions, by)
    return Reflection(reflection_id, organisation_id, given.held_on, participants, principles, tuple(actions), by, given.title)


async def add_actions(
    tx: AsyncManagedTransaction, reflection_id: str, given: list[ActionInput], by: Recorded
) -> list[Action]:
    """Add actions to a reflection's plan, each with its first status."""
    made = [
        Action(
            id=str(uuid.uuid4()), reflection_id=reflection_id, principle=a.principle, what=a.what, who=a.who,
            due=a.due, how=a.how, recorded=by, history=(StatusChange(a.status, None, by),),
        )
        for a in given
    ]  # fmt: skip
    if made:
        await tx.run(
            "MATCH (r:Reflection {id: $reflection}) UNWIND $rows AS row "
            "CREATE (r)-[:PLANS]->(a:ReflectionAction) SET a = row.action "
            "CREATE (a)-[:STATUS]->(c:ActionStatusChange) SET c = row.change",
            reflection=reflection_id,
            rows=[{"action": _action_props(a, i), "change": _change_props(a.id, a.history[0])} for i, a in enumerate(made)],
        )
    return made


async def update_action(tx: AsyncManagedTransaction, action_id: str, given: ActionUpdate, by: Recorded) -> Action:
    """Give an action a new status (and a note); the earlier ones are kept."""
    found = await actions_by_id(tx, [action_id])
    if action_id not in found:
        raise NotFound("action", action_id)
    change = StatusChange(given.status, given.note, by)
    await tx.run(
        "MATCH (a:ReflectionAction {id: $id}) CREATE (a)-[:STATUS]->(c:ActionStatusChange) SET c = $props",
        id=action_id,
        props=_change_props(action_id, change),
    )
    before = found[action_id]
    return Action(**{**before.__dict__, "history": (*before.history, change)})


async def reflections(
    tx: AsyncManagedTransaction, *, organisation_id: str | None = None, reflection_id: str | None = None,
    council_wide: bool = False,
) -> list[Reflection]:  # fmt: skip
    """Reflections, oldest first: of one organisation, the council-wide ones, one by id, or (no filter) all."""
    conditions, params = [], {}
    if organisation_id is not None:
        conditions.append("r.organisation_id = $org")
        params["org"] = organisation_id
    if council_wide:
        conditions.append("r.organisation_id IS NULL")
    if reflection_id is not None:
        conditions.append("r.id = $id")
        params["id"] = reflection_id
    where = f"WHERE {' AND '.join(conditions)} " if conditions else ""
    result = await tx.run(f"MATCH (r:Reflection) {where}RETURN properties(r) AS r ORDER BY r.held_on, r.recorded_at", params)
    rows = [row["r"] async for row in result]
    actions = await _actions_of(tx, [r["id"] for r in rows])
    return [_reflection(r, actions.get(r["id"], [])) for r in rows]


async def actions_by_id(tx: AsyncManagedTransaction, ids: list[str]) -> dict[str, Action]:
    result = await tx.run("MATCH (a:ReflectionAction) WHERE a.id IN $ids RETURN properties(a) AS a", ids=ids)
    rows = [row["a"] async for row in result]
    changes = await _changes_of(tx, [a["id"] for a in rows])
    return {a["id"]: _action(a, changes.get(a["id"], [])) for a in rows}


async def _actions_of(tx: AsyncManagedTransaction, reflection_ids: list[str]) -> dict[str, list[Action]]:
    result = await tx.run(
        "MATCH (a:ReflectionAction) WHERE a.reflection_id IN $ids RETURN properties(a) AS a ORDER BY a.recorded_at, a.seq",
        ids=reflection_ids,
    )
    rows = [row["a"] async for row in result]
    changes = await _changes_of(tx, [a["id"] for a in rows])
    found: dict[str, list[Action]] = {}
    for a in rows:
        found.setdefault(a["reflection_id"], []).append(_action(a, changes.get(a["id"], [])))
    return found


async def _changes_of(tx: AsyncManagedTransaction, action_ids: list[str]) -> dict[str, list[StatusChange]]:
    result = await tx.run(
        "MATCH (c:ActionStatusChange) WHERE c.action_id IN $ids RETURN properties(c) AS c ORDER BY c.recorded_at",
        ids=action_ids,
    )
    found: dict[str, list[StatusChange]] = {}
    async for row in result:
        c = row["c"]
        found.setdefault(c["action_id"], []).append(StatusChange(ActionStatus(c["status"]), c.get("note"), recorded(c)))
    return found


def _participants_json(p: Participants) -> dict[str, Any]:
    return {"capacity": p.capacity.value, "count": p.count, "names": list(p.names)}


def _judgement_json(j: PrincipleJudgement) -> dict[str, Any]:
    return {
        "principle": j.principle.value, "stage": j.stage.value if j.stage else None,
        "colour": j.colour.value if j.colour else None, "evidence": j.evidence, "ideas": list(j.ideas),
    }  # fmt: skip


def _action_props(a: Action, seq: int) -> dict[str, Any]:
    """``seq``: its place among the actions recorded with it, to keep the order they were given in."""
    return {
        "id": a.id, "reflection_id": a.reflection_id, "principle": a.principle.value if a.principle else None,
        "what": a.what, "who": a.who, "due": a.due, "how": a.how, "seq": seq, **recorded_props(a.recorded),
    }  # fmt: skip


def _change_props(action_id: str, change: StatusChange) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()), "action_id": action_id, "status": change.status.value, "note": change.note,
        **recorded_props(change.recorded),
    }  # fmt: skip


def _action(props: dict[str, Any], changes: list[StatusChange]) -> Action:
    return Action(
        id=props["id"], reflection_id=props["reflection_id"],
        principle=Principle(props["principle"]) if props.get("principle") else None, what=props["what"],
        who=props.get("who"), due=as_date(props.get("due")), how=props.get("how"), recorded=recorded(props),
        history=tuple(changes),
    )  # fmt: skip


def _reflection(props: dict[str, Any], actions: list[Action]) -> Reflection:
    held_on = as_date(props["held_on"])
    assert isinstance(held_on, date)
    participants = tuple(
        Participants(Capacity(p["capacity"]), int(p["count"]), tuple(p.get("names") or ()))
        for p in json.loads(props.get("participants") or "[]")
    )
    principles = tuple(
        PrincipleJudgement(
            Principle(j["principle"]), Stage(j["stage"]) if j.get("stage") else None,
            Colour(j["colour"]) if j.get("colour") else None, j.get("evidence"), tuple(j.get("ideas") or ()),
        )
        for j in json.loads(props.get("principles") or "[]")
    )  # fmt: skip
    return Reflection(
        id=props["id"], organisation_id=props.get("organisation_id"), held_on=held_on, participants=participants,
        principles=principles, actions=tuple(actions), recorded=recorded(props), title=props.get("title"),
    )  # fmt: skip
