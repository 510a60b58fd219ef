"""The compose file refuses a database password Neo4j 5 would refuse (under 8
characters) before Neo4j starts, with a message saying why."""

from __future__ import annotations

import os
import subprocess

import yaml

from support.paths import REPO


def _compose() -> dict[str, dict[str, dict[str, object]]]:
    found: dict[str, dict[str, dict[str, object]]] = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    return found


def _check(password: str) -> subprocess.CompletedProcess[str]:
    """The password check's own command, as the container's shell runs it."""
    entrypoint = _compose()["services"]["password-check"]["entrypoint"]
    assert isinstance(entrypoint, list)
    shell, flag, script = entrypoint
    env = {**os.environ, "NETMAP_PASSWORD": password}
    return subprocess.run([shell, flag, script.replace("$$", "$")], env=env, capture_output=True, text=True, timeout=30)


def test_a_short_password_stops_compose_before_neo4j_starts() -> None:
    short, enough = _check("1234567"), _check("12345678")
    assert short.returncode == 1 and "8 characters or more" in short.stderr
    assert enough.returncode == 0
    assert _compose()["services"]["neo4j"]["depends_on"] == {
        "password-check": {"condition": "service_completed_successfully"}
    }


def test_an_unset_password_is_refused_by_compose_itself() -> None:
    services = _compose()["services"]
    for service in ("password-check", "neo4j"):
        environment = services[service]["environment"]
        assert isinstance(environment, dict)
        assert any(":?" in str(value) and "8 characters" in str(value) for value in environment.values())
