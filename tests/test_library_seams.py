"""netmap uses Strawberry through its public seams only: its own schema extension
for error codes, limit rules that code their errors where they are raised, a
permission class without per-request state, and a time limit on the operation
that never turns a committed write into a TIMEOUT."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
import strawberry
from graphql import parse, specified_rules, validate
from starlette.testclient import TestClient
from strawberry.extensions import AddValidationRules, MaskErrors
from strawberry.permission import PermissionExtension

from netmap.api.errors import ErrorCodes
from netmap.api.limits import limit_extensions
from netmap.api.permissions import Allowed
from netmap.api.schema import OperationTimedOut, Schema, build_schema
from netmap.api.settings import ApiSettings, Limits
from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings, create_app
from support.api import Api
from support.paths import REPO
from support.probe import StoreProbe


def test_error_codes_are_a_schema_extension_of_our_own() -> None:
    assert not issubclass(ErrorCodes, MaskErrors)
    uses = [p.name for p in (REPO / "netmap").rglob("*.py") if "_process_errors" in p.read_text(encoding="utf-8")]
    assert uses == []


@pytest.mark.parametrize(
    "document",
    [
        "{ people { nodes { " + "ties { contact { " * 5 + "name" + " } }" * 5 + " } } }",
        "{ " + " ".join(f"a{i}: organisations {{ nodes {{ name }} }}" for i in range(16)) + " }",
    ],
    ids=["depth", "aliases"],
)
def test_limit_rules_code_their_errors_where_they_raise_them(document: str) -> None:
    """Run by graphql-core alone, with no extension to recognise them afterwards."""
    rules = next(e for e in (make() for make in limit_extensions(ApiSettings())) if isinstance(e, AddValidationRules))
    errors = validate(build_schema()._schema, parse(document), [*specified_rules, *rules.validation_rules])
    assert errors and {(e.extensions or {}).get("code") for e in errors} == {"QUERY_TOO_COMPLEX"}


def _permissions() -> list[Allowed]:
    schema = build_schema()
    found = []
    for type_name in ("Query", "Mutation"):
        definition = schema.get_type_by_name(type_name)
        for field in definition.fields:  # type: ignore[union-attr]
            for extension in field.extensions:
                if isinstance(extension, PermissionExtension):
                    found.extend(p for p in extension.permissions if isinstance(p, Allowed))
    return found


def test_refusals_leave_the_shared_permission_unchanged(api: Api, probe: StoreProbe) -> None:
    permissions = _permissions()
    assert len(permissions) > 30
    anonymous = api.as_(None).error('{ auditLog { nodes { action } } }')
    organiser = api.as_(probe.token("community_organiser", "org", scope="some-org")).error("{ auditLog { nodes { action } } }")
    assert (anonymous["extensions"]["code"], organiser["extensions"]["code"]) == ("UNAUTHENTICATED", "FORBIDDEN")
    assert anonymous["message"] == "auditLog needs a token: send 'Authorization: Bearer <token>'."
    assert organiser["message"] == "The community_organiser role may not use auditLog."
    assert all(vars(permission) == {} for permission in permissions)


@strawberry.type
class _Query:
    @strawberry.field
    async def slow(self) -> int:
        await asyncio.sleep(1.5)
        return 1


@strawberry.type
class _Mutation:
    @strawberry.mutation
    async def write(self, info: strawberry.Info) -> int:
        info.context.writing = True
        await asyncio.sleep(1.5)
        return 2


def _timed(document: str) -> object:
    schema = Schema(ApiSettings(limits=Limits(timeout_s=0.5)), query=_Query, mutation=_Mutation)
    context = SimpleNamespace(writing=False, principal=None)
    return asyncio.run(schema.execute(document, context_value=context)).data


def test_the_time_limit_stops_an_operation_that_has_not_written() -> None:
    with pytest.raises(OperationTimedOut):
        _timed("{ slow }")


def test_an_operation_that_began_writing_runs_to_its_end() -> None:
    assert _timed("mutation { write }") == {"write": 2}


def test_a_timeout_never_hides_a_committed_write(store_settings: StoreSettings, probe: StoreProbe) -> None:
    """Fifteen writes in one request under a limit shorter than they take: either
    none was written and the answer is TIMEOUT, or all were and the answer says so."""
    token = probe.token("admin", "hurried")
    fields = " ".join(
        f'p{i}: createPerson(input: {{name: "Hurried {i}", consent: {{mapped: true, showToOrganisers: true, '
        f"useInAggregates: true}}}}) {{ id }}"
        for i in range(15)
    )
    app = create_app(AppSettings(store=store_settings, api=ApiSettings(limits=Limits(timeout_s=0.05))))
    with TestClient(app) as client:
        response = client.post("/graphql", json={"query": f"mutation {{ {fields} }}"}, headers={"Authorization": f"Bearer {token}"})
    written = probe.rows("MATCH (p:Person) WHERE p.name STARTS WITH 'Hurried' RETURN p.id AS id")
    body = response.json()
    if response.status_code == 503:
        assert body["errors"][0]["extensions"]["code"] == "TIMEOUT" and written == []
    else:
        assert response.status_code == 200 and "errors" not in body
        assert {row["id"] for row in written} == {made["id"] for made in body["data"].values()}
