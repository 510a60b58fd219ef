"""A person with nested ties costs a fixed number of store round trips,
however many ties they have (DataLoaders batch every nested list)."""

from __future__ import annotations

import pytest

from support.api import Api
from support.builders import person, tie

QUERY = """
query($id: ID!) {
  person(id: $id) { name ties { kind contact { name ties { kind } participations { role } } } participations { role } }
}
"""


def _transactions_for(api: Api, contacts: int) -> int:
    centre = person(api, f"Centre of {contacts}")
    for i in range(contacts):
        tie(api, centre, person(api, f"Contact {contacts}-{i}"), "FRIEND", since="2020-01-01")
    store = api.client.app.state.store  # type: ignore[attr-defined]
    before = store.transactions
    found = api.data(QUERY, id=centre)["person"]
    assert len(found["ties"]) == contacts
    return int(store.transactions - before)


ROUND_TRIPS = 6
"""The token; the person, with whether the caller may see them; their ties and
participations (one transaction: both batches are ready together); the contacts
with their visibility; the contacts' ties and participations; the audit entry."""


@pytest.mark.parametrize("contacts", [1, 5, 25])
def test_round_trips_do_not_grow_with_ties(api: Api, contacts: int) -> None:
    counted = _transactions_for(api, contacts)
    assert counted == _transactions_for(api, 2)
    assert counted == ROUND_TRIPS
