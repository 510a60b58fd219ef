"""GraphQL over HTTP: which media type a client gets, and the status codes that go with it.

The GraphQL over HTTP specification defines ``application/graphql-response+json``:
a client that accepts it learns from the status code whether its request was
run at all. A request that could not be run (unparseable JSON, no query, a
document that does not parse or validate, variables of the wrong type) is
answered 4xx without a ``data`` entry; once execution has begun the answer
is 200 with ``data``, even if some fields failed. Clients that accept only
``application/json`` (and those that send no Accept header) keep the older
behaviour: 200 with ``"data": null`` for those requests.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def _weights(accept: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for part in accept.split(","):
        kind, *params = (p.strip() for p in part.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if kind:
            found[kind.lower()] = max(weight, found.get(kind.lower(), 0.0))
    return found


def response_media_type(accept: str | None) -> str:
    """``application/graphql-response+json`` when the client accepts it at least as
    readily as ``application/json``; otherwise ``application/json``."""
    if not accept:
        return JSON
    weights = _weights(accept)
    preferred = weights.get(GRAPHQL_RESPONSE, 0.0)
    legacy = max(weights.get(JSON, 0.0), weights.get("application/*", 0.0), weights.get("*/*", 0.0))
    return GRAPHQL_RESPONSE if preferred > 0 and preferred >= legacy else JSON


def not_run(answer: Mapping[str, Any]) -> bool:
    """Whether an answer is of a request that was never executed: no data, and errors
    that belong to no field (parse, validation and variable errors have no path)."""
    errors = answer.get("errors") or []
    return answer.get("data") is None and bool(errors) and all(not e.get("path") for e in errors)
