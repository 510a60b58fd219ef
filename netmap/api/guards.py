"""Scope checks for single records, for resolvers: the services' checks
(``services/checks.py``) with the operation the resolver serves. (Role checks
are in ``permissions.py``.)"""

from __future__ import annotations

from netmap.api.context import Info, operation_of
from netmap.domain import records
from netmap.services import checks


async def person_in_scope(info: Info, person_id: str) -> records.Person:
    """The person, if the caller may see them when asking directly."""
    return await checks.person_in_scope(info.context, operation_of(info), person_id)


async def person_in_care(info: Info, person_id: str) -> records.Person:
    """The person, if they are in the caller's scope whatever their consent."""
    return await checks.person_in_care(info.context, operation_of(info), person_id)


async def person_to_name(
    info: Info, person_id: str, *, owns_map: bool = False, known_contact: bool = False
) -> records.Person:
    """The person a new record will name, if ``visibility.may_name`` allows it."""
    return await checks.person_to_name(
        info.context, operation_of(info), person_id, owns_map=owns_map, known_contact=known_contact
    )


def require_own_organisation(info: Info, organisation_id: str) -> None:
    """Organisers act only on their own organisation."""
    checks.require_own_organisation(info.context, organisation_id)


async def tie_in_scope(info: Info, tie_id: str) -> records.Tie:
    """The tie, if the caller may see all of at least one of its two people."""
    return await checks.tie_in_scope(info.context, operation_of(info), tie_id)


async def participation_in_scope(info: Info, participation_id: str) -> records.Participation:
    """The participation, if the caller may see its person (organisers: in their own group)."""
    return await checks.participation_in_scope(info.context, operation_of(info), participation_id)
