"""Changes. Each checks the caller's role and scope, validates its input, then
runs in one store transaction together with its audit entries: it happens
whole or not at all."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

import strawberry
from neo4j import AsyncManagedTransaction
from strawberry.scalars import JSON

from netmap.api import inputs as gql
from netmap.api.context import Info, operation_of
from netmap.services.guards import (
    participation_in_scope,
    person_in_care,
    person_in_scope,
    person_to_name,
    require_own_organisation,
    tie_in_scope,
)
from netmap.api.permissions import Allowed
from netmap.api.measures import SelfReportType
from netmap.api.types import Organisation, Participation, Person, Tie, answered
from netmap.domain import inputs as rules
from netmap.domain import records
from netmap.domain.access import AccessRole
from netmap.store.accounts import assign_caseload
from netmap.services import admin
from netmap.store.consent import record_consent
from netmap.store.erasure import erase_person
from netmap.store.organisations import create_organisation, update_organisation
from netmap.store.participations import (
    correct_participation,
    end_participation,
    record_participation,
)
from netmap.store.people import create_person, update_person
from netmap.store.reviews import reviewing
from netmap.store.self_reports import record_self_report
from netmap.store.ties import correct_tie, end_tie, record_tie


def _dated(info: Info, fields: dict[str, object]) -> dict[str, object]:
    """``since`` defaults to today when not given."""
    return {"since": info.context.today, **fields}


def _tie_people(tie: records.Tie) -> list[str]:
    return [tie.person_id, tie.other_id]


def _participant(participation: records.Participation) -> list[str]:
    return [participation.person_id]


def _itself(person: records.Person) -> list[str]:
    return [person.id]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Records a new person; a planner's new person joins their caseload.",
    )
    async def create_person(self, info: Info, input: gql.PersonInput) -> Person:
        data = rules.validated(rules.PersonInput, gql.present(input))
        person = data.to_person(str(uuid.uuid4()), info.context.recorded())
        principal = info.context.principal

        async def create(tx: AsyncManagedTransaction) -> records.Person:
            made = await create_person(tx, person)
            if principal is not None and principal.role is AccessRole.PLANNER:
                await assign_caseload(tx, principal.subject, [made.id], info.context.today, principal.subject)
            return made

        made = await info.context.write("createPerson", _itself, create)
        info.context.loaders.visible.prime(made.id, True)
        return await answered(info, made)

    @strawberry.mutation(permission_classes=[Allowed], description="Changes a person's details; only the fields given change.")
    async def update_person(
        self, info: Info, id: strawberry.ID, input: gql.PersonUpdateInput
    ) -> Person:
        data = rules.validated(rules.PersonUpdate, gql.given(input))
        await person_in_scope(info.context, operation_of(info), str(id))
        updated = await info.context.write("updatePerson", _itself, update_person, str(id), data.changes())
        return await answered(info, updated)

    @strawberry.mutation(
        permission_classes=[Allowed],
        description=(
            "Records what a person agrees to now. Withdrawal takes effect at once: "
            "their map is hidden and they leave organisers' lists and the figures."
        ),
    )
    async def record_consent(
        self, info: Info, person_id: strawberry.ID, input: gql.ConsentInput
    ) -> Person:
        data = rules.validated(rules.ConsentInput, gql.given(input))
        await person_in_care(info.context, operation_of(info), str(person_id))
        updated = await info.context.write(
            "recordConsent", _itself, record_consent, str(person_id), data, info.context.recorded()
        )
        return await answered(info, updated)

    @strawberry.mutation(permission_classes=[Allowed], description="Registers an organisation: a service, a club, a timebank…")
    async def create_organisation(self, info: Info, input: gql.OrganisationInput) -> Organisation:
        data = rules.validated(rules.OrganisationInput, gql.present(input))
        organisation = records.Organisation(
            id=str(uuid.uuid4()),
            name=data.name,
            kind=data.kind,
            category=data.category,
            area=data.area,
            interests=tuple(data.interests),
            accessibility=tuple(data.accessibility),
            description=data.description,
            recorded=info.context.recorded(),
        )
        made = await info.context.write("createOrganisation", lambda _: [], create_organisation, organisation)
        return Organisation.of(made)

    @strawberry.mutation(permission_classes=[Allowed], description="Changes an organisation's details.")
    async def update_organisation(
        self, info: Info, id: strawberry.ID, input: gql.OrganisationUpdateInput
    ) -> Organisation:
        data = rules.validated(rules.OrganisationUpdate, gql.given(input))
        require_own_organisation(info.context, str(id))
        updated = await info.context.write(
            "updateOrganisation", lambda _: [], update_organisation, str(id), data.changes()
        )
        return Organisation.of(updated)

    @strawberry.mutation(
        permission_classes=[Allowed],
        description=(
            "Records a tie in the map of personId (who must be in your scope and have agreed "
            "to be mapped); refused if the two already have a tie of that kind then."
        ),
    )
    async def record_tie(self, info: Info, input: gql.TieInput) -> Tie:
        data = rules.validated(rules.TieInput, _dated(info, gql.present(input)))
        await person_to_name(info.context, operation_of(info), data.person_id, owns_map=True)
        ties = await info.context.loaders.ties.load(data.person_id)
        known = any(data.other_id in (t.person_id, t.other_id) for t in ties)
        await person_to_name(info.context, operation_of(info), data.other_id, known_contact=known)
        recorded = info.context.recorded()
        work = reviewing(record_tie, lambda t: t.person_id, info.context.today, recorded)
        made = await info.context.write("recordTie", _tie_people, work, data, recorded)
        return Tie.of(made)

    @strawberry.mutation(permission_classes=[Allowed], description="Ends an ongoing tie: `until` is the first date it no longer holds.")
    async def end_tie(self, info: Info, id: strawberry.ID, until: date) -> Tie:
        data = rules.validated(rules.Ending, {"until": until})
        await tie_in_scope(info.context, operation_of(info), str(id))
        ended = await info.context.write("endTie", _tie_people, end_tie, str(id), data.until, info.context.recorded())
        return Tie.of(ended)

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Fixes a tie entered wrongly, keeping the old version; the only way to change since.",
    )
    async def correct_tie(self, info: Info, id: strawberry.ID, input: gql.TieCorrectionInput) -> Tie:
        data = rules.validated(rules.TieCorrection, gql.given(input))
        await tie_in_scope(info.context, operation_of(info), str(id))
        fixed = await info.context.write("correctTie", _tie_people, correct_tie, str(id), data, info.context.recorded())
        return Tie.of(fixed)

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Records a person's part in an organisation (organisers: in their own organisation).",
    )
    async def record_participation(self, info: Info, input: gql.ParticipationInput) -> Participation:
        data = rules.validated(rules.ParticipationInput, _dated(info, gql.present(input)))
        require_own_organisation(info.context, data.organisation_id)
        await person_to_name(info.context, operation_of(info), data.person_id, owns_map=True)
        organiser = info.context.principal and info.context.principal.role is AccessRole.COMMUNITY_ORGANISER
        recorded = info.context.recorded()
        work = record_participation if organiser else reviewing(
            record_participation, lambda p: p.person_id, info.context.today, recorded
        )  # an organiser records a part in their group, not a review of the person's network
        made = await info.context.write("recordParticipation", _participant, work, data, recorded)
        return Participation.of(made)

    @strawberry.mutation(permission_classes=[Allowed], description="Ends an ongoing participation.")
    async def end_participation(self, info: Info, id: strawberry.ID, until: date) -> Participation:
        data = rules.validated(rules.Ending, {"until": until})
        await participation_in_scope(info.context, operation_of(info), str(id))
        ended = await info.context.write(
            "endParticipation", _participant, end_participation, str(id), data.until, info.context.recorded()
        )
        return Participation.of(ended)

    @strawberry.mutation(permission_classes=[Allowed], description="Fixes a participation entered wrongly, keeping the old version.")
    async def correct_participation(
        self, info: Info, id: strawberry.ID, input: gql.ParticipationCorrectionInput
    ) -> Participation:
        data = rules.validated(rules.ParticipationCorrection, gql.given(input))
        await participation_in_scope(info.context, operation_of(info), str(id))
        fixed = await info.context.write(
            "correctParticipation", _participant, correct_participation, str(id), data, info.context.recorded()
        )
        return Participation.of(fixed)

    @strawberry.mutation(
        permission_classes=[Allowed],
        description=(
            "Records a person's answers to LSNS6 (six items 0–5), UCLA3 (three items 1–3) or the ONS "
            "question (answer: often/always, some of the time, occasionally, hardly ever, never), scored."
        ),
    )
    async def record_self_report(
        self, info: Info, person_id: strawberry.ID, input: gql.SelfReportInput
    ) -> SelfReportType:
        await person_in_scope(info.context, operation_of(info), str(person_id))
        made = await info.context.write(
            "recordSelfReport", lambda r: [r.person_id], record_self_report, str(person_id), input.instrument,
            input.date or info.context.today, input.answers, input.answer, info.context.recorded(),
        )  # fmt: skip
        return SelfReportType.of(made)

    @strawberry.mutation(permission_classes=[Allowed], description="Puts people on a planner's caseload; returns how many were added.")
    async def assign_caseload(self, info: Info, planner: str, person_ids: list[strawberry.ID]) -> int:
        return await admin.assign(info.context, planner, [str(i) for i in person_ids])

    @strawberry.mutation(permission_classes=[Allowed], description="Takes people off a planner's caseload; returns how many.")
    async def unassign_caseload(self, info: Info, planner: str, person_ids: list[strawberry.ID]) -> int:
        return await admin.unassign(info.context, planner, [str(i) for i in person_ids])

    @strawberry.mutation(
        permission_classes=[Allowed],
        description=(
            "Erases a person: their record, ties, participations, corrections and consent "
            "history. Audit entries stay without their id. Cannot be undone."
        ),
    )
    async def erase_person(self, info: Info, person_id: strawberry.ID) -> JSON:
        id = str(person_id)
        return await info.context.write(
            "erasePerson", lambda _: [None], erase_person, id, datetime.now(timezone.utc), action="ERASE"
        )

