"""Run a GraphQL document in-process, as a given caller, with the audit of an HTTP request.

For callers that hold the store but are not HTTP clients of /graphql: the
CLI (as an operator) and server-rendered pages. Everything the API enforces
still applies (permissions, scopes, consent, limits, error codes, the time
limit of ``settings``), and the reads are written to the audit log before the
answer is handed back, as ``GraphQLApp.process_result`` does: if they cannot
be recorded, the answer carries that error and no data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from netmap.services.context import Context
from netmap.services.disclosure import DisclosureControl
from netmap.services.network import NetworkCache
from netmap.api.schema import OperationTimedOut, Schema, build_schema
from netmap.api.settings import ApiSettings
from netmap.domain.access import Principal
from netmap.domain.errors import NetmapError
from netmap.store.audit import write_audit
from netmap.store.connection import Store


@dataclass(frozen=True)
class Answer:
    """What a client of /graphql would get: ``data`` and ``errors`` (as in the JSON body)."""

    data: dict[str, Any] | None
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def code(self) -> str | None:
        """The first error's ``extensions.code``; None without errors."""
        if not self.errors:
            return None
        return str((self.errors[0].get("extensions") or {}).get("code", "GRAPHQL_ERROR"))

    @property
    def message(self) -> str:
        return "; ".join(str(e.get("message")) for e in self.errors)

    @property
    def problems(self) -> list[dict[str, Any]]:
        """Every input problem (``field``, ``code``, ``message``), for forms to show by field.

        An error without a list of problems is one problem of its own field (or none).
        """
        found: list[dict[str, Any]] = []
        for error in self.errors:
            extensions = error.get("extensions") or {}
            listed = extensions.get("problems")
            if listed:
                found.extend(listed)
            else:
                code, message = extensions.get("code"), error.get("message")
                found.append({"field": extensions.get("field", ""), "code": code, "message": message})
        return found

    def required(self) -> dict[str, Any]:
        """The data of an answer that must have succeeded; :class:`GraphQLFailed` otherwise."""
        if self.errors or self.data is None:
            raise GraphQLFailed(self)
        return self.data


class GraphQLFailed(NetmapError):
    """An answer with errors, raised: its code is the first error's, its message all of them."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(answer.message or "No data.", code=answer.code or "GRAPHQL_ERROR")
        self.answer = answer


@lru_cache(maxsize=4)
def _schema(settings: ApiSettings) -> Schema:
    """Building the schema takes a noticeable fraction of a second; settings are immutable."""
    return build_schema(settings)


async def execute(
    store: Store,
    principal: Principal | None,
    query: str,
    variables: dict[str, Any] | None = None,
    settings: ApiSettings | None = None,
    network: NetworkCache | None = None,
) -> Answer:
    """Run ``query`` as ``principal`` (None: anonymous) and audit its reads.

    Pass the app's ``network`` cache to share its snapshot; without one the
    store is read afresh. Errors come back in the answer, never raised; use
    :meth:`Answer.required` for the data or :class:`GraphQLFailed`.
    """
    chosen = settings or ApiSettings()
    context = Context(
        store=store,
        principal=principal,
        disclosure=DisclosureControl(threshold=chosen.suppress_below),
        network=network or NetworkCache(),
    )
    try:
        result = await _schema(chosen).execute(query, variable_values=variables, context_value=context)
    except OperationTimedOut as exc:
        return _failed(exc.code, exc.message)
    if context.reads:
        try:
            await store.append_log(write_audit, context.audit_entries())
        except NetmapError as exc:
            return _failed(exc.code, exc.message)
    return Answer(result.data, [error.formatted for error in result.errors or []])


def _failed(code: str, message: str) -> Answer:
    return Answer(None, [{"message": message, "extensions": {"code": code}}])
