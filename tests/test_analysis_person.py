"""Person measures on small hand-drawn networks, each answer worked out by hand."""

from __future__ import annotations

import pytest

from netmap.analysis.circles import Circle, CircleEntry, Member
from netmap.analysis.cohort import summarise_person
from netmap.analysis.ego import ego_network, reach_two_steps
from netmap.analysis.person import measure_person, person_history
from netmap.analysis.steps import Every
from netmap.analysis.temporal import TemporalNetwork
from netmap.domain.errors import NotFound
from netmap.domain.kinds import Role, TieKind
from support.networks import D, Net

pytestmark = pytest.mark.fast

AT = D("2024-06-01")


def kathy_and_friends() -> TemporalNetwork:
    """Kathy's life, plus Pam (paid-only), Nell (no one at all) and Ted (a friendship that ends).

    kathy: PA pat (paid), Mum (family), fay (friend), ned (neighbour AND friend),
           col (colleague), an old friend whose tie ended in 2022;
           MEMBER of the Green Party, ATTENDEE at the craft fair, paid STAFF at the
           shop (not community), VOLUNTEER at a service (not community), SUPPORTED by
           the PA scheme (a service).
    pam:   SUPPORTED by 'homecare', paid tie to wes. Nothing else.
    nell:  nothing recorded.
    ted:   paid tie to wes; FRIEND fay until 2024-03-01.
    """
    net = Net()
    net.person("kathy", "pat", "mum", "fay", "ned", "col", "old", "pam", "wes", "nell", "ted")
    net.org("green")
    net.org("craft")
    net.org("shop")
    net.service("pa_scheme")
    net.service("homecare")
    net.tie("kathy", "pat", TieKind.PAID_SUPPORT, label="PA")
    net.tie("kathy", "mum", TieKind.FAMILY, label="Mum")
    net.tie("fay", "kathy")  # recorded from fay's side: direction does not matter
    net.tie("kathy", "ned", TieKind.NEIGHBOUR)
    net.tie("kathy", "ned", TieKind.FRIEND)
    net.tie("kathy", "col", TieKind.COLLEAGUE)
    net.tie("kathy", "old", since="2010-01-01", until="2022-01-01")
    net.part("kathy", "green", Role.MEMBER)
    net.part("kathy", "craft", Role.ATTENDEE)
    net.part("kathy", "shop", Role.STAFF)
    net.part("kathy", "homecare", Role.VOLUNTEER)
    net.part("kathy", "pa_scheme", Role.SUPPORTED)
    net.part("pam", "homecare", Role.SUPPORTED)
    net.tie("pam", "wes", TieKind.PAID_SUPPORT)
    net.tie("ted", "wes", TieKind.PAID_SUPPORT)
    net.tie("ted", "fay", until="2024-03-01")
    return net.build()


def test_counts_and_flags_for_a_well_connected_person() -> None:
    m = measure_person(kathy_and_friends(), "kathy", AT)
    # unpaid: mum, fay, ned (two ties, one person), col = 4; the old friend ended in 2022.
    assert m.unpaid_ties == 4
    assert m.paid_ties == 1  # pat
    # green MEMBER + craft ATTENDEE; shop STAFF and a VOLUNTEER role in a service do not count.
    assert m.community_participations == 2
    assert m.supported_by == ("pa_scheme",)
    assert (m.paid_only, m.isolated) == (False, False)


def test_circles_say_who_is_in_each() -> None:
    c = measure_person(kathy_and_friends(), "kathy", AT).circles
    person, org = Member.PERSON, Member.ORGANISATION
    assert c.intimacy == (CircleEntry(person, "mum", "FAMILY", "Mum", "t2"),)
    assert c.friendship == (
        CircleEntry(person, "fay", "FRIEND", None, "t3"),
        CircleEntry(person, "ned", "FRIEND", None, "t5"),
        CircleEntry(person, "ned", "NEIGHBOUR", None, "t4"),
    )
    assert c.participation == (
        CircleEntry(person, "col", "COLLEAGUE", None, "t6"),
        CircleEntry(org, "craft", "ATTENDEE", None, "x2"),
        CircleEntry(org, "green", "MEMBER", None, "x1"),
    )
    assert c.exchange == (
        CircleEntry(person, "pat", "PAID_SUPPORT", "PA", "t1"),
        CircleEntry(org, "pa_scheme", "SUPPORTED", None, "x5"),
    )
    assert c.ids(Circle.FRIENDSHIP) == {"fay", "ned"}
    # Neither the old friend, the shop (STAFF) nor the service she volunteers at is anywhere.
    everyone = set().union(*(c.ids(circle) for circle in Circle))
    assert everyone.isdisjoint({"old", "shop", "homecare"})


def test_the_paid_supporter_sees_their_clients_in_exchange() -> None:
    c = measure_person(kathy_and_friends(), "wes", AT).circles
    assert c.ids(Circle.EXCHANGE) == {"pam", "ted"}


def test_paid_only_is_also_isolated() -> None:
    m = measure_person(kathy_and_friends(), "pam", AT)
    # pam: paid tie to wes, SUPPORTED by homecare; no unpaid tie, no community life.
    assert (m.unpaid_ties, m.paid_ties, m.community_participations) == (0, 1, 0)
    assert m.supported_by == ("homecare",)
    assert (m.paid_only, m.isolated) == (True, True)
    # Supported but with no unpaid tie: enclave share has nothing to share out.
    assert m.enclave_share is None
    assert m.connected_beyond_service is False


def test_a_person_with_nobody_is_isolated_but_not_paid_only() -> None:
    m = measure_person(kathy_and_friends(), "nell", AT)
    assert (m.paid_only, m.isolated) == (False, True)
    assert (m.unpaid_ties, m.paid_ties, m.community_participations) == (0, 0, 0)
    assert m.supported_by == ()
    assert all(not m.circles.of(circle) for circle in Circle)
    assert (m.ego_size, m.ego_density, m.effective_size, m.reach_two_steps) == (0, None, None, 0)
    assert (m.enclave_share, m.connected_beyond_service) == (None, None)


def test_a_tie_that_ends_on_the_date_is_not_active_that_day() -> None:
    network = kathy_and_friends()
    # ted—fay runs until 2024-03-01: still there on Feb 29, gone on Mar 1.
    before = measure_person(network, "ted", D("2024-02-29"))
    on_the_day = measure_person(network, "ted", D("2024-03-01"))
    assert (before.unpaid_ties, before.paid_only) == (1, False)
    assert (on_the_day.unpaid_ties, on_the_day.paid_only, on_the_day.isolated) == (0, True, True)


def test_history_steps_through_the_change() -> None:
    network = kathy_and_friends()
    history = person_history(network, "ted", D("2024-01-01"), D("2024-04-01"), Every.MONTH)
    assert [(m.at, m.paid_only) for m in history] == [
        (D("2024-01-01"), False),
        (D("2024-02-01"), False),
        (D("2024-03-01"), True),
        (D("2024-04-01"), True),
    ]
    with pytest.raises(NotFound):
        person_history(network, "nobody", D("2024-01-01"), D("2024-04-01"), Every.MONTH)


def star_with_one_triangle() -> TemporalNetwork:
    """Ann with three contacts b, c, d; b and c know each other; plus people further out."""
    #     e           f (club with d)     g (friend of f: three steps from ann)
    #     |           |
    #     b --- c     d        h: STAFF at the club, so not linked through it
    #      \   /     /        pa: ann's paid supporter (not in the unpaid graph), b's friend
    #       ann ----          sid: also supported by ann's day centre (a SERVICE: no link)
    net = Net()
    net.person("ann", "b", "c", "d", "e", "f", "g", "h", "pa", "sid")
    net.org("club")
    net.service("daycentre")
    net.tie("ann", "b", TieKind.FRIEND)
    net.tie("ann", "c", TieKind.FAMILY)
    net.tie("d", "ann", TieKind.NEIGHBOUR)
    net.tie("b", "c", TieKind.FRIEND)
    net.tie("b", "e", TieKind.FRIEND)
    net.tie("f", "g", TieKind.FRIEND)
    net.tie("ann", "pa", TieKind.PAID_SUPPORT)
    net.tie("pa", "b", TieKind.FRIEND)  # pa is linked to b, but only b's side of it counts
    net.part("d", "club", Role.MEMBER)
    net.part("f", "club", Role.ATTENDEE)
    net.part("h", "club", Role.STAFF)
    net.part("ann", "daycentre", Role.SUPPORTED)
    net.part("sid", "daycentre", Role.SUPPORTED)
    return net.build()


def test_ego_density_and_effective_size_by_hand() -> None:
    m = measure_person(star_with_one_triangle(), "ann", AT)
    # n = 3 alters (b, c, d); t = 1 tie among them (b—c).
    assert m.ego_size == 3
    # density = t / (n(n-1)/2) = 1 / 3
    assert m.ego_density == pytest.approx(1 / 3)
    # Burt: each alter counts 1 minus its redundancy (ties to other alters / n).
    #   b: 1 - 1/3 = 2/3;  c: 1 - 1/3 = 2/3;  d: 1 - 0 = 1   =>  7/3
    # Borgatti's shortcut agrees: n - 2t/n = 3 - 2/3 = 7/3.
    assert m.effective_size == pytest.approx(7 / 3)


def test_the_ego_network_leaves_out_paid_ties_and_strangers() -> None:
    ego = ego_network(star_with_one_triangle(), "ann", AT)
    assert set(ego.nodes) == {"ann", "b", "c", "d"}
    assert ego.number_of_edges() == 4  # ann-b, ann-c, ann-d, b-c


def test_reach_within_two_steps() -> None:
    network = star_with_one_triangle()
    # Step 1: b, c, d. Step 2: e (via b); f (shares the club with d); pa (via b's FRIEND tie).
    # Not reached: g (three steps), h (STAFF: no link through the club), sid (shares only a
    # SERVICE). pa is reached through b's unpaid friendship, not through ann's paid tie.
    assert reach_two_steps(network, "ann", AT) == 6
    # d: step 1 ann, f (the club); step 2 b, c (via ann), g (via f). pa is two steps away
    # only through ann's paid tie, which is not in the graph. So {ann, f, b, c, g} = 5.
    assert reach_two_steps(network, "d", AT) == 5


def test_ego_density_needs_two_alters() -> None:
    net = Net()
    net.person("solo", "pal")
    net.tie("solo", "pal")
    m = measure_person(net.build(), "solo", AT)
    # One alter: no pair to be tied, so density is undefined; effective size is 1.
    assert (m.ego_size, m.ego_density, m.effective_size) == (1, None, 1.0)


@pytest.mark.parametrize("who", ["kathy", "pat", "mum", "fay", "pam", "wes", "nell", "ted"])
@pytest.mark.parametrize("when", ["2021-06-01", "2024-02-29", "2024-03-01", "2024-06-01"])
def test_paid_only_implies_isolated_and_shares_are_shares(who: str, when: str) -> None:
    m = measure_person(kathy_and_friends(), who, D(when))
    assert not m.paid_only or m.isolated
    assert m.ego_size == m.unpaid_ties
    assert m.enclave_share is None or 0 <= m.enclave_share <= 1
    assert m.ego_density is None or 0 <= m.ego_density <= 1
    assert (m.connected_beyond_service is None) == (not m.supported_by)


@pytest.mark.parametrize("when", ["2021-06-01", "2024-02-29", "2024-03-01", "2024-06-01"])
def test_the_cohort_summary_agrees_with_the_full_measures(when: str) -> None:
    network = kathy_and_friends()
    for pid in network.people:
        full = measure_person(network, pid, D(when))
        quick = summarise_person(network, pid, D(when))
        assert (quick.unpaid_ties, quick.paid_only, quick.isolated) == (
            full.unpaid_ties,
            full.paid_only,
            full.isolated,
        )
        assert quick.community_participation == (full.community_participations > 0)


def test_unknown_person_is_not_found() -> None:
    with pytest.raises(NotFound):
        measure_person(kathy_and_friends(), "nobody", AT)
