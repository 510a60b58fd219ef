"""Property-based tests of every input rule: whatever arrives, validation either
accepts something that keeps the rules or refuses it with coded problems."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netmap.domain.activities import Repeat, Schedule, Weekday
from netmap.domain.activity_inputs import ActivityInput, ExchangeInput
from netmap.domain.errors import ERROR_CODES, InvalidInput
from netmap.domain.inputs import OrganisationInput, ParticipationInput, PersonInput, TieInput, validated
from netmap.domain.self_reports import Instrument, score
from netmap.domain.valid_time import Period

pytestmark = pytest.mark.fast

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
texts = st.one_of(st.text(max_size=12), st.text(alphabet="ab ", min_size=195, max_size=205))
anything = st.one_of(st.none(), st.integers(), texts, dates, st.booleans(), st.lists(texts, max_size=3))


def _accepts_or_codes(model: type, data: dict[str, Any]) -> Any:
    try:
        return validated(model, data)
    except InvalidInput as exc:
        assert exc.problems
        assert all(p.code in ERROR_CODES for p in exc.problems), exc.problems
        return None


@given(dates, st.one_of(st.none(), dates), dates, st.one_of(st.none(), dates))
def test_overlap_is_symmetric_and_matches_a_shared_day(a: date, a_end: date | None, b: date, b_end: date | None) -> None:
    first = Period(a, a_end if a_end and a_end > a else None)
    second = Period(b, b_end if b_end and b_end > b else None)
    assert first.overlaps(second) == second.overlaps(first)
    later = max(first.since, second.since)
    assert first.overlaps(second) == (first.active_at(later) and second.active_at(later))


@given(st.fixed_dictionaries({}, optional={
    "person_id": anything, "other_id": anything, "kind": st.sampled_from(["FRIEND", "PAID_SUPPORT", "ENEMY", ""]),
    "since": st.one_of(dates, texts), "until": st.one_of(st.none(), dates), "label": st.one_of(st.none(), texts),
}))  # fmt: skip
def test_tie_inputs(data: dict[str, Any]) -> None:
    tie = _accepts_or_codes(TieInput, data)
    if tie is not None:
        assert tie.person_id != tie.other_id
        assert tie.until is None or tie.until > tie.since
        assert tie.label is None or 0 < len(tie.label) <= 200


@given(texts, st.lists(texts, max_size=60), st.sampled_from(["SERVICE", "COMMUNITY_GROUP", "CLUB"]))
def test_names_and_tags(name: str, tags: list[str], kind: str) -> None:
    person = _accepts_or_codes(PersonInput, {"name": name, "interests": tags})
    if person is not None:
        assert person.name == person.name.strip() and 0 < len(person.name) <= 200
        assert not any(unicodedata.category(c) in ("Cc", "Cs", "Cn") for c in person.name)
        assert all(t == t.strip().lower() and t for t in person.interests) and len(person.interests) <= 50
    organisation = _accepts_or_codes(OrganisationInput, {"name": name, "kind": kind})
    assert (organisation is None) or organisation.kind.value == kind


@given(st.sampled_from(["MEMBER", "ROLE", "STAFF", "KING"]), st.one_of(st.none(), texts), dates, st.one_of(st.none(), dates))
def test_participation_inputs(role: str, title: str | None, since: date, until: date | None) -> None:
    data = {"person_id": "p", "organisation_id": "o", "role": role, "title": title, "since": since, "until": until}
    participation = _accepts_or_codes(ParticipationInput, data)
    if participation is not None and participation.role.value == "ROLE":
        assert participation.title


@given(st.fixed_dictionaries({"repeat": st.sampled_from(list(Repeat)), "starts": dates}, optional={
    "ends": dates, "weekday": st.sampled_from(list(Weekday)), "week_of_month": st.integers(-2, 7),
    "dates": st.lists(dates, max_size=4),
}))  # fmt: skip
def test_schedules(schedule: dict[str, Any]) -> None:
    activity = _accepts_or_codes(ActivityInput, {"organisation_id": "o", "title": "T", "schedule": schedule})
    if activity is None:
        return
    given_schedule = activity.schedule
    made = Schedule(
        repeat=given_schedule.repeat, starts=given_schedule.starts, ends=given_schedule.ends,
        dates=tuple(given_schedule.dates), weekday=given_schedule.weekday, week_of_month=given_schedule.week_of_month,
    )  # fmt: skip
    window = (made.starts, made.starts + timedelta(days=120))
    sessions = made.sessions(*window)
    assert all(window[0] <= d <= window[1] and made.has_session_on(d) for d in sessions)
    if made.repeat is Repeat.WEEKLY:
        assert all((later - earlier).days == 7 for earlier, later in zip(sessions, sessions[1:]))


@given(anything, anything, st.one_of(st.floats(allow_nan=True), st.integers(), texts), dates, texts)
def test_exchanges(giver: Any, receiver: Any, hours: Any, day: date, what: str) -> None:
    exchange = _accepts_or_codes(
        ExchangeInput, {"giver_id": giver, "receiver_id": receiver, "hours": hours, "date": day, "what": what}
    )
    if exchange is not None:
        assert 0 < exchange.hours <= 100 and exchange.giver_id != exchange.receiver_id


@settings(max_examples=200)
@given(st.sampled_from(list(Instrument)), st.one_of(st.none(), st.lists(st.integers(-3, 9), max_size=8)), st.one_of(st.none(), texts))
def test_self_reports(instrument: Instrument, answers: list[int] | None, answer: str | None) -> None:
    try:
        scored = score(instrument, answers, answer)
    except InvalidInput as exc:
        assert all(p.code in ERROR_CODES for p in exc.problems)
        return
    if instrument is Instrument.LSNS6:
        assert scored.score is not None and 0 <= scored.score <= 30 and scored.concern == (scored.score < 12)
    if instrument is Instrument.UCLA3:
        assert scored.score is not None and 3 <= scored.score <= 9
