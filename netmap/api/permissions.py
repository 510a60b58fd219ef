"""Who may call what: one table, enforced by one permission class, and
rendered into ``docs/access.md`` (a test keeps the two the same).

A grant is ALL (any record), SCOPE (only people in the caller's scope; anyone
else answers exactly as an unknown id would) or OWN (only the caller's own
organisation or self). Roles not listed for an operation are refused with
FORBIDDEN; callers without a token with UNAUTHENTICATED.
"""

from __future__ import annotations

from contextvars import ContextVar
from enum import Enum
from typing import Any

from graphql import GraphQLError
from strawberry.permission import BasePermission

from netmap.api.context import Info
from netmap.domain.access import AccessRole


class Grant(str, Enum):
    ALL = "all"
    SCOPE = "scope"
    OWN = "own"


PUBLIC = "public"
A, P, S, O, ME, AN = (
    AccessRole.ADMIN, AccessRole.PLANNER, AccessRole.SERVICE_MANAGER,
    AccessRole.COMMUNITY_ORGANISER, AccessRole.PERSON, AccessRole.ANALYST,
)  # fmt: skip
ALL, SCOPE, OWN = Grant.ALL, Grant.SCOPE, Grant.OWN
_EVERYONE = {PUBLIC: ALL, A: ALL, P: ALL, S: ALL, O: ALL, ME: ALL, AN: ALL}
_READERS = {A: ALL, P: SCOPE, S: SCOPE, O: SCOPE, ME: SCOPE}
_MAPPERS = {A: ALL, P: SCOPE, S: SCOPE}
_HOLDERS = {A: ALL, S: OWN, O: OWN}
"""Who holds reflections: admins (any, and council-wide ones), a service or group for itself."""

POLICY: dict[str, dict[AccessRole | str, Grant]] = {
    "me": {A: ALL, P: ALL, S: ALL, O: ALL, ME: ALL, AN: ALL},
    "person": _READERS,
    "people": _READERS,
    "tie": {A: ALL, P: SCOPE, S: SCOPE, ME: SCOPE},
    "participation": _READERS,
    "organisation": _EVERYONE,
    "organisations": _EVERYONE,
    "participants": _READERS,
    "caseload": {A: ALL, P: OWN},
    "auditLog": {A: ALL},
    "subjectAccessExport": {A: ALL, ME: OWN},
    "createPerson": {A: ALL, P: ALL},
    "updatePerson": _MAPPERS,
    "recordConsent": {A: ALL, P: SCOPE, S: SCOPE, ME: OWN},
    "createOrganisation": {A: ALL},
    "updateOrganisation": {A: ALL, O: OWN},
    "recordTie": _MAPPERS,
    "endTie": _MAPPERS,
    "correctTie": _MAPPERS,
    "recordParticipation": {A: ALL, P: SCOPE, S: SCOPE, O: OWN},
    "endParticipation": {A: ALL, P: SCOPE, S: SCOPE, O: OWN},
    "correctParticipation": {A: ALL, P: SCOPE, S: SCOPE, O: OWN},
    "assignCaseload": {A: ALL},
    "unassignCaseload": {A: ALL},
    "erasePerson": {A: ALL},
    "activity": _EVERYONE,
    "activities": _EVERYONE,
    "createActivity": {A: ALL, O: OWN},
    "updateActivity": {A: ALL, O: OWN},
    "recordAttendance": {A: ALL, P: SCOPE, S: SCOPE, O: OWN},
    "recordVolunteering": {A: ALL, P: SCOPE, S: SCOPE, O: OWN},
    "registerNewcomer": {A: ALL, O: OWN},
    "recordExchange": {A: ALL, P: SCOPE, S: SCOPE},
    "suggestions": {A: ALL, P: SCOPE, S: SCOPE, ME: OWN},
    "buddies": {A: ALL, P: SCOPE, S: SCOPE, ME: OWN},
    "assets": {A: ALL, P: SCOPE, S: SCOPE},
    "cohort": {A: ALL, P: SCOPE, S: OWN, AN: ALL},
    "cohortTrend": {A: ALL, P: SCOPE, S: OWN, AN: ALL},
    "cohortChanges": {A: ALL, P: SCOPE, S: OWN},
    "selfAssessment": {A: ALL, S: OWN, AN: ALL},
    "networkExport": {A: ALL, P: SCOPE, S: OWN},
    "recordSelfReport": {A: ALL, P: SCOPE, S: SCOPE, ME: OWN},
    "recordNetworkReview": _MAPPERS,
    "networkReviews": {A: ALL, P: SCOPE, S: SCOPE, ME: SCOPE},
    "serviceSettings": {A: ALL, S: OWN},
    "setServiceSettings": {A: ALL, S: OWN},
    "reflections": _HOLDERS,
    "recordReflection": _HOLDERS,
    "addReflectionActions": _HOLDERS,
    "updateReflectionAction": _HOLDERS,
    "tokens": {A: ALL},
    "createToken": {A: ALL},
    "revokeToken": {A: ALL},
}
"""Operation (GraphQL field) → who may call it, and on what."""


def grant(operation: str, info: Info) -> Grant | None:
    principal = info.context.principal
    return POLICY[operation].get(principal.role if principal else PUBLIC)


class Refused(GraphQLError):
    """A field the caller's role may not use, or may not use without a token."""


_refusal: ContextVar[tuple[str, str]] = ContextVar("refusal", default=("Not allowed.", "FORBIDDEN"))
"""Why ``has_permission`` said no, for ``on_unauthorized`` just after it in the same task."""


class Allowed(BasePermission):
    """Refuses the field unless POLICY grants it to the caller's role.

    One instance serves every request, so it keeps no state of its own: this
    Strawberry's ``has_permission`` must return a plain bool and
    ``on_unauthorized`` takes no arguments, so the reason for a refusal passes
    from one to the other through a context variable, which each asyncio task
    has its own copy of.
    """

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        operation = info.field_name
        granted = grant(operation, info)
        if granted is not None:
            info.context.grants[operation] = granted.value
            return True
        principal = info.context.principal
        if principal is None:
            _refusal.set((f"{operation} needs a token: send 'Authorization: Bearer <token>'.", "UNAUTHENTICATED"))
        else:
            _refusal.set((f"The {principal.role.value} role may not use {operation}.", "FORBIDDEN"))
        return False

    def on_unauthorized(self) -> None:
        message, code = _refusal.get()
        raise Refused(message, extensions={"code": code})


def policy_markdown() -> str:
    """The access table as it appears in docs/access.md."""
    columns: list[AccessRole | str] = [PUBLIC, *AccessRole]
    header = "| operation | " + " | ".join(c if isinstance(c, str) else c.value for c in columns) + " |"
    rule = "| --- |" + " --- |" * len(columns)
    rows = [
        f"| `{operation}` | "
        + " | ".join(grants[c].value if c in grants else "—" for c in columns)
        + " |"
        for operation, grants in POLICY.items()
    ]
    return "\n".join([header, rule, *rows]) + "\n"
