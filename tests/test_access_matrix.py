"""Every caller against every operation, allowed or refused exactly as
docs/access.md says; and that table is the one the code enforces."""

from __future__ import annotations

from typing import Any

import pytest

from netmap.services.policy import POLICY, PUBLIC, Grant, policy_markdown
from netmap.api.settings import ApiSettings
from netmap.domain.access import AccessRole, PersonView
from netmap.services.disclosure import DisclosureControl
from netmap.services.visibility import ANONYMOUS_NAME
from support.api import Api
from support.paths import REPO
from support.probe import StoreProbe
from support.worlds import CALLERS, build_world

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
    "registerNewcomer": (
        'mutation { registerNewcomer(input: {organisationId: "club", person: {name: "Nia", consent: '
        "{mapped: true, showToOrganisers: true, useInAggregates: false}}}) { id } }",
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
    "recordNetworkReview": ('mutation { recordNetworkReview(personId: "vera", on: "2025-01-01") { id } }', {}),
    "networkReviews": ('{ networkReviews(personId: "vera") { date } }', {}),
    "serviceSettings": ('{ serviceSettings(serviceId: "day") { ucla3LonelyFrom } }', {}),
    "setServiceSettings": (
        'mutation { setServiceSettings(serviceId: "day", input: {ucla3LonelyFrom: 5}) { ucla3LonelyFrom } }',
        {},
    ),
    # OWN is the caller's own organisation: "day" for its manager, "club" for its organiser (see OWN below).
    "reflections": ("{ reflections { id } }", {}),
    "recordReflection": (
        'mutation { recordReflection(input: {heldOn: "2025-02-01", participants: [{capacity: STAFF, count: 3}]}) { id } }',
        {},
    ),
    "addReflectionActions": (
        'mutation { addReflectionActions(reflectionId: "reflection-OWN", actions: [{what: "Ask Kate"}]) { id } }',
        {},
    ),
    "updateReflectionAction": (
        'mutation { updateReflectionAction(id: "action-OWN", input: {status: STARTED}) { status } }',
        {},
    ),
}
OWN = {"service_manager": "day", "community_organiser": "club"}
"""Whose reflection a query naming "OWN" means, by caller; "day" for everyone else."""


BY_CALLER: dict[str, dict[str, str]] = {
    # Analysts choose whole services or areas, never people (docs/access.md).
    "cohort": {"analyst": '{ cohort(cohort: {serviceId: "day"}) { at } }'},
    "cohortTrend": {
        "analyst": '{ cohortTrend(cohort: {serviceId: "day"}, from: "2025-01-01", to: "2025-03-01") { at } }'
    },
}
"""Operations whose request differs for some callers, so that each tries what its grant covers."""


def test_docs_table_is_the_enforced_policy() -> None:
    docs = (REPO / "docs" / "access.md").read_text()
    assert policy_markdown() in docs, "docs/access.md is stale: paste policy_markdown() into it"


def test_docs_state_the_visibility_and_disclosure_rules_the_code_applies() -> None:
    docs = (REPO / "docs" / "access.md").read_text()
    for view in PersonView:
        assert f"| `{view.name}` |" in docs, f"docs/access.md does not describe the {view.name} view"
    assert f'"{ANONYMOUS_NAME}"' in docs
    control = DisclosureControl(threshold=ApiSettings().suppress_below)
    assert f"every count below {control.threshold}" in docs
    assert f"rounded to the nearest {control.base}" in docs


def test_every_operation_is_in_the_matrix() -> None:
    assert set(OPERATIONS) == set(POLICY)


def _expected(operation: str, caller: str) -> bool:
    if caller in ("bad token", "expired token", "revoked token"):
        return False
    key = PUBLIC if caller == "public" else AccessRole(caller)
    return key in POLICY[operation]


def _outcome(body: dict[str, Any], status: int) -> tuple[bool, str]:
    """Allowed means: answered with data and no refusal (or withheld by disclosure control)."""
    errors = body.get("errors") or []
    codes = [e.get("extensions", {}).get("code") for e in errors]
    if status == 401 or any(c in ("UNAUTHENTICATED", "FORBIDDEN") for c in codes):
        return False, ",".join(map(str, codes))
    if codes == ["SUPPRESSED"]:
        return True, "SUPPRESSED"  # permitted; the figures rest on too few people to show
    data = body.get("data") or {}
    return bool(data) and all(v is not None for v in data.values()) and not errors, ",".join(map(str, codes))


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_matrix(api: Api, probe: StoreProbe, operation: str) -> None:
    outcomes = {}
    for caller in CALLERS:
        query, variables = OPERATIONS[operation]
        query = BY_CALLER.get(operation, {}).get(caller, query)
        probe.clear()
        world = build_world(probe)
        client = api.as_(world.tokens[caller])
        response = client.client.post(
            "/graphql",
            json={"query": query.replace("-OWN", f"-{OWN.get(caller, 'day')}"), "variables": variables},
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


OUT_OF_SCOPE: dict[str, str] = {
    # Each asks about Joan, who is in no scoped caller's scope in the access world.
    "person": '{ person(id: "%s") { name } }',
    "tie": '{ tie(id: "%s") { kind } }',
    "participation": '{ participation(id: "%s") { role } }',
    "suggestions": '{ suggestions(personId: "%s") { reasons } }',
    "buddies": '{ buddies(personId: "%s") { sharedInterests } }',
    "updatePerson": 'mutation { updatePerson(id: "%s", input: {area: "Riverside"}) { id } }',
    "recordTie": 'mutation { recordTie(input: {personId: "%s", otherId: "sam", kind: NEIGHBOUR}) { id } }',
    "recordSelfReport": 'mutation { recordSelfReport(personId: "%s", input: {instrument: ONS, answer: "never"}) { concern } }',
}
TARGETS = {"person": "joan", "tie": "joan-tie", "participation": "joan-part"}
JOANS_RECORDS = """
MATCH (joan:Person {id: 'joan'}), (sam:Person {id: 'sam'}), (club:Organisation {id: 'day'})
CREATE (joan)-[:TIE {id: 'joan-tie', kind: 'NEIGHBOUR', since: date('2020-01-01'), recorded_by: 't', recorded_at: datetime()}]->(sam)
CREATE (joan)-[:PARTICIPATES {id: 'joan-part', role: 'MEMBER', since: date('2020-01-01'), recorded_by: 't', recorded_at: datetime()}]->(club)
"""


def _answer(body: dict[str, Any]) -> tuple[Any, ...]:
    errors = body.get("errors") or []
    codes = tuple(e.get("extensions", {}).get("code") for e in errors)
    data = body.get("data") or {}
    return codes, tuple(v in (None, []) for v in data.values())


@pytest.mark.parametrize("operation", list(OUT_OF_SCOPE))
def test_a_scope_grant_answers_outside_the_scope_as_for_an_unknown_id(api: Api, probe: StoreProbe, operation: str) -> None:
    """Where POLICY grants SCOPE, a record outside the caller's scope behaves exactly like one
    that does not exist; where it grants ALL, it is answered."""
    world = build_world(probe)
    probe.rows(JOANS_RECORDS)
    target = TARGETS.get(operation, "joan")
    for caller, token in world.tokens.items():
        if caller not in [role.value for role in AccessRole]:
            continue
        granted = POLICY[operation].get(AccessRole(caller))
        if granted is None:
            continue
        client = api.as_(token)
        outside = _answer(client(OUT_OF_SCOPE[operation] % target))
        unknown = _answer(client(OUT_OF_SCOPE[operation] % "no-such-record"))
        if granted.value == "all":
            assert outside != unknown, f"{operation} as {caller}: ALL should reach {target}"
        else:
            assert outside == unknown, f"{operation} as {caller}: {granted.value} should hide {target}"


def test_the_policy_table_is_what_decides(api: Api, probe: StoreProbe, monkeypatch: pytest.MonkeyPatch) -> None:
    """Changing one cell of POLICY changes what the caller gets."""
    planner = api.as_(build_world(probe).tokens["planner"])
    query = '{ person(id: "joan") { name } }'
    assert planner.data(query) == {"person": None}

    monkeypatch.setitem(POLICY, "person", {**POLICY["person"], AccessRole.PLANNER: Grant.ALL})

    assert planner.data(query) == {"person": {"name": "Joan"}}
