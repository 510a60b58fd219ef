"""Expected failures, each with a stable machine-readable code.

Every layer raises these for problems the caller can fix; the API turns them
into GraphQL errors whose ``extensions.code`` is the code below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input field."""

    field: str
    code: str
    message: str


class NetmapError(Exception):
    """A failure the caller can understand and act on."""

    code: str = "NETMAP_ERROR"

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details


class InvalidInput(NetmapError):
    """The input breaks a rule; ``problems`` lists every broken rule by field."""

    code = "INVALID_INPUT"

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        summary = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(
            summary,
            code=first.code,
            field=first.field,
            problems=[p.__dict__ for p in problems],
        )
        self.problems = problems


class NotFound(NetmapError):
    """No record with that id (or none the caller may see)."""

    code = "NOT_FOUND"

    def __init__(self, what: str, id: str) -> None:
        super().__init__(f"No {what} with id {id!r}.", what=what, id=id)


class Forbidden(NetmapError):
    """The caller may not do this (their role does not allow it)."""

    code = "FORBIDDEN"


class ConsentRequired(NetmapError):
    """The person has not agreed to what this would do."""

    code = "CONSENT_REQUIRED"


class Suppressed(NetmapError):
    """An aggregate rests on too few people to be shown to this caller."""

    code = "SUPPRESSED"


class Conflict(NetmapError):
    """The change clashes with what is already recorded."""

    code = "CONFLICT"


ERROR_CODES: dict[str, str] = {
    "INVALID_INPUT": "the input breaks a rule (see extensions.problems)",
    "EMPTY": "a required text is empty",
    "TOO_LONG": "a text is longer than allowed",
    "TOO_MANY": "a list has more items than allowed",
    "INVALID_CHARACTER": "a text with control characters",
    "SELF_TIE": "a tie from a person to themself",
    "INVALID_INTERVAL": "until is not after since",
    "TITLE_REQUIRED": "a ROLE participation needs a title",
    "NOTHING_TO_CHANGE": "an update or correction that changes nothing",
    "OUT_OF_RANGE": "a number outside what is allowed (hours must be more than 0)",
    "SCHEDULE_INCOMPLETE": "a schedule without the dates, weekday or week it needs",
    "SELF_EXCHANGE": "a timebank exchange from someone to themself",
    "NOT_A_SESSION": "the activity has no session on that date",
    "END_BEFORE_START": "a period whose end is before its start",
    "DATE_OUT_OF_RANGE": "a date before 1900-01-01 or after 2199-12-31",
    "TOO_MANY_STEPS": "a history or trend with more steps than allowed (520)",
    "NOT_A_SERVICE": "the organisation is not a SERVICE",
    "NOT_A_TIMEBANK": "the organisation is not a TIMEBANK",
    "DUPLICATE_ID": "two records with the same id",
    "BANDS_OUT_OF_ORDER": "self-assessment thresholds that are not in order",
    "WRONG_TYPE": "answers of the wrong type",
    "WRONG_COUNT": "too few or too many answers",
    "NOT_AN_INTEGER": "an answer that is not a whole number",
    "UNKNOWN_ANSWER": "not one of the allowed answers",
    "DUPLICATE_KEY": "a key used twice in a community file",
    "DUPLICATE_ENTRY": "a list naming the same principle or capacity twice",
    "IDEMPOTENCY_IN_PROGRESS": "a request with this Idempotency-Key is still running (retry after Retry-After)",
    "IDEMPOTENCY_KEY_REUSED": "an Idempotency-Key sent again with a different request",
    "STORE_NOT_EMPTY": "a restore into a store that already holds data",
    "RESTORE_INCOMPLETE": "a restore whose counts do not match the backup",
    "UNKNOWN_NAME": "a backup naming a label, relationship type or property netmap does not write",
    "NOT_FOUND": "no record with that id",
    "DUPLICATE_TIE": "an overlapping tie of the same kind between the same two people",
    "DUPLICATE_PARTICIPATION": "an overlapping participation in the same role",
    "ALREADY_ENDED": "the record has already ended",
    "STORE_UNAVAILABLE": "the database cannot be reached; nothing was written",
    "UNAUTHENTICATED": "no valid token: missing, unknown, expired or revoked",
    "FORBIDDEN": "the caller's role may not do this",
    "CONSENT_REQUIRED": "the person has not agreed to be mapped (or to this use)",
    "SUPPRESSED": "an aggregate resting on too few people to show an analyst",
    "RATE_LIMITED": "too many requests with this token; try again shortly",
    "TIMEOUT": "the request took longer than allowed; nothing was written",
    "WARMING_UP": "the analysis is still reading the store after a start; ask again after Retry-After seconds",
    "REQUEST_TOO_LARGE": "the request body is larger than allowed",
    "QUERY_TOO_COMPLEX": "the query is too deep, has too many aliases or tokens, or costs too much",
    "GRAPHQL_VALIDATION_FAILED": "the request is not valid GraphQL for this schema",
    "METHOD_NOT_ALLOWED": "/graphql takes GET (queries) and POST",
    "BAD_REQUEST": "the HTTP request is not a GraphQL request: malformed or too deeply nested JSON, no query, wrong method or content type",
    "INTERNAL_ERROR": "an unexpected fault; details are in the server log",
}
"""Every code netmap puts in ``extensions.code``, with what it means."""
