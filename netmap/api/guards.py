"""Scope checks for single records: outside the caller's scope a record does
not exist for them, so every refusal here is the same NOT_FOUND an unknown id
gets. (Role checks are in ``permissions.py``.)"""

from __future__ import annotations

from netmap.api.context import Info, operation_of
from netmap.domain import records
from netmap.domain.access import AccessRole, PersonView
from netmap.domain.errors import ConsentRequired, Forbidden, NotFound
from netmap.services.visibility import Naming
from netmap.store.participations import find_participations
from netmap.store.ties import find_ties


async def person_in_scope(info: Info, person_id: str) -> records.Person:
    """The person, if the caller may see them when asking directly."""
    found = await info.context.loaders.person.load(person_id)
    if found is None or await info.context.view_of(found, operation=operation_of(info)) is None:
        raise NotFound("person", person_id)
    return found


async def person_in_care(info: Info, person_id: str) -> records.Person:
    """The person, if they are in the caller's scope whatever their consent: those
    who look after someone may record that they changed their mind."""
    found = await info.context.loaders.person.load(person_id)
    if found is None or not await info.context.in_scope(person_id, operation_of(info)):
        raise NotFound("person", person_id)
    return found


async def person_to_name(
    info: Info, person_id: str, *, owns_map: bool = False, known_contact: bool = False
) -> records.Person:
    """The person a new record will name, if ``visibility.may_name`` allows it: an id
    the caller may not see is NOT_FOUND, like an unknown one; someone who said no
    to being mapped (or, for the map's owner, never said yes) is CONSENT_REQUIRED."""
    naming = await info.context.naming(person_id, operation_of(info), owns_map=owns_map, known_contact=known_contact)
    if naming is Naming.UNKNOWN:
        raise NotFound("person", person_id)
    if naming is Naming.CONSENT_REQUIRED:
        raise ConsentRequired(
            "This person has not agreed to be mapped: nothing can be recorded about them "
            "until their consent is recorded (recordConsent).",
            person_id=person_id,
        )
    found = await info.context.loaders.person.load(person_id)
    if found is None:
        raise NotFound("person", person_id)
    return found


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
        if person and person.consent.mapped and await info.context.view_of(person, operation=operation_of(info)) is PersonView.FULL:
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
    if person is None or not person.consent.mapped or await info.context.view_of(person, operation=operation_of(info)) is None:
        raise NotFound("participation", participation_id)
    return found
