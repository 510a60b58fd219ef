"""Every label, relationship type and property name netmap stores.

One list, used twice: ``netmap restore`` refuses a backup file that names
anything else (names go into Cypher text, so an unknown one could be anything),
and the Neo4j check of ``make test`` tells Neo4j's front end about exactly these
names, so a statement naming one that is not here fails the build. Run as
``python -m netmap.store.names`` it prints them as JSON for that check.
"""

from __future__ import annotations

import json

LABELS = frozenset({
    "Person", "Organisation", "Activity", "Exchange", "Correction", "ConsentRecord", "SelfReport",
    "Account", "Token", "AuditEntry", "IdempotentRequest", "Session",
    "NetworkReview", "ServiceSettings", "Reflection", "ReflectionAction", "ActionStatusChange",
    "ChangeFeed", "Change",
})  # fmt: skip

RELATIONSHIP_TYPES = frozenset({
    "TIE", "PARTICIPATES", "RUNS", "ATTENDED", "VOLUNTEERED", "GAVE", "RECEIVED_BY", "REPORTED",
    "OF", "PLANS_FOR", "REVIEWED", "HELD", "PLANS", "STATUS",
})  # fmt: skip

PROPERTY_KEYS = frozenset({
    # people, organisations and activities
    "id", "name", "name_key", "area", "interests", "skills", "access_needs", "offers_buddying",
    "consent_mapped", "consent_organisers", "consent_aggregates", "consent_recorded_by", "consent_recorded_at",
    "kind", "category", "accessibility", "description", "organisation_id", "title", "search_key", "status",
    "venue", "cost_pence", "cost_note", "contact", "repeat", "starts", "ends", "dates", "weekday",
    "week_of_month", "at", "weekdays",
    # ties, participations, attendance, volunteering, exchanges, corrections
    "label", "since", "until", "role", "activity_id", "ended_by", "ended_at", "ended_reason", "date", "hours", "what",
    "timebank_id", "giver_id", "receiver_id", "record_id", "reason", "before",
    # self-reports, consent records
    "person_id", "instrument", "answers", "answer", "score", "concern", "interpretation",
    # who recorded what
    "recorded_by", "recorded_at", "by",
    # accounts, tokens, the audit log, idempotency keys
    "subject", "scope_id", "hash", "created_at", "expires_at", "revoked_at", "action", "operation",
    "scoped_key", "body_hash", "response", "results", "written_at",
    # browser sessions
    "token_id",
    # keys people and organisations were imported with; the tie answers of mapping
    "key", "closeness", "contact_frequency",
    # activities' closing time and last change
    "finishes", "modified_at",
    # network reviews, service settings, reflections and their actions
    "service_id", "lsns6_at_risk_below", "ucla3_lonely_from", "held_on", "participants", "principles",
    "reflection_id", "principle", "who", "due", "how", "seq", "action_id", "note",
    # the change feed (store/feed.py)
    "epoch", "ids", "full",
    # the count of locked writes (store/_locks.py)
    "_netmap_lock",
})  # fmt: skip

def as_json() -> str:
    return json.dumps(
        {
            "labels": sorted(LABELS),
            "relationshipTypes": sorted(RELATIONSHIP_TYPES),
            "propertyKeys": sorted(PROPERTY_KEYS),
        },
        indent=1,
    )


if __name__ == "__main__":
    print(as_json())
