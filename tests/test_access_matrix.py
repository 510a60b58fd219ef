"""Every caller against every operation, allowed or refused exactly as
docs/access.md says; and that table is the one the code enforces."""

from __future__ import annotations

from typing import Any

import pytest

from access_world import CALLERS, build_world
from conftest import REPO, Api, StoreProbe
from netmap.api.permissions import POLICY, PUBLIC, policy_markdown
from netmap.domain.access import AccessRole

OPERATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "me": ("{ me { subject role } }", {}),
    "person": ('{ person(id: "vera") { name } }', {}),
    "people": ("{ people { nodes { name } } }", {}),
    "tie": ('{ tie(id: "friendship") { kind } }', {}),
    "participation": ('{ participation(id: "membership") { role } }', {}),
    "organisation": ('{ organisation(id: "club") { name } }', {}),
    "organisations": ("{ organisations { nodes { name } } }", {}),
    "participants": ('{ organisation(id: "club") { participants { nodes { role } } } }', {}),
    "caseload": ('{ caseload(planner: "planner-1") { name } }', {}),
    "auditLog": ("{ auditLog { nodes { action } } }", {}),
    "subjectAccessExport": ('{ subjectAccessExport(personId: "vera") }', {}),
    "createPerson": ('mutation { createPerson(input: {name: "New"}) { id } }', {}),
    "updatePerson": ('mutation { updatePerson(id: "vera", input: {area: "Riverside"}) { id } }', {}),
    "recordConsent": (
        'mutation { recordConsent(personId: "vera", input: {mapped: true, showToOrganisers: true, '
        "useInAggregates: false}) { id } }",
        {},
    ),
    "createOrganisation": ('mutation { createOrganisation(input: {name: "Choir", kind: COMMUNITY_GROUP}) { id } }', {}),
    "updateOrganisation": ('mutation { updateOrganisation(id: "club", input: {area: "Riverside"}) { id } }', {}),
    "recordTie": ('mutation { recordTie(input: {personId: "vera", otherId: "sam", kind: NEIGHBOUR}) { id } }', {}),
    "endTie": ('mutation { endTie(id: "friendship", until: "2025-01-01") { id } }', {}),
    "correctTie": ('mutation { correctTie(id: "friendship", input: {reason: "typo", label: "old friend"}) { id } }', {}),
    "recordParticipation": (
        'mutation { recordParticipation(input: {personId: "vera", organisationId: "club", role: VOLUNTEER}) { id } }',
        {},
    ),
    "endParticipation": ('mutation { endParticipation(id: "membership", until: "2025-01-01") { id } }', {}),
    "correctParticipation": (
        'mutation { correctParticipation(id: "membership", input: {reason: "typo", since: "2019-01-01"}) { id } }',
        {},
    ),
    "assignCaseload": ('mutation { assignCaseload(planner: "planner-2", personIds: ["vera"]) }', {}),
    "unassignCaseload": ('mutation { unassignCaseload(planner: "planner-1", personIds: ["vera"]) }', {}),
    "erasePerson": ('mutation { erasePerson(personId: "joan") }', {}),
    "activity": ('{ activity(id: "crafts") { title } }', {}),
    "activities": ("{ activities { nodes { title } } }", {}),
    "createActivity": (
        'mutation { createActivity(input: {organisationId: "club", title: "Choir", '
        'schedule: {repeat: WEEKLY, starts: "2026-01-05", weekday: MONDAY}}) { id } }',
        {},
    ),
    "updateActivity": ('mutation { updateActivity(id: "crafts", input: {status: PAUSED}) { id } }', {}),
    "recordAttendance": (
        'mutation { recordAttendance(input: {activityId: "crafts", date: "2025-01-06", personIds: ["vera"]}) '
        "{ recorded } }",
        {},
    ),
    "recordVolunteering": (
        'mutation { recordVolunteering(input: {activityId: "crafts", date: "2025-01-06", personId: "vera", '
        "hours: 2}) }",
        {},
    ),
    "suggestions": ('{ suggestions(personId: "vera") { reasons } }', {}),
    "buddies": ('{ buddies(personId: "vera") { sharedInterests } }', {}),
    "assets": ('{ assets(offering: "baking") { nodes { name } } }', {}),
    "cohort": ('{ cohort(cohort: {personIds: ["vera"]}) { at } }', {}),
    "cohortTrend": ('{ cohortTrend(cohort: {personIds: ["vera"]}, from: "2025-01-01", to: "2025-03-01") { at } }', {}),
    "cohortChanges": ('{ cohortChanges(cohort: {personIds: ["vera"]}, from: "2025-01-01") { joined } }', {}),
    "selfAssessment": ('{ selfAssessment(serviceId: "day") { people } }', {}),
    "networkExport": (
        '{ networkExport(cohort: {personIds: ["vera"]}, at: "2025-01-01", format: JSON) { nodes } }',
        {},
    ),
    "recordSelfReport": (
        'mutation { recordSelfReport(personId: "vera", input: {instrument: ONS, answer: "never"}) { concern } }',
        {},
    ),
    "tokens": ("{ tokens { id } }", {}),
    "createToken": ('mutation { createToken(input: {role: PLANNER, subject: "new-planner"}) { token } }', {}),
    "revokeToken": ('mutation { revokeToken(id: "spare-token") { id } }', {}),
    "recordExchange": (
        'mutation { recordExchange(input: {giverId: "vera", receiverId: "club", hours: 1.5, '
        'date: "2025-01-06", what: "baking"}) { id } }',
        {},
    ),
}


def test_docs_table_is_the_enforced_policy() -> None:
    docs = (REPO / "docs" / "access.md").read_text()
    assert policy_markdown() in docs, "docs/access.md is stale: paste policy_markdown() into it"


def test_every_operation_is_in_the_matrix() -> None:
    assert set(OPERATIONS) == set(POLICY)


def _expected(operation: str, caller: str) -> bool:
    if caller in ("bad token", "expired token", "revoked token"):
        return False
    key = PUBLIC if caller == "public" else AccessRole(caller)
    return key in POLICY[operation]


def _outcome(body: dict[str, Any], status: int) -> tuple[bool, str]:
    """Allowed means: answered with data and no refusal."""
    errors = body.get("errors") or []
    codes = [e.get("extensions", {}).get("code") for e in errors]
    if status == 401 or any(c in ("UNAUTHENTICATED", "FORBIDDEN") for c in codes):
        return False, ",".join(map(str, codes))
    data = body.get("data") or {}
    return bool(data) and all(v is not None for v in data.values()) and not errors, ",".join(map(str, codes))


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_matrix(api: Api, probe: StoreProbe, operation: str) -> None:
    query, variables = OPERATIONS[operation]
    outcomes = {}
    for caller in CALLERS:
        probe.clear()
        world = build_world(probe)
        client = api.as_(world.tokens[caller])
        response = client.client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {client.token}"} if client.token else {},
        )
        allowed, codes = _outcome(response.json(), response.status_code)
        outcomes[caller] = (allowed, codes)
    mismatches = {
        caller: outcome for caller, outcome in outcomes.items() if outcome[0] != _expected(operation, caller)
    }
    assert not mismatches, f"{operation}: {mismatches}"


def test_refusals_say_why(api: Api, probe: StoreProbe) -> None:
    world = build_world(probe)
    anonymous = api.as_(None).error('{ person(id: "vera") { name } }')
    assert anonymous["extensions"]["code"] == "UNAUTHENTICATED"
    analyst = api.as_(world.tokens["analyst"]).error('{ person(id: "vera") { name } }')
    assert analyst["extensions"]["code"] == "FORBIDDEN"
    for caller, message in (
        ("bad token", "Unknown token."),
        ("expired token", "This token expired"),
        ("revoked token", "This token has been revoked."),
    ):
        response = api.client.post(
            "/graphql", json={"query": "{ me { role } }"}, headers={"Authorization": f"Bearer {world.tokens[caller]}"}
        )
        assert response.status_code == 401
        assert response.json()["errors"][0]["message"].startswith(message)
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
