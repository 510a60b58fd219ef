"""The Open Referral UK 3.0 profile's JSON Schemas and examples, read from the folder beside
the project (``../shared/openreferral-uk-3.0``), for validating what netmap sends."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

FOLDER = Path(__file__).resolve().parents[2].parent / "shared" / "openreferral-uk-3.0"
BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
"""Where the profile's OpenAPI description says its schemas live; the files are registered there."""

needs_profile = pytest.mark.skipif(
    not (FOLDER / "schema").is_dir(),
    reason=f"the ORUK 3.0 profile's schemas are not beside the project ({FOLDER})",
)


def registry() -> Registry:
    files = sorted((FOLDER / "schema").rglob("*.json"))
    return Registry().with_resources(
        (BASE + f.relative_to(FOLDER / "schema").as_posix(),
         Resource.from_contents(json.loads(f.read_text()), default_specification=DRAFT202012))
        for f in files
    )  # fmt: skip


def validator(ref: str) -> Draft202012Validator:
    """A validator of the schema at ``ref`` (relative to the profile's schema folder), formats asserted."""
    return Draft202012Validator({"$ref": BASE + ref}, registry=registry(), format_checker=FormatChecker())


def response_schema(path: str) -> str:
    """The ref of the OpenAPI description's 200 response of ``path``."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    return f"openapi.json#/paths/{pointer}/get/responses/200/content/application~1json/schema"


def problems(ref: str, document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(ref).iter_errors(document)]


def example(name: str) -> Any:
    return json.loads((FOLDER / "examples" / name).read_text())
