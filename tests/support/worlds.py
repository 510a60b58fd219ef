"""A small world for access tests, written straight into the store, with a
token for every kind of caller."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from support.probe import StoreProbe

WORLD = """
CREATE (vera:Person {id: 'vera', name: 'Vera', name_key: 'vera', area: 'Old Town',
        interests: ['flowers'], skills: ['baking'], access_needs: ['step-free access'],
        consent_mapped: true, consent_organisers: true, consent_aggregates: true,
        recorded_by: 'seed', recorded_at: datetime()})
CREATE (joan:Person {id: 'joan', name: 'Joan', name_key: 'joan', area: 'Hillcrest',
        interests: [], skills: [], access_needs: [],
        consent_mapped: true, consent_organisers: false, consent_aggregates: true,
        recorded_by: 'seed', recorded_at: datetime()})
CREATE (sam:Person {id: 'sam', name: 'Sam', name_key: 'sam', interests: [], skills: [], access_needs: [],
        consent_mapped: true, consent_organisers: true, consent_aggregates: true,
        recorded_by: 'seed', recorded_at: datetime()})
CREATE (day:Organisation {id: 'day', name: 'Day Service', name_key: 'day service', kind: 'SERVICE',
        interests: [], accessibility: [], recorded_by: 'seed', recorded_at: datetime()})
CREATE (club:Organisation {id: 'club', name: 'Crafting Club', name_key: 'crafting club', kind: 'COMMUNITY_GROUP',
        interests: [], accessibility: [], recorded_by: 'seed', recorded_at: datetime()})
CREATE (vera)-[:TIE {id: 'friendship', kind: 'FRIEND', since: date('2020-01-01'),
        recorded_by: 'seed', recorded_at: datetime()}]->(joan)
CREATE (vera)-[:TIE {id: 'care', kind: 'PAID_SUPPORT', since: date('2024-01-01'),
        recorded_by: 'seed', recorded_at: datetime()}]->(sam)
CREATE (vera)-[:PARTICIPATES {id: 'membership', role: 'MEMBER', since: date('2020-01-01'),
        recorded_by: 'seed', recorded_at: datetime()}]->(club)
CREATE (vera)-[:PARTICIPATES {id: 'support', role: 'SUPPORTED', since: date('2024-01-01'),
        recorded_by: 'seed', recorded_at: datetime()}]->(day)
CREATE (sam)-[:PARTICIPATES {id: 'job', role: 'STAFF', since: date('2024-01-01'),
        recorded_by: 'seed', recorded_at: datetime()}]->(day)
CREATE (club)-[:RUNS]->(:Activity {id: 'crafts', organisation_id: 'club', title: 'Craft morning',
        name_key: 'craft morning', search_key: 'craft morning', status: 'ACTIVE', interests: ['crafts'],
        accessibility: ['step-free access'], cost_pence: 0, repeat: 'WEEKLY', starts: date('2024-01-01'),
        dates: [], weekday: 'MONDAY', weekdays: ['MONDAY'], recorded_by: 'seed', recorded_at: datetime()})
CREATE (day)-[:HELD]->(:Reflection {id: 'reflection-day', organisation_id: 'day', held_on: date('2025-01-01'),
        participants: '[{"capacity": "STAFF", "count": 2, "names": []}]', principles: '[]',
        recorded_by: 'seed', recorded_at: datetime()})
        -[:PLANS]->(:ReflectionAction {id: 'action-day', reflection_id: 'reflection-day', what: 'Start a dance group',
        seq: 0, recorded_by: 'seed', recorded_at: datetime()})
        -[:STATUS]->(:ActionStatusChange {id: 'status-day', action_id: 'action-day', status: 'PLANNED',
        recorded_by: 'seed', recorded_at: datetime()})
CREATE (club)-[:HELD]->(:Reflection {id: 'reflection-club', organisation_id: 'club', held_on: date('2025-01-01'),
        participants: '[{"capacity": "COMMUNITY_MEMBER", "count": 5, "names": []}]', principles: '[]',
        recorded_by: 'seed', recorded_at: datetime()})
        -[:PLANS]->(:ReflectionAction {id: 'action-club', reflection_id: 'reflection-club', what: 'Invite the day centre',
        seq: 0, recorded_by: 'seed', recorded_at: datetime()})
        -[:STATUS]->(:ActionStatusChange {id: 'status-club', action_id: 'action-club', status: 'PLANNED',
        recorded_by: 'seed', recorded_at: datetime()})
MERGE (planner:Account {subject: 'planner-1'})
CREATE (planner)-[:PLANS_FOR {since: date('2024-01-01'), by: 'seed'}]->(vera)
"""

CALLERS = (
    "public", "admin", "planner", "service_manager", "community_organiser",
    "person", "analyst", "bad token", "expired token", "revoked token",
)  # fmt: skip


@dataclass(frozen=True)
class World:
    tokens: dict[str, str | None]


def build_world(probe: StoreProbe) -> World:
    probe.rows(WORLD)
    probe.changed_outside()
    past = datetime.now(timezone.utc) - timedelta(days=1)
    tokens: dict[str, str | None] = {
        "public": None,
        "admin": probe.token("admin", "admin-1"),
        "planner": probe.token("planner", "planner-1"),
        "service_manager": probe.token("service_manager", "manager-1", scope="day"),
        "community_organiser": probe.token("community_organiser", "organiser-1", scope="club"),
        "person": probe.token("person", "vera-herself", scope="vera"),
        "analyst": probe.token("analyst", "analyst-1"),
        "bad token": "nm_this-token-was-never-made",
        "expired token": probe.token("admin", "old-admin", expires=past),
        "revoked token": probe.token("admin", "gone-admin", revoked=True),
    }
    probe.rows(
        "MATCH (t:Token {subject: 'gone-admin'}) CREATE (s:Token) SET s = properties(t), s.id = 'spare-token', s.hash = 'none'"
    )
    return World(tokens)
