"""Scopes and consent through the API: outside your scope a person does not
exist; withdrawal of consent takes effect at once."""

from __future__ import annotations

from support.api import Api
from support.probe import StoreProbe
from support.worlds import build_world

PERSON = """
query($id: ID!) {
  person(id: $id) {
    name view area interests accessNeeds
    ties { kind contact { name view area } }
    participations { role organisation { name } }
  }
}
"""
CONSENT = """
mutation($id: ID!, $mapped: Boolean!, $organisers: Boolean!, $aggregates: Boolean!) {
  recordConsent(personId: $id, input: {mapped: $mapped, showToOrganisers: $organisers,
                                       useInAggregates: $aggregates}) {
    consent { mapped showToOrganisers useInAggregates recorded { by } }
  }
}
"""


def test_planner_sees_caseload_in_full_and_contacts_by_name_only(api: Api, probe: StoreProbe) -> None:
    planner = api.as_(build_world(probe).tokens["planner"])

    vera = planner.data(PERSON, id="vera")["person"]

    assert (vera["view"], vera["area"], vera["accessNeeds"]) == ("FULL", "Old Town", ["step-free access"])
    contacts = {t["contact"]["name"]: t["contact"] for t in vera["ties"]}
    assert contacts["Joan"] == {"name": "Joan", "view": "CONTACT", "area": None}
    assert planner.data(PERSON, id="joan") == {"person": None}
    assert [n["name"] for n in planner.data("{ people { nodes { name } } }")["people"]["nodes"]] == ["Vera"]


def test_out_of_scope_is_the_same_as_unknown(api: Api, probe: StoreProbe) -> None:
    planner = api.as_(build_world(probe).tokens["planner"])
    update = 'mutation($id: ID!) { updatePerson(id: $id, input: {area: "X"}) { id } }'

    outside = planner.error(update, id="joan")
    unknown = planner.error(update, id="nobody-at-all")

    assert outside["extensions"]["code"] == unknown["extensions"]["code"] == "NOT_FOUND"
    assert outside["message"].replace("joan", "?") == unknown["message"].replace("nobody-at-all", "?")


def test_service_manager_sees_the_people_the_service_supports(api: Api, probe: StoreProbe) -> None:
    manager = api.as_(build_world(probe).tokens["service_manager"])
    names = [n["name"] for n in manager.data("{ people { nodes { name } } }")["people"]["nodes"]]
    assert names == ["Vera"]


def test_organiser_never_sees_ties_support_or_other_groups(api: Api, probe: StoreProbe) -> None:
    organiser = api.as_(build_world(probe).tokens["community_organiser"])

    vera = organiser.data(PERSON, id="vera")["person"]

    assert vera["view"] == "ORGANISER"
    assert vera["ties"] == []
    assert vera["accessNeeds"] == [] and vera["area"] is None
    assert vera["interests"] == ["flowers"]
    assert vera["participations"] == [{"role": "MEMBER", "organisation": {"name": "Crafting Club"}}]


def test_withdrawing_consent_to_organisers_takes_effect_at_once(api: Api, probe: StoreProbe) -> None:
    world = build_world(probe)
    organiser = api.as_(world.tokens["community_organiser"])
    participants = '{ organisation(id: "club") { participants { nodes { person { name } } } } }'
    assert organiser.data(participants)["organisation"]["participants"]["nodes"] == [{"person": {"name": "Vera"}}]

    me = api.as_(world.tokens["person"])
    withdrawn = me.data(CONSENT, id="vera", mapped=True, organisers=False, aggregates=True)

    assert withdrawn["recordConsent"]["consent"]["recorded"] == {"by": "vera-herself"}
    assert organiser.data(participants)["organisation"]["participants"]["nodes"] == []
    assert organiser.data(PERSON, id="vera") == {"person": None}


def test_a_refusal_hides_the_person_and_stops_new_records(api: Api, probe: StoreProbe) -> None:
    world = build_world(probe)
    planner = api.as_(world.tokens["planner"])
    planner.data(CONSENT, id="vera", mapped=False, organisers=False, aggregates=False)
    before = probe.state()

    refused = planner.error(
        'mutation { recordTie(input: {personId: "vera", otherId: "sam", kind: NEIGHBOUR}) { id } }'
    )
    as_admin = api.data(PERSON, id="vera")["person"]

    assert planner.data(PERSON, id="vera") == {"person": None}
    assert refused["extensions"]["code"] == "CONSENT_REQUIRED"
    assert "Vera" not in refused["message"]
    assert (as_admin["name"], as_admin["ties"], as_admin["participations"]) == ("Vera", [], [])
    assert probe.state() == before


def test_whoever_looks_after_them_may_record_a_change_of_mind(api: Api, probe: StoreProbe) -> None:
    planner = api.as_(build_world(probe).tokens["planner"])
    planner.data(CONSENT, id="vera", mapped=False, organisers=False, aggregates=False)

    planner.data(CONSENT, id="vera", mapped=True, organisers=False, aggregates=False)

    assert planner.data(PERSON, id="vera")["person"]["view"] == "FULL"


def test_consent_history_is_kept(api: Api, probe: StoreProbe) -> None:
    build_world(probe)
    api.data(CONSENT, id="vera", mapped=True, organisers=False, aggregates=True)
    api.data(CONSENT, id="vera", mapped=True, organisers=True, aggregates=True)
    history = probe.rows(
        "MATCH (c:ConsentRecord {person_id: 'vera'}) RETURN c.consent_organisers AS o ORDER BY c.consent_recorded_at"
    )
    assert [row["o"] for row in history] == [False, True]


def test_a_planners_new_person_joins_their_caseload(api: Api, probe: StoreProbe) -> None:
    planner = api.as_(build_world(probe).tokens["planner"])
    made = planner.data('mutation { createPerson(input: {name: "Pete"}) { id view } }')["createPerson"]
    assert made["view"] == "FULL"
    names = [p["name"] for p in planner.data("{ caseload { name } }")["caseload"]]
    assert names == ["Pete", "Vera"]
