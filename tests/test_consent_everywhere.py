"""Someone who says no to being mapped is named nowhere, yet still counts in the
maps of the people who know them; and no write turns an id into a name."""

from __future__ import annotations

import pytest

from support.api import Api
from support.probe import StoreProbe
from support.worlds import build_world

pytestmark = pytest.mark.fast

WITHDRAW = """
mutation($id: ID!) {
  recordConsent(personId: $id, input: {mapped: false, showToOrganisers: false, useInAggregates: false}) { view }
}
"""
VERA = """
{
  person(id: "vera") {
    ties { kind contact { id name view } }
    measures { unpaidTies circles { friendship { id name relation } } }
  }
  tie(id: "friendship") { kind person { id name } other { id name view } }
}
"""
ANONYMOUS = {"id": None, "name": "Someone who asked not to be named", "view": "ANONYMOUS"}


def test_a_contact_who_withdrew_is_anonymous_and_still_counts(api: Api, probe: StoreProbe) -> None:
    world = build_world(probe)
    api.data(WITHDRAW, id="joan")

    for caller in ("admin", "planner", "service_manager", "person"):
        seen = api.as_(world.tokens[caller]).data(VERA)
        vera, tie = seen["person"], seen["tie"]
        friend = next(t for t in vera["ties"] if t["kind"] == "FRIEND")
        assert friend["contact"] == ANONYMOUS, caller
        assert vera["measures"]["unpaidTies"] == 1, caller
        assert vera["measures"]["circles"]["friendship"] == [
            {"id": None, "name": "Someone who asked not to be named", "relation": "FRIEND"}
        ], caller
        assert tie["other"] == ANONYMOUS, caller
        assert "joan" not in str(seen).lower(), caller


def test_no_new_record_names_someone_who_withdrew(api: Api, probe: StoreProbe) -> None:
    world = build_world(probe)
    api.data(WITHDRAW, id="joan")
    before = probe.state()

    for caller in ("admin", "planner"):
        refused = api.as_(world.tokens[caller]).error(
            'mutation { recordTie(input: {personId: "vera", otherId: "joan", kind: NEIGHBOUR}) { id } }'
        )
        assert refused["extensions"]["code"] == "CONSENT_REQUIRED", caller
        assert "Joan" not in refused["message"]
    for mutation in (
        'recordParticipation(input: {personId: "joan", organisationId: "club", role: MEMBER}) { id }',
        'recordAttendance(input: {activityId: "crafts", date: "2026-11-30", personIds: ["joan"]}) { recorded }',
        'recordVolunteering(input: {activityId: "crafts", date: "2026-11-30", personId: "joan", hours: 2})',
    ):
        assert api.error("mutation { " + mutation + " }")["extensions"]["code"] == "CONSENT_REQUIRED", mutation
    assert probe.state() == before


def test_a_write_does_not_turn_an_id_into_a_name(api: Api, probe: StoreProbe) -> None:
    planner = api.as_(build_world(probe).tokens["planner"])
    probe.rows(
        "CREATE (:Person {id: 'kim', name: 'Kim', name_key: 'kim', interests: [], skills: [], access_needs: [], "
        "consent_mapped: true, consent_organisers: true, consent_aggregates: true, "
        "consent_recorded_at: datetime(), recorded_by: 'seed', recorded_at: datetime()})"
    )
    tie = 'mutation($o: ID!) { recordTie(input: {personId: "vera", otherId: $o, kind: FRIEND}) { contact { name } } }'
    before = probe.state()

    outside = planner.error(tie, o="kim")
    unknown = planner.error(tie, o="nobody-at-all")

    assert outside["extensions"]["code"] == unknown["extensions"]["code"] == "NOT_FOUND"
    assert outside["message"].replace("kim", "?") == unknown["message"].replace("nobody-at-all", "?")
    assert "Kim" not in str(outside)
    assert probe.state() == before


def test_organisers_record_only_for_their_own_participants(api: Api, probe: StoreProbe) -> None:
    organiser = api.as_(build_world(probe).tokens["community_organiser"])
    before = probe.state()

    # Sam agreed to be shown to organisers, but takes no part in the club.
    refused = organiser.error(
        'mutation { recordVolunteering(input: {activityId: "crafts", date: "2026-11-30", personId: "sam", hours: 2}) }'
    )
    pulled_in = organiser.error(
        'mutation { recordParticipation(input: {personId: "sam", organisationId: "club", role: MEMBER}) { id } }'
    )

    assert refused["extensions"]["code"] == pulled_in["extensions"]["code"] == "NOT_FOUND"
    assert probe.state() == before


NEWCOMER = """
mutation($consent: ConsentInput) {
  registerNewcomer(input: {organisationId: "club", since: "2026-11-02",
                           person: {name: "Nia", interests: ["crafts"], consent: $consent}}) {
    role since person { name view } organisation { name }
  }
}
"""


def test_an_organiser_registers_a_newcomer_with_their_consent(api: Api, probe: StoreProbe) -> None:
    organiser = api.as_(build_world(probe).tokens["community_organiser"])
    before = probe.state()

    refused = organiser.error(NEWCOMER, consent={"mapped": True, "showToOrganisers": False, "useInAggregates": False})
    assert refused["extensions"]["code"] == "INVALID_INPUT"
    assert probe.state() == before

    made = organiser.data(NEWCOMER, consent={"mapped": True, "showToOrganisers": True, "useInAggregates": False})

    assert made["registerNewcomer"] == {
        "role": "ATTENDEE", "since": "2026-11-02",
        "person": {"name": "Nia", "view": "ORGANISER"}, "organisation": {"name": "Crafting Club"},
    }  # fmt: skip
    attended = organiser.data(
        'mutation($p: ID!) { recordAttendance(input: {activityId: "crafts", date: "2026-11-30", personIds: [$p]}) '
        "{ recorded } }",
        p=probe.rows("MATCH (n:Person {name: 'Nia'}) RETURN n.id AS id")[0]["id"],
    )
    assert attended["recordAttendance"]["recorded"] == 1


def test_buddies_are_only_people_in_your_scope(api: Api, probe: StoreProbe) -> None:
    planner = api.as_(build_world(probe).tokens["planner"])
    probe.rows("MATCH (s:Person {id: 'sam'}) SET s.offers_buddying = true, s.interests = ['flowers']")

    buddies = planner.data('{ buddies(personId: "vera") { person { name } sharedInterests } }')["buddies"]

    assert buddies == []
    assert [b["person"]["name"] for b in api.data('{ buddies(personId: "vera") { person { name } } }')["buddies"]] == [
        "Sam"
    ]
