"""One Open Referral UK 3.0 service read into netmap activities, keeping track, by JSON
path, of every value that was kept and of why the others could not be."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from netmap.domain.activities import LAST_WEEK, Repeat, Schedule, Status, Weekday
from netmap.domain.activity_inputs import ActivityInput
from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.inputs import MAX_NAME, MAX_TAGS, MAX_TEXT, OrganisationInput, validated
from netmap.domain.kinds import OrganisationKind
from netmap.interchange._tracking import Tracker
from netmap.interchange.oruk import ACCESS_FEATURES, CURRENCY, INTERESTS, as_uuid, record_id
from netmap.interchange.oruk_export import DAY_CODES, first_session

DAYS = {code: day for day, code in DAY_CODES.items()}
STATUSES = {"active": Status.ACTIVE, "temporarily closed": Status.PAUSED, "inactive": Status.PAUSED,
            "defunct": Status.ENDED}  # fmt: skip
MAX_FEATURE = 100
REPLACED_ID = "netmap derives the ids of a service's records from the service's id"
ONE_VENUE = "netmap holds one venue per activity"
NOT_THIS = "does not point at the record it sits in"

Place = tuple[Any, str]
"""A part of the document and its JSON path."""


@dataclass(frozen=True)
class Source:
    """One service of a document, with its organization and its links to locations."""

    path: str
    service: Any
    organization: Place
    links: list[Place]


def _date(value: Any) -> date:
    return date.fromisoformat(str(value)[:10])


def _time(value: Any) -> time:
    return time.fromisoformat(str(value))


@dataclass
class _Part:
    """One netmap activity's schedule, made from one or more ORUK schedules."""

    key: str
    schedule: dict[str, Any]
    sources: dict[str, str]
    ids: list[tuple[str, Any, str]] = field(default_factory=list)
    """(path, given id, role) of the schedules it came from, checked once its id is known."""


class ServiceReading:
    """One service read into activities, keeping track of what was kept."""

    def __init__(self, source: Source, problems: list[Problem]) -> None:
        self.service, self.path, self.problems = source.service, source.path, problems
        self.organization, self.links = source.organization, source.links
        self.tracker = Tracker()
        self.tracker.roots.append((self.service, self.path))
        for value, path in [self.organization, *self.links]:
            if not path.startswith((self.path + ".", self.path + "[")):
                self.tracker.roots.append((value, path))
        self.refused = False
        self.id = as_uuid(self.service["id"], "activity")
        self.tracker.keep(f"{self.path}.id")
        self.org_id: str | None = None
        self.sources: dict[str, str] = {}
        self.pending_ids: list[tuple[str, Any, str]] = []
        self.features_found: list[str] = []

    def problem(self, path: str, code: str, message: str) -> None:
        self.refused = True
        self.problems.append(Problem(path, code, message))

    def text(self, path: str, value: Any, limit: int = MAX_NAME, one_line: bool = True) -> str | None:
        """A text netmap can hold (kept), or None (empty, or reported with why)."""
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.tracker.lose(path, "not text")
            return None
        text = " ".join(value.split()) if one_line else value.strip()
        if len(text) > limit:
            self.tracker.lose(path, f"longer than the {limit} characters netmap holds here")
            return None
        self.tracker.keep(path)
        return text or None

    def same(self, path: str, value: Any, expected: Any, reason: str = NOT_THIS) -> None:
        if value is None:
            return
        if str(value) == str(expected):
            self.tracker.keep(path)
        else:
            self.tracker.lose(path, reason)

    # -- organisation -------------------------------------------------------------------

    def organisation(self) -> tuple[str, OrganisationInput | None] | None:
        org, where = self.organization
        if not isinstance(org, dict) or not org.get("name"):
            self.problem(where, "INVALID_INPUT", "a service needs its organization, with a name")
            return None
        self.org_id = as_uuid(org.get("id") or org["name"], "organisation")
        self.tracker.keep(_at(where, "id"))
        self.same(f"{self.path}.organization_id", self.service.get("organization_id"), org.get("id"))
        fields = {"name": self.text(_at(where, "name"), org.get("name")), "kind": OrganisationKind.COMMUNITY_GROUP,
                  "description": self.text(_at(where, "description"), org.get("description"), MAX_TEXT, False)}  # fmt: skip
        try:
            return self.org_id, validated(OrganisationInput, fields)
        except InvalidInput as exc:
            for p in exc.problems:
                self.problem(_at(where, p.field), p.code, p.message)
            return self.org_id, None

    # -- activities ---------------------------------------------------------------------

    def activities(self) -> list[tuple[str, ActivityInput]]:
        s, path = self.service, self.path
        title = self.text(f"{path}.name", s.get("name"))
        if title is None:
            self.problem(f"{path}.name", "EMPTY", "a service needs a name (up to 200 characters on one line)")
        description = self.text(f"{path}.description", s.get("description"), MAX_TEXT, False)
        status = STATUSES.get(str(s.get("status") or "active"))
        if status is None:
            self.problem(f"{path}.status", "INVALID_INPUT", f"not an ORUK status: {s.get('status')!r}")
        self.tracker.keep(f"{path}.status")
        self.tracker.lose(f"{path}.last_modified", "netmap notes when it imported the service instead")
        parts = self.parts()
        common = {
            "organisation_id": self.org_id or "?", "title": title or "?", "description": description,
            "status": status or Status.ACTIVE, **self.location(), **self.attributes(), **self.cost(), **self.contact(),
        }  # fmt: skip
        if self.refused:
            return []
        made: list[tuple[str, ActivityInput]] = []
        for n, part in enumerate(parts):
            id = self.id if n == 0 else record_id(self.id, f"part:{part.key}")
            for where, given, role in part.ids:
                self.same(where, given, record_id(id, role), REPLACED_ID)
            try:
                made.append((id, validated(ActivityInput, {**common, "schedule": part.schedule})))
            except InvalidInput as exc:
                for p in exc.problems:
                    where = part.sources.get(p.field) or self.sources.get(p.field) or f"{path} ({p.field})"
                    self.problem(where, p.code, p.message)
        self.finish_ids()
        return [] if self.refused else made

    # -- schedules ----------------------------------------------------------------------

    def parts(self) -> list[_Part]:
        parts: dict[str, _Part] = {}
        for i, given in enumerate(self.service.get("schedules") or []):
            where = f"{self.path}.schedules[{i}]"
            if not isinstance(given, dict):
                self.problem(where, "INVALID_INPUT", "a schedule is an object")
                continue
            self.same(f"{where}.service_id", given.get("service_id"), self.service["id"])
            try:
                times = self.times(where, given)
                if given.get("freq"):
                    self.repeating(where, given, times, parts)
                else:
                    self.dated(where, given, times, parts)
            except ValueError as exc:
                self.problem(where, "INVALID_INPUT", str(exc))
        return list(parts.values())

    def times(self, where: str, given: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, name in (("opens_at", "at"), ("closes_at", "finishes")):
            if given.get(key):
                try:
                    found[name] = _time(given[key])
                except ValueError:
                    raise ValueError(f"{key} is not a time: {given[key]!r}") from None
                self.tracker.keep(f"{where}.{key}")
        return found

    def dated(self, where: str, given: dict[str, Any], times: dict[str, Any], parts: dict[str, _Part]) -> None:
        start = given.get("dtstart") or given.get("valid_from")
        if not start:
            self.tracker.lose(where, "a schedule with neither a repeat (freq) nor a date")
            return
        try:
            day = _date(start)
        except ValueError:
            raise ValueError(f"not a date: {start!r}") from None
        for key in ("dtstart", "valid_from", "valid_to"):
            if given.get(key) and str(given[key])[:10] == day.isoformat():
                self.tracker.keep(f"{where}.{key}")
            elif given.get(key):
                self.tracker.lose(f"{where}.{key}", "netmap holds one date for a schedule without a repeat")
        key = f"dates:{times.get('at')}-{times.get('finishes')}"
        part = parts.setdefault(key, _Part(key, {"repeat": Repeat.ONE_OFF, "dates": [], **times}, {
            "schedule": where, "schedule.finishes": f"{where}.closes_at"}))  # fmt: skip
        part.schedule["dates"].append(day)
        part.schedule["starts"] = min(part.schedule["dates"])
        part.ids.append((f"{where}.id", given.get("id"), f"schedule:{day.isoformat()}"))

    def repeating(self, where: str, given: dict[str, Any], times: dict[str, Any], parts: dict[str, _Part]) -> None:
        freq, interval = str(given["freq"]).upper(), given.get("interval") or 1
        if freq not in ("WEEKLY", "MONTHLY"):
            raise ValueError(f"freq is WEEKLY or MONTHLY, not {given['freq']!r}")
        if not isinstance(interval, (int, float)) or interval != int(interval) or interval < 1:
            raise ValueError(f"interval is a whole number of weeks or months, not {interval!r}")
        held = {("WEEKLY", 1): Repeat.WEEKLY, ("WEEKLY", 2): Repeat.FORTNIGHTLY, ("MONTHLY", 1): Repeat.MONTHLY}
        repeat = held.get((freq, int(interval)))
        if repeat is None:
            self.tracker.lose(where, "netmap repeats weekly, fortnightly, or monthly on the n-th weekday")
            return
        self.tracker.keep(f"{where}.freq")
        self.tracker.keep(f"{where}.interval")
        starts_text = given.get("valid_from") or given.get("dtstart")
        if not starts_text:
            raise ValueError("a repeating schedule needs its valid_from or dtstart")
        try:
            starts = _date(starts_text)
            dtstart = _date(given["dtstart"]) if given.get("dtstart") else None
            ends = _date(given["valid_to"]) if given.get("valid_to") else None
        except ValueError:
            raise ValueError("valid_from, dtstart and valid_to are dates (YYYY-MM-DD)") from None
        days = self.days(where, given, repeat, dtstart or starts)
        if not days:
            return
        for code, weekday, week in days:
            schedule = {"repeat": repeat, "starts": starts, "ends": ends, "weekday": weekday,
                        "week_of_month": week, **times}  # fmt: skip
            if dtstart is not None and dtstart not in (starts, _first(schedule)):
                schedule["starts"] = dtstart
                if given.get("valid_from") and _date(given["valid_from"]) != dtstart:
                    self.tracker.lose(f"{where}.valid_from", "netmap starts a repeat at its first session (dtstart)")
            key = f"{where}:{code}"
            parts[key] = _Part(key, schedule, {
                "schedule": where, "schedule.ends": f"{where}.valid_to", "schedule.starts": f"{where}.valid_from",
                "schedule.finishes": f"{where}.closes_at"}, [(f"{where}.id", given.get("id"), "schedule")])  # fmt: skip
        for key in ("dtstart", "valid_from", "valid_to"):
            if f"{where}.{key}" not in self.tracker.reasons:
                self.tracker.keep(f"{where}.{key}")

    def days(self, where: str, given: dict[str, Any], repeat: Repeat, first: date) -> list[tuple[str, Weekday, int | None]]:
        """(code, weekday, week of the month) of each day the schedule's ``byday`` names."""
        codes = [c.strip().upper() for c in str(given.get("byday") or "").split(",") if c.strip()]
        if not codes and repeat is not Repeat.MONTHLY:
            return [(DAY_CODES[Weekday.of(first)], Weekday.of(first), None)]
        if not codes:
            self.tracker.lose(where, "netmap repeats monthly on the n-th weekday only (byday such as 2TU)")
            return []
        found = []
        for code in codes:
            match = re.fullmatch(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)", code)
            if match is None:
                self.problem(f"{where}.byday", "SCHEDULE_INCOMPLETE", f"not a day: {code!r}")
                return []
            number = int(match.group(1)) if match.group(1) else None
            if repeat is Repeat.MONTHLY:
                week = LAST_WEEK if number == -1 else number
                if week is None or not 1 <= week <= LAST_WEEK or number == 5:
                    self.tracker.lose(f"{where}.byday", f"netmap holds the 1st to 4th or the last weekday of a month, not {code}")
                    continue
            elif number is not None:
                self.tracker.lose(f"{where}.byday", f"a weekly repeat has no week number: {code}")
                continue
            else:
                week = None
            found.append((code, DAYS[match.group(2)], week))
        if found and f"{where}.byday" not in self.tracker.reasons:
            self.tracker.keep(f"{where}.byday")
        return found

    # -- location, terms, cost, contact -------------------------------------------------

    def location(self) -> dict[str, Any]:
        for _, extra in self.links[1:]:
            self.tracker.lose(extra, ONE_VENUE)
        if not self.links or not isinstance(self.links[0][0], dict):
            return {}
        link, where = self.links[0]
        self.pending_ids.append((f"{where}.id", link.get("id"), "service_at_location"))
        self.same(f"{where}.service_id", link.get("service_id"), self.service["id"])
        place = link.get("location") or {}
        self.same(f"{where}.location_id", link.get("location_id"), place.get("id"))
        where = _at(where, "location")
        self.pending_ids.append((f"{where}.id", place.get("id"), "location"))
        self.same(f"{where}.location_type", place.get("location_type"), "physical", "netmap records a physical venue")
        addresses = place.get("addresses") or []
        for i in range(1, len(addresses)):
            self.tracker.lose(f"{where}.addresses[{i}]", ONE_VENUE)
        address = addresses[0] if addresses and isinstance(addresses[0], dict) else {}
        at = f"{where}.addresses[0]"
        if address:
            self.pending_ids.append((f"{at}.id", address.get("id"), "address"))
            self.same(f"{at}.location_id", address.get("location_id"), place.get("id"))
            self.same(f"{at}.country", address.get("country"), "GB", "netmap's directory is in the UK")
            self.same(f"{at}.address_type", address.get("address_type"), "physical", "netmap records a physical venue")
        pieces = [(f"{where}.name", place.get("name")), (f"{at}.address_1", address.get("address_1")),
                  (f"{at}.postal_code", address.get("postal_code"))]  # fmt: skip
        venue_parts: list[str] = []
        for p, value in pieces:
            text = self.text(p, value)
            if text and text not in venue_parts:
                venue_parts.append(text)
        venue = ", ".join(venue_parts) or None
        if venue and len(venue) > MAX_NAME:
            for p, _ in pieces:
                self.tracker.kept.discard(p)
                self.tracker.lose(p, f"the venue would be longer than the {MAX_NAME} characters netmap holds")
            venue = None
        self.sources.update({"venue": f"{where}.name", "area": f"{at}.city", "accessibility": f"{where}.accessibility"})
        features = self.features(where, place)
        return {"venue": venue, "area": self.text(f"{at}.city", address.get("city")), "accessibility": features}

    def features(self, where: str, place: dict[str, Any]) -> list[str]:
        for i, entry in enumerate(place.get("accessibility") or []):
            at = f"{where}.accessibility[{i}]"
            if not isinstance(entry, dict):
                continue
            self.same(f"{at}.location_id", entry.get("location_id"), place.get("id"))
            named, described = entry.get("accessibility"), entry.get("description")
            if named:
                self.feature(f"{at}.accessibility", named)
            if described and described == named:
                self.tracker.keep(f"{at}.description")
            elif described:
                self.feature(f"{at}.description", described)
            self.pending_ids.append((f"{at}.id", entry.get("id"), f"accessibility:{' '.join(str(named or described).split())}"))
        return self.features_found

    def feature(self, path: str, value: Any) -> None:
        """An access feature; a long text is kept sentence by sentence."""
        if not isinstance(value, str):
            return
        pieces = [" ".join(value.split())]
        if len(pieces[0]) > MAX_FEATURE:
            pieces = [s.strip().rstrip(".") for s in re.split(r"(?<=[.;])\s+", pieces[0]) if s.strip()]
        if any(len(p) > MAX_FEATURE for p in pieces):
            self.tracker.lose(path, f"longer than the {MAX_FEATURE} characters netmap holds for an access feature")
            return
        for p in pieces:
            if p not in self.features_found:
                self.features_found.append(p)
        self.tracker.keep(path)

    def attributes(self) -> dict[str, Any]:
        interests: list[str] = []
        for i, given in enumerate(self.service.get("attributes") or []):
            where = f"{self.path}.attributes[{i}]"
            term = given.get("taxonomy_term") if isinstance(given, dict) else None
            if not isinstance(term, dict) or not term.get("name"):
                continue
            at = f"{where}.taxonomy_term"
            ours = next((t for t in (INTERESTS, ACCESS_FEATURES)
                         if term.get("taxonomy") == t.name or term.get("taxonomy_id") == t.id), None)  # fmt: skip
            name = " ".join(str(term["name"]).split())
            if ours is ACCESS_FEATURES:
                self.feature(f"{at}.name", name)
            elif len(name) > MAX_FEATURE or len(interests) >= MAX_TAGS:
                self.tracker.lose(f"{at}.name", "netmap holds up to 50 interests of up to 100 characters")
                continue
            else:
                if name.lower() not in interests:
                    interests.append(name.lower())
                self.tracker.keep(f"{at}.name")
            self.same(f"{at}.term", term.get("term"), term["name"], "differs from the term's name, which netmap keeps")
            if ours is not None:
                self.same(f"{at}.id", term.get("id"), ours.term_id(name), REPLACED_ID)
                self.same(f"{at}.taxonomy", term.get("taxonomy"), ours.name)
                self.same(f"{at}.taxonomy_id", term.get("taxonomy_id"), ours.id)
                self.same(f"{at}.description", term.get("description"), f"{ours.term_description}: {name}")
                role = f"attribute:{ours.name}:{name}"
            else:
                for key in ("id", "taxonomy", "taxonomy_id", "description", "parent_id", "term_uri"):
                    self.tracker.lose(f"{at}.{key}", "netmap keeps a category's name as an interest, not its taxonomy")
                role = "attribute:?"
            self.pending_ids.append((f"{where}.id", given.get("id"), role))
            self.same(f"{where}.link_id", given.get("link_id"), self.service["id"])
            self.same(f"{where}.link_type", given.get("link_type"), "service")
            self.same(f"{where}.taxonomy_term_id", given.get("taxonomy_term_id"), term.get("id"))
        self.sources["interests"] = f"{self.path}.attributes"
        return {"interests": interests}

    def cost(self) -> dict[str, Any]:
        options = self.service.get("cost_options") or []
        for i in range(1, len(options)):
            self.tracker.lose(f"{self.path}.cost_options[{i}]", "netmap holds one cost per activity")
        if not options or not isinstance(options[0], dict):
            return {}
        given, where = options[0], f"{self.path}.cost_options[0]"
        if given.get("currency") not in (None, CURRENCY):
            self.tracker.lose(where, "netmap holds costs in pounds (GBP)")
            return {}
        self.tracker.keep(f"{where}.currency")
        self.pending_ids.append((f"{where}.id", given.get("id"), "cost_option"))
        self.same(f"{where}.service_id", given.get("service_id"), self.service["id"])
        amount = given.get("amount")
        pence = None
        if isinstance(amount, (int, float)) and amount >= 0:
            pence = round(amount * 100)
            self.tracker.keep(f"{where}.amount")
        notes = [t for k in ("option", "amount_description") if (t := self.text(f"{where}.{k}", given.get(k)))]
        note = "; ".join(notes) or None
        if note and len(note) > MAX_NAME:
            note = notes[0]
            self.tracker.kept.discard(f"{where}.amount_description")
            self.tracker.lose(f"{where}.amount_description", f"with the option, longer than {MAX_NAME} characters")
        self.sources.update({"costPence": f"{where}.amount", "costNote": f"{where}.option"})
        return {"cost_pence": pence, "cost_note": note}

    def contact(self) -> dict[str, Any]:
        contacts = self.service.get("contacts") or []
        for i in range(1, len(contacts)):
            self.tracker.lose(f"{self.path}.contacts[{i}]", "netmap holds one contact per activity")
        if not contacts or not isinstance(contacts[0], dict):
            return {}
        given, where = contacts[0], f"{self.path}.contacts[0]"
        self.pending_ids.append((f"{where}.id", given.get("id"), "contact"))
        self.same(f"{where}.service_id", given.get("service_id"), self.service["id"])
        pieces = [t for k in ("name", "title") if (t := self.text(f"{where}.{k}", given.get(k)))]
        contact = ", ".join(pieces) or None
        if contact and len(contact) > MAX_NAME:
            contact = pieces[0]
            self.tracker.kept.discard(f"{where}.title")
            self.tracker.lose(f"{where}.title", f"with the name, longer than {MAX_NAME} characters")
        self.sources["contact"] = f"{where}.name"
        return {"contact": contact}

    def finish_ids(self) -> None:
        """Ids of the service's records are kept when they are the ones netmap would give them."""
        for where, given, role in getattr(self, "pending_ids", []):
            self.same(where, given, record_id(self.id, role), REPLACED_ID)


def _at(path: str, key: str) -> str:
    return f"{path}.{key}"


def _first(schedule: dict[str, Any]) -> date:
    return first_session(Schedule(repeat=schedule["repeat"], starts=schedule["starts"], weekday=schedule["weekday"],
                                  week_of_month=schedule["week_of_month"]))  # fmt: skip
