"""Changes. Each validates its input first, then runs in one store transaction:
it happens whole or not at all."""

from __future__ import annotations

import uuid
from datetime import date

import strawberry

from netmap.api import inputs as gql
from netmap.api.context import Info
from netmap.api.types import Organisation, Participation, Person, Tie
from netmap.domain import inputs as rules
from netmap.domain import records
from netmap.store.organisations import create_organisation, update_organisation
from netmap.store.participations import (
    correct_participation,
    end_participation,
    record_participation,
)
from netmap.store.people import create_person, update_person
from netmap.store.ties import correct_tie, end_tie, record_tie


def _dated(info: Info, fields: dict[str, object]) -> dict[str, object]:
    """``since`` defaults to today when not given."""
    return {"since": info.context.today, **fields}


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Records a new person.")
    async def create_person(self, info: Info, input: gql.PersonInput) -> Person:
        data = rules.validated(rules.PersonInput, gql.present(input))
        person = records.Person(
            id=str(uuid.uuid4()),
            name=data.name,
            area=data.area,
            interests=tuple(data.interests),
            skills=tuple(data.skills),
            access_needs=tuple(data.access_needs),
            recorded=info.context.recorded(),
        )
        return Person.of(await info.context.store.write(create_person, person))

    @strawberry.mutation(description="Changes a person's details; only the fields given change.")
    async def update_person(
        self, info: Info, id: strawberry.ID, input: gql.PersonUpdateInput
    ) -> Person:
        data = rules.validated(rules.PersonUpdate, gql.given(input))
        return Person.of(await info.context.store.write(update_person, str(id), data.changes()))

    @strawberry.mutation(description="Registers an organisation: a service, a club, a timebank…")
    async def create_organisation(
        self, info: Info, input: gql.OrganisationInput
    ) -> Organisation:
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
        return Organisation.of(await info.context.store.write(create_organisation, organisation))

    @strawberry.mutation(description="Changes an organisation's details.")
    async def update_organisation(
        self, info: Info, id: strawberry.ID, input: gql.OrganisationUpdateInput
    ) -> Organisation:
        data = rules.validated(rules.OrganisationUpdate, gql.given(input))
        return Organisation.of(
            await info.context.store.write(update_organisation, str(id), data.changes())
        )

    @strawberry.mutation(
        description="Records a tie; refused if the same two people already have one of that kind then."
    )
    async def record_tie(self, info: Info, input: gql.TieInput) -> Tie:
        data = rules.validated(rules.TieInput, _dated(info, gql.present(input)))
        return Tie.of(await info.context.store.write(record_tie, data, info.context.recorded()))

    @strawberry.mutation(description="Ends an ongoing tie: `until` is the first date it no longer holds.")
    async def end_tie(self, info: Info, id: strawberry.ID, until: date) -> Tie:
        data = rules.validated(rules.Ending, {"until": until})
        return Tie.of(
            await info.context.store.write(end_tie, str(id), data.until, info.context.recorded())
        )

    @strawberry.mutation(
        description="Fixes a tie entered wrongly, keeping the old version; the only way to change since."
    )
    async def correct_tie(
        self, info: Info, id: strawberry.ID, input: gql.TieCorrectionInput
    ) -> Tie:
        data = rules.validated(rules.TieCorrection, gql.given(input))
        return Tie.of(
            await info.context.store.write(correct_tie, str(id), data, info.context.recorded())
        )

    @strawberry.mutation(description="Records a person's part in an organisation.")
    async def record_participation(
        self, info: Info, input: gql.ParticipationInput
    ) -> Participation:
        data = rules.validated(rules.ParticipationInput, _dated(info, gql.present(input)))
        return Participation.of(
            await info.context.store.write(record_participation, data, info.context.recorded())
        )

    @strawberry.mutation(description="Ends an ongoing participation.")
    async def end_participation(
        self, info: Info, id: strawberry.ID, until: date
    ) -> Participation:
        data = rules.validated(rules.Ending, {"until": until})
        return Participation.of(
            await info.context.store.write(
                end_participation, str(id), data.until, info.context.recorded()
            )
        )

    @strawberry.mutation(description="Fixes a participation entered wrongly, keeping the old version.")
    async def correct_participation(
        self, info: Info, id: strawberry.ID, input: gql.ParticipationCorrectionInput
    ) -> Participation:
        data = rules.validated(rules.ParticipationCorrection, gql.given(input))
        return Participation.of(
            await info.context.store.write(
                correct_participation, str(id), data, info.context.recorded()
            )
        )
