"""Whether a supported person's life reaches beyond the service that supports them.

A service can surround someone with friends who are all its own staff and
clients: an enclave. These measures tell that apart from a life in the
wider community.
"""

from __future__ import annotations

from collections import deque
from datetime import date

from netmap.analysis.links import (
    PersonLinks,
    community_neighbours,
    links_at,
    service_people,
)
from netmap.analysis.temporal import TemporalNetwork

__all__ = ["alters_outside_services", "connected_beyond_service", "enclave_share"]


def alters_outside_services(
    network: TemporalNetwork, person_id: str, at: date, *, links: PersonLinks | None = None
) -> frozenset[str]:
    """The person's unpaid-tie alters who are outside every service that supports them.

    Outside means neither STAFF of nor SUPPORTED by any of those services at
    ``at``. For someone no service supports, every unpaid alter is outside.
    Pass ``links`` when already computed for this person and date.
    """
    found = links or links_at(network, person_id, at)
    if not found.services:
        return found.unpaid
    return found.unpaid - service_people(network, found.services, at)


def enclave_share(
    network: TemporalNetwork, person_id: str, at: date, *, links: PersonLinks | None = None
) -> float | None:
    """The share of a supported person's unpaid contacts who belong to the services supporting them.

    Rule: of the person's unpaid-tie alters at ``at``, the share who are
    STAFF of or SUPPORTED by any of the services the person is SUPPORTED by
    at ``at``. 1.0 means every friend and relative recorded is inside the
    service(s). A staff member who is also a friend counts as inside.

    None when no service supports the person (the question does not arise),
    or when they have no unpaid tie (nothing to share out).
    """
    found = links or links_at(network, person_id, at)
    if not found.services or not found.unpaid:
        return None
    inside = found.unpaid & service_people(network, found.services, at)
    return len(inside) / len(found.unpaid)


def connected_beyond_service(
    network: TemporalNetwork, person_id: str, at: date, *, links: PersonLinks | None = None
) -> bool | None:
    """Whether a supported person is linked, however indirectly, to anyone outside their services.

    Rule: True iff the person's connected component in the community graph
    (active unpaid ties and shared community participations, see
    :func:`~netmap.analysis.links.community_neighbours`) contains at least
    one person who is neither STAFF of nor SUPPORTED by any service that
    supports the person at ``at``. False for a supported person with no
    unpaid tie and no community participation.

    None when no service supports the person. The search stops at the
    first such person, so it is cheap unless the component is a closed
    enclave.
    """
    found = links or links_at(network, person_id, at)
    if not found.services:
        return None
    inside = service_people(network, found.services, at)
    seen = {person_id}
    queue = deque([person_id])
    while queue:
        current = queue.popleft()
        for neighbour in community_neighbours(network, current, at):
            if neighbour in seen:
                continue
            if neighbour not in inside:
                return True
            seen.add(neighbour)
            queue.append(neighbour)
    return False
