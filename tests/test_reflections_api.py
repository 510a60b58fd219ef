"""Reflections through the API: the group's judgement and plan, netmap's evidence beside it,
how the evidence moved after, who recorded what, and who may see it."""

from __future__ import annotations

from typing import Any

from support.api import Api
from support.builders import organisation, participation, person, tie
from support.probe import StoreProbe

RECORD = """mutation($input: ReflectionInput!) { recordReflection(input: $input) {
  id organisationId heldOn peopleTakingPart nextHeldOn recordedBy
  participants { capacity count names }
  principles { principle stage stageLabel colour evidence ideas actions { what } }
  actionPlan { id what who due status principle }
} }"""
READ = """query($org: ID) { reflections(organisationId: $org) {
  id heldOn nextHeldOn
  principles { principle stage beside measured { status stage } movement { fromDate toDate sentence points { at status stage } } }
  actionPlan { what due status history { status note recordedBy } movement { sentence } }
} }"""
REVIEW = "mutation($p: ID!, $on: Date) { recordNetworkReview(personId: $p, on: $on) { id } }"


def dance_group_service(api: Api) -> str:
    """Five people supported from 2020, each with a friend outside since 2020, reviewed 2025-01-10.
    Three of them join the dance group on 2025-03-01."""
    service = organisation(api, "Brook Lane", "SERVICE")
    dance = organisation(api, "Flamenco group")
    people = [person(api, name) for name in ("Ann", "Bob", "Cat", "Dev", "Eve")]
    for i, pid in enumerate(people):
        participation(api, pid, service, "SUPPORTED", since="2020-01-01")
        tie(api, pid, person(api, f"Friend {i}"), "FRIEND", since="2020-01-01")
        api.data(REVIEW, p=pid, on="2025-01-10")
    for pid in people[:3]:
        participation(api, pid, dance, "MEMBER", since="2025-03-01")
    return service


def reflection(service: str | None, held_on: str, **extra: Any) -> dict[str, Any]:
    given: dict[str, Any] = {
        "heldOn": held_on,
        "participants": [
            {"capacity": "PERSON_USING_THE_SERVICE", "count": 4},
            {"capacity": "STAFF", "count": 2, "names": ["Nadia"]},
            {"capacity": "FAMILY", "count": 1},
        ],
        **extra,
    }
    if service:
        given["organisationId"] = service
    return given


def test_a_reflection_with_its_action_plan_is_recorded_as_the_group_held_it(api: Api) -> None:
    service = dance_group_service(api)
    made = api.data(RECORD, input=reflection(service, "2025-01-15", principles=[
        {"principle": "BUILDING_SOCIAL_NETWORKS", "stage": "DOING_REALLY_WELL", "colour": "GREEN",
         "evidence": "Everyone has a friend outside", "ideas": ["A dance group", "A walking club"]},
        {"principle": "PEOPLE_AS_ASSETS", "stage": "GOT_THE_BASICS", "colour": "AMBER"},
    ], actions=[
        {"principle": "BUILDING_SOCIAL_NETWORKS", "what": "Start a dance group with Kate", "who": "Kate and Owen",
         "due": "2025-03-01", "how": "Ask the community centre for the hall"},
        {"what": "Hold the next reflection", "who": "Nadia", "due": "2025-04-15"},
        {"principle": "PEOPLE_AS_ASSETS", "what": "Ask people onto the interview panel", "who": "Nadia"},
    ]))["recordReflection"]  # fmt: skip
    assert (made["organisationId"], made["heldOn"], made["peopleTakingPart"], made["recordedBy"]) == (
        service, "2025-01-15", 7, "test-admin",
    )
    assert made["participants"][1] == {"capacity": "STAFF", "count": 2, "names": ["Nadia"]}
    # All four principles, in the tool's order, whether or not the group judged them.
    assert [p["principle"] for p in made["principles"]] == [
        "PEOPLE_AS_ASSETS", "VALUING_WORK_DIFFERENTLY", "RECIPROCITY", "BUILDING_SOCIAL_NETWORKS",
    ]  # fmt: skip
    networks = made["principles"][3]
    assert (networks["stage"], networks["colour"], networks["stageLabel"]) == (
        "DOING_REALLY_WELL", "GREEN", "You're doing REALLY well",
    )
    assert networks["ideas"] == ["A dance group", "A walking club"]
    assert networks["actions"] == [{"what": "Start a dance group with Kate"}]
    assert made["principles"][1]["stage"] is None
    # The overall plan gathers every action by date, undated last.
    assert [(a["what"], a["due"], a["status"]) for a in made["actionPlan"]] == [
        ("Start a dance group with Kate", "2025-03-01", "PLANNED"),
        ("Hold the next reflection", "2025-04-15", "PLANNED"),
        ("Ask people onto the interview panel", None, "PLANNED"),
    ]


def test_the_evidence_beside_the_group_s_choice_and_how_it_moved_until_the_next_reflection(api: Api) -> None:
    service = dance_group_service(api)
    first = api.data(RECORD, input=reflection(service, "2025-01-15", principles=[
        {"principle": "BUILDING_SOCIAL_NETWORKS", "stage": "DOING_REALLY_WELL", "colour": "GREEN"},
    ], actions=[{"principle": "BUILDING_SOCIAL_NETWORKS", "what": "Start a dance group with Kate", "due": "2025-03-01"},
                {"principle": "BUILDING_SOCIAL_NETWORKS", "what": "Find out about walking clubs"}]))["recordReflection"]  # fmt: skip
    api.data(RECORD, input=reflection(service, "2025-04-15"))

    [one, two] = api.data(READ, org=service)["reflections"]
    assert (one["id"], one["nextHeldOn"], two["nextHeldOn"]) == (first["id"], "2025-04-15", None)
    networks = one["principles"][3]
    # On 15 January nobody took part in community life (0% < 20%): below the basics' bars.
    assert networks["measured"] == {"status": "BELOW_BASICS", "stage": None}
    assert networks["beside"] == (
        "The figures do not reach the bars for \u201cYou've got the basics\u201d; you chose "
        "\u201cYou're doing REALLY well\u201d. That is 3 stages apart: worth talking over what each can see "
        "that the other cannot."
    )
    # Month by month to the next reflection: three of five joined the dance group on 1 March (60%).
    moved = networks["movement"]
    assert (moved["fromDate"], moved["toDate"]) == ("2025-01-15", "2025-04-15")
    assert [(p["at"], p["status"], p["stage"]) for p in moved["points"]] == [
        ("2025-01-15", "BELOW_BASICS", None), ("2025-02-15", "BELOW_BASICS", None),
        ("2025-03-15", "SHOWN", "DOING_REALLY_WELL"), ("2025-04-15", "SHOWN", "DOING_REALLY_WELL"),
    ]  # fmt: skip
    assert moved["sentence"] == (
        "From 15 January 2025 to 15 April 2025: the figures moved from below the basics' bars to "
        "\u201cYou're doing REALLY well\u201d; people taking part in community life: 0% \u2192 60%."
    )
    # A dated action shows that movement; an undated one does not.
    dance, walking = one["actionPlan"]
    assert dance["movement"] == {"sentence": moved["sentence"]}
    assert walking["movement"] is None


def test_an_action_s_status_changes_are_kept_with_who_and_when(api: Api, probe: StoreProbe) -> None:
    service = organisation(api, "Willow House", "SERVICE")
    made = api.data(RECORD, input=reflection(service, "2025-01-15", actions=[{"what": "Ask Adam onto the panel"}]))
    action = made["recordReflection"]["actionPlan"][0]["id"]
    manager = api.as_(probe.token("service_manager", "fiona", scope=service))
    update = 'mutation($id: ID!, $s: ActionStatus!, $n: String) { updateReflectionAction(id: $id, input: {status: $s, note: $n}) { status note } }'
    assert manager.data(update, id=action, s="STARTED", n="Adam said yes")["updateReflectionAction"] == {
        "status": "STARTED", "note": "Adam said yes",
    }
    manager.data(update, id=action, s="DONE", n=None)
    [found] = manager.data(READ)["reflections"]  # a manager's own service by default
    assert [(h["status"], h["note"], h["recordedBy"]) for h in found["actionPlan"][0]["history"]] == [
        ("PLANNED", None, "test-admin"), ("STARTED", "Adam said yes", "fiona"), ("DONE", None, "fiona"),
    ]  # fmt: skip
    added = manager.data(
        'mutation($r: ID!) { addReflectionActions(reflectionId: $r, actions: [{what: "Thank Adam", who: "Fiona"}]) { actionPlan { what } } }',
        r=found["id"],
    )["addReflectionActions"]["actionPlan"]
    assert [a["what"] for a in added] == ["Ask Adam onto the panel", "Thank Adam"]


def test_others_cannot_see_or_change_a_service_s_reflections(api: Api, probe: StoreProbe) -> None:
    mine, theirs = organisation(api, "Mine", "SERVICE"), organisation(api, "Theirs", "SERVICE")
    made = api.data(RECORD, input=reflection(theirs, "2025-01-15", actions=[{"what": "Something"}]))["recordReflection"]
    manager = api.as_(probe.token("service_manager", "m", scope=mine))
    assert manager.data(READ)["reflections"] == []
    assert manager.error(READ, org=theirs)["extensions"]["code"] == "FORBIDDEN"
    update = 'mutation($id: ID!) { updateReflectionAction(id: $id, input: {status: DONE}) { status } }'
    assert manager.error(update, id=made["actionPlan"][0]["id"])["extensions"]["code"] == "NOT_FOUND"
    assert manager.error(RECORD, input=reflection(theirs, "2025-01-15"))["extensions"]["code"] == "FORBIDDEN"
    # Recorded without an organisation, a manager's reflection is their own service's.
    own = manager.data(RECORD, input=reflection(None, "2025-02-01"))["recordReflection"]
    assert own["organisationId"] == mine
    # An admin's reflection without one is council-wide: no measured evidence.
    council = api.data(RECORD, input=reflection(None, "2025-02-01"))["recordReflection"]
    assert council["organisationId"] is None


def test_a_bad_reflection_writes_nothing(api: Api, probe: StoreProbe) -> None:
    service = organisation(api, "Mine", "SERVICE")
    before = probe.state()
    twice = reflection(service, "2025-01-15", principles=[{"principle": "RECIPROCITY"}, {"principle": "RECIPROCITY"}])
    assert api.error(RECORD, input=twice)["extensions"]["code"] == "DUPLICATE_ENTRY"
    nobody = {**reflection(service, "2025-01-15"), "participants": []}
    assert api.error(RECORD, input=nobody)["extensions"]["code"] == "EMPTY"
    assert api.error(RECORD, input=reflection(service, "2199-01-01"))["extensions"]["code"] == "OUT_OF_RANGE"
    assert api.error(RECORD, input=reflection("nowhere", "2025-01-15"))["extensions"]["code"] == "NOT_FOUND"
    assert probe.state() == before
