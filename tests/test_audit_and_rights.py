"""The audit trail, subject access and erasure, through the API."""

from __future__ import annotations

import json

import pytest

from netmap.api.schema import build_schema
from support.api import Api
from support.probe import StoreProbe
from support.worlds import build_world

pytestmark = pytest.mark.fast

AUDIT = """
query($person: ID, $subject: String) {
  auditLog(personId: $person, subject: $subject, first: 100) {
    nodes { subject role action operation personId }
  }
}
"""


def test_reads_and_writes_are_audited(api: Api, probe: StoreProbe) -> None:
    world = build_world(probe)
    planner = api.as_(world.tokens["planner"])
    planner.data('{ person(id: "vera") { name ties { contact { name } } } }')
    planner.data('mutation { updatePerson(id: "vera", input: {area: "Riverside"}) { id } }')

    entries = api.data(AUDIT, subject="planner-1")["auditLog"]["nodes"]

    assert {(e["action"], e["operation"], e["personId"]) for e in entries} == {
        ("READ", "person", "vera"),
        ("WRITE", "updatePerson", "vera"),
    }
    assert all(e["role"] == "planner" for e in entries)


def test_contacts_seen_by_name_only_are_not_reads_of_their_data(api: Api, probe: StoreProbe) -> None:
    planner = api.as_(build_world(probe).tokens["planner"])
    planner.data('{ person(id: "vera") { ties { contact { name } } } }')
    assert api.data(AUDIT, person="joan")["auditLog"]["nodes"] == []


def test_nobody_can_change_the_audit_log_through_the_api() -> None:
    mutation_type = build_schema()._schema.mutation_type
    assert mutation_type is not None
    names = set(mutation_type.fields)
    assert "erasePerson" in names
    assert not [name for name in names if "audit" in name.lower()]


def test_subject_access_export_holds_everything(api: Api, probe: StoreProbe) -> None:
    world = build_world(probe)
    me = api.as_(world.tokens["person"])

    export = me.data('{ subjectAccessExport(personId: "vera") }')["subjectAccessExport"]

    assert export["person"]["name"] == "Vera"
    assert {t["other_name"] for t in export["ties"]} == {"Joan", "Sam"}
    assert {p["organisation_name"] for p in export["participations"]} == {"Crafting Club", "Day Service"}
    assert export["caseload"][0]["planner"] == "planner-1"


def test_netmaps_own_lock_count_is_not_in_a_subject_access_export(api: Api, probe: StoreProbe) -> None:
    world = build_world(probe)
    probe.rows("MATCH (p:Person {id: 'vera'})-[t:TIE]-() SET p._netmap_lock = 3, t._netmap_lock = 2")

    export = api.as_(world.tokens["person"]).data('{ subjectAccessExport(personId: "vera") }')["subjectAccessExport"]

    assert "_netmap_lock" not in json.dumps(export)


def test_a_person_cannot_export_someone_else(api: Api, probe: StoreProbe) -> None:
    me = api.as_(build_world(probe).tokens["person"])
    assert me.error('{ subjectAccessExport(personId: "joan") }')["extensions"]["code"] == "NOT_FOUND"


def test_erasure_removes_the_person_and_keeps_an_anonymous_audit_trail(api: Api, probe: StoreProbe) -> None:
    world = build_world(probe)
    api.as_(world.tokens["planner"]).data('{ person(id: "vera") { name } }')
    vera_token = world.tokens["person"]

    summary = api.data('mutation { erasePerson(personId: "vera") }')["erasePerson"]

    assert summary["records"] == 4
    assert probe.rows("MATCH (p:Person {id: 'vera'}) RETURN p") == []
    assert probe.rows("MATCH ()-[r {id: 'friendship'}]->() RETURN r") == []
    assert probe.rows("MATCH (e:AuditEntry {person_id: 'vera'}) RETURN e") == []
    actions = {row["a"] for row in probe.rows("MATCH (e:AuditEntry) WHERE e.person_id IS NULL RETURN e.action AS a")}
    assert actions == {"READ", "ERASE"}
    assert api.as_(vera_token).client.post(
        "/graphql", json={"query": "{ me { role } }"}, headers={"Authorization": f"Bearer {vera_token}"}
    ).status_code == 401
    assert api.data('{ person(id: "joan") { name } }')["person"]["name"] == "Joan"


def test_erasure_leaves_nothing_that_carries_the_persons_id(api: Api, probe: StoreProbe) -> None:
    """Beyond the person and their ties: their timebank exchanges and any kept answer to a
    retried request that names them go too (only the change feed's rolling window of ids stays)."""
    build_world(probe)
    api.data(
        'mutation { recordExchange(input: {giverId: "vera", receiverId: "club", hours: 1.5, '
        'date: "2025-01-06", what: "baking"}) { id } }'
    )
    keyed = api.client.post(
        "/graphql",
        json={"query": 'mutation { updatePerson(id: "vera", input: {area: "Riverside"}) { id name } }'},
        headers={"Authorization": f"Bearer {api.token}", "Idempotency-Key": "erase-check-1"},
    )
    assert keyed.status_code == 200 and keyed.json()["data"]["updatePerson"]["name"] == "Vera"
    export = api.data('{ subjectAccessExport(personId: "vera") }')["subjectAccessExport"]
    assert [x["hours"] for x in export["timebank_exchanges"]] == [1.5]

    summary = api.data('mutation { erasePerson(personId: "vera") }')["erasePerson"]

    assert summary["kept_answers_deleted"] == 1
    left = probe.rows(
        "MATCH (n) WHERE NOT (n:Change OR n:ChangeFeed) RETURN labels(n) AS labels, properties(n) AS props"
    )
    carrying = [row["labels"] for row in left if _mentions(row["props"], "vera")]
    assert carrying == []


def _mentions(value: object, id: str) -> bool:
    """Whether a stored value is the id, or text (a kept JSON answer) or a list holding it."""
    if isinstance(value, dict):
        return any(_mentions(v, id) for v in value.values())
    if isinstance(value, list):
        return any(_mentions(v, id) for v in value)
    return isinstance(value, str) and (value == id or f'"{id}"' in value)
