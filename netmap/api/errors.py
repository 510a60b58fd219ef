"""Every error a client sees carries ``extensions.code``; no internals ever leak.

- netmap's own errors (bad input, not found, conflicts, store unavailable)
  keep their message and gain their code and details;
- errors raised with a code keep it (the limits in ``api/limits.py``, the
  permission refusals);
- errors GraphQL itself raises (syntax, unknown fields, unknown enum values,
  wrong types) gain the code GRAPHQL_VALIDATION_FAILED, and in production
  lose graphql-core's "Did you mean …?" hints, which would name fields that
  introspection hides;
- anything else is a fault: it is logged with its traceback and the client
  sees only "Internal error." with the code INTERNAL_ERROR.

``ErrorCodes`` applies this as a schema extension when the operation ends;
``Schema.execute`` (api/schema.py) applies the same function to what escapes
the extensions (an exception in a validation rule, say).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from netmap.domain.errors import NetmapError

log = logging.getLogger("netmap.api")

VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTERNAL_ERROR = "INTERNAL_ERROR"
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def is_fault(error: GraphQLError) -> bool:
    """True for an unexpected exception raised while resolving."""
    original = error.original_error
    return original is not None and not isinstance(original, (NetmapError, GraphQLError))


def log_faults(errors: list[GraphQLError], execution_context: ExecutionContext | None) -> None:
    """Log faults with their traceback; expected errors are the client's business."""
    for error in errors:
        if is_fault(error):
            log.error("fault while resolving %s", error.path, exc_info=error.original_error)


def with_code(error: GraphQLError, suggestions: bool = True) -> GraphQLError:
    """``error`` as the client may see it: coded, a fault masked, hints dropped unless ``suggestions``."""
    cause = _netmap_cause(error)
    if cause is not None:
        message = cause.message if error.original_error is cause else error.message
        return GraphQLError(
            message, nodes=error.nodes, source=error.source, positions=error.positions,
            path=error.path, extensions={"code": cause.code, **cause.details},
        )  # fmt: skip
    if is_fault(error):
        return GraphQLError(
            "Internal error.", nodes=error.nodes, source=error.source, positions=error.positions,
            path=error.path, extensions={"code": INTERNAL_ERROR},
        )  # fmt: skip
    if not (error.extensions or {}).get("code"):
        error.extensions = {**(error.extensions or {}), "code": VALIDATION_FAILED}
    if not suggestions and "Did you mean" in error.message:
        error.message = _SUGGESTION.sub("", error.message)
    return error


def _netmap_cause(error: GraphQLError) -> NetmapError | None:
    """The NetmapError behind ``error``: raised by a resolver, or by a scalar while
    graphql-core coerced a variable (which wraps it twice)."""
    cause = error.original_error
    while isinstance(cause, GraphQLError):
        cause = cause.original_error
    return cause if isinstance(cause, NetmapError) else None


def coded_errors(errors: list[GraphQLError] | None, suggestions: bool = True) -> list[GraphQLError] | None:
    return None if errors is None else [with_code(e, suggestions) for e in errors]


class ErrorCodes(SchemaExtension):
    """Gives every error of the operation its code and masks faults (see the module)."""

    def __init__(self, suggestions: bool = True) -> None:
        self.suggestions = suggestions

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = coded_errors(result.errors, self.suggestions)
