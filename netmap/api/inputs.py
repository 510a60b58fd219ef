"""GraphQL input types. They carry values only; the rules live in ``netmap.domain.inputs``."""

from __future__ import annotations

import dataclasses
from datetime import date, time
from typing import Any

import strawberry

from netmap.api.measures import InstrumentEnum
from netmap.api.enums import (
    ActivityStatus,
    Closeness,
    ContactFrequency,
    OrganisationKind,
    Repeat,
    Role,
    TieKind,
    Weekday,
)


def given(input: object) -> dict[str, Any]:
    """The fields the client actually sent (null included), by their Python names;
    nested inputs become dicts too."""
    return {
        f.name: given(value) if dataclasses.is_dataclass(value) else value
        for f in dataclasses.fields(input)  # type: ignore[arg-type]
        if (value := getattr(input, f.name)) is not strawberry.UNSET
    }


def present(input: object) -> dict[str, Any]:
    """The fields sent with a value: on a new record, null means the same as absent."""
    return {k: v for k, v in given(input).items() if v is not None}


@strawberry.input(description="What a person agrees to now; all three are required.")
class ConsentInput:
    mapped: bool
    show_to_organisers: bool
    use_in_aggregates: bool


@strawberry.input(description="A new person. Names up to 200 characters; tags are stored in lower case.")
class PersonInput:
    name: str
    consent: ConsentInput | None = strawberry.UNSET
    area: str | None = strawberry.UNSET
    interests: list[str] | None = strawberry.UNSET
    skills: list[str] | None = strawberry.UNSET
    access_needs: list[str] | None = strawberry.UNSET
    offers_buddying: bool | None = strawberry.UNSET


@strawberry.input(description="Changes to a person: only the fields given change; null clears one.")
class PersonUpdateInput:
    name: str | None = strawberry.UNSET
    area: str | None = strawberry.UNSET
    interests: list[str] | None = strawberry.UNSET
    skills: list[str] | None = strawberry.UNSET
    access_needs: list[str] | None = strawberry.UNSET
    offers_buddying: bool | None = strawberry.UNSET


@strawberry.input(description="A new organisation.")
class OrganisationInput:
    name: str
    kind: OrganisationKind
    category: str | None = strawberry.UNSET
    area: str | None = strawberry.UNSET
    interests: list[str] | None = strawberry.UNSET
    accessibility: list[str] | None = strawberry.UNSET
    description: str | None = strawberry.UNSET


@strawberry.input(description="Changes to an organisation: only the fields given change.")
class OrganisationUpdateInput:
    name: str | None = strawberry.UNSET
    kind: OrganisationKind | None = strawberry.UNSET
    category: str | None = strawberry.UNSET
    area: str | None = strawberry.UNSET
    interests: list[str] | None = strawberry.UNSET
    accessibility: list[str] | None = strawberry.UNSET
    description: str | None = strawberry.UNSET


@strawberry.input(
    description=(
        "A new tie between two people. For PAID_SUPPORT and PEER_SUPPORT, otherId is the supporter. "
        "since defaults to today; until, if given, must be after since."
    )
)
class TieInput:
    person_id: strawberry.ID
    other_id: strawberry.ID
    kind: TieKind
    since: date | None = strawberry.UNSET
    until: date | None = strawberry.UNSET
    label: str | None = strawberry.UNSET
    closeness: Closeness | None = strawberry.UNSET
    contact_frequency: ContactFrequency | None = strawberry.UNSET


@strawberry.input(
    description="Fixes a tie entered wrongly. Give a reason and only the fields to change."
)
class TieCorrectionInput:
    reason: str
    kind: TieKind | None = strawberry.UNSET
    since: date | None = strawberry.UNSET
    until: date | None = strawberry.UNSET
    label: str | None = strawberry.UNSET
    closeness: Closeness | None = strawberry.UNSET
    contact_frequency: ContactFrequency | None = strawberry.UNSET


@strawberry.input(description="A person's new part in an organisation; ROLE needs a title.")
class ParticipationInput:
    person_id: strawberry.ID
    organisation_id: strawberry.ID
    role: Role
    title: str | None = strawberry.UNSET
    since: date | None = strawberry.UNSET
    until: date | None = strawberry.UNSET


@strawberry.input(
    description=(
        "Someone new at an organiser's group, registered there and then with their consent "
        "(mapped and showToOrganisers must be yes). role: ATTENDEE (default), MEMBER or VOLUNTEER; "
        "since defaults to today."
    )
)
class NewcomerInput:
    organisation_id: strawberry.ID
    person: PersonInput
    role: Role | None = strawberry.UNSET
    since: date | None = strawberry.UNSET


@strawberry.input(description="Fixes a participation entered wrongly.")
class ParticipationCorrectionInput:
    reason: str
    role: Role | None = strawberry.UNSET
    title: str | None = strawberry.UNSET
    since: date | None = strawberry.UNSET
    until: date | None = strawberry.UNSET


@strawberry.input(description="When an activity runs: ONE_OFF dates, or WEEKLY/FORTNIGHTLY/MONTHLY on a weekday.")
class ScheduleInput:
    repeat: Repeat
    starts: date
    ends: date | None = strawberry.UNSET
    dates: list[date] | None = strawberry.UNSET
    weekday: Weekday | None = strawberry.UNSET
    week_of_month: int | None = strawberry.UNSET
    at: time | None = strawberry.UNSET
    finishes: time | None = strawberry.UNSET


@strawberry.input(description="A new activity. costPence 0 means free.")
class ActivityInput:
    organisation_id: strawberry.ID
    title: str
    schedule: ScheduleInput
    description: str | None = strawberry.UNSET
    interests: list[str] | None = strawberry.UNSET
    venue: str | None = strawberry.UNSET
    area: str | None = strawberry.UNSET
    accessibility: list[str] | None = strawberry.UNSET
    cost_pence: int | None = strawberry.UNSET
    cost_note: str | None = strawberry.UNSET
    contact: str | None = strawberry.UNSET


@strawberry.input(description="Changes to an activity; status PAUSED pauses it, ENDED ends it.")
class ActivityUpdateInput:
    title: str | None = strawberry.UNSET
    schedule: ScheduleInput | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    interests: list[str] | None = strawberry.UNSET
    venue: str | None = strawberry.UNSET
    area: str | None = strawberry.UNSET
    accessibility: list[str] | None = strawberry.UNSET
    cost_pence: int | None = strawberry.UNSET
    cost_note: str | None = strawberry.UNSET
    contact: str | None = strawberry.UNSET
    status: ActivityStatus | None = strawberry.UNSET


@strawberry.input(description="Who came to one session of an activity.")
class AttendanceInput:
    activity_id: strawberry.ID
    date: date
    person_ids: list[strawberry.ID]


@strawberry.input(description="Hours one person volunteered at one session.")
class VolunteeringInput:
    activity_id: strawberry.ID
    person_id: strawberry.ID
    date: date
    hours: float


@strawberry.input(description="Hours given by a person or organisation to another (hours > 0).")
class ExchangeInput:
    giver_id: strawberry.ID
    receiver_id: strawberry.ID
    hours: float
    date: date
    what: str
    timebank_id: strawberry.ID | None = strawberry.UNSET


@strawberry.input(description="Answers to one instrument: `answers` for LSNS6 and UCLA3, `answer` for ONS.")
class SelfReportInput:
    instrument: InstrumentEnum
    date: date | None = None
    answers: list[int] | None = None
    answer: str | None = None
