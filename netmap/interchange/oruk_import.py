"""Open Referral UK 3.0 services in, as netmap organisations and activities.

Reads a 3.0 page (``contents``), a single service, a list of services, and the
profile's other documents that carry services: an organization with its ``services``,
and a service_at_location (or a page of them). Every field
netmap has a place for is kept; every other field is reported, per service and by JSON
path, with the reason (``Directory.not_kept``) — nothing is dropped silently. A service
whose schedules say several weekdays (``byday: TH,FR``), or dated sessions at different
times, becomes one activity per weekday or time, since a netmap activity meets on one.

Invalid input (no name, an unknown status, a date that is not a date, an end before the
start…) is refused whole: every problem is named and nothing is returned half-read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from netmap.domain.activity_inputs import ActivityInput
from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.inputs import OrganisationInput
from netmap.interchange._oruk_service import ServiceReading, Source


@dataclass(frozen=True)
class NotKept:
    service: str
    """The service's JSON path, e.g. ``$.contents[2]``."""
    name: str
    path: str
    reason: str


@dataclass
class Directory:
    organisations: list[tuple[str, OrganisationInput]] = field(default_factory=list)
    activities: list[tuple[str, ActivityInput]] = field(default_factory=list)
    not_kept: list[NotKept] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What was held differently, e.g. one service as two activities."""


def _service(service: Any, path: str) -> Source:
    given = service if isinstance(service, dict) else {}
    links = given.get("service_at_locations") or []
    return Source(path, service, (given.get("organization"), f"{path}.organization"),
                  [(link, f"{path}.service_at_locations[{i}]") for i, link in enumerate(links)])  # fmt: skip


def _at_location(document: dict[str, Any], path: str) -> Source:
    """A service_at_location: its service, held at its location."""
    found = _service(document["service"], f"{path}.service")
    link = {k: v for k, v in document.items() if k != "service"}
    return Source(found.path, found.service, found.organization, [(link, path)])


def services_of(document: Any) -> list[Source]:
    """The services a document carries, with their JSON paths."""
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        return [
            _at_location(s, f"$.contents[{i}]") if isinstance(s, dict) and isinstance(s.get("service"), dict)
            else _service(s, f"$.contents[{i}]")
            for i, s in enumerate(document["contents"])
        ]  # fmt: skip
    if isinstance(document, dict) and isinstance(document.get("service"), dict):
        return [_at_location(document, "$")]
    if isinstance(document, dict) and isinstance(document.get("services"), list):
        organization = {k: v for k, v in document.items() if k != "services"}
        return [
            Source(found.path, found.service, (organization, "$"), found.links)
            for found in (_service(s, f"$.services[{i}]") for i, s in enumerate(document["services"]))
        ]
    if isinstance(document, dict) and "id" in document and "name" in document:
        return [_service(document, "$")]
    if isinstance(document, list):
        return [_service(s, f"$[{i}]") for i, s in enumerate(document)]
    raise InvalidInput([Problem("$", "INVALID_INPUT", "expected an ORUK 3.0 page (contents), a service, a list of "
                                                      "services, an organization with services, or a service_at_location")])  # fmt: skip


def read_directory(document: Any) -> Directory:
    """Validate ORUK 3.0 services; return what netmap can hold and what it cannot.

    Raises InvalidInput naming every problem.
    """
    found = Directory()
    problems: list[Problem] = []
    organisations: dict[str, OrganisationInput] = {}
    used: set[str] = set()
    seen: dict[str, str] = {}
    reported: set[str] = set()
    unused: dict[str, tuple[str, str]] = {}
    """Organizations outside their service (an organization document's), until a service of theirs is read."""
    for source in services_of(document):
        path, service = source.path, source.service
        if not isinstance(service, dict) or not service.get("id"):
            problems.append(Problem(path, "INVALID_INPUT", "a service needs an id"))
            continue
        if str(service["id"]) in seen:
            problems.append(Problem(f"{path}.id", "DUPLICATE_KEY", f"also the id of {seen[str(service['id'])]}"))
            continue
        seen[str(service["id"])] = path
        reading = ServiceReading(source, problems)
        org = reading.organisation()
        activities = reading.activities()
        name = str(service.get("name") or "")
        if org is not None and org[1] is not None:
            organisations.setdefault(org[0], org[1])
            if activities:
                used.add(org[0])
        if not activities and not reading.refused:
            why = "not imported: it has no schedule netmap can hold (a netmap activity lists its sessions)"
            roots = [p for _, p in reading.tracker.roots]
            if source.organization[1] in roots:
                roots.remove(source.organization[1])
                unused.setdefault(source.organization[1], (path, name))
            found.not_kept.extend(NotKept(path, name, p, why) for p in roots if p not in reported)
            reported.update(roots)
        else:
            unkept = [(p, why) for p, why in reading.tracker.unkept() if p not in reported]
            reported.update(p for p, _ in unkept)
            found.not_kept.extend(NotKept(path, name, p, why) for p, why in unkept)
        if len(activities) > 1:
            found.notes.append(f"{path} ({name}): held as {len(activities)} activities, one per weekday or time")
        found.activities.extend(activities)
    for where, (path, name) in unused.items():
        if where not in reported:
            found.not_kept.append(NotKept(path, name, where, "not imported: none of its services could be"))
    if problems:
        raise InvalidInput(problems)
    found.organisations = [(id, o) for id, o in organisations.items() if id in used]
    return found


