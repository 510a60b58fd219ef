"""Scope checks for single records, for any caller of the services: outside the
caller's scope a record does not exist for them, so every refusal here is the
same NOT_FOUND an unknown id gets. Who is shown what is decided by
``visibility`` (through ``Caller.view_of`` and ``Caller.naming``), never here.
(Role checks are the policy table's, applied by the API and the pages.)"""

from __future__ import annotations

from netmap.domain import records
from netmap.domain.access import AccessRole, PersonView
from netmap.domain.errors import ConsentRequired, Forbidden, NotFound
from netmap.services.caller import Caller
from netmap.services.visibility import Naming
from netmap.store.participations import find_participations
from netmap.store.ties import find_ties


async def person_in_scope(ctx: Caller, operation: str, person_id: str) -> records.Person:
    """The person, if the caller may see them when asking directly."""
    found = await ctx.loaders.person.load(person_id)
    if found is None or await ctx.view_of(found, operation=operation) is None:
        raise NotFound("person", person_id)
    return found  # type: ignore[no-any-return]


async def person_in_care(ctx: Caller, operation: str, person_id: str) -> records.Person:
    """The person, if they are in the caller's scope whatever their consent: those
    who look after someone may record that they changed their mind."""
    found = await ctx.loaders.person.load(person_id)
    if found is None or not await ctx.in_scope(person_id, operation):
        raise NotFound("person", person_id)
    return found  # type: ignore[no-any-return]


async def person_to_name(
    ctx: Caller, operation: str, person_id: str, *, owns_map: bool = False, known_contact: bool = False
) -> records.Person:
    """The person a new record will name, if ``visibility.may_name`` allows it: an id
    the caller may not see is NOT_FOUND, like an unknown one; someone who said no
    to being mapped (or, for the map's owner, never said yes) is CONSENT_REQUIRED."""
    naming = await ctx.naming(person_id, operation, owns_map=owns_map, known_contact=known_contact)
    if naming is Naming.UNKNOWN:
        raise NotFound("person", person_id)
    if naming is Naming.CONSENT_REQUIRED:
        raise ConsentRequired(
            "This person has not agreed to be mapped: nothing can be recorded about them "
            "until their consent is recorded (recordConsent).",
            person_id=person_id,
        )
    found = await ctx.loaders.person.load(person_id)
    if found is None:
        raise NotFound("person", person_id)
    return found  # type: ignore[no-any-return]


def require_own_organisation(ctx: Caller, organisation_id: str) -> None:
    """Organisers act only on their own organisation."""
    principal = ctx.principal
    if principal and principal.role is AccessRole.COMMUNITY_ORGANISER and principal.scope_id != organisation_id:
        raise Forbidden("Organisers may change only their own organisation's records.")


async def tie_in_scope(ctx: Caller, operation: str, tie_id: str) -> records.Tie:
    """The tie, if the caller may see all of at least one of its two people."""
    found = (await ctx.store.read(find_ties, [tie_id])).get(tie_id)
    if found is None:
        raise NotFound("tie", tie_id)
    for end in (found.person_id, found.other_id):
        person = await ctx.loaders.person.load(end)
        if person and person.consent.mapped and await ctx.view_of(person, operation=operation) is PersonView.FULL:
            return found
    raise NotFound("tie", tie_id)


async def participation_in_scope(ctx: Caller, operation: str, participation_id: str) -> records.Participation:
    """The participation, if the caller may see its person (organisers: in their own group)."""
    found = (await ctx.store.read(find_participations, [participation_id])).get(participation_id)
    if found is None:
        raise NotFound("participation", participation_id)
    principal = ctx.principal
    if principal and principal.role is AccessRole.COMMUNITY_ORGANISER and principal.scope_id != found.organisation_id:
        raise NotFound("participation", participation_id)
    person = await ctx.loaders.person.load(found.person_id)
    if person is None or not person.consent.mapped or await ctx.view_of(person, operation=operation) is None:
        raise NotFound("participation", participation_id)
    return found
