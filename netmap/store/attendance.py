"""Attendance at dated sessions, volunteering hours, and the rule that turns
repeated attendance into membership.

The rule (documented in docs/activities.md): a person who has come to
ATTEND_THRESHOLD sessions of one activity within ATTEND_WINDOW_DAYS becomes
an ATTENDEE participant of the organisation that runs it, from the first of
those sessions, unless they already take part in it in that role then. The
first volunteering at an activity likewise makes them a VOLUNTEER of it.
Nobody types these in; they are recorded by "attendance rule".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.activities import Activity
from netmap.domain.activity_inputs import AttendanceInput, VolunteeringInput
from netmap.domain.errors import InvalidInput, NotFound, Problem
from netmap.domain.kinds import Role
from netmap.domain.records import Recorded
from netmap.domain.valid_time import Period
from netmap.store import feed
from netmap.store._convert import as_date, recorded_props
from netmap.store._locks import lock_nodes
from netmap.store._nodes import missing_ids
from netmap.store.activities import get_activities

ATTEND_THRESHOLD = 3
ATTEND_WINDOW_DAYS = 90
RULE = "attendance rule"


@dataclass(frozen=True)
class AttendanceResult:
    activity_id: str
    date: date
    recorded: int
    """People whose attendance this call added (repeats are not counted twice)."""
    new_attendees: list[str]
    """People who have just become ATTENDEE participants by the rule."""


def qualifying_start(days: list[date]) -> date | None:
    """The first day of the earliest run of ATTEND_THRESHOLD attendances within the window."""
    ordered = sorted(set(days))
    for i in range(len(ordered) - ATTEND_THRESHOLD + 1):
        if (ordered[i + ATTEND_THRESHOLD - 1] - ordered[i]).days < ATTEND_WINDOW_DAYS:
            return ordered[i]
    return None


async def _session(tx: AsyncManagedTransaction, activity_id: str, day: date, today: date) -> Activity:
    found = (await get_activities(tx, [activity_id])).get(activity_id)
    if found is None:
        raise NotFound("activity", activity_id)
    if day > today:
        raise InvalidInput([Problem("date", "NOT_A_SESSION", "attendance is recorded on or after the day")])
    if not found.schedule.has_session_on(day):
        raise InvalidInput(
            [Problem("date", "NOT_A_SESSION", f"{found.title} has no session on {day.isoformat()}")]
        )
    return found


async def _people_exist(tx: AsyncManagedTransaction, ids: list[str]) -> None:
    """Refuse unknown people, then lock the others: their attendance and what the rule
    derives from it are checked before they are written."""
    missing = await missing_ids(tx, "Person", ids)
    if missing:
        raise NotFound("person", missing[0])
    await lock_nodes(tx, ids)


async def _derive(
    tx: AsyncManagedTransaction, activity: Activity, person_id: str, role: Role, since: date, now: datetime
) -> bool:
    """Record a derived participation unless one in that role already covers ``since``."""
    result = await tx.run(
        "MATCH (:Person {id: $p})-[r:PARTICIPATES {role: $role}]->(:Organisation {id: $o}) "
        "RETURN r.since AS since, r.until AS until",
        p=person_id,
        role=role.value,
        o=activity.organisation_id,
    )
    wanted = Period(since)
    async for row in result:
        if Period(as_date(row["since"]), as_date(row["until"])).overlaps(wanted):  # type: ignore[arg-type]
            return False
    feed.note(person_id)
    await tx.run(
        "MATCH (a:Person {id: $p}), (b:Organisation {id: $o}) CREATE (a)-[r:PARTICIPATES]->(b) SET r = $props",
        p=person_id,
        o=activity.organisation_id,
        props={
            "id": str(uuid.uuid4()),
            "role": role.value,
            "title": activity.title,
            "activity_id": activity.id,
            "since": since,
            "until": None,
            **recorded_props(Recorded(RULE, now)),
        },
    )
    return True


async def record_attendance(
    tx: AsyncManagedTransaction, given: AttendanceInput, by: Recorded, today: date
) -> AttendanceResult:
    activity = await _session(tx, given.activity_id, given.date, today)
    await _people_exist(tx, given.person_ids)
    result = await tx.run(
        "MATCH (a:Activity {id: $activity}) UNWIND $people AS pid MATCH (p:Person {id: pid}) "
        "OPTIONAL MATCH (p)-[old:ATTENDED {date: $day}]->(a) "
        "WITH a, p, old WHERE old IS NULL "
        "CREATE (p)-[r:ATTENDED]->(a) SET r = $props RETURN p.id AS id",
        activity=activity.id,
        people=given.person_ids,
        day=given.date,
        props={"date": given.date, **recorded_props(by)},
    )
    added = [row["id"] async for row in result]
    history = await tx.run(
        "MATCH (p:Person)-[r:ATTENDED]->(:Activity {id: $activity}) WHERE p.id IN $people "
        "RETURN p.id AS id, collect(r.date) AS days",
        activity=activity.id,
        people=given.person_ids,
    )
    new_attendees = []
    async for row in history:
        start = qualifying_start([as_date(d) for d in row["days"]])  # type: ignore[misc]
        if start and await _derive(tx, activity, row["id"], Role.ATTENDEE, start, by.at):
            new_attendees.append(row["id"])
    return AttendanceResult(activity.id, given.date, len(added), sorted(new_attendees))


async def record_volunteering(
    tx: AsyncManagedTransaction, given: VolunteeringInput, by: Recorded, today: date
) -> dict[str, Any]:
    activity = await _session(tx, given.activity_id, given.date, today)
    await _people_exist(tx, [given.person_id])
    await tx.run(
        "MATCH (p:Person {id: $p}), (a:Activity {id: $a}) "
        "MERGE (p)-[r:VOLUNTEERED {date: $day}]->(a) SET r.hours = $hours, r += $stamp",
        p=given.person_id,
        a=activity.id,
        day=given.date,
        hours=given.hours,
        stamp=recorded_props(by),
    )
    became = await _derive(tx, activity, given.person_id, Role.VOLUNTEER, given.date, by.at)
    return {"personId": given.person_id, "hours": given.hours, "becameVolunteer": became}


async def attendance_counts(
    tx: AsyncManagedTransaction, activity_ids: list[str], start: date, end: date
) -> dict[str, dict[str, int]]:
    """Per activity, how many sessions each person came to between two dates."""
    result = await tx.run(
        "UNWIND $ids AS aid MATCH (p:Person)-[r:ATTENDED]->(:Activity {id: aid}) "
        "WHERE r.date >= $start AND r.date <= $end RETURN aid, p.id AS pid, count(r) AS n",
        ids=activity_ids,
        start=start,
        end=end,
    )
    found: dict[str, dict[str, int]] = {aid: {} for aid in activity_ids}
    async for row in result:
        found[row["aid"]][row["pid"]] = int(row["n"])
    return found
