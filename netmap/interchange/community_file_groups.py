"""Reading the community-group sections of a community file: activities, attendance,
volunteering and timebank exchanges; and reviews of people's networks
(see docs/community-files.md). ``netmap.store.community_activities`` writes them.

Attendance is written as given: the attendance rule that derives ATTENDEE
participations applies to attendance recorded through the API, while a
community file states its participations itself.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from netmap.domain.activity_inputs import ActivityInput, AttendanceInput, ExchangeInput, VolunteeringInput, schedule_of
from netmap.domain.community_records import ActivitySections
from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.inputs import validated

NAMESPACE = uuid.UUID("9d3f0b7a-3c0e-4a8e-8f0c-1b2a3c4d5e6f")


def _id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(map(str, parts))))


def missing_key(where: str, key: Any) -> Problem:
    """A reference to a key that no entry of the community has."""
    if key is None or key == "":
        return Problem(where, "EMPTY", "must name a key")
    return Problem(where, "NOT_FOUND", f"no key {key!r}")


def read_activity_sections(
    data: dict[str, Any],
    people: dict[str, str],
    organisations: dict[str, str],
    problems: list[Problem],
    today: date | None = None,
) -> ActivitySections:
    """Validate the sections, adding every problem to ``problems``."""
    today = today or date.today()
    found = ActivitySections()
    activities: dict[str, tuple[str, ActivityInput]] = {}

    def check(model: type[BaseModel], where: str, fields: dict[str, Any]) -> Any:
        try:
            return validated(model, fields)
        except InvalidInput as exc:
            problems.extend(Problem(f"{where}.{p.field}", p.code, p.message) for p in exc.problems)
            return None

    def key(table: dict[str, str], where: str, name: str, value: Any) -> str | None:
        if value not in table:
            problems.append(missing_key(f"{where}.{name}", value))
            return None
        return table[value]

    for i, row in enumerate(data.get("activities") or []):
        where = f"activities[{i}]"
        fields = {k: v for k, v in dict(row).items() if k not in ("key", "organisation")}
        org = key(organisations, where, "organisation", row.get("organisation"))
        if not row.get("key"):
            problems.append(Problem(f"{where}.key", "EMPTY", "every activity needs a key"))
            continue
        if row["key"] in activities:
            problems.append(Problem(f"{where}.key", "DUPLICATE_KEY", f"{row['key']!r} is used twice"))
            continue
        made = check(ActivityInput, where, {**fields, "organisation_id": org or "?"})
        if org and made:
            activities[row["key"]] = (_id("activity", row["key"]), made)
    found.activities = list(activities.values())
    by_key = activities

    def activity(where: str, activity_key: Any) -> str | None:
        if activity_key not in by_key:
            problems.append(Problem(f"{where}.activity", "NOT_FOUND", f"no activity {activity_key!r}"))
            return None
        return by_key[activity_key][0]

    def session(where: str, activity_key: Any, day: date) -> bool:
        """The checks of recordAttendance: a session of the activity on that day, not in the future."""
        given = by_key[activity_key][1]
        if day > today:
            problems.append(Problem(f"{where}.date", "NOT_A_SESSION", "attendance is recorded on or after the day"))
            return False
        if not schedule_of(given.schedule).has_session_on(day):
            problems.append(Problem(f"{where}.date", "NOT_A_SESSION", f"{given.title} has no session on {day}"))
            return False
        return True

    for i, row in enumerate(data.get("attendance") or []):
        where = f"attendance[{i}]"
        activity_id = activity(where, row.get("activity"))
        ids = [key(people, where, "people", p) for p in row.get("people") or []]
        made = check(AttendanceInput, where, {"activity_id": activity_id or "?", "date": row.get("date"),
                                              "person_ids": [i or "?" for i in ids]})  # fmt: skip
        if made and activity_id and all(ids) and session(where, row["activity"], made.date):
            found.attendance.append({"activity_id": activity_id, "date": made.date, "people": made.person_ids})
    for i, row in enumerate(data.get("volunteering") or []):
        where = f"volunteering[{i}]"
        activity_id = activity(where, row.get("activity"))
        person = key(people, where, "person", row.get("person"))
        made = check(VolunteeringInput, where, {"activity_id": activity_id or "?", "person_id": person or "?",
                                                "date": row.get("date"), "hours": row.get("hours")})  # fmt: skip
        if made and activity_id and person and session(where, row["activity"], made.date):
            found.volunteering.append(made)
    parties = {**organisations, **people}
    for i, row in enumerate(data.get("exchanges") or []):
        where = f"exchanges[{i}]"
        giver = key(parties, where, "giver", row.get("giver"))
        receiver = key(parties, where, "receiver", row.get("receiver"))
        timebank = key(organisations, where, "timebank", row["timebank"]) if row.get("timebank") else None
        made = check(ExchangeInput, where, {"giver_id": giver or "?", "receiver_id": receiver or "??",
                                            "hours": row.get("hours"), "date": row.get("date"),
                                            "what": row.get("what"), "timebank_id": timebank})  # fmt: skip
        if made and giver and receiver:
            found.exchanges.append((_id("exchange", i, giver, receiver, row.get("date")), made))
    for i, row in enumerate(data.get("reviews") or []):
        where = f"reviews[{i}]"
        day = row.get("date") if isinstance(row, dict) else None
        if not isinstance(day, date) or isinstance(day, datetime):
            problems.append(Problem(f"{where}.date", "INVALID_INPUT", "must be a date such as 2026-10-05"))
            continue
        for person in row.get("people") or []:
            if (person_id := key(people, where, "people", person)) is not None:
                found.reviews.append((_id("review", person_id, day), person_id, day))
    return found
