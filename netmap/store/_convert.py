"""Turning Cypher values into domain records and back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from netmap.domain.kinds import OrganisationKind, Role, TieKind
from netmap.domain.records import Organisation, Participation, Person, Recorded, Tie
from netmap.domain.valid_time import Period


def native(value: Any) -> Any:
    """A neo4j temporal value as its Python equivalent; anything else unchanged."""
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def as_date(value: Any) -> date | None:
    result = native(value)
    if isinstance(result, datetime):
        return result.date()
    return result  # type: ignore[no-any-return]


def recorded(props: Mapping[str, Any]) -> Recorded:
    return Recorded(by=props.get("recorded_by") or "unknown", at=native(props["recorded_at"]))


def recorded_props(record: Recorded) -> dict[str, Any]:
    return {"recorded_by": record.by, "recorded_at": record.at}


def period(props: Mapping[str, Any]) -> Period:
    since = as_date(props["since"])
    if since is None:
        raise ValueError("a stored period has no since")
    return Period(since=since, until=as_date(props.get("until")))


def _tags(props: Mapping[str, Any], key: str) -> tuple[str, ...]:
    return tuple(props.get(key) or ())


def person(props: Mapping[str, Any]) -> Person:
    return Person(
        id=props["id"],
        name=props["name"],
        recorded=recorded(props),
        area=props.get("area"),
        interests=_tags(props, "interests"),
        skills=_tags(props, "skills"),
        access_needs=_tags(props, "access_needs"),
    )


def organisation(props: Mapping[str, Any]) -> Organisation:
    return Organisation(
        id=props["id"],
        name=props["name"],
        kind=OrganisationKind(props["kind"]),
        recorded=recorded(props),
        category=props.get("category"),
        area=props.get("area"),
        interests=_tags(props, "interests"),
        accessibility=_tags(props, "accessibility"),
        description=props.get("description"),
    )


def tie(props: Mapping[str, Any]) -> Tie:
    """A tie from its relationship's properties plus ``person_id`` and ``other_id``."""
    return Tie(
        id=props["id"],
        person_id=props["person_id"],
        other_id=props["other_id"],
        kind=TieKind(props["kind"]),
        period=period(props),
        recorded=recorded(props),
        label=props.get("label"),
    )


def participation(props: Mapping[str, Any]) -> Participation:
    """A participation from its relationship's properties plus the two ends' ids."""
    return Participation(
        id=props["id"],
        person_id=props["person_id"],
        organisation_id=props["organisation_id"],
        role=Role(props["role"]),
        period=period(props),
        recorded=recorded(props),
        title=props.get("title"),
    )
