"""Live analysis: the change feed, and a network kept current from it that equals a fresh build.

Random sequences of every kind of write go through the real store; after
each, the network the cache kept up to date from the feed must give the same
records, person measures, cohort figures, trends and changes as a network
built afresh from the whole store.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netmap.analysis.changes import cohort_changes
from netmap.analysis.cohort import AreaCohort, Caseload, ServiceCohort, cohort_measures, cohort_trend
from netmap.analysis.person import measure_person
from netmap.analysis.self_reported import self_reported_figures
from netmap.analysis.steps import Every
from netmap.services.network import NetworkCache, Snapshot, build_snapshot
from netmap.domain.activity_inputs import ExchangeInput
from netmap.domain.errors import NetmapError
from netmap.domain.inputs import ConsentInput, ParticipationCorrection, ParticipationInput, TieCorrection, TieInput
from netmap.domain.kinds import OrganisationKind, Role, TieKind
from netmap.domain.records import Consent, Organisation, Participation, Person, Recorded, Tie
from netmap.domain.self_reports import Instrument
from netmap.domain.valid_time import Period
from netmap.store.bulk import rows_from_records, write_rows
from netmap.store.connection import Store, open_store
from netmap.store.consent import record_consent
from netmap.store.erasure import erase_person
from netmap.store.feed import Position, ensure_feed, position
from netmap.store.organisations import create_organisation, update_organisation
from netmap.store.participations import correct_participation, end_participation, record_participation
from netmap.store.people import create_person, update_person
from netmap.store.self_reports import record_self_report
from netmap.store.settings import StoreSettings
from netmap.store.ties import correct_tie, end_tie, record_tie
from netmap.store.timebank import record_exchange
from support.api import Api
from support.builders import person, tie
from support.probe import StoreProbe

DATES = (date(2024, 1, 1), date(2024, 6, 1), date(2025, 1, 1), date(2025, 6, 1))
"""When records start, end or are corrected to."""
ASKED = (date(2023, 12, 1), date(2024, 3, 1), date(2024, 9, 1), date(2025, 3, 1), date(2025, 9, 1))
"""When the measures are compared."""
AREAS = ("North", "South", None)
BY = Recorded("feed-test", datetime(2025, 1, 1, tzinfo=timezone.utc))

KINDS = (
    "person", "person", "organisation", "tie", "tie", "tie", "end_tie", "correct_tie", "participation",
    "participation", "end_participation", "correct_participation", "consent", "move", "regroup", "erase",
    "self_report", "exchange", "bulk",
)  # fmt: skip
Op = tuple[str, int, int, int, int]
PRELUDE: list[Op] = [("person", 0, 0, 0, 7), ("person", 0, 0, 0, 5), ("person", 0, 0, 0, 3),
                      ("organisation", 0, 0, 0, 0), ("organisation", 0, 0, 0, 1)]  # fmt: skip
"""Three people and a service and a group to begin with, so that every kind of write has something to work on."""
OPS = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 99), st.integers(0, 99), st.integers(0, 3), st.integers(0, 7)),
    min_size=1,
    max_size=14,
)


class World:
    """What the writes made so far, so that later writes can name it."""

    def __init__(self) -> None:
        self.people: list[str] = []
        self.organisations: list[str] = []
        self.ties: list[str] = []
        self.participations: list[str] = []

    @staticmethod
    def pick(found: list[str], n: int) -> str | None:
        return found[n % len(found)] if found else None


async def _write(store: Store, world: World, op: Op) -> None:
    """One write of the kind ``op`` names; refusals (overlaps, already ended) are fine."""
    kind, i, j, d, k = op
    a, b = world.pick(world.people, i), world.pick(world.people, j)
    org = world.pick(world.organisations, j)
    when = DATES[d]
    consent = Consent(bool(k & 1), bool(k & 2), bool(k & 4) or k == 0, BY)
    if kind == "person":
        made = Person(str(uuid.uuid4()), f"P{len(world.people)}", BY, area=AREAS[k % 3], consent=consent)
        world.people.append((await store.write(create_person, made)).id)
    elif kind == "organisation":
        made_org = Organisation(str(uuid.uuid4()), f"O{len(world.organisations)}", list(OrganisationKind)[k % 3], BY)
        world.organisations.append((await store.write(create_organisation, made_org)).id)
    elif kind == "tie" and a and b and a != b:
        given = TieInput(person_id=a, other_id=b, kind=list(TieKind)[k], since=when)
        world.ties.append((await store.write(record_tie, given, BY)).id)
    elif kind == "end_tie" and (found := world.pick(world.ties, i)):
        await store.write(end_tie, found, DATES[d] if d else date(2026, 1, 1), BY)
    elif kind == "correct_tie" and (found := world.pick(world.ties, i)):
        await store.write(correct_tie, found, TieCorrection(reason="wrong", since=when, kind=list(TieKind)[k]), BY)
    elif kind == "participation" and a and org:
        role = (Role.SUPPORTED, Role.STAFF, Role.MEMBER, Role.VOLUNTEER)[k % 4]
        given_part = ParticipationInput(person_id=a, organisation_id=org, role=role, since=when)
        world.participations.append((await store.write(record_participation, given_part, BY)).id)
    elif kind == "end_participation" and (found := world.pick(world.participations, i)):
        await store.write(end_participation, found, DATES[d] if d else date(2026, 1, 1), BY)
    elif kind == "correct_participation" and (found := world.pick(world.participations, i)):
        fix = ParticipationCorrection(reason="wrong", since=when, role=(Role.SUPPORTED, Role.MEMBER)[k % 2])
        await store.write(correct_participation, found, fix, BY)
    elif kind == "consent" and a:
        given_consent = ConsentInput(mapped=consent.mapped, show_to_organisers=consent.show_to_organisers,
                                     use_in_aggregates=consent.use_in_aggregates)  # fmt: skip
        await store.write(record_consent, a, given_consent, BY)
    elif kind == "move" and a:
        await store.write(update_person, a, {"area": AREAS[k % 3]})
    elif kind == "regroup" and org:
        await store.write(update_organisation, org, {"kind": list(OrganisationKind)[k % 3]})
    elif kind == "erase" and a:
        await store.write(erase_person, a, datetime.now(timezone.utc))
        world.people.remove(a)
    elif kind == "self_report" and a:
        await store.write(record_self_report, a, Instrument.UCLA3, when, [1 + k % 3, 2, 1], None, BY)
    elif kind == "exchange" and a and (b or org) and a != (b or org):
        given_exchange = ExchangeInput(giver_id=a, receiver_id=b if k % 2 else (org or b), hours=1.5, date=when, what="tea")
        await store.write(record_exchange, given_exchange, BY)
    elif kind == "bulk":
        await _bulk(store, world, a, org, when, k)


async def _bulk(store: Store, world: World, a: str | None, org: str | None, when: date, k: int) -> None:
    """A small bulk load, as ``netmap import`` writes it: two new people, a tie, perhaps a participation."""
    new = [Person(str(uuid.uuid4()), f"B{len(world.people) + n}", BY, area=AREAS[(k + n) % 3],
                  consent=Consent(True, True, bool(n), BY)) for n in range(2)]  # fmt: skip
    ties = [Tie(str(uuid.uuid4()), new[0].id, a or new[1].id, TieKind.FRIEND, Period(when), BY)]
    parts = [Participation(str(uuid.uuid4()), new[1].id, org, Role.SUPPORTED, Period(when), BY)] if org else []
    await write_rows(store, rows_from_records(new, [], ties, parts))
    world.people.extend(p.id for p in new)


def view(snapshot: Snapshot) -> dict[str, Any]:
    """Everything a question could see: records, indexes, and the measures at several dates."""
    net = snapshot.network
    everyone = tuple(sorted(net.people))
    services = sorted(o for o, org in net.organisations.items() if org.kind is OrganisationKind.SERVICE)
    cohorts = [Caseload(everyone), *(AreaCohort(a) for a in AREAS if a), *(ServiceCohort(s) for s in services)]
    return {
        "people": dict(net.people),
        "organisations": dict(net.organisations),
        "links": {
            pid: (net.ties_of(pid), net.participation_rows(pid), sorted(net.tie_spans(pid, paid=False), key=repr),
                  sorted(net.tie_spans(pid, paid=True), key=repr), net.exchanges_of(pid))
            for pid in everyone
        },  # fmt: skip
        "organisation_links": {oid: (net.participations_in(oid), net.exchanges_of(oid)) for oid in net.organisations},
        "areas": {a: net.people_in_area(a) for a in AREAS if a},
        "reports": sorted(snapshot.reports, key=lambda r: r.id),
        "measures": {(pid, at): measure_person(net, pid, at) for pid in everyone for at in ASKED},
        "cohorts": {(c, at): cohort_measures(net, c, at) for c in cohorts for at in ASKED},
        "trends": {c: cohort_trend(net, c, ASKED[0], ASKED[-1], Every.MONTH) for c in cohorts},
        "changes": {(c, ASKED[i]): cohort_changes(net, c, ASKED[i], ASKED[i + 2]) for c in cohorts for i in (0, 1, 2)},
        "self_reported": [self_reported_figures(snapshot.reports, everyone, at) for at in ASKED],
    }


@pytest.fixture
def store(store_settings: StoreSettings, probe: StoreProbe) -> Iterator[tuple[asyncio.Runner, Store]]:
    """The test store, opened once in one event loop that the examples share."""
    with asyncio.Runner() as runner:
        opened = open_store(store_settings)
        found = runner.run(opened.__aenter__())
        try:
            yield runner, found
        finally:
            runner.run(opened.__aexit__(None, None, None))


def test_a_network_kept_from_the_feed_equals_a_fresh_build(
    store: tuple[asyncio.Runner, Store], probe: StoreProbe
) -> None:
    runner, opened = store

    @settings(max_examples=25)
    @given(OPS)
    def writes_then_compare(ops: list[Op]) -> None:
        probe.clear()

        async def run() -> None:
            await opened.write(ensure_feed)  # as the migrations at start do
            cache = NetworkCache()
            await cache.get(opened)
            world = World()
            for op in PRELUDE + ops:
                try:
                    await _write(opened, world, op)
                except NetmapError:
                    pass
                kept = await cache.get(opened)
                fresh = await build_snapshot(opened)
                assert kept.position == fresh.position
                assert view(kept) == view(fresh), op
            assert cache.builds == 1, "only the first read was of the whole store"

        runner.run(run())

    writes_then_compare()


def test_the_feed_numbers_analysed_writes_and_nothing_else(api: Api, probe: StoreProbe) -> None:
    def feed() -> tuple[int, list[list[str]]]:
        [row] = probe.rows("MATCH (f:ChangeFeed) RETURN f.seq AS seq")
        changes = probe.rows("MATCH (c:Change) RETURN c.seq AS seq, c.ids AS ids ORDER BY c.seq")
        return row["seq"], [c["ids"] for c in changes]

    start, _ = feed()
    ann, bob = person(api, "Ann"), person(api, "Bob")
    tie(api, ann, bob, "FRIEND", since="2020-01-01")
    seq, changes = feed()
    assert seq == start + 3
    assert changes[-3:] == [[ann], [bob], sorted([ann, bob])]
    # A refused write, a read (audited) and a token leave the feed alone.
    refused = api("mutation($i: TieInput!) { recordTie(input: $i) { id } }",
                  i={"personId": ann, "otherId": bob, "kind": "FRIEND", "since": "2021-01-01"})  # fmt: skip
    assert refused["errors"][0]["extensions"]["code"] == "DUPLICATE_TIE"
    api.data('query($id: ID!) { person(id: $id) { name measures { unpaidTies } } }', id=ann)
    probe.token("admin", "another")
    assert feed()[0] == seq


def test_an_erasure_and_a_consent_withdrawal_reach_the_figures_at_once(api: Api) -> None:
    ann, bob = person(api, "Ann", area="Lea"), person(api, "Bob", area="Lea")
    figures = '{ cohort(cohort: {area: "Lea"}) { size notCounted } }'
    assert api.data(figures)["cohort"] == {"size": 2, "notCounted": 0}
    consent = "mutation($id: ID!, $c: ConsentInput!) { recordConsent(personId: $id, input: $c) { id } }"
    api.data(consent, id=ann, c={"mapped": True, "showToOrganisers": True, "useInAggregates": False})
    assert api.data(figures)["cohort"] == {"size": 1, "notCounted": 1}
    api.data("mutation($id: ID!) { erasePerson(personId: $id) }", id=bob)
    assert api.data(figures)["cohort"] == {"size": 0, "notCounted": 1}


def test_two_workers_of_one_store_answer_each_others_writes_at_once(
    store_settings: StoreSettings, probe: StoreProbe
) -> None:
    from starlette.testclient import TestClient

    from netmap.web.app import AppSettings, create_app

    token = probe.token("admin", "two-apps")
    query = 'query($id: ID!) { person(id: $id) { measures { unpaidTies } } }'
    with TestClient(create_app(AppSettings(store=store_settings))) as one, \
            TestClient(create_app(AppSettings(store=store_settings))) as other:  # fmt: skip
        writer, reader = Api(one, token), Api(other, token)
        ann = person(writer, "Ann")
        assert reader.data(query, id=ann)["person"]["measures"]["unpaidTies"] == 0
        for n in range(5):
            tie(writer, ann, person(writer, f"Friend {n}"), "FRIEND", since="2020-01-01")
            assert reader.data(query, id=ann)["person"]["measures"]["unpaidTies"] == n + 1
        assert other.app.state.network.builds == 1  # type: ignore[attr-defined]


def test_a_restore_or_an_emptied_store_makes_readers_read_everything(
    store: tuple[asyncio.Runner, Store], probe: StoreProbe
) -> None:
    runner, opened = store

    async def run() -> None:
        cache = NetworkCache()
        await opened.write(create_person, Person("p1", "Pat", BY))
        assert "p1" in (await cache.get(opened)).network.people
        probe.clear()
        probe.changed_outside()
        assert (await cache.get(opened)).network.people == {}
        assert cache.builds == 2
        assert await opened.read(position) != Position()

    runner.run(run())


def test_while_a_worker_reads_the_store_analysis_answers_503_with_retry_after(api: Api) -> None:
    ann = person(api, "Ann")
    query = 'query($id: ID!) { person(id: $id) { name measures { unpaidTies } } }'
    app = api.client.app  # type: ignore[attr-defined]
    app.state.network = NetworkCache(warm_wait_s=0)  # as at start: nothing read yet, and no patience
    response = api.client.post("/graphql", json={"query": query, "variables": {"id": ann}},
                               headers={"Authorization": f"Bearer {api.token}"})  # fmt: skip
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.json()["errors"][0]["extensions"]["code"] == "WARMING_UP"
    deadline = time.monotonic() + 30
    while not app.state.network.ready and time.monotonic() < deadline:
        time.sleep(0.05)
    assert api.data(query, id=ann)["person"] == {"name": "Ann", "measures": {"unpaidTies": 0}}
