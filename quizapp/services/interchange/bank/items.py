"""Question items read from a GIFT or Moodle XML file, before they become a reading."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MISCONCEPTION_TAG = "misconception:"  # Moodle question tags that carry a misconception


@dataclass
class BankChoice:
    text: str
    correct: bool
    feedback: str = ""
    weight: float | None = None  # percent, as written in the file


@dataclass
class BankItem:
    kind: str  # "mc" | "essay" | "description"
    line: int
    text: str
    title: str | None = None
    format: str | None = None
    choices: list[BankChoice] = field(default_factory=list)
    multiple: bool = False
    general_feedback: str = ""
    meta: dict[str, Any] = field(default_factory=dict)  # quizapp's own comment, if any
    idnumber: str = ""  # Moodle's question idnumber ([id:...] in GIFT)
    tags: list[str] = field(default_factory=list)  # Moodle's question tags

    @property
    def misconception_tags(self) -> list[str]:
        found = [t[len(MISCONCEPTION_TAG):].strip() for t in self.tags
                 if t.lower().startswith(MISCONCEPTION_TAG)]
        return list(dict.fromkeys(t for t in found if t))


@dataclass
class BankIssue:
    line: int
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"line {self.line}: {'skipped: ' if self.skipped else ''}{self.message}"


@dataclass
class ParsedBank:
    items: list[BankItem] = field(default_factory=list)
    issues: list[BankIssue] = field(default_factory=list)
    category: str | None = None
    category_info: str = ""  # Moodle XML: the category's description
    reading: dict[str, Any] | None = None  # quizapp's reading comment, if any


class Skip(ValueError):
    """This item cannot be imported; the message says why."""
