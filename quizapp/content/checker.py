"""Reading typed fields out of parsed YAML while collecting problems with their lines."""

from __future__ import annotations

import re
from typing import Any

from .specs import Problem
from .yamlsrc import LineDict, LineList

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
COURSE_FILE = "_course.yaml"

# Length limits keep pages sane and database columns honest.
MAX_SHORT = 300
MAX_TEXT = 4000


class _Checker:
    """Collects problems for one file while reading typed fields out of it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def mapping(self, value: Any, line: int | None, what: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.problem(line, f"{what} must be a mapping (key: value lines)")
        return None

    def seq(self, container: LineDict, key: str, what: str, required: bool = True) -> LineList:
        value = container.get(key)
        if value is None:
            if required:
                self.problem(container.line, f"{what}: missing '{key}'")
            empty = LineList()
            empty.line, empty.item_lines = container.line, []
            return empty
        if not isinstance(value, LineList):
            self.problem(container.line_of(key), f"{what}: '{key}' must be a list")
            empty = LineList()
            empty.line, empty.item_lines = container.line_of(key), []
            return empty
        return value

    def text(self, container: LineDict, key: str, what: str, *, required: bool = True,
             max_len: int = MAX_TEXT) -> str:
        value = container.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(container.line_of(key) if key in container else container.line,
                             f"{what}: missing or empty '{key}'")
            return ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.problem(container.line_of(key), f"{what}: '{key}' must be text")
            return ""
        value = value.strip()
        if len(value) > max_len:
            self.problem(container.line_of(key),
                         f"{what}: '{key}' is {len(value)} characters, the limit is {max_len}")
        return value

    def ident(self, container: LineDict, key: str, what: str) -> str:
        value = self.text(container, key, what, max_len=80)
        if value and not ID_RE.match(value):
            self.problem(container.line_of(key),
                         f"{what}: '{key}' {value!r} must use only a-z, 0-9 and '-'")
        return value

    def flag(self, container: LineDict, key: str, what: str) -> bool:
        value = container.get(key, False)
        if not isinstance(value, bool):
            self.problem(container.line_of(key), f"{what}: '{key}' must be true or false")
            return False
        return value

    def str_list(self, container: LineDict, key: str, what: str, required: bool = False
                 ) -> list[str]:
        items = self.seq(container, key, what, required=required)
        out: list[str] = []
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                self.problem(items.line_of(i), f"{what}: '{key}' item {i + 1} must be text")
            else:
                out.append(item.strip())
        return out

    def unknown_keys(self, container: LineDict, allowed: set[str], what: str) -> None:
        for key in container:
            if key not in allowed:
                self.problem(container.line_of(key), f"{what}: unknown field '{key}'")
