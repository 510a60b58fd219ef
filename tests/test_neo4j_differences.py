"""Where Neo4j differs from the embedded store: times as Neo4j writes them, the audit
log's order within one second, and reading what this process has just written."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone

import pytest

from conftest import Api, StoreProbe
from netmap.store._convert import parse_time

UTC = timezone.utc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01T10:00:00.123+01:00", datetime(2024, 5, 1, 10, 0, 0, 123000, timezone(timedelta(hours=1)))),
        ("2024-05-01T10:00Z", datetime(2024, 5, 1, 10, 0, tzinfo=UTC)),
        ("2024-05-01T10:00:07.1Z", datetime(2024, 5, 1, 10, 0, 7, 100000, UTC)),
        ("2024-05-01T10:00:07.123456789Z", datetime(2024, 5, 1, 10, 0, 7, 123456, UTC)),
        ("2024-05-01T10:00:07.5-03:30[America/St_Johns]", datetime(2024, 5, 1, 10, 0, 7, 500000, timezone(-timedelta(hours=3, minutes=30)))),
        ("2024-05-01T10:00:07", datetime(2024, 5, 1, 10, 0, 7, tzinfo=UTC)),
        ("2024-05-01T10:00:07+0530", datetime(2024, 5, 1, 10, 0, 7, tzinfo=timezone(timedelta(hours=5, minutes=30)))),
    ],
)
def test_times_in_every_iso_form_the_stores_write(text: str, expected: datetime) -> None:
    found = parse_time(text)
    assert found == expected and found.utcoffset() == expected.utcoffset()


def test_text_that_is_not_a_time_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_time("yesterday")


PAGE = """
query($after: String) { auditLog(first: 1, after: $after) { nodes { operation } pageInfo { endCursor hasNextPage } } }
"""


def test_the_audit_log_is_in_time_order_within_one_second(api: Api, probe: StoreProbe) -> None:
    """Zoned times as Neo4j stores them: as text '…:00Z' sorts after '…:00.5Z'."""
    for operation, at in [("first", "2025-01-01T12:00:00Z"), ("second", "2025-01-01T12:00:00.5Z"), ("third", "2025-01-01T12:00:01Z")]:
        probe.rows(
            "CREATE (:AuditEntry {id: $op, at: datetime($at), subject: 's', role: 'admin', action: 'READ', operation: $op})",
            op=operation,
            at=at,
        )
    seen, after = [], None
    while True:
        page = api.data(PAGE, after=after)["auditLog"]
        seen += [n["operation"] for n in page["nodes"] if n["operation"] in ("first", "second", "third")]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["third", "second", "first"]


def test_a_cursor_that_is_not_a_time_is_bad_input(api: Api) -> None:
    cursor = base64.urlsafe_b64encode(json.dumps(["not a time", "x"]).encode()).decode()
    assert api.error(PAGE, after=cursor)["extensions"]["code"] == "INVALID_INPUT"
