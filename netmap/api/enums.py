"""The domain's vocabularies as GraphQL enums (the same Python enums, described)."""

from __future__ import annotations

import strawberry

from netmap.domain import access, activities, kinds

OrganisationKind = strawberry.enum(
    kinds.OrganisationKind, description="What an organisation is; SERVICE means paid support."
)
TieKind = strawberry.enum(
    kinds.TieKind,
    description="The kind of a person-to-person tie; only PAID_SUPPORT is paid.",
)
Closeness = strawberry.enum(
    kinds.Closeness,
    description="How close the person feels to the other, when asked: the inner, middle or outer circle.",
)
ContactFrequency = strawberry.enum(
    kinds.ContactFrequency,
    description="How often they are in touch, when asked: WEEKLY (or more), MONTHLY (or more), LESS_OFTEN.",
)
Role = strawberry.enum(
    kinds.Role,
    description=(
        "How a person takes part in an organisation. STAFF is paid work; SUPPORTED means "
        "receiving paid support; ROLE needs a title (fire warden, interview panel)."
    ),
)
PersonView = strawberry.enum(
    access.PersonView, description="How much of a person the caller may see."
)
AccessRole = strawberry.enum(access.AccessRole, description="What a caller is.")
Repeat = strawberry.enum(activities.Repeat, description="How an activity's sessions repeat.")
Weekday = strawberry.enum(activities.Weekday)
ActivityStatus = strawberry.enum(
    activities.Status,
    name="ActivityStatus",
    description="PAUSED: listed, no sessions for now; ENDED: no longer listed.",
)
