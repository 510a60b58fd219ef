"""Scope checks for single records: outside the caller's scope a record does
not exist for them, so every refusal here is the same NOT_FOUND an unknown id
gets. (Role checks are in ``permissions.py``.)"""

from __future__ import annotations

from netmap.api.context import Info
from netmap.domain import records
from netmap.domain.access import AccessRole, PersonView
from netmap.domain.errors import ConsentRequired, Forbidden, NotFound
from netmap.store.participations import find_participations
from netmap.store.ties import find_ties


async def person_in_scope(info: Info, person_id: str) -> records.Person:
    """The person, if the caller may see all of them."""
    found = await info.context.loaders.person.load(person_id)
    if found is None or await info.context.view_of(found) is PersonView.CONTACT:
        raise NotFound("person", person_id)
    return found


def require_mapping_consent(person: records.Person) -> None:
    if not person.consent.mapped:
        raise ConsentRequired(
            f"{person.name} has not agreed to be mapped; record their consent first (recordConsent).",
            person_id=person.id,
        )


def require_own_organisation(info: Info, organisation_id: str) -> None:
    """Organisers act only on their own organisation."""
    principal = info.context.principal
    if principal and principal.role is AccessRole.COMMUNITY_ORGANISER and principal.scope_id != organisation_id:
        raise Forbidden("Organisers may change only their own organisation's records.")


async def tie_in_scope(info: Info, tie_id: str) -> records.Tie:
    """The tie, if the caller may see all of at least one of its two people."""
    found = (await info.context.store.read(find_ties, [tie_id])).get(tie_id)
    if found is None:
        raise NotFound("tie", tie_id)
    for end in (found.person_id, found.other_id):
        person = await info.context.loaders.person.load(end)
        if person and person.consent.mapped and await info.context.view_of(person) is PersonView.FULL:
            return found
    raise NotFound("tie", tie_id)


async def participation_in_scope(info: Info, participation_id: str) -> records.Participation:
    """The participation, if the caller may see its person (organisers: in their own group)."""
    found = (await info.context.store.read(find_participations, [participation_id])).get(participation_id)
    if found is None:
        raise NotFound("participation", participation_id)
    principal = info.context.principal
    if principal and principal.role is AccessRole.COMMUNITY_ORGANISER and principal.scope_id != found.organisation_id:
        raise NotFound("participation", participation_id)
    person = await info.context.loaders.person.load(found.person_id)
    if person is None or not person.consent.mapped or await info.context.view_of(person) is PersonView.CONTACT:
        raise NotFound("participation", participation_id)
    return found
