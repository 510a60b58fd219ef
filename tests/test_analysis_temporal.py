"""The temporal network: building it, refusing bad records, snapshots at a date."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from netmap.analysis.links import (
    community_participations,
    paid_alters,
    supported_by,
    unpaid_alters,
)
from netmap.domain.errors import InvalidInput, NotFound
from netmap.domain.kinds import OrganisationKind, Role, TieKind
from support.networks import START, D, Net

pytestmark = pytest.mark.fast


def small() -> Net:
    """ann—bob friends until 2024-03-01; ann supported by 'care', member of 'club'."""
    net = Net()
    net.person("ann", "bob", "wes")
    net.service("care")
    net.org("club")
    net.tie("ann", "bob", until="2024-03-01")
    net.tie("ann", "wes", TieKind.PAID_SUPPORT, label="support worker")
    net.part("ann", "care", Role.SUPPORTED)
    net.part("wes", "care", Role.STAFF)
    net.part("ann", "club", Role.ROLE, title="treasurer")
    return net


def test_snapshot_holds_what_is_active_on_the_date() -> None:
    network = small().build()
    graph = network.snapshot(D("2024-03-01"))
    # The friendship ended on 2024-03-01, so it is gone on that very day.
    assert set(graph.nodes) == {"ann", "bob", "wes", "care", "club"}
    assert graph.nodes["care"] == {"type": "organisation", "name": "Care", "kind": "SERVICE"}
    assert not graph.has_edge("ann", "bob")
    assert graph.edges["ann", "wes", "t2"] == {
        "type": "tie",
        "kind": "PAID_SUPPORT",
        "paid": True,
        "person_id": "ann",
        "other_id": "wes",
        "since": START,
        "label": "support worker",
    }
    assert graph.edges["ann", "club", "x3"]["title"] == "treasurer"
    assert graph.number_of_edges() == 4  # paid tie + three participations

    day_before = network.snapshot(D("2024-02-29"))
    assert day_before.edges["ann", "bob", "t1"]["kind"] == "FRIEND"


def test_the_network_answers_any_date_from_its_indexes() -> None:
    network = small().build()
    assert [t.id for t in network.active_ties("ann", D("2019-12-31"))] == []
    assert {t.id for t in network.active_ties("ann", D("2024-02-29"))} == {"t1", "t2"}
    assert [p.id for p in network.participations_in("care")] == ["x1", "x2"]
    assert network.members("care", D("2024-06-01"), frozenset({Role.STAFF})) == {"wes"}
    with pytest.raises(NotFound):
        network.ties_of("nobody")
    with pytest.raises(NotFound):
        network.participations_in("nowhere")


def test_build_refuses_records_that_do_not_fit_together() -> None:
    net = small()
    net.person("ann")
    net.org("bob")
    net.tie("ann", "ghost")
    net.tie("bob", "bob")
    net.part("ghost", "club")
    net.part("ann", "nowhere")
    with pytest.raises(InvalidInput) as caught:
        net.build()
    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("people", "DUPLICATE_ID"),
        ("organisations", "DUPLICATE_ID"),
        ("ties[t3]", "NOT_FOUND"),
        ("ties[t4]", "SELF_TIE"),
        ("participations[x4]", "NOT_FOUND"),
        ("participations[x5]", "NOT_FOUND"),
    ]


def test_fast_date_filters_agree_with_period_active_at() -> None:
    """Property check: the indexed filters give what Period.active_at gives, on every boundary."""
    rng = random.Random(7)
    net = Net()
    ids = [f"p{i}" for i in range(25)]
    net.person(*ids)
    for oid in ("s1", "s2"):
        net.service(oid)
    for oid in ("c1", "c2", "t1"):
        net.org(oid, OrganisationKind.TIMEBANK if oid == "t1" else OrganisationKind.COMMUNITY_GROUP)
    base = D("2022-01-01")
    for _ in range(120):
        a, b = rng.sample(ids, 2)
        since = base + timedelta(days=rng.randrange(400))
        until = since + timedelta(days=rng.randrange(1, 300)) if rng.random() < 0.5 else None
        net.tie(a, b, rng.choice(list(TieKind)), str(since), str(until) if until else None)
    for _ in range(60):
        since = base + timedelta(days=rng.randrange(400))
        until = since + timedelta(days=rng.randrange(1, 300)) if rng.random() < 0.5 else None
        net.part(
            rng.choice(ids),
            rng.choice(["s1", "s2", "c1", "c2", "t1"]),
            rng.choice(list(Role)),
            str(since),
            str(until) if until else None,
        )
    network = net.build()
    boundaries = {t.period.since for t in net.ties} | {
        t.period.until for t in net.ties if t.period.until
    }
    dates = [*sorted(boundaries)[::7], D("2021-01-01"), D("2030-01-01")]
    kinds = {o.id: o.kind for o in net.organisations}
    for at in dates:
        for pid in ids:
            ties = [
                t for t in net.ties if pid in (t.person_id, t.other_id) and t.period.active_at(at)
            ]
            parts = [p for p in net.participations if p.person_id == pid and p.period.active_at(at)]
            assert unpaid_alters(network, pid, at) == {t.other_end(pid) for t in ties if not t.paid}
            assert paid_alters(network, pid, at) == {t.other_end(pid) for t in ties if t.paid}
            assert set(community_participations(network, pid, at)) == {
                p
                for p in parts
                if p.role is not Role.STAFF
                and kinds[p.organisation_id] is not OrganisationKind.SERVICE
            }
            assert supported_by(network, pid, at) == {
                p.organisation_id
                for p in parts
                if p.role is Role.SUPPORTED and kinds[p.organisation_id] is OrganisationKind.SERVICE
            }
