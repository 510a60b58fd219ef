"""The public directory as Open Referral UK 3.0 services and pages.

Each listed (not ended) activity is one service of its organisation. Absent values are
left out, never sent as null; fields the profile requires that netmap does not record
(an address's postcode and county) are sent as empty text. The mapping is in
docs/activities.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from typing import Any

from netmap.domain.activities import LAST_WEEK, Activity, Repeat, Schedule, Status, Weekday
from netmap.domain.records import Organisation
from netmap.interchange.oruk import ACCESS_FEATURES, CURRENCY, INTERESTS, Taxonomy, record_id

DAY_CODES = {Weekday.MONDAY: "MO", Weekday.TUESDAY: "TU", Weekday.WEDNESDAY: "WE", Weekday.THURSDAY: "TH",
             Weekday.FRIDAY: "FR", Weekday.SATURDAY: "SA", Weekday.SUNDAY: "SU"}  # fmt: skip
STATUS = {Status.ACTIVE: "active", Status.PAUSED: "temporarily closed", Status.ENDED: "defunct"}


def first_session(schedule: Schedule) -> date:
    """The first session on or after ``starts`` (the schedule's ``dtstart``), ignoring its end."""
    found = Schedule(
        repeat=schedule.repeat, starts=schedule.starts, weekday=schedule.weekday, week_of_month=schedule.week_of_month
    ).sessions(schedule.starts, schedule.starts + timedelta(days=190))
    return found[0] if found else schedule.starts


def byday(schedule: Schedule) -> str:
    code = DAY_CODES[schedule.day]
    if schedule.repeat is not Repeat.MONTHLY:
        return code
    week = schedule.week_of_month or 1
    return f"{-1 if week >= LAST_WEEK else week}{code}"


def last_modified(activity: Activity) -> datetime:
    """When the activity last changed: its last update, or when it was recorded."""
    return (activity.modified or activity.recorded.at).astimezone(timezone.utc)


def _time(value: Any) -> str | None:
    return value.strftime("%H:%M:%S") if value else None


def schedules(activity: Activity) -> list[dict[str, Any]]:
    """RFC 5545-style schedules: one per date of a one-off, else one repeating schedule."""
    s = activity.schedule
    times = {"opens_at": _time(s.at), "closes_at": _time(s.finishes)}
    if s.repeat is Repeat.ONE_OFF:
        return [
            {"id": record_id(activity.id, f"schedule:{d.isoformat()}"), "service_id": activity.id,
             "dtstart": d.isoformat(), "valid_from": d.isoformat(), "valid_to": d.isoformat(), **times}
            for d in s.dates
        ]  # fmt: skip
    return [
        {
            "id": record_id(activity.id, "schedule"),
            "service_id": activity.id,
            "freq": "MONTHLY" if s.repeat is Repeat.MONTHLY else "WEEKLY",
            "interval": 2 if s.repeat is Repeat.FORTNIGHTLY else 1,
            "byday": byday(s),
            "dtstart": first_session(s).isoformat(),
            "valid_from": s.starts.isoformat(),
            "valid_to": s.ends.isoformat() if s.ends else None,
            **times,
        }
    ]


def accessibility(activity: Activity, location_id: str) -> list[dict[str, Any]]:
    return [
        {"id": record_id(activity.id, f"accessibility:{feature}"), "location_id": location_id,
         "accessibility": feature, "description": feature}
        for feature in activity.accessibility
    ]  # fmt: skip


def service_at_locations(activity: Activity) -> list[dict[str, Any]]:
    """The venue, area and access features as one physical location (none if none is recorded)."""
    if not (activity.venue or activity.area or activity.accessibility):
        return []
    location_id = record_id(activity.id, "location")
    address = None
    if activity.venue or activity.area:
        address = {
            "id": record_id(activity.id, "address"), "location_id": location_id,
            "address_1": activity.venue or "", "city": activity.area or "", "state_province": "",
            "postal_code": "", "country": "GB", "address_type": "physical",
        }  # fmt: skip
    return [
        {
            "id": record_id(activity.id, "service_at_location"),
            "service_id": activity.id,
            "location_id": location_id,
            "location": {
                "id": location_id,
                "location_type": "physical",
                "name": activity.venue,
                "addresses": [address] if address else [],
                "accessibility": accessibility(activity, location_id),
            },
        }
    ]


def term(taxonomy: Taxonomy, name: str) -> dict[str, Any]:
    """A term of one of netmap's taxonomies."""
    return {
        "id": taxonomy.term_id(name),
        "name": name,
        "description": f"{taxonomy.term_description}: {name}",
        "taxonomy": taxonomy.name,
        "taxonomy_id": taxonomy.id,
    }


def attributes(activity: Activity) -> list[dict[str, Any]]:
    """Interests and access features as taxonomy terms of netmap's two taxonomies."""
    tagged = [(INTERESTS, t) for t in activity.interests] + [(ACCESS_FEATURES, f) for f in activity.accessibility]
    return [
        {"id": record_id(activity.id, f"attribute:{taxonomy.name}:{name}"), "link_id": activity.id,
         "link_type": "service", "taxonomy_term_id": taxonomy.term_id(name), "taxonomy_term": term(taxonomy, name)}
        for taxonomy, name in tagged
    ]  # fmt: skip


def to_service(activity: Activity, organisation: Organisation) -> dict[str, Any]:
    """One activity as a fully nested ORUK 3.0 service."""
    cost = []
    if activity.cost_pence is not None:
        cost = [{"id": record_id(activity.id, "cost_option"), "service_id": activity.id,
                 "amount": activity.cost_pence / 100, "currency": CURRENCY,
                 "amount_description": activity.cost_note}]  # fmt: skip
    contacts = []
    if activity.contact:
        contacts = [{"id": record_id(activity.id, "contact"), "service_id": activity.id, "name": activity.contact}]
    return pruned({
        "id": activity.id,
        "organization_id": organisation.id,
        "name": activity.title,
        "description": activity.description,
        "status": STATUS[activity.status],
        "last_modified": last_modified(activity).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "schedules": schedules(activity),
        "service_at_locations": service_at_locations(activity),
        "cost_options": cost,
        "contacts": contacts,
        "attributes": attributes(activity),
        "organization": {"id": organisation.id, "name": organisation.name, "description": organisation.description or ""},
    })  # fmt: skip


def pruned(value: Any) -> Any:
    """Leave out absent values: no nulls, no empty lists."""
    if isinstance(value, dict):
        kept = {k: pruned(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v is not None and v != []}
    if isinstance(value, list):
        return [pruned(v) for v in value]
    return value


def listed(activities: Iterable[Activity], organisations: dict[str, Organisation]) -> list[Activity]:
    """What the public directory lists: activities not ended, of a known organisation, in title order."""
    return sorted(
        (a for a in activities if a.status is not Status.ENDED and a.organisation_id in organisations),
        key=lambda a: (a.title.casefold(), a.id),
    )


def terms_of(activity: Activity) -> set[str]:
    """The ids of the taxonomy terms and taxonomies an activity's service carries."""
    ids = {INTERESTS.term_id(t) for t in activity.interests} | {ACCESS_FEATURES.term_id(f) for f in activity.accessibility}
    if activity.interests:
        ids.add(INTERESTS.id)
    if activity.accessibility:
        ids.add(ACCESS_FEATURES.id)
    return ids


def page(services: list[dict[str, Any]], total: int, number: int, per_page: int) -> dict[str, Any]:
    """A 3.0 page of services (``number`` counts from 1)."""
    pages = max(1, math.ceil(total / per_page)) if per_page else 1
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(services),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not services,
        "contents": services,
    }


def directory_page(
    activities: list[Activity], organisations: dict[str, Organisation], number: int = 1, per_page: int | None = None
) -> dict[str, Any]:
    """A page of the listed activities as services; without ``per_page``, all of them on one page."""
    shown = listed(activities, organisations)
    size = per_page or max(1, len(shown))
    chosen = shown[(number - 1) * size : number * size]
    return page([to_service(a, organisations[a.organisation_id]) for a in chosen], len(shown), number, size)
