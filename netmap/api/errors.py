"""Every error a client sees carries ``extensions.code``; no internals ever leak.

- netmap's own errors (bad input, not found, conflicts, store unavailable)
  keep their message and gain their code and details;
- errors GraphQL itself raises (syntax, unknown fields, unknown enum values,
  wrong types) gain the code GRAPHQL_VALIDATION_FAILED;
- anything else is a fault: it is logged with its traceback and the client
  sees only "Internal error." with the code INTERNAL_ERROR.
"""

from __future__ import annotations

import logging

from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.types import ExecutionContext

from netmap.domain.errors import NetmapError

log = logging.getLogger("netmap.api")

VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTERNAL_ERROR = "INTERNAL_ERROR"
TOO_COMPLEX = "QUERY_TOO_COMPLEX"
_LIMIT_MESSAGES = ("exceeds maximum operation depth", "aliases found. Allowed", "Document contains more than")
"""How Strawberry's and graphql-core's own limit errors begin or read, so they get our code."""


def is_fault(error: GraphQLError) -> bool:
    """True for an unexpected exception raised while resolving."""
    original = error.original_error
    return original is not None and not isinstance(original, (NetmapError, GraphQLError))


def log_faults(errors: list[GraphQLError], execution_context: ExecutionContext | None) -> None:
    """Log faults with their traceback; expected errors are the client's business."""
    for error in errors:
        if is_fault(error):
            log.error("fault while resolving %s", error.path, exc_info=error.original_error)


class ErrorCodes(MaskErrors):
    """Masks faults and gives every error a machine-readable code."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_fault, error_message="Internal error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": INTERNAL_ERROR}
        return masked

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [_with_code(error) for error in super()._process_errors(errors)]


def _with_code(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, NetmapError):
        return GraphQLError(
            original.message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": original.code, **original.details},
        )
    if not (error.extensions or {}).get("code"):
        code = TOO_COMPLEX if any(m in error.message for m in _LIMIT_MESSAGES) else VALIDATION_FAILED
        error.extensions = {**(error.extensions or {}), "code": code}
    return error
