"""The test suite's own layout: tests share code through the ``support`` package,
so no test module imports conftest.py or another test module (which would run or
collect that module's tests and fixtures twice, and tie unrelated tests together)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_no_test_imports_conftest_or_another_test_module() -> None:
    sources = sorted(TESTS.glob("test_*.py")) + sorted((TESTS / "support").glob("*.py"))
    offending = {
        path.relative_to(TESTS).as_posix(): sorted(
            name for name in _imported_modules(path) if name == "conftest" or name.startswith("test_")
        )
        for path in sources
    }
    assert {path: names for path, names in offending.items() if names} == {}


def test_nothing_but_tests_and_conftest_sits_beside_the_tests() -> None:
    beside = {path.name for path in TESTS.glob("*.py")}
    assert {name for name in beside if not name.startswith("test_")} == {"conftest.py"}
