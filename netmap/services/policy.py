"""Who may call what: one table, enforced by ``Context.allow`` on every path (GraphQL
fields, pages, pictures, exports, the CLI) and rendered into ``docs/access.md`` (a
test keeps the two the same).

A grant is ALL (any record), SCOPE (only people in the caller's scope; anyone
else answers exactly as an unknown id would) or OWN (only the caller's own
organisation or self). Roles not listed for an operation are refused with
FORBIDDEN; callers without a token with UNAUTHENTICATED.
"""

from __future__ import annotations

from enum import Enum

from netmap.domain.access import AccessRole, Principal
from netmap.domain.errors import Forbidden, NetmapError


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


def grant(operation: str, principal: Principal | None) -> Grant | None:
    """The grant POLICY gives this caller for ``operation``; None: refused."""
    return POLICY[operation].get(principal.role if principal else PUBLIC)


class Unauthenticated(NetmapError):
    """The operation needs a token (or a signed-in session)."""

    code = "UNAUTHENTICATED"


def allowed(operation: str, principal: Principal | None) -> Grant:
    """The caller's grant for ``operation``, or the refusal every path reports the same way."""
    granted = grant(operation, principal)
    if granted is not None:
        return granted
    if principal is None:
        raise Unauthenticated(f"{operation} needs a token: send 'Authorization: Bearer <token>'.")
    raise Forbidden(f"The {principal.role.value} role may not use {operation}.")


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
