"""A community document once checked: rows ready to write, each with its stable id.

Community files and CSV imports (``netmap.interchange``) make one; the store
writes it (``netmap.store.community_load``, ``netmap.store.import_report``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from netmap.domain.activity_inputs import ActivityInput, ExchangeInput, VolunteeringInput


@dataclass
class ActivitySections:
    """A community's group sections, checked: activities, attendance, volunteering, exchanges, reviews."""

    activities: list[tuple[str, ActivityInput]] = field(default_factory=list)
    attendance: list[dict[str, Any]] = field(default_factory=list)
    volunteering: list[VolunteeringInput] = field(default_factory=list)
    exchanges: list[tuple[str, ExchangeInput]] = field(default_factory=list)
    reviews: list[tuple[str, str, date]] = field(default_factory=list)
    """(id, person id, date): the person's network was reviewed that day."""

    def counts(self) -> dict[str, int]:
        return {
            "activities": len(self.activities),
            "attendance": sum(len(row["people"]) for row in self.attendance),
            "volunteering": len(self.volunteering),
            "exchanges": len(self.exchanges),
            "reviews": len(self.reviews),
        }


@dataclass
class Community:
    """Validated rows ready to write, each with its stable id."""

    recorded_by: str
    people: list[dict[str, Any]] = field(default_factory=list)
    organisations: list[dict[str, Any]] = field(default_factory=list)
    ties: list[dict[str, Any]] = field(default_factory=list)
    participations: list[dict[str, Any]] = field(default_factory=list)
    groups: ActivitySections = field(default_factory=ActivitySections)
    """Activities, attendance, volunteering and timebank exchanges."""

    def counts(self) -> dict[str, int]:
        return {
            "people": len(self.people),
            "organisations": len(self.organisations),
            "ties": len(self.ties),
            "participations": len(self.participations),
            **{k: v for k, v in self.groups.counts().items() if v},
        }


CONSENT_FIELDS = ("consent_mapped", "consent_organisers", "consent_aggregates")


def consent_given(person: dict[str, Any]) -> bool:
    """Whether a person's entry gives their consent answers (else none is recorded)."""
    return CONSENT_FIELDS[0] in person.get("given", CONSENT_FIELDS)


def date_of(value: str | None) -> Any:
    """The date of a row's ISO text (rows hold JSON values), or None."""
    return datetime.fromisoformat(value).date() if value else None
