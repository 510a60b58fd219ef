"""What both directions of the Open Referral UK exchange share: the version, the ids
and the taxonomies netmap publishes its interests and access features in.

Every record of a service gets a UUID derived from the activity's id and the record's
role (``schedule``, ``location``, ``accessibility:hearing loop``…), so exporting the same
directory twice gives the same document, and importing an export finds the same ids.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

VERSION = "3.0"
"""HSDS 3.0, in the Open Referral UK profile of it."""
PROFILE_URL = "https://github.com/openreferral/uk-profile"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"
NAMESPACE = uuid.UUID("0c5b8a1e-2f7d-4d51-9a55-7f0f4f1f8b21")
CURRENCY = "GBP"


def record_id(owner_id: str, role: str) -> str:
    """The id of the record that plays ``role`` in the service (or activity) ``owner_id``."""
    return str(uuid.uuid5(NAMESPACE, f"{owner_id}:{role}"))


def as_uuid(source_id: object, kind: str) -> str:
    """A UUID is kept as it is; any other id is turned into one, the same on every import."""
    text = str(source_id)
    try:
        return str(uuid.UUID(text)) if len(text) == 36 else str(uuid.uuid5(NAMESPACE, f"{kind}:{text}"))
    except ValueError:
        return str(uuid.uuid5(NAMESPACE, f"{kind}:{text}"))


@dataclass(frozen=True)
class Taxonomy:
    """One of the vocabularies netmap's terms are published in (docs/activities.md)."""

    name: str
    description: str
    term_description: str

    @property
    def id(self) -> str:
        return str(uuid.uuid5(NAMESPACE, f"taxonomy:{self.name}"))

    def term_id(self, term: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"taxonomy:{self.name}:{term}"))


INTERESTS = Taxonomy(
    "netmap-interests",
    "Interests an activity offers, as the free-text tags (lower case) netmap's people and groups use.",
    "An interest an activity offers",
)
ACCESS_FEATURES = Taxonomy(
    "netmap-access-features",
    "Access features an activity's venue or organisers offer: step-free access, accessible toilet, hearing "
    "loop, BSL, quiet space, easy-read information, transport help, carers welcome, or free text.",
    "An access feature an activity offers",
)
TAXONOMIES = (INTERESTS, ACCESS_FEATURES)
