"""The community-group sections of a checked community as bulk-write rows: activities,
attendance, volunteering, timebank exchanges and reviews (see docs/community-files.md)."""

from __future__ import annotations

from typing import Any

from netmap.domain.community_records import ActivitySections
from netmap.domain.records import Recorded
from netmap.store.activities import activity_of, activity_props


def activity_rows(sections: ActivitySections, by: Recorded) -> dict[str, list[dict[str, Any]]]:
    """The sections as bulk-write rows (see ``netmap.store.bulk.Rows``)."""
    stamp = {"recorded_by": by.by, "recorded_at": by.at}
    activities = [
        {"id": id, "b": given.organisation_id, "props": activity_props(activity_of(id, given, by))}
        for id, given in sections.activities
    ]
    return {
        "activities": activities,
        "attendance": [
            {"a": person, "b": row["activity_id"], "props": {"date": row["date"], **stamp}}
            for row in sections.attendance
            for person in row["people"]
        ],
        "volunteering": [
            {"a": v.person_id, "b": v.activity_id, "props": {"date": v.date, "hours": v.hours, **stamp}}
            for v in sections.volunteering
        ],
        "exchanges": [
            {"id": id, "a": e.giver_id, "b": e.receiver_id,
             "props": {"id": id, "hours": e.hours, "date": e.date, "what": e.what, "timebank_id": e.timebank_id,
                       "giver_id": e.giver_id, "receiver_id": e.receiver_id, **stamp}}
            for id, e in sections.exchanges
        ],
        "reviews": [
            {"id": id, "a": person, "props": {"id": id, "person_id": person, "date": day, **stamp}}
            for id, person, day in sections.reviews
        ],
    }  # fmt: skip
