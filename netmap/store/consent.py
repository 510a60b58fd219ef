"""Recording consent: the person's node holds the current answer, and every
change is kept as a :ConsentRecord, so it is known what held when."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction

from netmap.domain.inputs import ConsentInput
from netmap.domain.records import Consent, Person, Recorded
from netmap.store import _convert
from netmap.store._convert import consent_props
from netmap.store._nodes import update_node


async def record_consent(
    tx: AsyncManagedTransaction, person_id: str, consent: ConsentInput, by: Recorded
) -> Person:
    given = Consent(
        mapped=consent.mapped,
        show_to_organisers=consent.show_to_organisers,
        use_in_aggregates=consent.use_in_aggregates,
        recorded=by,
    )
    person = await update_node(tx, "Person", "person", person_id, consent_props(given), _convert.person)
    await tx.run(
        "CREATE (c:ConsentRecord) SET c = $props",
        props={"person_id": person_id, **consent_props(given)},
    )
    return person


async def consent_history(tx: AsyncManagedTransaction, person_id: str) -> list[Consent]:
    """Every consent recorded for the person, oldest first."""
    result = await tx.run(
        "MATCH (c:ConsentRecord {person_id: $id}) RETURN properties(c) AS c "
        "ORDER BY c.consent_recorded_at",
        id=person_id,
    )
    return [_convert.consent(row["c"]) async for row in result]


