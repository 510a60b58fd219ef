"""A service's settings, one node per service that has changed them from the defaults."""

from __future__ import annotations

from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.errors import InvalidInput, NotFound, Problem
from netmap.domain.instruments import CutOffs
from netmap.domain.kinds import OrganisationKind
from netmap.domain.service_settings import ServiceSettings
from netmap.store._convert import recorded, recorded_props


def _settings(service_id: str, props: dict[str, Any] | None) -> ServiceSettings:
    if props is None:
        return ServiceSettings(service_id)
    return ServiceSettings(
        service_id=service_id,
        timebank_id=props.get("timebank_id"),
        cut_offs=CutOffs(int(props["lsns6_at_risk_below"]), int(props["ucla3_lonely_from"])),
        recorded=recorded(props),
    )


async def settings_of(tx: AsyncManagedTransaction, service_ids: list[str]) -> dict[str, ServiceSettings]:
    """Each service's settings; the defaults for a service that never changed them."""
    result = await tx.run(
        "UNWIND $ids AS id OPTIONAL MATCH (s:ServiceSettings {service_id: id}) RETURN id, properties(s) AS s",
        ids=list(dict.fromkeys(service_ids)),
    )
    return {row["id"]: _settings(row["id"], row["s"]) async for row in result}


async def save_settings(tx: AsyncManagedTransaction, settings: ServiceSettings) -> ServiceSettings:
    """Replace the service's settings (it must be a SERVICE; the timebank a TIMEBANK)."""
    ids = [settings.service_id] + ([settings.timebank_id] if settings.timebank_id else [])
    result = await tx.run("MATCH (o:Organisation) WHERE o.id IN $ids RETURN o.id AS id, o.kind AS kind", ids=ids)
    kinds = {row["id"]: row["kind"] async for row in result}
    if settings.service_id not in kinds:
        raise NotFound("service", settings.service_id)
    problems = []
    if kinds[settings.service_id] != OrganisationKind.SERVICE.value:
        problems.append(Problem("serviceId", "NOT_A_SERVICE", "settings are for SERVICE organisations"))
    if settings.timebank_id:
        if settings.timebank_id not in kinds:
            raise NotFound("timebank", settings.timebank_id)
        if kinds[settings.timebank_id] != OrganisationKind.TIMEBANK.value:
            problems.append(Problem("timebankId", "NOT_A_TIMEBANK", "the organisation is not a TIMEBANK"))
    if problems:
        raise InvalidInput(problems)
    assert settings.recorded is not None
    await tx.run(
        "MERGE (s:ServiceSettings {service_id: $id}) SET s = $props",
        id=settings.service_id,
        props={
            "id": f"settings-{settings.service_id}", "service_id": settings.service_id,
            "timebank_id": settings.timebank_id, "lsns6_at_risk_below": settings.cut_offs.lsns6_at_risk_below,
            "ucla3_lonely_from": settings.cut_offs.ucla3_lonely_from, **recorded_props(settings.recorded),
        },
    )  # fmt: skip
    return settings
