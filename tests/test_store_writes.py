"""The store's write functions called directly, in ``Store.write`` transactions over
Bolt to the real embedded store, without the API in between: what each core write
stores and answers, and that a write refused part-way leaves nothing behind (not even
a change-feed entry)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timezone
from typing import Any, TypeVar

import pytest
from neo4j import AsyncManagedTransaction

from netmap.domain.errors import Conflict, InvalidInput, NetmapError, NotFound
from netmap.domain.inputs import (
    ConsentInput,
    ParticipationCorrection,
    ParticipationInput,
    TieCorrection,
    TieInput,
)
from netmap.domain.kinds import OrganisationKind, Role, TieKind
from netmap.domain.records import Consent, Organisation, Person, Recorded
from netmap.store.connection import open_store
from netmap.store.consent import consent_history, record_consent
from netmap.store.organisations import create_organisation
from netmap.store.participations import correct_participation, end_participation, record_participation
from netmap.store.people import create_person
from netmap.store.settings import StoreSettings
from netmap.store.ties import correct_tie, end_tie, record_tie
from support.probe import StoreProbe

pytestmark = pytest.mark.fast

T = TypeVar("T")
BY = Recorded("store-test", datetime(2025, 1, 2, 9, 0, tzinfo=timezone.utc))
LATER = Recorded("store-test-2", datetime(2025, 2, 3, 9, 0, tzinfo=timezone.utc))
SINCE = date(2024, 1, 1)
ASKED = Consent(mapped=True, show_to_organisers=True, use_in_aggregates=True, recorded=BY)


def write(settings: StoreSettings, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
    """Run ``work`` in one write transaction of the store, as the services do."""

    async def run() -> T:
        async with open_store(settings, migrate=False) as store:
            return await store.write(work)

    return asyncio.run(run())


Work = Callable[[AsyncManagedTransaction], Awaitable[Any]]


def refused(settings: StoreSettings, probe: StoreProbe, work: Work) -> NetmapError:
    """The error ``work`` fails with, checking that the store is exactly as it was before."""
    before, feed = probe.state(), _feed(probe)
    with pytest.raises(NetmapError) as caught:
        write(settings, work)
    assert probe.state() == before
    assert _feed(probe) == feed
    return caught.value


def _feed(probe: StoreProbe) -> list[dict[str, Any]]:
    return probe.rows("MATCH (c:Change) RETURN c.seq AS seq, c.ids AS ids ORDER BY seq")


@pytest.fixture
def community(store_settings: StoreSettings, probe: StoreProbe) -> StoreSettings:
    """Ann, Bob and Cat, who agreed to everything, and the Crafting Club; written with the store's own functions."""

    async def make(tx: AsyncManagedTransaction) -> None:
        for pid in ("ann", "bob", "cat"):
            await create_person(tx, Person(pid, pid.title(), BY, consent=ASKED))
        await create_organisation(tx, Organisation("club", "Crafting Club", OrganisationKind.COMMUNITY_GROUP, BY))

    write(store_settings, make)
    probe.changed_outside()
    return store_settings


def tie_input(**fields: Any) -> TieInput:
    """Ann's friendship with Bob from 2024, unless ``fields`` say otherwise."""
    return TieInput.model_validate(
        {"person_id": "ann", "other_id": "bob", "kind": TieKind.FRIEND, "since": SINCE} | fields
    )


def part_input(**fields: Any) -> ParticipationInput:
    """Ann a member of the club from 2024, unless ``fields`` say otherwise."""
    return ParticipationInput.model_validate(
        {"person_id": "ann", "organisation_id": "club", "role": Role.MEMBER, "since": SINCE} | fields
    )


def consent(mapped: bool, organisers: bool, aggregates: bool) -> ConsentInput:
    return ConsentInput(mapped=mapped, show_to_organisers=organisers, use_in_aggregates=aggregates)


def test_a_tie_is_recorded_ended_and_corrected(community: StoreSettings, probe: StoreProbe) -> None:
    async def record(tx: AsyncManagedTransaction) -> Any:
        return await record_tie(tx, tie_input(label="neighbour"), BY)

    made = write(community, record)

    assert (made.person_id, made.other_id, made.kind) == ("ann", "bob", TieKind.FRIEND)
    assert (made.period.since, made.period.until) == (SINCE, None)
    [stored] = probe.rows(
        "MATCH (a:Person)-[r:TIE]->(b:Person) RETURN a.id AS a, b.id AS b, properties(r) AS r"
    )
    assert (stored["a"], stored["b"], stored["r"]["id"], stored["r"]["label"]) == ("ann", "bob", made.id, "neighbour")
    assert stored["r"]["recorded_by"] == "store-test"
    assert set(_feed(probe)[-1]["ids"]) == {"ann", "bob"}

    async def end(tx: AsyncManagedTransaction) -> Any:
        return await end_tie(tx, made.id, date(2024, 6, 1), LATER)

    ended = write(community, end)

    assert ended.period.until == date(2024, 6, 1)
    [row] = probe.rows("MATCH ()-[r:TIE]->() RETURN r.until AS until, r.ended_by AS by")
    assert (row["until"].to_native(), row["by"]) == (date(2024, 6, 1), "store-test-2")

    async def correct(tx: AsyncManagedTransaction) -> Any:
        fix = TieCorrection(reason="they are family, not friends", kind=TieKind.FAMILY, since=date(2023, 5, 1))
        return await correct_tie(tx, made.id, fix, LATER)

    corrected = write(community, correct)

    assert corrected.kind == TieKind.FAMILY
    assert (corrected.period.since, corrected.period.until) == (date(2023, 5, 1), date(2024, 6, 1))
    [correction] = probe.rows("MATCH (c:Correction) RETURN c.record_id AS id, c.reason AS reason, c.before AS before")
    assert correction["id"] == made.id and correction["reason"] == "they are family, not friends"
    assert '"kind": "FRIEND"' in correction["before"] and '"since": "2024-01-01"' in correction["before"]


def test_refused_tie_writes_leave_nothing_written(community: StoreSettings, probe: StoreProbe) -> None:
    async def first(tx: AsyncManagedTransaction) -> Any:
        return await record_tie(tx, tie_input(), BY)

    existing = write(community, first)

    async def unknown_other(tx: AsyncManagedTransaction) -> Any:
        return await record_tie(tx, tie_input(other_id="nobody"), BY)

    async def overlapping(tx: AsyncManagedTransaction) -> Any:
        return await record_tie(tx, tie_input(person_id="bob", other_id="ann", since=date(2024, 3, 1)), BY)

    async def good_then_overlapping(tx: AsyncManagedTransaction) -> Any:
        await record_tie(tx, tie_input(other_id="cat"), BY)
        return await record_tie(tx, tie_input(other_id="cat", since=date(2025, 1, 1)), BY)

    async def end_before_start(tx: AsyncManagedTransaction) -> Any:
        return await end_tie(tx, existing.id, SINCE, BY)

    async def correct_nothing(tx: AsyncManagedTransaction) -> Any:
        return await correct_tie(tx, existing.id, TieCorrection(reason="no change", kind=TieKind.FRIEND), BY)

    async def correct_unknown(tx: AsyncManagedTransaction) -> Any:
        return await correct_tie(tx, "no-such-tie", TieCorrection(reason="typo", kind=TieKind.FAMILY), BY)

    assert isinstance(refused(community, probe, unknown_other), NotFound)
    clash = refused(community, probe, overlapping)
    assert isinstance(clash, Conflict) and clash.code == "DUPLICATE_TIE" and clash.details["tie_id"] == existing.id
    assert refused(community, probe, good_then_overlapping).code == "DUPLICATE_TIE"
    assert [p.code for p in _problems(refused(community, probe, end_before_start))] == ["INVALID_INTERVAL"]
    assert [p.code for p in _problems(refused(community, probe, correct_nothing))] == ["NOTHING_TO_CHANGE"]
    assert isinstance(refused(community, probe, correct_unknown), NotFound)


def test_an_ended_tie_is_not_ended_again(community: StoreSettings, probe: StoreProbe) -> None:
    async def ended(tx: AsyncManagedTransaction) -> Any:
        return await record_tie(tx, tie_input(until=date(2024, 2, 1)), BY)

    tie = write(community, ended)

    async def end_again(tx: AsyncManagedTransaction) -> Any:
        return await end_tie(tx, tie.id, date(2024, 3, 1), BY)

    assert refused(community, probe, end_again).code == "ALREADY_ENDED"


def test_consent_is_recorded_on_the_person_and_kept_in_its_history(community: StoreSettings, probe: StoreProbe) -> None:
    async def withdraw(tx: AsyncManagedTransaction) -> Any:
        return await record_consent(tx, "ann", consent(False, False, True), LATER)

    person = write(community, withdraw)

    assert person.consent == Consent(mapped=False, show_to_organisers=False, use_in_aggregates=True, recorded=LATER)
    assert person.consent.refused_mapping
    [row] = probe.rows(
        "MATCH (p:Person {id: 'ann'}) RETURN p.consent_mapped AS mapped, p.consent_aggregates AS counted"
    )
    assert row == {"mapped": False, "counted": True}

    async def history(tx: AsyncManagedTransaction) -> Any:
        return await consent_history(tx, "ann")

    answers = write(community, history)
    kept = [(c.mapped, c.recorded.by if c.recorded else None) for c in answers]
    assert kept == [(True, "store-test"), (False, "store-test-2")]


def test_consent_for_an_unknown_person_writes_nothing(community: StoreSettings, probe: StoreProbe) -> None:
    async def unknown(tx: AsyncManagedTransaction) -> Any:
        return await record_consent(tx, "nobody", consent(True, True, True), BY)

    assert isinstance(refused(community, probe, unknown), NotFound)


def test_a_participation_is_recorded_ended_and_corrected(community: StoreSettings, probe: StoreProbe) -> None:
    async def record(tx: AsyncManagedTransaction) -> Any:
        return await record_participation(tx, part_input(), BY)

    made = write(community, record)

    assert (made.person_id, made.organisation_id, made.role) == ("ann", "club", Role.MEMBER)
    [row] = probe.rows(
        "MATCH (p:Person)-[r:PARTICIPATES]->(o:Organisation) RETURN p.id AS p, o.id AS o, r.id AS id, r.role AS role"
    )
    assert row == {"p": "ann", "o": "club", "id": made.id, "role": "MEMBER"}

    async def end(tx: AsyncManagedTransaction) -> Any:
        return await end_participation(tx, made.id, date(2024, 9, 1), LATER)

    assert write(community, end).period.until == date(2024, 9, 1)

    async def correct(tx: AsyncManagedTransaction) -> Any:
        fix = ParticipationCorrection(reason="she ran it", role=Role.ROLE, title="treasurer")
        return await correct_participation(tx, made.id, fix, LATER)

    corrected = write(community, correct)

    assert (corrected.role, corrected.title, corrected.period.until) == (Role.ROLE, "treasurer", date(2024, 9, 1))
    assert probe.rows("MATCH (c:Correction) RETURN c.record_id AS id") == [{"id": made.id}]


def test_refused_participation_writes_leave_nothing_written(community: StoreSettings, probe: StoreProbe) -> None:
    async def first(tx: AsyncManagedTransaction) -> Any:
        return await record_participation(tx, part_input(), BY)

    existing = write(community, first)

    async def unknown_organisation(tx: AsyncManagedTransaction) -> Any:
        return await record_participation(tx, part_input(organisation_id="nowhere"), BY)

    async def same_role_again(tx: AsyncManagedTransaction) -> Any:
        return await record_participation(tx, part_input(since=date(2024, 5, 1)), BY)

    async def role_without_title(tx: AsyncManagedTransaction) -> Any:
        promoted = ParticipationCorrection(reason="promoted", role=Role.ROLE)
        return await correct_participation(tx, existing.id, promoted, BY)

    async def good_then_refused(tx: AsyncManagedTransaction) -> Any:
        await record_participation(tx, part_input(person_id="bob", role=Role.VOLUNTEER), BY)
        return await end_participation(tx, existing.id, date(2023, 1, 1), BY)

    error = refused(community, probe, unknown_organisation)
    assert isinstance(error, NotFound) and error.details["what"] == "organisation"
    assert refused(community, probe, same_role_again).code == "DUPLICATE_PARTICIPATION"
    assert [p.code for p in _problems(refused(community, probe, role_without_title))] == ["TITLE_REQUIRED"]
    assert [p.code for p in _problems(refused(community, probe, good_then_refused))] == ["INVALID_INTERVAL"]


def _problems(error: NetmapError) -> list[Any]:
    assert isinstance(error, InvalidInput), error
    return list(error.problems)
