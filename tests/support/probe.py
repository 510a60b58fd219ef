"""Direct reads and writes of the test store, beside the API."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from typing import Any

from neo4j import Driver

from netmap.store.accounts import new_token, token_hash
from netmap.store.feed import STAMP


class StoreProbe:
    """Reads the store directly, to check what an API call did or did not write."""

    def __init__(self, driver: Driver, database: str) -> None:
        self.driver = driver
        self.database = database

    def rows(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        records, _, _ = self.driver.execute_query(cypher, params, database_=self.database)
        return [r.data() for r in records]

    def changed_outside(self) -> None:
        """Put a write made here, outside netmap, on the change feed, as a tool that writes its own Cypher must."""
        self.rows(STAMP, epoch=str(uuid.uuid4()), ids=[], full=True, at=datetime.now(timezone.utc))

    def clear(self) -> None:
        self.rows("MATCH (n) DETACH DELETE n")

    def token(
        self,
        role: str,
        subject: str,
        scope: str | None = None,
        expires: datetime | None = None,
        revoked: bool = False,
    ) -> str:
        """Store a token as `netmap token create` would, and return it."""
        token = new_token()
        self.rows(
            "MERGE (a:Account {subject: $subject}) CREATE (t:Token)-[:OF]->(a) SET t = $props",
            subject=subject,
            props={
                "id": f"token-{subject}-{role}-{len(token)}-{token[-6:]}",
                "name": subject,
                "subject": subject,
                "role": role,
                "scope_id": scope,
                "hash": token_hash(token),
                "created_at": datetime.now(timezone.utc),
                "expires_at": expires,
                "revoked_at": datetime.now(timezone.utc) if revoked else None,
            },
        )
        return token

    def state(self) -> set[str]:
        """Every record of the community (not tokens, nor the audit log) as comparable strings."""
        nodes = self.rows(
            "MATCH (n) WHERE NOT (n:AuditEntry OR n:Token OR n:Account OR n:ChangeFeed OR n:Change) "
            "RETURN labels(n) AS l, properties(n) AS p"
        )
        links = self.rows(
            "MATCH (a)-[r]->(b) WHERE NOT type(r) IN ['OF'] "
            "RETURN type(r) AS t, a.id AS a, b.id AS b, properties(r) AS p"
        )
        return {json.dumps(row, sort_keys=True, default=str) for row in nodes + links}
