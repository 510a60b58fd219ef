"""Which parts of a document were kept: everything not marked kept is reported, by JSON path."""

from __future__ import annotations

from typing import Any

NO_PLACE = "netmap has no place for it"


class Tracker:
    """Marks paths of a document kept (or lost, with a reason) and lists what was not kept.

    A subtree none of whose values was kept is reported once, at its root; empty values
    carry nothing and are never reported.
    """

    def __init__(self) -> None:
        self.kept: set[str] = set()
        self.reasons: dict[str, str] = {}
        self.roots: list[tuple[Any, str]] = []

    def keep(self, path: str) -> None:
        self.kept.add(path)

    def lose(self, path: str, reason: str) -> None:
        self.reasons[path] = reason

    def unkept(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        seen: set[str] = set()
        for value, path in self.roots:
            if path not in seen:
                seen.add(path)
                self._walk(value, path, found)
        return found

    def _under(self, paths: set[str] | dict[str, str], path: str) -> bool:
        return any(p.startswith(path + ".") or p.startswith(path + "[") for p in paths)

    def _reason(self, path: str) -> str:
        while path:
            if path in self.reasons:
                return self.reasons[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return NO_PLACE

    def _walk(self, value: Any, path: str, found: list[tuple[str, str]]) -> None:
        if path in self.kept or value is None or value == "" or value == [] or value == {}:
            return
        if isinstance(value, (dict, list)):
            if not self._under(self.kept, path) and not self._under(self.reasons, path):
                found.append((path, self._reason(path)))
                return
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, child in items:
                self._walk(child, f"{path}.{key}" if isinstance(value, dict) else f"{path}[{key}]", found)
            return
        found.append((path, self._reason(path)))
