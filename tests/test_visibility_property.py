"""Random small worlds and random callers, over every read path: no answer names
anyone docs/access.md says that caller may not see.

The oracle below restates docs/access.md independently of the code: a caller
may be shown the people in their scope and, as contacts, the people tied to
someone they see in full who agreed to be mapped; someone who said no to being
mapped is named to no one but an admin (asking directly) and themself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings, create_app
from support.probe import StoreProbe

pytestmark = pytest.mark.slow

TODAY = date.today().isoformat()
KINDS = ["FAMILY", "FRIEND", "NEIGHBOUR", "PEER_SUPPORT", "PAID_SUPPORT"]
CONSENTS = ["never", "yes", "no"]


@dataclass
class World:
    consent: list[str]
    organisers: list[bool]
    ties: list[tuple[int, int, str]]
    supported: set[int]
    members: set[int]
    caseload: set[int]
    caller: str
    me: int
    names: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.names = [f"Qzx{i}Wv" for i in range(len(self.consent))]

    def id(self, i: int) -> str:
        return f"pid{i}qk"

    @property
    def people(self) -> range:
        return range(len(self.consent))

    def in_scope(self, i: int) -> bool:
        return {
            "admin": True,
            "planner": i in self.caseload,
            "service_manager": i in self.supported,
            "community_organiser": i in self.members and self.organisers[i],
            "person": i == self.me,
            "analyst": False,
        }[self.caller]

    def may_name(self) -> set[int]:
        """Everyone this caller may ever be shown by name, on any path."""
        refused = {i for i in self.people if self.consent[i] == "no"}
        seen = {i for i in self.people if self.in_scope(i) and i not in refused}
        if self.caller == "admin":
            seen |= refused  # asked for directly, for subject access or erasure
        if self.caller == "person":
            seen |= {self.me}
        full = seen if self.caller != "community_organiser" else set()
        contacts = {
            other
            for a, b, _ in self.ties
            for mine, other in ((a, b), (b, a))
            if mine in full and self.consent[mine] == "yes" and other not in refused
        }
        return seen | contacts


@st.composite
def worlds(draw: st.DrawFn) -> World:
    n = draw(st.integers(3, 6))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.sampled_from(KINDS)).filter(
        lambda t: t[0] != t[1]
    )
    ties = draw(st.lists(pairs, max_size=8, unique_by=lambda t: (t[0], t[1], t[2])))
    subset = st.sets(st.integers(0, n - 1))
    return World(
        consent=draw(st.lists(st.sampled_from(CONSENTS), min_size=n, max_size=n)),
        organisers=draw(st.lists(st.booleans(), min_size=n, max_size=n)),
        ties=ties,
        supported=draw(subset),
        members=draw(subset),
        caseload=draw(subset),
        caller=draw(st.sampled_from(["admin", "planner", "service_manager", "community_organiser", "person", "analyst"])),
        me=draw(st.integers(0, n - 1)),
    )


def _write(probe: StoreProbe, world: World) -> None:
    probe.clear()
    probe.rows(
        "CREATE (:Organisation {id: 'svc', name: 'Day Service', name_key: 'day service', kind: 'SERVICE', "
        "interests: [], accessibility: [], recorded_by: 't', recorded_at: datetime()}) "
        "CREATE (:Organisation {id: 'club', name: 'Club', name_key: 'club', kind: 'COMMUNITY_GROUP', "
        "interests: ['crafts'], accessibility: [], recorded_by: 't', recorded_at: datetime()})"
    )
    people = [
        {
            "id": world.id(i), "name": world.names[i], "name_key": world.names[i].lower(),
            "interests": ["crafts"], "skills": ["baking"], "access_needs": [], "offers_buddying": True,
            "consent_mapped": world.consent[i] == "yes", "consent_organisers": world.organisers[i],
            "consent_aggregates": True, "asked": world.consent[i] != "never",
        }
        for i in world.people
    ]  # fmt: skip
    probe.rows(
        "UNWIND $people AS p CREATE (n:Person) SET n = p, n.recorded_by = 't', n.recorded_at = datetime() "
        "REMOVE n.asked WITH n, p WHERE p.asked SET n.consent_recorded_at = datetime(), n.consent_recorded_by = 't'",
        people=people,
    )
    probe.rows(
        "UNWIND $ties AS t MATCH (a:Person {id: t.a}), (b:Person {id: t.b}) "
        "CREATE (a)-[:TIE {id: t.id, kind: t.kind, since: date('2020-01-01'), recorded_by: 't', "
        "recorded_at: datetime()}]->(b)",
        ties=[{"id": f"tie{k}", "a": world.id(a), "b": world.id(b), "kind": kind} for k, (a, b, kind) in enumerate(world.ties)],
    )
    links = [("svc", "SUPPORTED", i) for i in world.supported] + [("club", "MEMBER", i) for i in world.members]
    probe.rows(
        "UNWIND $links AS l MATCH (p:Person {id: l.p}), (o:Organisation {id: l.o}) "
        "CREATE (p)-[:PARTICIPATES {id: l.id, role: l.role, since: date('2020-01-01'), recorded_by: 't', "
        "recorded_at: datetime()}]->(o)",
        links=[{"id": f"part{k}", "o": o, "role": role, "p": world.id(i)} for k, (o, role, i) in enumerate(links)],
    )
    probe.rows(
        "MERGE (a:Account {subject: 'planner-p'}) WITH a UNWIND $ids AS id MATCH (p:Person {id: id}) "
        "CREATE (a)-[:PLANS_FOR {since: date('2020-01-01'), by: 't'}]->(p)",
        ids=[world.id(i) for i in world.caseload],
    )


def _token(probe: StoreProbe, world: World) -> str:
    scope = {"service_manager": "svc", "community_organiser": "club", "person": world.id(world.me)}.get(world.caller)
    subject = "planner-p" if world.caller == "planner" else f"{world.caller}-x"
    return probe.token(world.caller, subject, scope=scope)


def _queries(world: World) -> list[str]:
    person_fields = (
        "id name view ties(includeEnded: true) { kind contact { id name } person { id name } other { id name } } "
        "participations(includeEnded: true) { role person { id name } } "
        "measures { circles { intimacy { id name } friendship { id name } participation { id name } exchange { id name } } }"
    )
    found = ["{ people(first: 100) { nodes { " + person_fields + " } } }", "{ caseload { id name } }"]
    found += [
        "{ organisation(id: \"%s\") { participants(first: 100) { nodes { person { id name } } } } }" % o
        for o in ("svc", "club")
    ]
    for i in world.people:
        pid = world.id(i)
        found += [
            '{ person(id: "%s") { %s } }' % (pid, person_fields),
            '{ suggestions(personId: "%s") { reasons } }' % pid,
            '{ buddies(personId: "%s") { person { id name } } }' % pid,
        ]
    found += ['{ tie(id: "tie%d") { person { id name } other { id name } } }' % k for k in range(len(world.ties))]
    found += ['{ participation(id: "part%d") { person { id name } } }' % k for k in range(len(world.supported) + len(world.members))]
    found += [
        '{ assets(offering: "baking") { nodes { id name } } }',
        '{ cohort(cohort: {serviceId: "svc"}) { paidOnlyPeople isolatedPeople } }',
        '{ cohortChanges(cohort: {serviceId: "svc"}, from: "2019-01-01") { joined left becameIsolated } }',
        '{ networkExport(cohort: {serviceId: "svc"}, format: JSON) { nodes } }',
    ]
    return found


def _map_queries(world: World) -> list[str]:
    """Reads that show people only as they appear in others' maps: there, someone who
    said no to being mapped is anonymous to every caller, admins included."""
    circles = "circles { intimacy { id name } friendship { id name } participation { id name } exchange { id name } }"
    found = [
        '{ person(id: "%s") { ties(includeEnded: true) { contact { id name } } measures { %s } } }'
        % (world.id(i), circles)
        for i in world.people
    ]
    found += ['{ tie(id: "tie%d") { person { id name } other { id name } } }' % k for k in range(len(world.ties))]
    found += [
        '{ organisation(id: "%s") { participants(first: 100) { nodes { person { id name } } } } }' % o
        for o in ("svc", "club")
    ]
    found += ['{ suggestions(personId: "%s") { reasons } }' % world.id(i) for i in world.people]
    return found


def _pages(world: World) -> list[str]:
    found = ["/people", "/services/svc", "/exports/services/svc/network.json", "/exports/services/svc/network-nodes.csv"]
    for i in world.people:
        found += [f"/people/{world.id(i)}", f"/pictures/people/{world.id(i)}/circles.svg",
                  f"/people/{world.id(i)}/map", f"/people/{world.id(i)}/map?find=Qzx"]
    return found


def _leaks(asked: str, text: str, world: World, allowed: set[int]) -> list[str]:
    """Names and ids of people the caller may not see in an answer (an id the
    request itself gave, echoed in a NOT_FOUND, tells the caller nothing new)."""
    return [
        f"{world.names[i]} / {world.id(i)}"
        for i in world.people
        if i not in allowed and (world.names[i] in text or (world.id(i) in text and world.id(i) not in asked))
    ]


@settings(
    max_examples=25, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a failure prints its world
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_no_read_path_names_anyone_the_caller_may_not_see(
    store_settings: StoreSettings, probe: StoreProbe, world: World
) -> None:
    _write(probe, world)
    token = _token(probe, world)
    allowed = world.may_name()
    with TestClient(create_app(AppSettings(store=store_settings))) as client:
        headers = {"Authorization": f"Bearer {token}"}
        answers: list[tuple[str, Any]] = []
        for query in _queries(world):
            response = client.post("/graphql", json={"query": query}, headers=headers)
            answers.append((query, response.text))
        in_maps = [(q, client.post("/graphql", json={"query": q}, headers=headers).text) for q in _map_queries(world)]
        signed_in = client.post("/sign-in", data={"token": token}, follow_redirects=False)
        assert signed_in.status_code == 303, signed_in.text
        for path in _pages(world):
            answers.append((path, client.get(path, follow_redirects=False).text))
    refused = {i for i in world.people if world.consent[i] == "no"}
    leaks = {where: found for where, text in answers if (found := _leaks(where, text, world, allowed))}
    leaks |= {where: found for where, text in in_maps if (found := _leaks(where, text, world, allowed - refused))}
    assert not leaks, f"{world.caller} was shown people they may not see: {leaks}"
