"""The closed vocabularies: kinds of organisation, kinds of tie, roles."""

from __future__ import annotations

from enum import Enum


class OrganisationKind(str, Enum):
    """What an organisation is, as far as a person's network is concerned."""

    SERVICE = "SERVICE"
    """Paid support: day service, supported living, residential, Shared Lives, PA employer."""
    COMMUNITY_GROUP = "COMMUNITY_GROUP"
    """Club, society, faith group, social club, political party, sports team."""
    TIMEBANK = "TIMEBANK"
    """Members exchange time: an hour given earns an hour received."""
    OTHER = "OTHER"
    """Anything else a person belongs to: an employer, a college, a council panel."""


class TieKind(str, Enum):
    """The kind of a person-to-person relationship."""

    FAMILY = "FAMILY"
    PARTNER = "PARTNER"
    FRIEND = "FRIEND"
    NEIGHBOUR = "NEIGHBOUR"
    PEER_SUPPORT = "PEER_SUPPORT"
    COLLEAGUE = "COLLEAGUE"
    ACQUAINTANCE = "ACQUAINTANCE"
    PAID_SUPPORT = "PAID_SUPPORT"

    @property
    def paid(self) -> bool:
        """Whether someone is paid to be in this relationship; follows from the kind."""
        return self is TieKind.PAID_SUPPORT


class Closeness(str, Enum):
    """How close the person feels to someone (the inner, middle or outer circle of a map)."""

    CLOSEST = "CLOSEST"
    CLOSE = "CLOSE"
    FURTHER = "FURTHER"


class ContactFrequency(str, Enum):
    """How often the two are in touch."""

    WEEKLY = "WEEKLY"
    """Every week or more often."""
    MONTHLY = "MONTHLY"
    """At least monthly, less than weekly."""
    LESS_OFTEN = "LESS_OFTEN"


class Role(str, Enum):
    """How a person takes part in an organisation."""

    MEMBER = "MEMBER"
    ATTENDEE = "ATTENDEE"
    VOLUNTEER = "VOLUNTEER"
    ORGANISER = "ORGANISER"
    ROLE = "ROLE"
    """A named role such as fire warden or interview panel member; needs a title."""
    STAFF = "STAFF"
    """Paid staff of the organisation."""
    SUPPORTED = "SUPPORTED"
    """Receives paid support from the organisation (a service)."""


ACCESSIBILITY_FEATURES: tuple[str, ...] = (
    "step-free access",
    "accessible toilet",
    "hearing loop",
    "BSL",
    "quiet space",
    "easy-read information",
    "transport help",
    "carers welcome",
)
"""The documented accessibility vocabulary; free text beyond it is allowed."""
