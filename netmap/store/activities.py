"""Activities: registration, changes, the directory search."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.activities import Activity, Repeat, Schedule, Status, Weekday
from netmap.domain.activity_inputs import ActivityInput, schedule_of
from netmap.domain.inputs import OrganisationInput
from netmap.domain.errors import NotFound
from netmap.domain.records import Recorded
from netmap.store import feed
from netmap.store._convert import as_date, native, recorded, recorded_props
from netmap.store._locks import lock_node
from netmap.store._nodes import get_nodes, missing_ids, page_nodes, update_node
from netmap.store.pages import After, Page

LABEL = "Activity"


@dataclass(frozen=True)
class ActivityFilter:
    """The directory search: every given condition must hold."""

    interest: str | None = None
    area: str | None = None
    weekday: Weekday | None = None
    features: tuple[str, ...] = ()
    """Every one of these accessibility features must be offered."""
    free: bool | None = None
    text: str | None = None
    """Part of the title or description, any case."""
    organisation_id: str | None = None
    include_ended: bool = False


def _schedule_props(schedule: Schedule) -> dict[str, Any]:
    weekdays = (
        sorted({Weekday.of(d).value for d in schedule.dates})
        if schedule.repeat is Repeat.ONE_OFF
        else [schedule.day.value]
    )
    return {
        "repeat": schedule.repeat.value,
        "starts": schedule.starts,
        "ends": schedule.ends,
        "dates": list(schedule.dates),
        "weekday": schedule.weekday.value if schedule.weekday else None,
        "week_of_month": schedule.week_of_month,
        "at": schedule.at.strftime("%H:%M") if schedule.at else None,
        "finishes": schedule.finishes.strftime("%H:%M") if schedule.finishes else None,
        "weekdays": weekdays,
    }


def _search_key(title: str, description: str | None) -> str:
    return f"{title} {description or ''}".casefold()


def activity_props(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.id,
        "organisation_id": activity.organisation_id,
        "title": activity.title,
        "name_key": activity.title.casefold(),
        "search_key": _search_key(activity.title, activity.description),
        "status": activity.status.value,
        "description": activity.description,
        "interests": list(activity.interests),
        "venue": activity.venue,
        "area": activity.area,
        "accessibility": list(activity.accessibility),
        "cost_pence": activity.cost_pence,
        "cost_note": activity.cost_note,
        "contact": activity.contact,
        "modified_at": activity.modified,
        **_schedule_props(activity.schedule),
        **recorded_props(activity.recorded),
    }


def activity(props: Mapping[str, Any]) -> Activity:
    at, finishes = props.get("at"), props.get("finishes")
    return Activity(
        id=props["id"],
        organisation_id=props["organisation_id"],
        title=props["title"],
        schedule=Schedule(
            repeat=Repeat(props["repeat"]),
            starts=as_date(props["starts"]),  # type: ignore[arg-type]
            ends=as_date(props.get("ends")),
            dates=tuple(as_date(d) for d in props.get("dates") or ()),  # type: ignore[misc]
            weekday=Weekday(props["weekday"]) if props.get("weekday") else None,
            week_of_month=props.get("week_of_month"),
            at=time.fromisoformat(at) if at else None,
            finishes=time.fromisoformat(finishes) if finishes else None,
        ),
        recorded=recorded(props),
        status=Status(props.get("status") or Status.ACTIVE.value),
        description=props.get("description"),
        interests=tuple(props.get("interests") or ()),
        venue=props.get("venue"),
        area=props.get("area"),
        accessibility=tuple(props.get("accessibility") or ()),
        cost_pence=props.get("cost_pence"),
        cost_note=props.get("cost_note"),
        contact=props.get("contact"),
        modified=native(props["modified_at"]) if props.get("modified_at") else None,
    )


def activity_of(id: str, given: ActivityInput, by: Recorded) -> Activity:
    """The activity a validated input describes."""
    return Activity(
        id=id,
        organisation_id=given.organisation_id,
        title=given.title,
        schedule=schedule_of(given.schedule),
        recorded=by,
        status=given.status,
        description=given.description,
        interests=tuple(given.interests),
        venue=given.venue,
        area=given.area,
        accessibility=tuple(given.accessibility),
        cost_pence=given.cost_pence,
        cost_note=given.cost_note,
        contact=given.contact,
    )


async def create_activity(tx: AsyncManagedTransaction, given: ActivityInput, by: Recorded) -> Activity:
    if await missing_ids(tx, "Organisation", [given.organisation_id]):
        raise NotFound("organisation", given.organisation_id)
    made = activity_of(str(uuid.uuid4()), given, by)
    await tx.run(
        "MATCH (o:Organisation {id: $o}) CREATE (o)-[:RUNS]->(a:Activity) SET a = $props",
        o=given.organisation_id,
        props=activity_props(made),
    )
    return made


async def get_activities(tx: AsyncManagedTransaction, ids: list[str]) -> dict[str, Activity]:
    return await get_nodes(tx, LABEL, ids, activity)


async def update_activity(
    tx: AsyncManagedTransaction, id: str, changes: dict[str, Any], at: datetime | None = None
) -> Activity:
    """Apply changes, noting when (``at``); the derived properties (search key, weekdays) follow.

    Locked first: the search key is computed from the title and description as read,
    so a concurrent change of the other one must wait to be read."""
    await lock_node(tx, LABEL, id)
    current = (await get_activities(tx, [id])).get(id)
    if current is None:
        raise NotFound("activity", id)
    stored = {k: getattr(v, "value", v) for k, v in changes.items() if k != "schedule"}
    if "schedule" in changes:
        stored.update(_schedule_props(schedule_of(changes["schedule"])))
    title = stored.get("title", current.title)
    description = stored["description"] if "description" in stored else current.description
    stored["search_key"] = _search_key(title, description)
    if "title" in stored:
        stored["name_key"] = title.casefold()
    if at is not None:
        stored["modified_at"] = at
    return await update_node(tx, LABEL, "activity", id, stored, activity)


async def page_activities(
    tx: AsyncManagedTransaction, where: ActivityFilter, after: After | None, limit: int
) -> Page[Activity]:
    conditions: list[str] = []
    params: dict[str, Any] = {}
    if not where.include_ended:
        conditions.append("n.status <> 'ENDED'")
    if where.interest:
        conditions.append("$interest IN n.interests")
        params["interest"] = where.interest.casefold()
    if where.area:
        conditions.append("n.area = $area")
        params["area"] = where.area
    if where.weekday:
        conditions.append("$weekday IN n.weekdays")
        params["weekday"] = where.weekday.value
    if where.features:
        conditions.append("all(f IN $features WHERE f IN n.accessibility)")
        params["features"] = list(where.features)
    if where.free is not None:
        conditions.append("(coalesce(n.cost_pence, -1) = 0) = $free")
        params["free"] = where.free
    if where.text:
        conditions.append("n.search_key CONTAINS $text")
        params["text"] = where.text.casefold()
    if where.organisation_id:
        conditions.append("n.organisation_id = $organisation")
        params["organisation"] = where.organisation_id
    return await page_nodes(tx, LABEL, conditions, params, after, limit, activity)


async def all_activities(tx: AsyncManagedTransaction) -> list[Activity]:
    result = await tx.run("MATCH (n:Activity) WHERE n.status <> 'ENDED' RETURN properties(n) AS n")
    return [activity(row["n"]) async for row in result]


async def merge_directory(
    tx: AsyncManagedTransaction,
    organisations: list[tuple[str, OrganisationInput]],
    activities: list[tuple[str, ActivityInput]],
    by: Recorded,
) -> dict[str, int]:
    """Write imported organisations (kept if they exist) and activities (replaced if they exist)."""
    org_rows = [
        {"id": id, "props": {"id": id, "name": o.name, "name_key": o.name.casefold(), "kind": o.kind.value,
                             "description": o.description, "interests": [], "accessibility": [], **recorded_props(by)}}
        for id, o in organisations
    ]  # fmt: skip
    feed.note_many(row["id"] for row in org_rows)
    await tx.run(
        "UNWIND $rows AS row MERGE (n:Organisation {id: row.id}) ON CREATE SET n = row.props", rows=org_rows
    )
    rows = [
        {"id": id, "organisation": given.organisation_id, "props": activity_props(activity_of(id, given, by))}
        for id, given in activities
    ]
    await tx.run(
        "UNWIND $rows AS row MATCH (o:Organisation {id: row.organisation}) "
        "MERGE (a:Activity {id: row.id}) SET a = row.props MERGE (o)-[:RUNS]->(a)",
        rows=rows,
    )
    return {"organisations": len(org_rows), "activities": len(rows)}
