"""Reading a whole community from a data file (the demo community in ``data/demo.yaml``, package data).

The file is validated whole before anything is written, with every problem
reported by its place in the file; ``netmap.store.community_load`` then writes
it in one transaction. Ids are derived from the file's keys, so loading the
same file twice gives the same store as loading it once.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.inputs import (
    OrganisationInput,
    ParticipationInput,
    PersonInput,
    TieInput,
    validated,
)
from netmap.domain.community_records import CONSENT_FIELDS, Community, date_of
from netmap.domain.valid_time import Period
from netmap.interchange.community_file_groups import missing_key, read_activity_sections

NAMESPACE = uuid.UUID("5b0e8a52-8f43-4b8e-9d6c-6a7d3c2f1e90")
DEMO_FILE = Path(str(resources.files("netmap.interchange") / "data" / "demo.yaml"))
"""The demo community, shipped in the package (an installed wheel has it too)."""


def stable_id(*parts: object) -> str:
    """The same id for the same key in the same file, on every load."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def person_id_of_key(key: str) -> str:
    """The id of the person imported with this key (docs/csv-import.md, "Keys and ids")."""
    return stable_id(PersonInput.__name__, key)


def organisation_id_of_key(key: str) -> str:
    """The id of the organisation imported with this key."""
    return stable_id(OrganisationInput.__name__, key)


class _Reader:
    """Validates a parsed community file, collecting every problem."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.problems: list[Problem] = []
        self.people: dict[str, str] = {}
        self.organisations: dict[str, str] = {}

    def read(self) -> Community:
        community = Community(recorded_by=str(self.data.get("recorded_by") or "seed"))
        for where, row in self._rows("organisations"):
            if (model := self._model(OrganisationInput, where, row, self.organisations)) is not None:
                community.organisations.append(
                    {**model.model_dump(mode="json"), "id": self.organisations[row["key"]], "key": row["key"],
                     "given": _given(row)}
                )  # fmt: skip
        default_consent = self.data.get("default_consent")
        for where, row in self._rows("people"):
            if isinstance(row, dict) and default_consent is not None:
                row = {"consent": default_consent, **row}
            if (model := self._model(PersonInput, where, row, self.people)) is not None:
                values = model.model_dump(mode="json")
                consent = values.pop("consent")
                consent = consent or {}
                community.people.append(
                    {
                        **values,
                        "id": self.people[row["key"]],
                        "key": row["key"],
                        "given": _given(row),
                        "consent_mapped": bool(consent.get("mapped")),
                        "consent_organisers": bool(consent.get("show_to_organisers")),
                        "consent_aggregates": bool(consent.get("use_in_aggregates")),
                    }
                )
        community.ties = self._links("ties", TieInput, {"person": "person_id", "other": "other_id"})
        community.participations = self._links(
            "participations",
            ParticipationInput,
            {"person": "person_id", "organisation": "organisation_id"},
        )
        self._refuse_overlaps(community)
        community.groups = read_activity_sections(self.data, self.people, self.organisations, self.problems)
        if self.problems:
            raise InvalidInput(self.problems)
        return community

    def _rows(self, section: str) -> list[tuple[str, dict[str, Any]]]:
        rows = self.data.get(section) or []
        if not isinstance(rows, list):
            self.problems.append(Problem(section, "INVALID_INPUT", "must be a list"))
            return []
        return [(f"{section}[{i}]", row) for i, row in enumerate(rows)]

    def _model(
        self, model: type[BaseModel], where: str, row: Any, keys: dict[str, str] | None = None
    ) -> BaseModel | None:
        if not isinstance(row, dict):
            self.problems.append(Problem(where, "INVALID_INPUT", "must be a mapping"))
            return None
        fields = dict(row)
        if keys is not None:
            key = fields.pop("key", None)
            if not isinstance(key, str) or not key:
                self.problems.append(Problem(f"{where}.key", "EMPTY", "every row needs a key"))
                return None
            if key in self.people or key in self.organisations:
                self.problems.append(Problem(f"{where}.key", "DUPLICATE_KEY", f"{key!r} is used twice"))
                return None
            keys[key] = stable_id(model.__name__, key)
        try:
            return validated(model, fields)
        except InvalidInput as exc:
            self.problems.extend(
                Problem(f"{where}.{p.field}", p.code, p.message) for p in exc.problems
            )
            return None

    def _links(
        self, section: str, model: type[BaseModel], ends: dict[str, str]
    ) -> list[dict[str, Any]]:
        rows = []
        for where, row in self._rows(section):
            if not isinstance(row, dict):
                self.problems.append(Problem(where, "INVALID_INPUT", "must be a mapping"))
                continue
            fields = {k: v for k, v in row.items() if k not in ends}
            found = True
            for key_field, id_field in ends.items():
                table = self.organisations if key_field == "organisation" else self.people
                key = row.get(key_field)
                if key in table:
                    fields[id_field] = table[key]
                    continue
                found = False
                fields[id_field] = f"?{key_field}"  # a stand-in, so the row's other fields are still checked
                self.problems.append(missing_key(f"{where}.{key_field}", key))
            checked = self._model(model, where, fields)
            if checked is not None and found:
                values = checked.model_dump(mode="json")
                identity = [values[f] for f in ends.values()]
                identity += [values.get("kind") or values.get("role"), values["since"]]
                given = [f for f in row if f not in ends]
                rows.append({**values, "id": stable_id(section, *identity), "where": where, "given": given})
        return rows

    def _refuse_overlaps(self, community: Community) -> None:
        for section, rows, group in (
            ("ties", community.ties, ("kind",)),
            ("participations", community.participations, ("role", "organisation_id")),
        ):
            seen: dict[tuple[Any, ...], list[tuple[Period, str]]] = defaultdict(list)
            for row in rows:
                pair = (
                    tuple(sorted((row["person_id"], row["other_id"])))
                    if section == "ties"
                    else (row["person_id"],)
                )
                period = Period(date_of(row["since"]), date_of(row["until"]))
                key = (*pair, *(row[g] for g in group))
                for other, other_where in seen[key]:
                    if other.overlaps(period):
                        self.problems.append(
                            Problem(row["where"], "DUPLICATE_" + section[:-1].upper(), f"overlaps {other_where}")
                        )
                seen[key].append((period, row["where"]))


def _given(row: dict[str, Any]) -> list[str]:
    """The stored fields a person's or organisation's entry gives a value for (not left out)."""
    fields = [f for f in row if f != "key"]
    return [c for f in fields for c in (CONSENT_FIELDS if f == "consent" else (f,))]


def read_community(path: Path) -> Community:
    """Parse and validate a community file; raise InvalidInput listing every problem."""
    try:
        data = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        raise InvalidInput([Problem(str(path), "INVALID_INPUT", f"not valid YAML: {exc}")]) from None
    if not isinstance(data, dict):
        raise InvalidInput([Problem(str(path), "INVALID_INPUT", "the file must hold a mapping")])
    return community_of(data)


def community_of(data: dict[str, Any]) -> Community:
    """Validate a parsed community document (from a YAML file, or from CSV rows).

    Raises InvalidInput listing every problem by its place in the document
    (``ties[3].until``), so each source can say where that is for its users.
    """
    return _Reader(data).read()
