"""What a caller is shown of a person: the one rule every read and write path asks.

Three things decide it — whether the person is in the caller's scope (their
caseload, service, group or self, worked out by the store's scope condition),
the person's consent, and how the person appears (asked for directly, or met
as a contact in the map of someone else) — and nothing else does. docs/access.md
says the same in plain words, and ``tests/test_visibility_property.py`` holds
every read path to it.
"""

from __future__ import annotations

from enum import Enum

from netmap.domain.access import AccessRole, PersonView, Principal
from netmap.domain.records import Person

__all__ = ["Appearance", "ANONYMOUS_NAME", "Naming", "SHOWN_IN_FULL", "may_name", "person_view", "shows_identity"]

ANONYMOUS_NAME = "Someone who asked not to be named"
"""What an anonymous contact is called wherever a name is expected."""

SHOWN_IN_FULL = (PersonView.FULL, PersonView.ORGANISER)
"""Views that show more than a name (and so are audited as reads)."""


class Appearance(str, Enum):
    """How a person comes to be shown."""

    DIRECT = "direct"
    """Asked for by id, listed, or found by a search."""
    CONTACT = "contact"
    """Met at the other end of a tie, or in the circles, of someone the caller may see."""


def _is_self(caller: Principal, person: Person) -> bool:
    return caller.role is AccessRole.PERSON and caller.scope_id == person.id


def person_view(
    caller: Principal | None, person: Person, *, in_scope: bool, appearance: Appearance = Appearance.DIRECT
) -> PersonView | None:
    """How much of ``person`` ``caller`` is shown; None: nothing (as if no such person).

    - Someone who said no to being mapped is named nowhere: in other people's
      maps they are ANONYMOUS (and still count in those people's measures);
      asked for directly, only an admin (for subject access or erasure) and
      the person themself see them.
    - Otherwise, in scope: FULL, or ORGANISER for a community organiser.
    - Out of scope: only as a CONTACT (id and name) in the map of someone the
      caller may see; asked for directly, nothing.
    """
    if caller is None:
        return None
    if person.consent.refused_mapping:
        if appearance is Appearance.CONTACT:
            return PersonView.ANONYMOUS
        if caller.role is AccessRole.ADMIN or _is_self(caller, person):
            return PersonView.FULL
        return None
    if in_scope:
        return PersonView.ORGANISER if caller.role is AccessRole.COMMUNITY_ORGANISER else PersonView.FULL
    return PersonView.CONTACT if appearance is Appearance.CONTACT else None


def shows_identity(view: PersonView | None) -> bool:
    """Whether a view names the person (their id and name may be shown)."""
    return view in (PersonView.FULL, PersonView.ORGANISER, PersonView.CONTACT)


class Naming(str, Enum):
    """Whether a new record (a tie, a participation, attendance) may name a person."""

    ALLOWED = "allowed"
    UNKNOWN = "unknown"
    """Answer exactly as for an id that does not exist."""
    CONSENT_REQUIRED = "consent_required"


def may_name(
    person: Person | None, *, in_scope: bool, known_contact: bool = False, owns_map: bool = False
) -> Naming:
    """Whether a new record may name ``person``.

    The caller must be able to see them — in scope, or already a contact in
    the map being changed — or the id answers like an unknown one. Someone who
    said no to being mapped is named in no new record, whichever end they are
    on; the person whose own map is changed (``owns_map``) must have said yes.
    """
    if person is None or not (in_scope or known_contact):
        return Naming.UNKNOWN
    if person.consent.refused_mapping or (owns_map and not person.consent.mapped):
        return Naming.CONSENT_REQUIRED
    return Naming.ALLOWED
