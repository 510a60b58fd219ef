"""Enclave share and connection beyond the service, worked out by hand."""

from __future__ import annotations

import pytest

from netmap.analysis.enclave import (
    alters_outside_services,
    connected_beyond_service,
    enclave_share,
)
from netmap.analysis.person import measure_person
from netmap.analysis.temporal import TemporalNetwork
from netmap.domain.kinds import Role, TieKind
from support.networks import D, Net

pytestmark = pytest.mark.fast

BEFORE = D("2023-06-01")
AT = D("2024-06-01")


def day_centre() -> TemporalNetwork:
    """Two services and the people around them.

    Service S (day centre): SUPPORTED ann, bob, dawn, eve; STAFF sam.
    Service T (supported living): SUPPORTED dawn; STAFF tom.

    ann:  FRIEND bob, FRIEND sam (staff who is also her friend).
    sam:  FRIEND olive from 2024-01-01 (olive is outside both services).
    dawn: supported by S and T; FRIEND tom (T's staff), FRIEND bob (S's client),
          NEIGHBOUR dee (outside).
    eve:  no ties; MEMBER of the choir with quinn (outside).
    olive: not supported by anyone.
    """
    net = Net()
    net.person("ann", "bob", "dawn", "eve", "sam", "tom", "olive", "dee", "quinn")
    net.service("S")
    net.service("T")
    net.org("choir")
    for pid in ("ann", "bob", "dawn", "eve"):
        net.part(pid, "S", Role.SUPPORTED)
    net.part("sam", "S", Role.STAFF)
    net.part("dawn", "T", Role.SUPPORTED)
    net.part("tom", "T", Role.STAFF)
    net.tie("ann", "bob")
    net.tie("ann", "sam")
    net.tie("sam", "olive", since="2024-01-01")
    net.tie("dawn", "tom")
    net.tie("dawn", "bob")
    net.tie("dawn", "dee", TieKind.NEIGHBOUR)
    net.part("eve", "choir", Role.MEMBER)
    net.part("quinn", "choir", Role.MEMBER)
    return net.build()


def test_a_staff_friend_counts_inside_the_service() -> None:
    network = day_centre()
    # ann's unpaid alters: bob (S client) and sam (S staff): 2 of 2 inside => 1.0.
    assert enclave_share(network, "ann", AT) == 1.0
    assert alters_outside_services(network, "ann", AT) == frozenset()


def test_staff_of_another_service_count_as_outside() -> None:
    network = day_centre()
    # 2023 (before sam knows olive): ann's component in the community graph is
    # ann—bob, ann—sam, bob—dawn, dawn—tom, dawn—dee = {ann, bob, sam, dawn, tom, dee}.
    # Inside S (ann's only service): ann, bob, dawn, eve, sam. tom works for T, which does
    # not support ann, and dee is nobody's: both are outside S => True.
    assert connected_beyond_service(network, "ann", BEFORE) is True
    # Yet every one of ann's own contacts is inside S: share 2/2 = 1.0.
    assert enclave_share(network, "ann", BEFORE) == 1.0


def test_a_closed_enclave_is_not_connected_beyond() -> None:
    net = Net()
    net.person("ann", "bob", "sam", "olive")
    net.service("S")
    net.part("ann", "S", Role.SUPPORTED)
    net.part("bob", "S", Role.SUPPORTED)
    net.part("sam", "S", Role.STAFF)
    net.tie("ann", "bob")
    net.tie("ann", "sam")
    net.tie("sam", "olive", since="2024-01-01")  # staff member's friend outside the service
    network = net.build()
    # 2023: component {ann, bob, sam}, every one of them S's staff or client => False.
    assert connected_beyond_service(network, "ann", BEFORE) is False
    # 2024: sam's friendship with olive starts; olive is outside S => True.
    assert connected_beyond_service(network, "ann", AT) is True
    # The enclave share does not move: ann's own contacts are still all inside S.
    assert enclave_share(network, "ann", BEFORE) == enclave_share(network, "ann", AT) == 1.0
    # sam is not supported by anyone: the questions do not arise for him.
    assert enclave_share(network, "sam", AT) is None
    assert connected_beyond_service(network, "sam", AT) is None


def test_a_person_supported_by_two_services() -> None:
    network = day_centre()
    m = measure_person(network, "dawn", AT)
    assert m.supported_by == ("S", "T")
    # dawn's unpaid alters: tom (T staff), bob (S client), dee (outside). Inside the union
    # of S and T: tom and bob => 2/3. (Counting S alone would give 1/3.)
    assert m.enclave_share == pytest.approx(2 / 3)
    assert alters_outside_services(network, "dawn", AT) == {"dee"}
    assert m.connected_beyond_service is True


def test_connected_through_a_community_group_without_any_tie() -> None:
    network = day_centre()
    # eve has no unpaid tie (enclave share None) but shares the choir with quinn, outside S.
    assert enclave_share(network, "eve", AT) is None
    assert connected_beyond_service(network, "eve", AT) is True


def test_not_supported_means_no_answer() -> None:
    network = day_centre()
    assert enclave_share(network, "olive", AT) is None
    assert connected_beyond_service(network, "olive", AT) is None
    # Everyone olive knows counts as outside: no service supports her.
    assert alters_outside_services(network, "olive", AT) == {"sam"}
