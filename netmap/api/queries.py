"""Read-only entry points."""

from __future__ import annotations

import strawberry

from netmap.api.context import Info
from netmap.api.enums import OrganisationKind
from netmap.api.pagination import DEFAULT_PAGE, Connection, connection, decode_cursor, page_size
from netmap.api.types import Organisation, Participation, Person, Tie
from netmap.store.organisations import OrganisationFilter, page_organisations
from netmap.store.participations import find_participations
from netmap.store.people import PeopleFilter, page_people
from netmap.store.ties import find_ties


@strawberry.type
class Query:
    @strawberry.field(description="A person by id; null if there is none.")
    async def person(self, info: Info, id: strawberry.ID) -> Person | None:
        found = await info.context.loaders.person.load(str(id))
        return Person.of(found) if found else None

    @strawberry.field(
        description="People in name order, filtered by part of the name, area and interest."
    )
    async def people(
        self,
        info: Info,
        search: str | None = None,
        area: str | None = None,
        interest: str | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Person]:
        page = await info.context.store.read(
            page_people,
            PeopleFilter(search=search, area=area, interest=interest),
            decode_cursor(after),
            page_size(first),
        )
        return connection(page, Person.of)

    @strawberry.field(description="An organisation by id; null if there is none.")
    async def organisation(self, info: Info, id: strawberry.ID) -> Organisation | None:
        found = await info.context.loaders.organisation.load(str(id))
        return Organisation.of(found) if found else None

    @strawberry.field(description="Organisations in name order, filtered by kind, area, interest, name.")
    async def organisations(
        self,
        info: Info,
        kind: OrganisationKind | None = None,
        area: str | None = None,
        interest: str | None = None,
        search: str | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Organisation]:
        page = await info.context.store.read(
            page_organisations,
            OrganisationFilter(kind=kind, area=area, interest=interest, search=search),
            decode_cursor(after),
            page_size(first),
        )
        return connection(page, Organisation.of)

    @strawberry.field(description="A tie by id, with its history; null if there is none.")
    async def tie(self, info: Info, id: strawberry.ID) -> Tie | None:
        found = (await info.context.store.read(find_ties, [str(id)])).get(str(id))
        return Tie.of(found) if found else None

    @strawberry.field(description="A participation by id; null if there is none.")
    async def participation(self, info: Info, id: strawberry.ID) -> Participation | None:
        found = (await info.context.store.read(find_participations, [str(id)])).get(str(id))
        return Participation.of(found) if found else None
