"""What callers may ask netmap to record, and the rules each input must meet.

Validation happens here, before anything touches the store, so a rejected
request writes nothing. :func:`validated` turns pydantic's report into an
:class:`~netmap.domain.errors.InvalidInput` listing every broken rule with a
stable code.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.kinds import Closeness, ContactFrequency, OrganisationKind, Role, TieKind
from netmap.domain.records import Consent, Person, Recorded

MAX_NAME = 200
MAX_TEXT = 2000
MAX_TAGS = 50

_REFUSED = frozenset({"Cc", "Cs", "Cn"})


def _refuse_controls(value: str, allowed: str) -> str:
    """Refuse control characters (but ``allowed``), surrogates and unassigned code points:
    a name of only '\x1f' is not a name."""
    if any(unicodedata.category(c) in _REFUSED and c not in allowed for c in value):
        raise PydanticCustomError("control_character", "must not contain control or unassigned characters")
    return value


Printable = AfterValidator(lambda value: _refuse_controls(value, allowed="\n\t"))
"""For text of several lines: line breaks and tabs are kept."""
OneLine = AfterValidator(lambda value: _refuse_controls(value, allowed=""))
"""For names, ids and tags: no line breaks either."""
Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), OneLine]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME), OneLine
]
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT), Printable
]
Tag = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=100),
    OneLine,
]
Feature = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), OneLine
]
Tags = Annotated[list[Tag], Field(max_length=MAX_TAGS)]
Features = Annotated[list[Feature], Field(max_length=MAX_TAGS)]

_CODES = {
    "string_too_short": "EMPTY",
    "string_too_long": "TOO_LONG",
    "too_long": "TOO_MANY",
    "self_tie": "SELF_TIE",
    "invalid_interval": "INVALID_INTERVAL",
    "title_required": "TITLE_REQUIRED",
    "schedule_incomplete": "SCHEDULE_INCOMPLETE",
    "self_exchange": "SELF_EXCHANGE",
    "greater_than": "OUT_OF_RANGE",
    "greater_than_equal": "OUT_OF_RANGE",
    "less_than_equal": "OUT_OF_RANGE",
    "too_short": "EMPTY",
    "control_character": "INVALID_CHARACTER",
    "duplicate_entry": "DUPLICATE_ENTRY",
}


class _Input(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Update(_Input):
    """A partial change: only the fields given are changed; null clears a field."""

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}

    @field_validator("name", check_fields=False)
    @classmethod
    def _name_cannot_be_cleared(cls, value: str | None) -> str:
        if value is None:
            raise PydanticCustomError("string_too_short", "a name cannot be removed")
        return value


class ConsentInput(_Input):
    """A person's consent as it stands now; replaces what was recorded before."""

    mapped: bool
    show_to_organisers: bool
    use_in_aggregates: bool


class PersonInput(_Input):
    name: Name
    consent: ConsentInput | None = None
    area: Name | None = None
    interests: Tags = []
    skills: Tags = []
    access_needs: Features = []
    offers_buddying: bool = False

    def to_person(self, id: str, recorded: Recorded) -> Person:
        """The new person; consent given now is recorded by whoever records them."""
        consent = self.consent
        return Person(
            id=id,
            name=self.name,
            area=self.area,
            interests=tuple(self.interests),
            skills=tuple(self.skills),
            access_needs=tuple(self.access_needs),
            offers_buddying=self.offers_buddying,
            consent=Consent(consent.mapped, consent.show_to_organisers, consent.use_in_aggregates, recorded)
            if consent
            else Consent(),
            recorded=recorded,
        )


class NewcomerInput(_Input):
    """Someone new an organiser registers at their group, there and then: they must
    have agreed to be mapped and to be shown to the group's organisers."""

    organisation_id: Id
    person: PersonInput
    role: Role = Role.ATTENDEE
    since: date

    @field_validator("person")
    @classmethod
    def _agreed(cls, person: PersonInput) -> PersonInput:
        consent = person.consent
        if consent is None or not (consent.mapped and consent.show_to_organisers):
            raise PydanticCustomError(
                "consent_required",
                "record the newcomer's consent: mapped and showToOrganisers must both be yes",
            )
        return person

    @field_validator("role")
    @classmethod
    def _community_role(cls, role: Role) -> Role:
        if role not in (Role.ATTENDEE, Role.MEMBER, Role.VOLUNTEER):
            raise PydanticCustomError("invalid_role", "a newcomer joins as ATTENDEE, MEMBER or VOLUNTEER")
        return role


class PersonUpdate(_Update):
    name: Name | None = None
    area: Name | None = None
    interests: Tags | None = None
    skills: Tags | None = None
    access_needs: Features | None = None
    offers_buddying: bool | None = None


class OrganisationInput(_Input):
    name: Name
    kind: OrganisationKind
    category: Name | None = None
    area: Name | None = None
    interests: Tags = []
    accessibility: Features = []
    description: LongText | None = None


class OrganisationUpdate(_Update):
    name: Name | None = None
    kind: OrganisationKind | None = None
    category: Name | None = None
    area: Name | None = None
    interests: Tags | None = None
    accessibility: Features | None = None
    description: LongText | None = None


def _until_after_since(until: date | None, info: ValidationInfo) -> date | None:
    since = info.data.get("since")
    if until is not None and since is not None and until <= since:
        raise PydanticCustomError(
            "invalid_interval",
            "until ({until}) must be after since ({since})",
            {"until": until.isoformat(), "since": since.isoformat()},
        )
    return until


class TieInput(_Input):
    """A new person-to-person tie; for PAID_SUPPORT and PEER_SUPPORT, ``other_id`` is the supporter."""

    person_id: Id
    other_id: Id
    kind: TieKind
    since: date
    until: date | None = None
    label: Name | None = None
    closeness: Closeness | None = None
    contact_frequency: ContactFrequency | None = None

    @field_validator("other_id")
    @classmethod
    def _not_self(cls, other_id: str, info: ValidationInfo) -> str:
        if other_id == info.data.get("person_id"):
            raise PydanticCustomError("self_tie", "a person cannot have a tie with themself")
        return other_id

    _interval = field_validator("until")(_until_after_since)


class ParticipationInput(_Input):
    person_id: Id
    organisation_id: Id
    role: Role
    since: date
    until: date | None = None
    title: Name | None = Field(default=None, validate_default=True)

    _interval = field_validator("until")(_until_after_since)

    @field_validator("title")
    @classmethod
    def _title_for_role(cls, title: str | None, info: ValidationInfo) -> str | None:
        if title is None and info.data.get("role") is Role.ROLE:
            raise PydanticCustomError(
                "title_required", "a ROLE participation needs a title, such as 'fire warden'"
            )
        return title


class Ending(_Input):
    """Ending a tie or participation: the first date on which it no longer holds."""

    until: date
    reason: LongText | None = None
    """Why it ended, if said ("moved away"); kept on the record."""


class _Correction(_Input):
    reason: LongText
    since: date | None = None
    until: date | None = None

    def changes(self, clearable: set[str]) -> dict[str, Any]:
        """The fields given, but for null on a field that cannot be cleared."""
        given = self.model_dump(exclude={"reason"}, exclude_unset=True)
        return {k: v for k, v in given.items() if v is not None or k in clearable}


class TieCorrection(_Correction):
    """Fixes a tie entered wrongly; the only way to change its ``since``."""

    kind: TieKind | None = None
    label: Name | None = None
    closeness: Closeness | None = None
    contact_frequency: ContactFrequency | None = None


class ParticipationCorrection(_Correction):
    """Fixes a participation entered wrongly; the only way to change its ``since``."""

    role: Role | None = None
    title: Name | None = None


M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: dict[str, Any]) -> M:
    """Build ``model`` from ``data`` or raise InvalidInput naming every problem.

    Field names in the problems are the API's (camelCase).
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput([_problem(error) for error in exc.errors()]) from None


def _problem(error: Any) -> Problem:
    path = ".".join(to_camel(str(part)) for part in error["loc"]) or "input"
    kind = str(error["type"])
    code = _CODES.get(kind, "INVALID_INPUT")
    message = error["msg"]
    if kind == "string_too_short":
        message = "must not be empty"
    elif kind == "bool_type" and error.get("input") is None:
        message = "answer yes or no"
    return Problem(field=path, code=code, message=message)
