"""One person's network at a date, and its history: the measures a support planner reads.

The definitions are in the functions this module and its neighbours hold
(``links``, ``circles``, ``ego``, ``enclave``); ``docs/measures.md`` says
each in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from netmap.analysis.circles import Circles, circles
from netmap.analysis.ego import effective_size, ego_density, ego_network, reach_two_steps
from netmap.analysis.enclave import connected_beyond_service, enclave_share
from netmap.analysis.links import links_at, unpaid_answers
from netmap.analysis.steps import Every, steps
from netmap.analysis.temporal import TemporalNetwork

__all__ = [
    "PersonMeasures",
    "has_paid_contact",
    "is_isolated",
    "is_paid_only",
    "measure_person",
    "person_history",
]


def has_paid_contact(*, paid_ties: int, supporting_services: int) -> bool:
    """True iff the person has a paid tie or is SUPPORTED by at least one service."""
    return paid_ties > 0 or supporting_services > 0


def is_isolated(*, unpaid_ties: int, community_participations: int) -> bool:
    """Whether the person has no unpaid relationship and no part in community life.

    Rule: ``unpaid_ties == 0 and community_participations == 0``. Paid
    contact does not matter: someone whose only contacts are paid is
    isolated too, and so is someone with no recorded contact at all.
    """
    return unpaid_ties == 0 and community_participations == 0


def is_paid_only(
    *, paid_ties: int, supporting_services: int, unpaid_ties: int, community_participations: int
) -> bool:
    """Whether everyone in the person's life is paid to be there.

    Rule: :func:`has_paid_contact` and :func:`is_isolated`. Every paid-only
    person is isolated; an isolated person with no paid contact is not
    paid-only (netmap knows of nobody at all in their life).
    """
    return has_paid_contact(
        paid_ties=paid_ties, supporting_services=supporting_services
    ) and is_isolated(unpaid_ties=unpaid_ties, community_participations=community_participations)


@dataclass(frozen=True)
class PersonMeasures:
    """A person's network at one date.

    Attributes
    ----------
    unpaid_ties, paid_ties
        Distinct people linked by an active unpaid / PAID_SUPPORT tie.
    community_participations
        Active participations, any role but STAFF, in non-SERVICE organisations.
    supported_by
        Ids of the services the person is SUPPORTED by, sorted.
    paid_only, isolated
        See :func:`is_paid_only` and :func:`is_isolated`.
    circles
        Who and what is in each relationship circle.
    ego_size, ego_density, effective_size
        The unpaid ego network: size (= unpaid_ties), density (None if
        fewer than 2 alters), Burt's effective size (None if no alter).
    reach_two_steps
        Distinct people within two steps in the community graph.
    enclave_share, connected_beyond_service
        None unless the person is supported by a service; ``enclave_share``
        is also None without unpaid ties.
    unpaid_in_touch_monthly, unpaid_contact_frequency_recorded
        Distinct unpaid contacts in touch at least monthly, and those whose
        contact frequency is recorded at all (so a 0 can be read).
    close_unpaid_ties, unpaid_closeness_recorded
        Distinct unpaid contacts the person feels closest or close to, and
        those whose closeness the person has answered.
        See :func:`~netmap.analysis.links.unpaid_answers`.
    """

    person_id: str
    at: date
    unpaid_ties: int
    paid_ties: int
    community_participations: int
    supported_by: tuple[str, ...]
    paid_only: bool
    isolated: bool
    circles: Circles
    ego_size: int
    ego_density: float | None
    effective_size: float | None
    reach_two_steps: int
    enclave_share: float | None
    connected_beyond_service: bool | None
    unpaid_in_touch_monthly: int
    unpaid_contact_frequency_recorded: int
    close_unpaid_ties: int
    unpaid_closeness_recorded: int


def measure_person(network: TemporalNetwork, person_id: str, at: date) -> PersonMeasures:
    """Every person measure at ``at``; :class:`~netmap.domain.errors.NotFound` for an unknown id."""
    network.person(person_id)
    links = links_at(network, person_id, at)
    unpaid, paid = len(links.unpaid), len(links.paid)
    community, services = len(links.community), len(links.services)
    ego = ego_network(network, person_id, at)
    answers = unpaid_answers(network, person_id, at)
    return PersonMeasures(
        person_id=person_id,
        at=at,
        unpaid_ties=unpaid,
        paid_ties=paid,
        community_participations=community,
        supported_by=tuple(sorted(links.services)),
        paid_only=is_paid_only(
            paid_ties=paid,
            supporting_services=services,
            unpaid_ties=unpaid,
            community_participations=community,
        ),
        isolated=is_isolated(unpaid_ties=unpaid, community_participations=community),
        circles=circles(network, person_id, at),
        ego_size=unpaid,
        ego_density=ego_density(ego, person_id),
        effective_size=effective_size(ego, person_id),
        reach_two_steps=reach_two_steps(network, person_id, at),
        enclave_share=enclave_share(network, person_id, at, links=links),
        connected_beyond_service=connected_beyond_service(network, person_id, at, links=links),
        unpaid_in_touch_monthly=answers.in_touch_monthly,
        unpaid_contact_frequency_recorded=answers.contact_frequency_recorded,
        close_unpaid_ties=answers.close,
        unpaid_closeness_recorded=answers.closeness_recorded,
    )


def person_history(
    network: TemporalNetwork, person_id: str, start: date, end: date, every: Every
) -> list[PersonMeasures]:
    """The person's measures at every date of :func:`~netmap.analysis.steps.steps`."""
    network.person(person_id)
    return [measure_person(network, person_id, at) for at in steps(start, end, every)]
