"""The package's layout says what each module is: one name, one meaning.

A module name found in two folders must be one subject seen from successive
layers (a person's records in ``domain``, their Cypher in ``store``, their
use cases in ``services``); two different things with one name (the API's
community-group fields and the store's community-file loading were both
``community``) are what this test refuses.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from fnmatch import fnmatch
from pathlib import Path

import netmap
from netmap.interchange.community_file import DEMO_FILE
from netmap.store.migrations import SCHEMA_DIR

PACKAGE = Path(netmap.__file__).parent

SAME_SUBJECT_BY_LAYER = {
    "activities.py": {"domain", "store", "services"},
    "admin.py": {"services", "api"},
    "context.py": {"services", "api"},
    "coproduction.py": {"domain", "services"},
    "dates.py": {"domain", "api"},
    "errors.py": {"domain", "store", "api"},
    "exports.py": {"services", "api"},
    "inputs.py": {"domain", "api"},
    "people.py": {"store", "services"},
    "reflections.py": {"domain", "store", "services", "api"},
    "reviews.py": {"domain", "store", "services"},
    "self_reports.py": {"domain", "store"},
    "service_settings.py": {"domain", "store", "api"},
    "settings.py": {"store", "api"},
    "suggestions.py": {"analysis", "api"},
    "timebank.py": {"domain", "store"},
}
"""Names shared on purpose: the same subject in each layer that has a part of it."""

TOP_LEVEL = {"__init__.py", "cli.py", "import_output.py"}
"""The runtime package's top level holds the command line only; developer tools live in devtools/."""


def _folders_by_name() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for module in PACKAGE.rglob("*.py"):
        if module.name != "__init__.py":
            found[module.name].add(module.parent.relative_to(PACKAGE).as_posix())
    return found


def test_no_module_name_means_two_different_things() -> None:
    shared = {name: folders for name, folders in _folders_by_name().items() if len(folders) > 1}
    unexpected = {name: folders for name, folders in shared.items() if SAME_SUBJECT_BY_LAYER.get(name) != folders}
    assert unexpected == {}, f"rename these so each name says what it is: {unexpected}"
    assert shared == SAME_SUBJECT_BY_LAYER


def test_the_names_that_collided_stay_apart() -> None:
    folders = _folders_by_name()
    for name in ("community.py", "guards.py", "links.py", "snapshot.py"):
        assert len(folders.get(name, set())) <= 1, name


def test_developer_tools_are_not_at_the_top_level() -> None:
    top = {module.name for module in PACKAGE.glob("*.py")}
    assert top == TOP_LEVEL
    assert {"bench.py", "load.py", "synthetic.py"} <= {module.name for module in (PACKAGE / "devtools").glob("*.py")}


def test_the_files_the_code_reads_ship_in_the_package() -> None:
    """The demo community and the Cypher constraints are package data, so a plain install has them."""
    declared = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    needed = [DEMO_FILE, *sorted(SCHEMA_DIR.glob("*.cypher"))]
    assert len(needed) >= 3
    for path in needed:
        assert path.is_file() and PACKAGE in path.parents, path
        shipped = [
            package for package, patterns in declared.items()
            if (folder := PACKAGE.parent / package.replace(".", "/")) in path.parents
            and any(fnmatch(path.relative_to(folder).as_posix(), pattern) for pattern in patterns)
        ]  # fmt: skip
        assert shipped, f"{path} is not declared as package data in pyproject.toml"
