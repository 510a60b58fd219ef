"""Ego-network measures: how big, how close-knit and how far-reaching a person's network is.

Only the person's own small network is handed to networkx; the rest of the
population is never turned into a graph.
"""

from __future__ import annotations

from datetime import date
from itertools import combinations

import networkx as nx

from netmap.analysis.links import community_neighbours, unpaid_alters
from netmap.analysis.temporal import TemporalNetwork

__all__ = ["effective_size", "ego_density", "ego_network", "reach_two_steps"]


def ego_network(network: TemporalNetwork, person_id: str, at: date) -> nx.Graph[str]:
    """The person, their unpaid-tie alters, and the active unpaid ties among all of them.

    People only (no organisations), one edge per pair however many ties of
    different kinds join them. Paid ties are left out on purpose: these
    measures describe the network a person has outside paid support.
    """
    alters = unpaid_alters(network, person_id, at)
    graph: nx.Graph[str] = nx.Graph()
    graph.add_node(person_id)
    graph.add_edges_from((person_id, alter) for alter in alters)
    for alter in alters:
        graph.add_edges_from(
            (alter, other) for other in unpaid_alters(network, alter, at) if other in alters
        )
    return graph


def ego_density(ego: nx.Graph[str], person_id: str) -> float | None:
    """How many of the person's contacts know each other, from 0 (none) to 1 (all).

    Rule: ties among the alters / (n(n-1)/2), where n is the number of
    alters. None when n < 2 (there is no pair to know each other).
    """
    alters = list(ego.neighbors(person_id))
    n = len(alters)
    if n < 2:
        return None
    among = sum(1 for a, b in combinations(alters, 2) if ego.has_edge(a, b))
    return among / (n * (n - 1) / 2)


def effective_size(ego: nx.Graph[str], person_id: str) -> float | None:
    """How many of the person's contacts bring them something the others do not.

    Burt's effective size, as networkx computes it for an unweighted,
    undirected graph (Borgatti's form): n - 2t/n, with n alters and t ties
    among them. Equal to n when no contacts know each other; closer to 1
    the more they all know each other. None when n == 0.
    """
    if ego.degree(person_id) == 0:
        return None
    value: float = nx.effective_size(ego, nodes=[person_id])[person_id]
    return value


def reach_two_steps(network: TemporalNetwork, person_id: str, at: date) -> int:
    """How many people the person can reach through someone they know or a group they share.

    Rule: the number of distinct other people within two steps of the person
    in the community graph (see
    :func:`~netmap.analysis.links.community_neighbours`: active unpaid ties,
    and sharing an active community participation in the same non-SERVICE
    organisation, STAFF excepted). Sharing a group is one step.
    """
    first = community_neighbours(network, person_id, at)
    reached = set(first)
    for neighbour in first:
        reached |= community_neighbours(network, neighbour, at)
    reached.discard(person_id)
    return len(reached)
