"""Who is asking: roles, scopes and how much of a person each may see.

The rules themselves (who may call what) live in the API layer; this module
only names them, so every layer speaks of the same roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class AccessRole(str, Enum):
    """What a caller is, and so what they may see and change."""

    ADMIN = "admin"
    """Runs netmap for the organisation: everything, and the audit log."""
    PLANNER = "planner"
    """A support planner: the people on their caseload."""
    SERVICE_MANAGER = "service_manager"
    """Manages one service: the people it supports or has supported, and its figures."""
    COMMUNITY_ORGANISER = "community_organiser"
    """Runs one community group: its own participants who agreed to be shown to organisers."""
    PERSON = "person"
    """Someone whose network is mapped: their own map."""
    ANALYST = "analyst"
    """Aggregate figures only, with small counts suppressed."""

    @property
    def needs_scope(self) -> bool:
        """Roles bound to one organisation or person carry its id as their scope."""
        return self in (AccessRole.SERVICE_MANAGER, AccessRole.COMMUNITY_ORGANISER, AccessRole.PERSON)


@dataclass(frozen=True)
class Principal:
    """An authenticated caller."""

    subject: str
    """Stable identity: who did it, in the audit log and on records they write."""
    role: AccessRole
    scope_id: str | None = None
    """The service, organisation or person the role is bound to."""
    name: str = ""


class PersonView(str, Enum):
    """How much of one person a caller is shown."""

    FULL = "full"
    """Everything: details, ties, participations (the person is in the caller's scope)."""
    ORGANISER = "organiser"
    """Name, interests, skills and their part in the organiser's own group; no ties, no support."""
    CONTACT = "contact"
    """Only id and name: someone who appears in the map of a person in scope."""
    ANONYMOUS = "anonymous"
    """No id, no name: someone who asked not to be mapped, in another person's map."""
