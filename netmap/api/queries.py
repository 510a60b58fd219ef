"""Read-only entry points. Every field names its operation in ``services.policy.POLICY``."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from strawberry.scalars import JSON

from netmap.api.context import Info, operation_of
from netmap.api.enums import AccessRole, OrganisationKind
from netmap.services.guards import participation_in_scope, person_in_scope, tie_in_scope
from netmap.api.pagination import DEFAULT_PAGE, Connection, connection
from netmap.store.pages import decode_cursor, page_size
from netmap.api.permissions import Allowed
from netmap.api.types import AuditEntry, Organisation, Participation, Person, Tie, shown
from netmap.domain.errors import InvalidInput, NotFound, Problem
from netmap.services import admin
from netmap.store.audit import page_audit
from netmap.interchange.community_file import organisation_id_of_key, person_id_of_key
from netmap.store.erasure import subject_access
from netmap.store.organisations import OrganisationFilter, page_organisations
from netmap.services import people
from netmap.store.people import PeopleFilter

@strawberry.type(description="The caller, as netmap knows them.")
class Me:
    subject: str
    role: AccessRole
    scope_id: strawberry.ID | None
    name: str


@strawberry.type
class Query:
    @strawberry.field(permission_classes=[Allowed], description="Who you are signed in as.")
    def me(self, info: Info) -> Me:
        principal = info.context.principal
        if principal is None:
            raise NotFound("caller", "anonymous")
        scope = strawberry.ID(principal.scope_id) if principal.scope_id else None
        return Me(subject=principal.subject, role=principal.role, scope_id=scope, name=principal.name)

    @strawberry.field(
        permission_classes=[Allowed],
        description="A person by id, or by the key they were imported with (give one); null if there is "
        "none or they are outside your scope.",
    )
    async def person(
        self, info: Info, id: strawberry.ID | None = None, key: str | None = None
    ) -> Person | None:
        try:
            return await shown(info, await person_in_scope(info.context, operation_of(info), _id_or_key(id, key, person_id_of_key)))
        except NotFound:
            return None

    @strawberry.field(
        permission_classes=[Allowed],
        description="People in your scope, in name order, filtered by part of the name, area, interest "
        "and a list of ids (those you may not see are left out).",
    )
    async def people(
        self,
        info: Info,
        search: str | None = None,
        area: str | None = None,
        interest: str | None = None,
        ids: list[strawberry.ID] | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Person]:
        chosen = None if ids is None else tuple(str(i) for i in ids)
        page, seen = await people.list_people(
            info.context, PeopleFilter(search=search, area=area, interest=interest, ids=chosen), after, first
        )
        return connection(page, [None if s is None else Person.of(s.record, s.view) for s in seen])

    @strawberry.field(
        permission_classes=[Allowed],
        description="An organisation by id, or by the key it was imported with (give one); null if there is none.",
    )
    async def organisation(
        self, info: Info, id: strawberry.ID | None = None, key: str | None = None
    ) -> Organisation | None:
        found = await info.context.loaders.organisation.load(_id_or_key(id, key, organisation_id_of_key))
        return Organisation.of(found) if found else None

    @strawberry.field(
        permission_classes=[Allowed],
        description="Organisations in name order, filtered by kind, area, interest, name. Public.",
    )
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
        return connection(page, [Organisation.of(o) for o in page.items])

    @strawberry.field(permission_classes=[Allowed], description="A tie by id; null if none in your scope.")
    async def tie(self, info: Info, id: strawberry.ID) -> Tie | None:
        try:
            return Tie.of(await tie_in_scope(info.context, operation_of(info), str(id)))
        except NotFound:
            return None

    @strawberry.field(
        permission_classes=[Allowed], description="A participation by id; null if none in your scope."
    )
    async def participation(self, info: Info, id: strawberry.ID) -> Participation | None:
        try:
            return Participation.of(await participation_in_scope(info.context, operation_of(info), str(id)))
        except NotFound:
            return None

    @strawberry.field(
        permission_classes=[Allowed],
        description="The people on a planner's caseload (planners: their own; leave planner out).",
    )
    async def caseload(self, info: Info, planner: str | None = None) -> list[Person]:
        return [Person.of(seen.record, seen.view) for seen in await admin.caseload_of(info.context, planner)]

    @strawberry.field(
        permission_classes=[Allowed],
        description="Who looked at or changed whose data, newest first. Admins only; read-only.",
    )
    async def audit_log(
        self,
        info: Info,
        person_id: strawberry.ID | None = None,
        subject: str | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[AuditEntry]:
        page = await info.context.store.read(
            page_audit, str(person_id) if person_id else None, subject, decode_cursor(after), page_size(first)
        )
        return connection(page, [AuditEntry.of(e) for e in page.items])

    @strawberry.field(
        permission_classes=[Allowed],
        description="Everything netmap holds about a person (subject access request), as JSON.",
    )
    async def subject_access_export(self, info: Info, person_id: strawberry.ID) -> JSON:
        person = await person_in_scope(info.context, operation_of(info), str(person_id))
        return await info.context.write(
            "subjectAccessExport", lambda _: [person.id], subject_access, person.id, action="EXPORT"
        )


def _id_or_key(id: strawberry.ID | None, key: str | None, id_of_key: Callable[[str], str]) -> str:
    """The id asked for, given as an id or as an import key; exactly one of them."""
    if (id is None) == (key is None):
        raise InvalidInput([Problem("id", "INVALID_INPUT", "give either id or key")])
    return str(id) if id is not None else id_of_key(str(key))
