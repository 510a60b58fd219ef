"""The Python versions netmap says it needs are the ones it runs on, and `make`
stops at once, before installing anything, when it finds none of them."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

from support.paths import REPO


def _make(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-s", f"VENV={tmp_path / 'venv'}", *options, str(tmp_path / "venv" / ".installed")],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_make_names_the_version_it_needs_and_the_one_it_found(tmp_path: Path) -> None:
    old = tmp_path / "python"
    old.write_text('#!/bin/sh\n[ "$1" = --version ] && echo "Python 3.10.12" && exit 0\nexit 1\n')
    old.chmod(0o755)

    given = _make(tmp_path, f"PYTHON={old}")

    assert given.returncode != 0
    assert "needs Python 3.11 or newer" in given.stdout and "Python 3.10.12" in given.stdout
    assert not (tmp_path / "venv").exists(), "nothing was installed"

    none = _make(tmp_path, "SUPPORTED=python3.0-not-here")
    assert none.returncode != 0
    assert "none of python3.0-not-here runs here" in none.stdout


def test_the_declared_requirement_is_the_one_the_makefile_and_readme_state() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    assert "Python ≥ 3.11" in (REPO / "README.md").read_text()
    assert "sys.version_info >= (3, 11)" in (REPO / "Makefile").read_text()
