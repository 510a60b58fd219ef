"""The test suite's own layout: tests share code through the ``support`` package,
so no test module imports conftest.py or another test module (which would run or
collect that module's tests and fixtures twice, and tie unrelated tests together)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.fast

TESTS = Path(__file__).resolve().parent
FORBIDDEN = re.compile(r"^\s*(?:from|import)\s+(conftest|test_\w+)\b", re.MULTILINE)


def test_no_test_imports_conftest_or_another_test_module() -> None:
    sources = sorted(TESTS.glob("test_*.py")) + sorted((TESTS / "support").glob("*.py"))
    offending = {
        path.relative_to(TESTS).as_posix(): FORBIDDEN.findall(path.read_text()) for path in sources
    }
    assert {path: names for path, names in offending.items() if names} == {}


def test_nothing_but_tests_and_conftest_sits_beside_the_tests() -> None:
    beside = {path.name for path in TESTS.glob("*.py")}
    assert {name for name in beside if not name.startswith("test_")} == {"conftest.py"}
