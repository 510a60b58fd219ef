"""Reviews of a person's network: one node per review, beside the person."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, TypeVar

from neo4j import AsyncManagedTransaction

from netmap.domain.errors import NotFound
from netmap.domain.records import Recorded
from netmap.domain.reviews import NetworkReview
from netmap.store import feed
from netmap.store._convert import as_date, recorded, recorded_props

T = TypeVar("T")


async def record_review(tx: AsyncManagedTransaction, person_id: str, day: date, by: Recorded) -> NetworkReview:
    """Record that the person's network was reviewed on ``day``; one review per person and day."""
    result = await tx.run(
        "MATCH (p:Person {id: $person}) "
        "OPTIONAL MATCH (p)-[:REVIEWED]->(r:NetworkReview {date: $day}) "
        "RETURN p.id AS person, properties(r) AS review",
        person=person_id,
        day=day,
    )
    row = await result.single()
    if row is None:
        raise NotFound("person", person_id)
    if row["review"] is not None:
        return _review(row["review"])
    review = NetworkReview(str(uuid.uuid4()), person_id, day, by)
    feed.note(person_id)  # who counts in the evidence depends on reviews
    await tx.run(
        "MATCH (p:Person {id: $person}) CREATE (p)-[:REVIEWED]->(r:NetworkReview) SET r = $props",
        person=person_id,
        props={"id": review.id, "person_id": person_id, "date": day, **recorded_props(by)},
    )
    return review


def _review(props: dict[str, Any]) -> NetworkReview:
    day = as_date(props["date"])
    assert day is not None
    return NetworkReview(props["id"], props["person_id"], day, recorded(props))


async def reviews_of(tx: AsyncManagedTransaction, person_id: str) -> list[NetworkReview]:
    result = await tx.run(
        "MATCH (r:NetworkReview {person_id: $id}) RETURN properties(r) AS r ORDER BY r.date", id=person_id
    )
    return [_review(row["r"]) async for row in result]


async def reviews_of_people(tx: AsyncManagedTransaction, ids: list[str]) -> list[NetworkReview]:
    """Every review of these people (for the change feed's readers), by the person index."""
    result = await tx.run(
        "UNWIND $ids AS id MATCH (r:NetworkReview {person_id: id}) RETURN r.id AS id, r.person_id AS person_id, "
        "r.date AS date, r.recorded_by AS recorded_by, r.recorded_at AS recorded_at",
        ids=ids,
    )
    return [_review(dict(row)) async for row in result]


async def all_reviews(tx: AsyncManagedTransaction) -> list[NetworkReview]:
    """Every review, for the analysis snapshot (one query)."""
    result = await tx.run("MATCH (r:NetworkReview) RETURN r.id AS id, r.person_id AS person_id, r.date AS date, "
                          "r.recorded_by AS recorded_by, r.recorded_at AS recorded_at")  # fmt: skip
    return [_review(dict(row)) async for row in result]


def reviewing(
    work: Callable[..., Awaitable[T]], person_of: Callable[[T], str], day: date, by: Recorded
) -> Callable[..., Awaitable[T]]:
    """``work`` that also records a review of the network of ``person_of(result)`` on ``day``,
    in the same transaction: mapping with a person is reviewing their network."""

    async def run(tx: AsyncManagedTransaction, *args: Any) -> T:
        made = await work(tx, *args)
        await record_review(tx, person_of(made), day, by)
        return made

    return run
