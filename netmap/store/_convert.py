"""Turning Cypher values into domain records and back."""

from __future__ import annotations

from collections.abc import Callable, Mapping
import re
from datetime import date, datetime, timedelta, timezone
from typing import Any, TypeVar

from neo4j import AsyncResult

from netmap.domain.kinds import Closeness, ContactFrequency, OrganisationKind, Role, TieKind
from netmap.domain.records import Consent, Organisation, Participation, Person, Recorded, Tie
from netmap.domain.valid_time import Period

T = TypeVar("T")


def native(value: Any) -> Any:
    """A neo4j temporal value as its Python equivalent; anything else unchanged.

    Times are always UTC: ArcadeDB drops the zone of a datetime that arrives
    inside a map parameter (``SET n = $props``), so a zoneless one is read as UTC.
    """
    to_native = getattr(value, "to_native", None)
    result = to_native() if callable(to_native) else value
    if isinstance(result, datetime) and result.tzinfo is None:
        return result.replace(tzinfo=timezone.utc)
    return result


async def grouped(
    result: AsyncResult, keys: list[str], key: str, column: str, convert: Callable[[Any], T]
) -> dict[str, list[T]]:
    """Rows of a batched query, converted and grouped by their key column; every key present."""
    found: dict[str, list[T]] = {k: [] for k in keys}
    async for row in result:
        found[row[key]].append(convert(row[column]))
    return found


_ISO_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?(?:\[[^\]]*\])?"
)


def parse_time(text: str) -> datetime:
    """Any ISO 8601 date and time as the stores write it, always zoned (UTC if no zone given).

    Neo4j's ``toString()`` drops zero seconds and trailing zeros of the fraction, prints up
    to nine digits, and may add a zone name in brackets, which the offset already settles;
    ArcadeDB writes no zone. Parsed here rather than by ``datetime.fromisoformat``, which
    before Python 3.11 takes only the forms Python itself writes.
    """
    found = _ISO_TIME.fullmatch(text.strip())
    if found is None:
        raise ValueError(f"not an ISO date and time: {text!r}")
    year, month, day, hour, minute, second, fraction, zone = found.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    return datetime(
        int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro, tzinfo=_zone(zone)
    )


def _zone(text: str | None) -> timezone:
    if text is None or text == "Z":
        return timezone.utc
    digits = text[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0), seconds=int(digits[4:6] or 0))
    return timezone(-offset if text[0] == "-" else offset)


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


def consent(props: Mapping[str, Any]) -> Consent:
    """A person's consent from the ``consent_*`` properties of their node."""
    when = props.get("consent_recorded_at")
    return Consent(
        mapped=bool(props.get("consent_mapped")),
        show_to_organisers=bool(props.get("consent_organisers")),
        use_in_aggregates=bool(props.get("consent_aggregates")),
        recorded=Recorded(props.get("consent_recorded_by") or "unknown", native(when)) if when else None,
    )


def consent_props(consent: Consent) -> dict[str, Any]:
    return {
        "consent_mapped": consent.mapped,
        "consent_organisers": consent.show_to_organisers,
        "consent_aggregates": consent.use_in_aggregates,
        "consent_recorded_by": consent.recorded.by if consent.recorded else None,
        "consent_recorded_at": consent.recorded.at if consent.recorded else None,
    }


def person(props: Mapping[str, Any]) -> Person:
    return Person(
        id=props["id"],
        name=props["name"],
        recorded=recorded(props),
        area=props.get("area"),
        interests=_tags(props, "interests"),
        skills=_tags(props, "skills"),
        access_needs=_tags(props, "access_needs"),
        consent=consent(props),
        offers_buddying=bool(props.get("offers_buddying")),
        key=props.get("key"),
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
        key=props.get("key"),
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
        closeness=Closeness(props["closeness"]) if props.get("closeness") else None,
        contact_frequency=ContactFrequency(props["contact_frequency"]) if props.get("contact_frequency") else None,
        end_reason=props.get("ended_reason"),
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
        end_reason=props.get("ended_reason"),
    )
