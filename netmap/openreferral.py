"""The activity directory as Open Referral UK services, and back.

Open Referral UK (the UK profile of the Human Services Data Specification)
is how community directories exchange listings. Each activity becomes one
ORUK *service* of its organisation, with its schedule as
``regular_schedules`` (RFC 5545-style ``freq``/``interval``/``byday``), its
venue and accessibility as a *location*, its cost as ``cost_options`` and its
interests as ``service_taxonomys``. The mapping is in docs/activities.md.

Import validates every service before anything is written and names each
problem by its place (``services[2].regular_schedules[0].byday``).
"""

from __future__ import annotations

import uuid
from typing import Any

from netmap.domain.activities import LAST_WEEK, Activity, Repeat, Status, Weekday
from netmap.domain.activity_inputs import ActivityInput
from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.inputs import OrganisationInput, validated
from netmap.domain.kinds import OrganisationKind
from netmap.domain.records import Organisation

NAMESPACE = uuid.UUID("0c5b8a1e-2f7d-4d51-9a55-7f0f4f1f8b21")
INTEREST_VOCABULARY = "netmap-interests"
_DAYS = {"MO": Weekday.MONDAY, "TU": Weekday.TUESDAY, "WE": Weekday.WEDNESDAY, "TH": Weekday.THURSDAY,
         "FR": Weekday.FRIDAY, "SA": Weekday.SATURDAY, "SU": Weekday.SUNDAY}  # fmt: skip
_CODES = {day: code for code, day in _DAYS.items()}


def imported_id(kind: str, source_id: str) -> str:
    """The same netmap id for the same ORUK id on every import."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{source_id}"))


def _schedules(activity: Activity) -> list[dict[str, Any]]:
    s = activity.schedule
    common = {"opens_at": s.at.strftime("%H:%M") if s.at else None, "description": None}
    if s.repeat is Repeat.ONE_OFF:
        return [
            {"id": f"{activity.id}-{d.isoformat()}", "dtstart": d.isoformat(), "freq": None, "interval": None,
             "byday": None, "valid_from": d.isoformat(), "valid_to": d.isoformat(), **common}
            for d in s.dates
        ]  # fmt: skip
    week = s.week_of_month or 1
    byday = _CODES[s.day] if s.repeat is not Repeat.MONTHLY else f"{-1 if week >= LAST_WEEK else week}{_CODES[s.day]}"
    return [
        {
            "id": activity.id,
            "dtstart": s.starts.isoformat(),
            "freq": "MONTHLY" if s.repeat is Repeat.MONTHLY else "WEEKLY",
            "interval": 2 if s.repeat is Repeat.FORTNIGHTLY else 1,
            "byday": byday,
            "valid_from": s.starts.isoformat(),
            "valid_to": s.ends.isoformat() if s.ends else None,
            **common,
        }
    ]


def to_service(activity: Activity, organisation: Organisation) -> dict[str, Any]:
    """One activity as an ORUK service."""
    return {
        "id": activity.id,
        "name": activity.title,
        "description": activity.description or "",
        "status": "active" if activity.status is Status.ACTIVE else "inactive",
        "organization": {"id": organisation.id, "name": organisation.name, "description": organisation.description or ""},
        "regular_schedules": _schedules(activity),
        "service_at_locations": [
            {
                "id": f"{activity.id}-location",
                "location": {
                    "id": f"{activity.id}-location",
                    "name": activity.venue or "",
                    "physical_addresses": [{"address_1": activity.venue or "", "city": activity.area or ""}],
                    "accessibility_for_disabilities": [{"accessibility": f} for f in activity.accessibility],
                },
            }
        ],
        "cost_options": (
            [] if activity.cost_pence is None
            else [{"id": f"{activity.id}-cost", "amount": activity.cost_pence / 100, "option": activity.cost_note}]
        ),
        "contacts": [{"id": f"{activity.id}-contact", "name": activity.contact}] if activity.contact else [],
        "service_taxonomys": [
            {"taxonomy": {"id": f"interest:{tag}", "name": tag, "vocabulary": INTEREST_VOCABULARY}}
            for tag in activity.interests
        ],
    }  # fmt: skip


def export_directory(activities: list[Activity], organisations: dict[str, Organisation]) -> dict[str, Any]:
    """Every listed (not ended) activity, in title order, as an ORUK service list."""
    listed = sorted((a for a in activities if a.status is not Status.ENDED), key=lambda a: (a.title.casefold(), a.id))
    services = [to_service(a, organisations[a.organisation_id]) for a in listed if a.organisation_id in organisations]
    return {"total_items": len(services), "content": services}


def _schedule_input(schedules: list[dict[str, Any]], where: str, problems: list[Problem]) -> dict[str, Any] | None:
    if not schedules:
        problems.append(Problem(f"{where}.regular_schedules", "SCHEDULE_INCOMPLETE", "no schedule"))
        return None
    first = schedules[0]
    at = (first.get("opens_at") or "")[:5] or None
    if not first.get("freq"):
        dates = sorted({str(s.get("dtstart") or s.get("valid_from"))[:10] for s in schedules})
        return {"repeat": "ONE_OFF", "starts": dates[0], "dates": dates, "at": at}
    byday = str(first.get("byday") or "").strip().upper().split(",")[0]
    code, number = byday[-2:], byday[:-2]
    if code not in _DAYS:
        problems.append(Problem(f"{where}.regular_schedules[0].byday", "SCHEDULE_INCOMPLETE", f"not a day: {byday!r}"))
        return None
    given: dict[str, Any] = {
        "starts": str(first.get("valid_from") or first.get("dtstart"))[:10],
        "ends": str(first["valid_to"])[:10] if first.get("valid_to") else None,
        "weekday": _DAYS[code].value,
        "at": at,
    }
    freq, interval = str(first["freq"]).upper(), int(first.get("interval") or 1)
    if freq == "MONTHLY":
        week = int(number) if number.lstrip("-").isdigit() else 1
        return {**given, "repeat": "MONTHLY", "week_of_month": LAST_WEEK if week < 0 else week}
    if freq == "WEEKLY" and interval in (1, 2):
        return {**given, "repeat": "WEEKLY" if interval == 1 else "FORTNIGHTLY"}
    problems.append(Problem(f"{where}.regular_schedules[0].freq", "SCHEDULE_INCOMPLETE", f"unsupported: {freq}/{interval}"))
    return None


def read_directory(document: Any) -> tuple[list[tuple[str, OrganisationInput]], list[tuple[str, ActivityInput]]]:
    """Validate an ORUK service list; return (id, organisation) and (id, activity) pairs with netmap ids.

    Raises InvalidInput naming every problem; nothing is returned half-read.
    """
    services = document.get("content", document.get("services")) if isinstance(document, dict) else document
    if not isinstance(services, list):
        raise InvalidInput([Problem("content", "INVALID_INPUT", "expected a list of services")])
    problems: list[Problem] = []
    organisations: dict[str, OrganisationInput] = {}
    activities: list[tuple[str, ActivityInput]] = []
    for i, service in enumerate(services):
        where = f"services[{i}]"
        if not isinstance(service, dict) or not service.get("id") or not isinstance(service.get("organization"), dict):
            problems.append(Problem(where, "INVALID_INPUT", "a service needs an id and an organization"))
            continue
        source = service["organization"]
        org_id = imported_id("organisation", str(source.get("id") or source.get("name")))
        try:
            organisations.setdefault(
                org_id,
                validated(OrganisationInput, {"name": source.get("name") or "", "kind": OrganisationKind.COMMUNITY_GROUP,
                                              "description": source.get("description") or None}),
            )  # fmt: skip
        except InvalidInput as exc:
            problems.extend(Problem(f"{where}.organization.{p.field}", p.code, p.message) for p in exc.problems)
        schedule = _schedule_input(service.get("regular_schedules") or [], where, problems)
        location = ((service.get("service_at_locations") or [{}])[0] or {}).get("location") or {}
        address = (location.get("physical_addresses") or [{}])[0] or {}
        costs = service.get("cost_options") or []
        contacts = service.get("contacts") or []
        fields = {
            "organisation_id": org_id,
            "title": service.get("name") or "",
            "description": service.get("description") or None,
            "schedule": schedule,
            "venue": location.get("name") or address.get("address_1") or None,
            "area": address.get("city") or None,
            "accessibility": [a.get("accessibility") for a in location.get("accessibility_for_disabilities") or [] if a.get("accessibility")],
            "interests": [t["taxonomy"]["name"] for t in service.get("service_taxonomys") or [] if (t.get("taxonomy") or {}).get("name")],
            "cost_pence": round(float(costs[0]["amount"]) * 100) if costs and costs[0].get("amount") is not None else None,
            "cost_note": (costs[0].get("option") or None) if costs else None,
            "contact": (contacts[0].get("name") or None) if contacts else None,
        }  # fmt: skip
        if schedule is None:
            continue
        try:
            activities.append((imported_id("activity", str(service["id"])), validated(ActivityInput, fields)))
        except InvalidInput as exc:
            problems.extend(Problem(f"{where}.{p.field}", p.code, p.message) for p in exc.problems)
    if problems:
        raise InvalidInput(problems)
    return list(organisations.items()), activities
