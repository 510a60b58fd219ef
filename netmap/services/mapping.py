"""Mapping a person's network, and a group's register: every write the API's
mutations and the pages make, as plain functions of the caller and plain values.

Each one asks the policy table (``Context.allow``), validates its input with the
domain's rules (every problem, by field), checks scope and consent through the
one rule (``guards`` → ``visibility``), then runs as one transaction with its
audit entries and idempotency claim (``Context.write``): it happens whole, or
nothing is written.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain import activity_inputs as activity_rules
from netmap.domain import inputs as rules
from netmap.domain import records
from netmap.domain.access import AccessRole
from netmap.domain.errors import InvalidInput, NotFound
from netmap.domain.activities import Activity
from netmap.services import guards
from netmap.services.context import Context
from netmap.store.accounts import assign_caseload
from netmap.store.activities import get_activities
from netmap.store.attendance import AttendanceResult, record_attendance as store_attendance
from netmap.store.attendance import record_volunteering as store_volunteering
from netmap.store.consent import record_consent as store_consent
from netmap.store.participations import correct_participation as store_correct_participation
from netmap.store.participations import end_participation as store_end_participation
from netmap.store.participations import record_participation as store_record_participation
from netmap.store.people import create_person as store_create_person
from netmap.store.reviews import reviewing
from netmap.store.ties import correct_tie as store_correct_tie
from netmap.store.ties import end_tie as store_end_tie
from netmap.store.ties import record_tie as store_record_tie

__all__ = [
    "add_contact", "correct_participation", "correct_tie", "create_person", "end_participation", "end_tie",
    "record_attendance", "record_consent", "record_participation", "record_tie", "record_volunteering",
    "register_newcomer",
]  # fmt: skip


def _tie_people(tie: records.Tie) -> list[str]:
    return [tie.person_id, tie.other_id]


def _participant(participation: records.Participation) -> list[str]:
    return [participation.person_id]


def _itself(person: records.Person) -> list[str]:
    return [person.id]


def _dated(ctx: Context, fields: dict[str, Any]) -> dict[str, Any]:
    """``since`` defaults to today when not given."""
    return {"since": ctx.today, **fields}


def _is_organiser(ctx: Context) -> bool:
    return ctx.principal is not None and ctx.principal.role is AccessRole.COMMUNITY_ORGANISER


async def create_person(ctx: Context, fields: dict[str, Any]) -> records.Person:
    """A new person; a planner's new person joins their caseload."""
    ctx.allow("createPerson")
    data = rules.validated(rules.PersonInput, fields)
    person = data.to_person(str(uuid.uuid4()), ctx.recorded())
    principal = ctx.principal

    async def create(tx: AsyncManagedTransaction) -> records.Person:
        made = await store_create_person(tx, person)
        if principal is not None and principal.role is AccessRole.PLANNER:
            await assign_caseload(tx, principal.subject, [made.id], ctx.today, principal.subject)
        return made

    made = await ctx.write("createPerson", _itself, create)
    ctx.loaders.visible.prime(made.id, True)
    return made


async def record_consent(ctx: Context, person_id: str, fields: dict[str, Any]) -> records.Person:
    """What the person agrees to now, recorded with who asked and when; withdrawal takes effect at once."""
    ctx.allow("recordConsent")
    data = rules.validated(rules.ConsentInput, fields)
    await guards.person_in_care(ctx, "recordConsent", person_id)
    return await ctx.write("recordConsent", _itself, store_consent, person_id, data, ctx.recorded())


async def _map_owner_and_contact(ctx: Context, operation: str, person_id: str, other_id: str) -> None:
    await guards.person_to_name(ctx, operation, person_id, owns_map=True)
    ties = await ctx.loaders.ties.load(person_id)
    known = any(other_id in (t.person_id, t.other_id) for t in ties)
    await guards.person_to_name(ctx, operation, other_id, known_contact=known)


async def record_tie(ctx: Context, fields: dict[str, Any]) -> records.Tie:
    """A tie in the map of ``person_id`` with someone the caller may name; mapping is reviewing."""
    ctx.allow("recordTie")
    data = rules.validated(rules.TieInput, _dated(ctx, fields))
    await _map_owner_and_contact(ctx, "recordTie", data.person_id, data.other_id)
    recorded = ctx.recorded()
    work = reviewing(store_record_tie, lambda t: t.person_id, ctx.today, recorded)
    return await ctx.write("recordTie", _tie_people, work, data, recorded)


async def add_contact(ctx: Context, person_id: str, contact: dict[str, Any], tie: dict[str, Any]) -> records.Tie:
    """Someone new in a person's map: the contact (never asked for consent, so named only as a
    contact) and the tie to them, together or not at all. Problems of both, by field."""
    ctx.allow("createPerson")
    ctx.allow("recordTie")
    new_id = str(uuid.uuid4())
    problems = []
    person_data = tie_data = None
    try:
        person_data = rules.validated(rules.PersonInput, contact)
    except InvalidInput as exc:
        problems.extend(exc.problems)
    try:
        tie_data = rules.validated(rules.TieInput, _dated(ctx, {**tie, "person_id": person_id, "other_id": new_id}))
    except InvalidInput as exc:
        problems.extend(exc.problems)
    if problems or person_data is None or tie_data is None:
        raise InvalidInput(problems)
    await guards.person_to_name(ctx, "recordTie", person_id, owns_map=True)
    recorded = ctx.recorded()
    person = person_data.to_person(new_id, recorded)

    async def add(tx: AsyncManagedTransaction, data: rules.TieInput) -> records.Tie:
        await store_create_person(tx, person)
        return await store_record_tie(tx, data, recorded)

    work = reviewing(add, lambda t: t.person_id, ctx.today, recorded)
    return await ctx.write("recordTie", _tie_people, work, tie_data)


async def end_tie(ctx: Context, tie_id: str, until: date | None, reason: str | None = None) -> records.Tie:
    """Ends an ongoing tie: ``until`` is the first date it no longer holds."""
    ctx.allow("endTie")
    data = rules.validated(rules.Ending, {"until": until, **({"reason": reason} if reason else {})})
    await guards.tie_in_scope(ctx, "endTie", tie_id)
    return await ctx.write("endTie", _tie_people, store_end_tie, tie_id, data.until, ctx.recorded(), data.reason)


async def correct_tie(ctx: Context, tie_id: str, fields: dict[str, Any]) -> records.Tie:
    """Fixes a tie entered wrongly, keeping the old version and the reason."""
    ctx.allow("correctTie")
    data = rules.validated(rules.TieCorrection, fields)
    await guards.tie_in_scope(ctx, "correctTie", tie_id)
    return await ctx.write("correctTie", _tie_people, store_correct_tie, tie_id, data, ctx.recorded())


async def record_participation(ctx: Context, fields: dict[str, Any]) -> records.Participation:
    """A person's part in an organisation (organisers: in their own); a planner's is a review too."""
    ctx.allow("recordParticipation")
    data = rules.validated(rules.ParticipationInput, _dated(ctx, fields))
    guards.require_own_organisation(ctx, data.organisation_id)
    await guards.person_to_name(ctx, "recordParticipation", data.person_id, owns_map=True)
    recorded = ctx.recorded()
    work = store_record_participation if _is_organiser(ctx) else reviewing(
        store_record_participation, lambda p: p.person_id, ctx.today, recorded
    )  # an organiser records a part in their group, not a review of the person's network
    return await ctx.write("recordParticipation", _participant, work, data, recorded)


async def end_participation(
    ctx: Context, participation_id: str, until: date | None, reason: str | None = None
) -> records.Participation:
    ctx.allow("endParticipation")
    data = rules.validated(rules.Ending, {"until": until, **({"reason": reason} if reason else {})})
    await guards.participation_in_scope(ctx, "endParticipation", participation_id)
    return await ctx.write(
        "endParticipation", _participant, store_end_participation, participation_id, data.until, ctx.recorded(),
        data.reason,
    )  # fmt: skip


async def correct_participation(ctx: Context, participation_id: str, fields: dict[str, Any]) -> records.Participation:
    ctx.allow("correctParticipation")
    data = rules.validated(rules.ParticipationCorrection, fields)
    await guards.participation_in_scope(ctx, "correctParticipation", participation_id)
    return await ctx.write(
        "correctParticipation", _participant, store_correct_participation, participation_id, data, ctx.recorded()
    )


async def activity(ctx: Context, activity_id: str) -> Activity:
    """An activity by id (public)."""
    found = (await ctx.store.read(get_activities, [activity_id])).get(activity_id)
    if found is None:
        raise NotFound("activity", activity_id)
    return found


async def _may_record_for(ctx: Context, operation: str, person_ids: list[str]) -> None:
    """Attendance and volunteering go in each person's own map: each must be someone the
    caller may see (an organiser: a current participant of their group who agreed to be
    shown to organisers) and who agreed to be mapped."""
    for id in person_ids:
        await guards.person_to_name(ctx, operation, id, owns_map=True)


async def record_attendance(ctx: Context, fields: dict[str, Any]) -> AttendanceResult:
    """Who came to one session; a repeat adds no one."""
    ctx.allow("recordAttendance")
    data = rules.validated(activity_rules.AttendanceInput, fields)
    guards.require_own_organisation(ctx, (await activity(ctx, data.activity_id)).organisation_id)
    await _may_record_for(ctx, "recordAttendance", data.person_ids)
    return await ctx.write(
        "recordAttendance", lambda r: data.person_ids, store_attendance, data, ctx.recorded(), ctx.today
    )


async def record_volunteering(ctx: Context, fields: dict[str, Any]) -> Any:
    """Hours someone volunteered at a session."""
    ctx.allow("recordVolunteering")
    data = rules.validated(activity_rules.VolunteeringInput, fields)
    guards.require_own_organisation(ctx, (await activity(ctx, data.activity_id)).organisation_id)
    await _may_record_for(ctx, "recordVolunteering", [data.person_id])
    return await ctx.write(
        "recordVolunteering", lambda r: [data.person_id], store_volunteering, data, ctx.recorded(), ctx.today
    )


async def register_newcomer(ctx: Context, fields: dict[str, Any]) -> records.Participation:
    """Someone new at a group, with their consent: the person and their participation, together or not at all."""
    ctx.allow("registerNewcomer")
    data = rules.validated(rules.NewcomerInput, _dated(ctx, fields))
    guards.require_own_organisation(ctx, data.organisation_id)
    if await ctx.loaders.organisation.load(data.organisation_id) is None:
        raise NotFound("organisation", data.organisation_id)
    recorded = ctx.recorded()
    person = data.person.to_person(str(uuid.uuid4()), recorded)
    joining = rules.ParticipationInput(
        person_id=person.id, organisation_id=data.organisation_id, role=data.role, since=data.since
    )

    async def register(tx: AsyncManagedTransaction) -> records.Participation:
        await store_create_person(tx, person)
        return await store_record_participation(tx, joining, recorded)

    return await ctx.write("registerNewcomer", lambda p: [p.person_id], register)
