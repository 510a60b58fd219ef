"""What netmap stores, as plain immutable records.

The store returns these and the API renders them; neither adds behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from netmap.domain.kinds import Closeness, ContactFrequency, OrganisationKind, Role, TieKind
from netmap.domain.valid_time import Period


@dataclass(frozen=True)
class Recorded:
    """Who entered a record, and when (transaction time, not valid time)."""

    by: str
    at: datetime


@dataclass(frozen=True)
class Consent:
    """What a person has agreed to; each is no until recorded otherwise.

    - ``mapped``: their ties and participations may be recorded and shown to
      those whose scope includes them;
    - ``show_to_organisers``: organisers of groups they take part in may see
      them (name, interests, skills, their part in that group);
    - ``use_in_aggregates``: they count in cohort figures and trends.
    """

    mapped: bool = False
    show_to_organisers: bool = False
    use_in_aggregates: bool = False
    recorded: Recorded | None = None

    @property
    def refused_mapping(self) -> bool:
        """They were asked and said no to being mapped (or withdrew): named nowhere.

        Someone never asked (``recorded`` is None) has not refused: they may
        still be named as a contact in the maps of people who agreed.
        """
        return self.recorded is not None and not self.mapped


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    recorded: Recorded
    area: str | None = None
    interests: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    access_needs: tuple[str, ...] = ()
    consent: Consent = field(default_factory=Consent)
    offers_buddying: bool = False
    """They have offered to go along with someone new to a group (a peer buddy)."""
    key: str | None = None
    """The key they were imported with (CSV or community file); None if made through the API."""


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    kind: OrganisationKind
    recorded: Recorded
    category: str | None = None
    area: str | None = None
    interests: tuple[str, ...] = ()
    accessibility: tuple[str, ...] = ()
    description: str | None = None
    key: str | None = None
    """The key it was imported with; None if made through the API."""


@dataclass(frozen=True)
class Tie:
    """A person-to-person relationship over a period.

    Kinds are symmetric except PAID_SUPPORT and PEER_SUPPORT, where
    ``person_id`` is the one supported and ``other_id`` the (paid or peer)
    supporter: only the supporter gives, for the reciprocity evidence.
    """

    id: str
    person_id: str
    other_id: str
    kind: TieKind
    period: Period
    recorded: Recorded
    label: str | None = None
    corrections: tuple[Correction, ...] = field(default=())
    closeness: Closeness | None = None
    """The person's answer to "how close?", when asked; None if not."""
    contact_frequency: ContactFrequency | None = None
    """How often they are in touch, when asked; None if not."""
    end_reason: str | None = None
    """Why it ended, if that was said when it was ended."""

    @property
    def paid(self) -> bool:
        return self.kind.paid

    def other_end(self, person_id: str) -> str:
        """The id at the far end of the tie, seen from ``person_id``."""
        return self.other_id if person_id == self.person_id else self.person_id


@dataclass(frozen=True)
class Participation:
    """A person's part in an organisation over a period."""

    id: str
    person_id: str
    organisation_id: str
    role: Role
    period: Period
    recorded: Recorded
    title: str | None = None
    corrections: tuple[Correction, ...] = field(default=())
    end_reason: str | None = None
    """Why it ended, if that was said when it was ended."""


@dataclass(frozen=True)
class Correction:
    """A fix to a record entered wrongly; keeps what the record said before."""

    recorded: Recorded
    reason: str
    before: dict[str, object]
