"""``netmap limits-bench``: what the worst requests the limits accept cost in CPU.

Two figures, printed, never asserted:

1. Validation. Families of hostile documents (the same field many times,
   with arguments, through fragments, conflicting…), each filled up to the
   caps a caller gets (a token holder's, an anonymous caller's), parsed and
   validated by the schema's own rules without the cache. graphql-core's
   overlapping-fields rule is quadratic, so these are where validation is
   slowest; the caps exist to keep the worst of them to a few tens of ms.
2. Execution. Queries built to sit just under the cost limit in each of the
   expensive ways (an area's trend, a page of people's measures, a person's
   weekly history, a list of people as a cohort, big pages of lists), run as
   an admin on a synthetic community in a fresh embedded store; the CPU this
   process spends on each (threads included; the store's own process apart).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graphql import parse, specified_rules, validate
from strawberry.extensions import AddValidationRules

from netmap.api.limits import Costing, expanded_selections, limit_extensions, selections, tokens_over
from netmap.services.context import Context
from netmap.services.network import NetworkCache
from netmap.api.schema import build_schema
from netmap.api.settings import ApiSettings, Limits
from netmap.domain.access import AccessRole, Principal
from netmap.store.bulk import rows_from_records, write_rows
from netmap.store.connection import open_store
from netmap.store.embedded import EmbeddedServer
from netmap.store.pages import MAX_PAGE
from netmap.store.settings import StoreSettings
from netmap.analysis.steps import add_months
from netmap.devtools.synthetic import END, generate

ADMIN = Principal(subject="limits-bench", role=AccessRole.ADMIN, name="limits bench")


def _repeated(unit: str, before: str = "{ people { nodes { ", after: str = " } } }") -> Callable[[int], str]:
    return lambda n: before + " ".join([unit] * n) + after


FAMILIES: dict[str, Callable[[int], str]] = {
    "one field repeated": _repeated("name"),
    "one nested field repeated": _repeated("ties { contact { name } }"),
    "deeper nesting repeated": _repeated("ties { contact { ties { contact { name } } } }"),
    "a field with arguments repeated": _repeated('organisations(area: "x", first: 1) { nodes { name } }', "{ ", " }"),
    "many arguments repeated": _repeated(
        'activities(interest: "a", area: "b", weekday: MONDAY, features: ["x", "y", "z"], free: true, text: "t", '
        'organisationId: "o", first: 1) { __typename }', "{ ", " }"),
    "an object argument repeated": _repeated('cohort(cohort: {serviceId: "s"}) { size }', "{ ", " }"),
    "conflicting arguments": lambda n: "{ " + " ".join(
        f'organisations(area: "x{i}", first: 1) {{ nodes {{ name }} }}' for i in range(n)) + " }",
    "one fragment spread repeated": lambda n: (
        "fragment F on Person { ties { contact { ties { contact { name } } } } } " + _repeated("...F")(n)),
    "many fragments": lambda n: " ".join(
        f"fragment F{i} on Person {{ ties {{ contact {{ name }} }} }}" for i in range(n)
    ) + " { people { nodes { " + " ".join(f"...F{i}" for i in range(n)) + " } } }",
    "inline fragments repeated": _repeated("... on Person { ties { contact { name } } }"),
    "fragments spreading fragments": lambda n: " ".join(
        f"fragment F{i} on Person {{ {' '.join([f'...F{i + 1}'] * 3)} }}" for i in range(n)
    ) + f" fragment F{n} on Person {{ ties {{ contact {{ name }} }} }} {{ people {{ nodes {{ ...F0 }} }} }}",
}  # fmt: skip
"""Hostile documents by how many times their unit is repeated."""


def accepted_for_validation(document: str, tokens: int, cap: int, expanded: int = Limits.max_expanded_selections) -> bool:
    """Whether the size caps let ``document`` through to validation."""
    if tokens_over(document, tokens):
        return False
    parsed = parse(document)
    return selections(parsed)[0] <= cap and expanded_selections(parsed) <= expanded


def largest(make: Callable[[int], str], tokens: int, cap: int) -> str:
    """The document of the family with the most repeats the caps still let through."""
    low, high = 1, 2
    while accepted_for_validation(make(high), tokens, cap):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if accepted_for_validation(make(middle), tokens, cap) else (low, middle)
    return make(low)


def validation_costs(limits: Limits, repeats: int = 5) -> list[dict[str, Any]]:
    """For each caller and family, the largest document the caps let through to
    validation, and the CPU of counting, parsing and validating it (median)."""
    schema = build_schema(ApiSettings(limits=limits))
    added = next(e for e in (make() for make in limit_extensions(ApiSettings(limits=limits))) if isinstance(e, AddValidationRules))
    rules = [*specified_rules, *added.validation_rules]
    found = []
    for caller, tokens, cap in (("token", limits.max_tokens, limits.max_selections),
                                ("anonymous", limits.anonymous_max_tokens, limits.anonymous_max_selections)):  # fmt: skip
        for family, make in FAMILIES.items():
            document = largest(make, tokens, cap)
            samples = []
            for _ in range(repeats):
                start = time.process_time()
                if accepted_for_validation(document, tokens, cap):
                    validate(schema._schema, parse(document), rules)
                samples.append(time.process_time() - start)
            found.append({
                "caller": caller, "family": family, "selections": selections(parse(document))[0],
                "bytes": len(document), "cpu_ms": round(1000 * statistics.median(samples), 1),
            })  # fmt: skip
    return found


Query = tuple[str, dict[str, Any]]


def heavy_queries(ids: list[str], service: str, area: str) -> dict[str, Callable[[int], Query]]:
    """Ways to be expensive, each by a size (months, weeks, people…) to push up to the limit."""
    figures = "at size paidOnly paidOnlyShare isolated isolatedShare medianUnpaidTies"
    circles = "circles { intimacy { name } friendship { name } participation { name } exchange { name } }"

    def months(n: int) -> str:
        return add_months(END, -n).isoformat()

    def weeks(n: int) -> str:
        return (END - timedelta(weeks=n)).isoformat()

    return {
        "an area's monthly trend": lambda n: (
            f'{{ cohortTrend(cohort: {{area: "{area}"}}, from: "{months(n)}", to: "{END}") {{ {figures} }} }}', {}),
        "everyone as a list of people, monthly": lambda n: (
            f'query($ids: [ID!]) {{ cohortTrend(cohort: {{personIds: $ids}}, from: "{months(n)}", to: "{END}") '
            f"{{ {figures} }} }}", {"ids": ids}),
        "measures of a page of people": lambda n: (
            f"{{ people(first: {min(n, MAX_PAGE)}) {{ nodes {{ name measures {{ at paidOnly isolated {circles} }} }} }} }}", {}),
        "a person's weekly history": lambda n: (
            f'query($id: ID!) {{ person(id: $id) {{ history(from: "{weeks(n)}", to: "{END}", every: WEEK) '
            f"{{ at {circles} }} }} }}", {"id": ids[0]}),
        "a page of ties, contacts and participations": lambda n: (
            f"{{ people(first: {min(n, MAX_PAGE)}) {{ nodes {{ name ties {{ kind since contact {{ name participations {{ role }} }} }} "
            "participations { role organisation { name } } } } }", {}),
        "a service's weekly trend and self-assessment": lambda n: (
            f'{{ cohortTrend(cohort: {{serviceId: "{service}"}}, from: "{weeks(n)}", to: "{END}", every: WEEK) '
            f'{{ {figures} }} selfAssessment(serviceId: "{service}", at: "{END}") {{ at }} }}', {}),
    }  # fmt: skip


def cost_of(query: Query) -> int:
    document = parse(query[0])
    operation = document.definitions[0]
    return Costing(document, operation, query[1], END).selections(operation.selection_set)  # type: ignore[arg-type]


def under_the_limit(make: Callable[[int], Query], limit: int, most: int) -> Query:
    """The query of the largest size (up to ``most``) whose estimated cost is within ``limit``."""
    low, high = 1, most
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if cost_of(make(middle)) <= limit else (low, middle - 1)
    return make(low)


async def execution_costs(settings: StoreSettings, size: int, seed: int, repeats: int) -> list[dict[str, Any]]:
    community = generate(size, seed)
    async with open_store(settings) as store:
        await write_rows(store, rows_from_records(community.people, community.organisations, community.ties,
                                                  community.participations))  # fmt: skip
        network = NetworkCache()
        # Without the time limit, which would cut a measure short on a busy machine and leave its
        # analysis running in a thread, counted against the next query: the cost limit is measured.
        api = ApiSettings(limits=replace(Limits(), timeout_s=600))
        service = max(community.services, key=lambda s: s.name).id
        areas = sorted({p.area for p in community.people if p.area})
        ids = [p.id for p in community.people]
        queries = {name: under_the_limit(make, api.limits.max_cost, 500)
                   for name, make in heavy_queries(ids, service, areas[0]).items()}  # fmt: skip
        schema = build_schema(api)

        async def run(query: str, variables: dict[str, Any] | None = None) -> str | None:
            """The first error's code (None: answered), from the schema run in-process as an admin."""
            context = Context(store=store, principal=ADMIN, network=network)
            result = await schema.execute(query, variable_values=variables, context_value=context)
            return str((result.errors[0].extensions or {}).get("code")) if result.errors else None

        await run('{ cohort(cohort: {area: "x"}) { size } }')
        found = []
        for name, (query, variables) in queries.items():
            cost = cost_of((query, variables))
            samples, walls = [], []
            error: str | None = "NOT_RUN"
            for _ in range(repeats):
                start, wall = time.process_time(), time.perf_counter()
                error = await run(query, variables)
                samples.append(time.process_time() - start)
                walls.append(time.perf_counter() - wall)
            found.append({
                "query": name, "cost": cost, "limit": api.limits.max_cost,
                "answered": error is None,
                "error": error,
                "cpu_ms": round(1000 * statistics.median(samples)), "wall_ms": round(1000 * statistics.median(walls)),
            })  # fmt: skip
        return found


def run(size: int, seed: int, repeats: int, report: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    limits = Limits()
    validation = validation_costs(limits, repeats)
    worst = max(validation, key=lambda v: v["cpu_ms"])
    report({"validation": validation, "worst_accepted_validation": worst})
    with tempfile.TemporaryDirectory(prefix="netmap-limits-") as folder, EmbeddedServer(Path(folder), "netmap") as server:
        endpoint = server.endpoint
        settings = StoreSettings(uri=endpoint.uri, user=endpoint.user, password=endpoint.password, database=endpoint.database)
        executed = asyncio.run(execution_costs(settings, size, seed, repeats))
    heaviest = max((q for q in executed if q["answered"]), key=lambda q: q["cpu_ms"], default=None)
    result = {"people": size, "validation": validation, "worst_accepted_validation": worst,
              "execution": executed, "heaviest_accepted_query": heaviest}  # fmt: skip
    report({"execution": executed, "heaviest_accepted_query": heaviest})
    return result

