"""Timebank exchanges: an hour given is an hour received, whoever gives it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

RECENT = timedelta(days=365)
"""Giving and getting count when they happened within a year before the date asked about."""


@dataclass(frozen=True)
class Exchange:
    """Hours given by one person or organisation to another, through a timebank."""

    id: str
    giver_id: str
    receiver_id: str
    hours: float
    date: date
    what: str
    timebank_id: str | None


@dataclass(frozen=True)
class Balance:
    """A person's hours given and received up to a date; balance = given − received."""

    person_id: str
    given: float
    received: float

    @property
    def balance(self) -> float:
        return self.given - self.received


def balance(person_id: str, exchanges: Iterable[Exchange], at: date) -> Balance:
    """Hours given and received by ``person_id`` on or before ``at``."""
    done = [e for e in exchanges if e.date <= at]
    given = sum(e.hours for e in done if e.giver_id == person_id)
    received = sum(e.hours for e in done if e.receiver_id == person_id)
    return Balance(person_id, given, received)


def recent(exchanges: Iterable[Exchange], at: date) -> list[Exchange]:
    """The exchanges within RECENT before ``at`` (inclusive of ``at``)."""
    return [e for e in exchanges if at - RECENT < e.date <= at]
