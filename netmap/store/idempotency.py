"""Idempotency keys: a retried request returns the first answer and writes nothing twice.

The key is recorded in the same transaction as the request's first write, so
"the write happened" and "the key is known" are one fact; a unique
constraint makes a concurrent duplicate fail instead of writing twice. Each
write also keeps its result in that transaction, so that if the request dies
after committing and before its answer is saved, a retry can render the answer
again from the kept results instead of waiting for an answer that never comes.
The answer is stored once the request has finished, for replays.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from neo4j import AsyncManagedTransaction

from netmap.domain.errors import Conflict
from netmap.store._convert import native

IN_PROGRESS = "IDEMPOTENCY_IN_PROGRESS"


@dataclass(frozen=True)
class KnownRequest:
    body_hash: str
    response: str | None
    """The first answer as JSON text; None while the first request runs (or if it died after writing)."""
    results: tuple[str, ...] = ()
    """What each of its writes returned, in order (:func:`encode_result`)."""
    written_at: datetime | None = None
    """When its last write began."""


async def find_request(tx: AsyncManagedTransaction, scoped_key: str) -> KnownRequest | None:
    result = await tx.run(
        "MATCH (i:IdempotentRequest {scoped_key: $key}) "
        "RETURN i.body_hash AS hash, i.response AS response, i.results AS results, i.written_at AS at",
        key=scoped_key,
    )
    row = await result.single()
    if row is None:
        return None
    return KnownRequest(row["hash"], row["response"], tuple(row["results"] or ()), native(row["at"]))


async def claim_write(tx: AsyncManagedTransaction, scoped_key: str, body_hash: str, index: int, at: datetime) -> None:
    """Before write ``index`` of a keyed request: the first records the key, a later one
    checks (holding the key's lock) that no one else has done it meanwhile."""
    if index == 0:
        await tx.run(
            "CREATE (i:IdempotentRequest) SET i = $props",
            props={"scoped_key": scoped_key, "body_hash": body_hash, "created_at": at, "written_at": at, "results": []},
        )
        return
    result = await tx.run(
        "MATCH (i:IdempotentRequest {scoped_key: $key}) SET i._netmap_lock = coalesce(i._netmap_lock, 0) + 1 "
        "RETURN size(i.results) AS done",
        key=scoped_key,
    )
    row = await result.single()
    if row is None or row["done"] != index:
        raise Conflict("Another request with this Idempotency-Key is being handled; nothing more was written.", code=IN_PROGRESS)


async def keep_result(tx: AsyncManagedTransaction, scoped_key: str, result: Any, at: datetime) -> None:
    """In the write's own transaction: what it returned, to render the answer again."""
    await tx.run(
        "MATCH (i:IdempotentRequest {scoped_key: $key}) SET i.results = i.results + [$result], i.written_at = $at",
        key=scoped_key,
        result=encode_result(result),
        at=at,
    )


async def save_response(tx: AsyncManagedTransaction, scoped_key: str, response: str) -> None:
    """Keep the first answer; one rendered again after a crash does not replace it."""
    await tx.run(
        "MATCH (i:IdempotentRequest {scoped_key: $key}) SET i.response = coalesce(i.response, $response)",
        key=scoped_key,
        response=response,
    )


_OWN = ("netmap.domain.", "netmap.store.")
"""Only netmap's own records and enums are made again from stored results."""


def _encode(value: Any) -> Any:
    value = native(value)
    if isinstance(value, enum.Enum):  # before str: most of netmap's enums are strs too
        return {"$enum": _name(type(value)), "value": value.value}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return {"$record": _name(type(value)), "fields": fields}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"$map": {str(k): _encode(v) for k, v in value.items()}}
    raise TypeError(f"cannot keep a {type(value).__name__} as an idempotent result")


def _name(kind: type) -> str:
    if not kind.__module__.startswith(_OWN):
        raise TypeError(f"{kind.__module__}.{kind.__qualname__} is not one of netmap's records")
    return f"{kind.__module__}:{kind.__qualname__}"


def _kind(name: str) -> type:
    module, _, qualname = name.partition(":")
    if not module.startswith(_OWN):
        raise ValueError(f"{name} is not one of netmap's records")
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    if not isinstance(found, type) or not (dataclasses.is_dataclass(found) or issubclass(found, enum.Enum)):
        raise ValueError(f"{name} is not one of netmap's records")
    return found


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$enum" in value:
        return _kind(value["$enum"])(value["value"])
    if "$record" in value:
        return _kind(value["$record"])(**{k: _decode(v) for k, v in value["fields"].items()})
    if "$datetime" in value:
        return datetime.fromisoformat(value["$datetime"])
    if "$date" in value:
        return date.fromisoformat(value["$date"])
    if "$time" in value:
        return time.fromisoformat(value["$time"])
    if "$tuple" in value:
        return tuple(_decode(v) for v in value["$tuple"])
    return {k: _decode(v) for k, v in value["$map"].items()}


def encode_result(result: Any) -> str:
    """A write's result (netmap's records, enums, dates, plain data) as JSON text."""
    return json.dumps(_encode(result))


def decode_result(text: str) -> Any:
    """The result :func:`encode_result` kept, made again."""
    return _decode(json.loads(text))
