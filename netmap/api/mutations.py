"""Changes. Each checks the caller's role and scope, validates its input, then
runs in one store transaction together with its audit entries: it happens
whole or not at all."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

import strawberry
from strawberry.scalars import JSON

from netmap.api import inputs as gql
from netmap.api.context import Info, operation_of
from netmap.services.guards import person_in_scope, require_own_organisation
from netmap.api.permissions import Allowed
from netmap.api.measures import SelfReportType
from netmap.api.types import Organisation, Participation, Person, Tie, answered
from netmap.domain import inputs as rules
from netmap.domain import records
from netmap.services import admin, mapping
from netmap.store.erasure import erase_person
from netmap.store.organisations import create_organisation, update_organisation
from netmap.store.people import update_person
from netmap.store.self_reports import record_self_report


def _itself(person: records.Person) -> list[str]:
    return [person.id]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Records a new person; a planner's new person joins their caseload.",
    )
    async def create_person(self, info: Info, input: gql.PersonInput) -> Person:
        made = await mapping.create_person(info.context, gql.present(input))
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
        updated = await mapping.record_consent(info.context, str(person_id), gql.given(input))
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
        return Tie.of(await mapping.record_tie(info.context, gql.present(input)))

    @strawberry.mutation(permission_classes=[Allowed], description="Ends an ongoing tie: `until` is the first date it no longer holds; `reason` (optional) says why.")
    async def end_tie(self, info: Info, id: strawberry.ID, until: date, reason: str | None = None) -> Tie:
        return Tie.of(await mapping.end_tie(info.context, str(id), until, reason))

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Fixes a tie entered wrongly, keeping the old version; the only way to change since.",
    )
    async def correct_tie(self, info: Info, id: strawberry.ID, input: gql.TieCorrectionInput) -> Tie:
        return Tie.of(await mapping.correct_tie(info.context, str(id), gql.given(input)))

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Records a person's part in an organisation (organisers: in their own organisation).",
    )
    async def record_participation(self, info: Info, input: gql.ParticipationInput) -> Participation:
        return Participation.of(await mapping.record_participation(info.context, gql.present(input)))

    @strawberry.mutation(permission_classes=[Allowed], description="Ends an ongoing participation; `reason` (optional) says why.")
    async def end_participation(
        self, info: Info, id: strawberry.ID, until: date, reason: str | None = None
    ) -> Participation:
        return Participation.of(await mapping.end_participation(info.context, str(id), until, reason))

    @strawberry.mutation(permission_classes=[Allowed], description="Fixes a participation entered wrongly, keeping the old version.")
    async def correct_participation(
        self, info: Info, id: strawberry.ID, input: gql.ParticipationCorrectionInput
    ) -> Participation:
        return Participation.of(await mapping.correct_participation(info.context, str(id), gql.given(input)))

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

