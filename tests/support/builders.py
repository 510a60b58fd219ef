"""Small builders shared by the API tests."""

from __future__ import annotations

from typing import Any

from netmap.store.settings import StoreSettings
from support.api import Api
from support.ops import CREATE_ORGANISATION, CREATE_PERSON, RECORD_PARTICIPATION, RECORD_TIE


CONSENTED = {"mapped": True, "showToOrganisers": True, "useInAggregates": True}


def person(api: Api, name: str, **fields: Any) -> str:
    """A new person who agreed to everything, unless ``consent`` says otherwise."""
    made = api.data(CREATE_PERSON, input={"name": name, "consent": CONSENTED, **fields})
    return str(made["createPerson"]["id"])


def organisation(api: Api, name: str, kind: str = "COMMUNITY_GROUP", **fields: Any) -> str:
    created = api.data(CREATE_ORGANISATION, input={"name": name, "kind": kind, **fields})
    return str(created["createOrganisation"]["id"])


def tie(api: Api, a: str, b: str, kind: str = "FRIEND", **fields: Any) -> dict[str, Any]:
    made: dict[str, Any] = api.data(
        RECORD_TIE, input={"personId": a, "otherId": b, "kind": kind, **fields}
    )["recordTie"]
    return made


def participation(api: Api, person_id: str, org_id: str, role: str, **fields: Any) -> dict[str, Any]:
    made: dict[str, Any] = api.data(
        RECORD_PARTICIPATION,
        input={"personId": person_id, "organisationId": org_id, "role": role, **fields},
    )["recordParticipation"]
    return made


def store_options(settings: StoreSettings) -> list[str]:
    """The store options of ``netmap`` that reach the test store, for CLI tests."""
    return [
        "--db-uri", str(settings.uri), "--db-user", settings.user,
        "--db-password", str(settings.password), "--db-name", str(settings.database),
    ]  # fmt: skip


def id_named(api: Api, field: str, name: str) -> str:
    """The id of the one person (``field="people"``) or organisation (``"organisations"``) so named."""
    [found] = api.data(f"query($n: String) {{ {field}(search: $n) {{ nodes {{ id }} }} }}", n=name)[field]["nodes"]
    return str(found["id"])
