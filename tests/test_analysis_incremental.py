"""The two shortcuts of live analysis, against the long way round, on random networks.

- ``TemporalNetwork.changed`` (some people's and organisations' records
  replaced) equals a network built afresh from the new records;
- a trend in one pass (``measures_at``) equals measuring each date on its own.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from netmap.analysis.cohort import AreaCohort, Caseload, Cohort, ServiceCohort, measures_at, one_date
from netmap.analysis.links import unpaid_answers
from netmap.analysis.steps import Every, steps
from netmap.analysis.temporal import TemporalNetwork
from netmap.domain.kinds import Closeness, ContactFrequency, OrganisationKind, Role, TieKind
from netmap.domain.reviews import NetworkReview
from netmap.domain.records import Consent, Organisation, Participation, Person, Recorded, Tie
from netmap.domain.timebank import Exchange
from netmap.domain.valid_time import Period

BY = Recorded("test", datetime(2024, 1, 1, tzinfo=timezone.utc))
PEOPLE = [f"p{i}" for i in range(8)]
ORGS = [f"o{i}" for i in range(3)]
DAYS = [date(2023, 1, 1), date(2023, 2, 20), date(2023, 4, 1), date(2023, 7, 15), date(2023, 9, 30), date(2024, 1, 1), date(2024, 2, 29)]
AREAS = ("North", "South", None)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    since = draw(st.sampled_from(DAYS))
    until = draw(st.sampled_from([None, *[d for d in DAYS if d > since]]))
    return Period(since, until)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """A random small world: people (some missing: erased), organisations, ties, participations, exchanges."""
    people = [
        Person(pid, pid, BY, area=draw(st.sampled_from(AREAS)),
               consent=Consent(True, True, draw(st.booleans()), BY))
        for pid in PEOPLE if draw(st.integers(0, 5))
    ]  # fmt: skip
    orgs = [Organisation(oid, oid, draw(st.sampled_from(list(OrganisationKind))), BY) for oid in ORGS if draw(st.integers(0, 5))]
    ties = [
        Tie(f"t{n}", a, b, draw(st.sampled_from(list(TieKind))), draw(periods()), BY,
            closeness=draw(st.sampled_from([None, *Closeness])),
            contact_frequency=draw(st.sampled_from([None, *ContactFrequency])))
        for n, (a, b) in enumerate(draw(st.lists(st.tuples(st.sampled_from(PEOPLE), st.sampled_from(PEOPLE)), max_size=14)))
        if a != b
    ]  # fmt: skip
    parts = [
        Participation(f"r{n}", pid, oid, draw(st.sampled_from([Role.SUPPORTED, Role.STAFF, Role.MEMBER])), draw(periods()), BY)
        for n, (pid, oid) in enumerate(draw(st.lists(st.tuples(st.sampled_from(PEOPLE), st.sampled_from(ORGS)), max_size=10)))
    ]  # fmt: skip
    exchanges = [
        Exchange(f"e{n}", g, r, 1.0, draw(st.sampled_from(DAYS)), "tea", None)
        for n, (g, r) in enumerate(draw(st.lists(st.tuples(st.sampled_from(PEOPLE + ORGS), st.sampled_from(PEOPLE)), max_size=5)))
        if g != r
    ]  # fmt: skip
    reviews = [
        NetworkReview(f"v{n}", pid, day, BY)
        for n, (pid, day) in enumerate(draw(st.lists(st.tuples(st.sampled_from(PEOPLE), st.sampled_from(DAYS)), max_size=5)))
    ]  # fmt: skip
    return {"people": people, "organisations": orgs, "ties": ties, "participations": parts, "exchanges": exchanges,
            "reviews": reviews}  # fmt: skip


def build(found: dict[str, Any]) -> TemporalNetwork:
    return TemporalNetwork.build(
        found["people"], found["organisations"], found["ties"], found["participations"], found["exchanges"],
        found.get("reviews", ()), drop_dangling=True,
    )  # fmt: skip


def touched(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    """The ids the store's writes would name for the differences between two worlds.

    A tie or participation whose ends were not all read before (left out as
    dangling) can only have been written after the feed's position was read
    (a read that saw part of a later write), so its writing is named too.
    """
    known = {p.id for p in before["people"]} | {o.id for o in before["organisations"]}
    ids = {end for t in before["ties"] if not {t.person_id, t.other_id} <= known for end in (t.person_id, t.other_id)}
    ids |= {p.person_id for p in before["participations"] if not {p.person_id, p.organisation_id} <= known}
    for kind in ("people", "organisations"):
        ids |= {r.id for r in set(before[kind]) ^ set(after[kind])}
    ids |= {end for t in set(before["ties"]) ^ set(after["ties"]) for end in (t.person_id, t.other_id)}
    ids |= {p.person_id for p in set(before["participations"]) ^ set(after["participations"])}
    ids |= {end for e in set(before["exchanges"]) ^ set(after["exchanges"]) for end in (e.giver_id, e.receiver_id)}
    ids |= {r.person_id for r in set(before.get("reviews", ())) ^ set(after.get("reviews", ()))}
    return ids


def structure(net: TemporalNetwork) -> dict[str, Any]:
    return {
        "people": dict(net.people),
        "organisations": dict(net.organisations),
        "kinds": {oid: net.kind_of(oid) for oid in net.organisations},
        "links": {
            pid: (net.ties_of(pid), net.participation_rows(pid), sorted(net.tie_spans(pid, paid=False), key=repr),
                  sorted(net.tie_spans(pid, paid=True), key=repr))
            for pid in net.people
        },  # fmt: skip
        "organisation_links": {oid: net.participations_in(oid) for oid in net.organisations},
        "exchanges": {i: net.exchanges_of(i) for i in PEOPLE + ORGS},
        "areas": {a: net.people_in_area(a) for a in AREAS if a},
        "reviews": {pid: net.review_dates(pid) for pid in net.people},
        "answers": {(pid, day): unpaid_answers(net, pid, day) for pid in net.people for day in DAYS},
    }


@given(records(), records())
def test_changing_some_records_equals_building_afresh(before: dict[str, Any], after: dict[str, Any]) -> None:
    ids = touched(before, after)
    ends = lambda *found: any(i in ids for i in found)  # noqa: E731
    changed = build(before).changed(
        ids,
        [p for p in after["people"] if p.id in ids],
        [o for o in after["organisations"] if o.id in ids],
        [t for t in after["ties"] if ends(t.person_id, t.other_id)],
        [p for p in after["participations"] if ends(p.person_id)],
        [e for e in after["exchanges"] if ends(e.giver_id, e.receiver_id)],
        [r for r in after["reviews"] if ends(r.person_id)],
    )
    assert structure(changed) == structure(build(after))


@given(records(), st.sampled_from(list(Every)))
def test_a_trend_in_one_pass_equals_each_date_on_its_own(world: dict[str, Any], every: Every) -> None:
    network = build(world)
    dates = steps(date(2022, 12, 1), date(2024, 6, 1), every)
    services = [o for o, org in network.organisations.items() if org.kind is OrganisationKind.SERVICE]
    cohorts: list[Cohort] = [Caseload(tuple(sorted(network.people))), AreaCohort("North"),
                             *(ServiceCohort(s) for s in services)]  # fmt: skip
    for cohort in cohorts:
        assert measures_at(network, cohort, dates) == [one_date(network, cohort, at) for at in dates]


def test_a_contact_joining_the_service_changes_a_trend_between_the_persons_own_changes() -> None:
    """Pat's own records do not change, but her friend joins the staff of her service:
    from then on her only unpaid tie is inside the service."""
    people = [Person(pid, pid, BY, consent=Consent(True, True, True, BY)) for pid in ("pat", "ann")]
    service = Organisation("s", "s", OrganisationKind.SERVICE, BY)
    ties = [Tie("t", "pat", "ann", TieKind.FRIEND, Period(date(2020, 1, 1)), BY)]
    parts = [Participation("r1", "pat", "s", Role.SUPPORTED, Period(date(2020, 1, 1)), BY),
             Participation("r2", "ann", "s", Role.STAFF, Period(date(2024, 3, 15), date(2024, 5, 10)), BY)]  # fmt: skip
    network = TemporalNetwork.build(people, [service], ties, parts)
    trend = measures_at(network, ServiceCohort("s"), steps(date(2024, 1, 1), date(2024, 6, 1), Every.MONTH))
    assert [m.with_unpaid_tie_outside for m in trend] == [1, 1, 1, 0, 0, 1]
