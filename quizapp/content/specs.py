"""Validated content, as plain dataclasses the loader and the tests work from."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}"


@dataclass
class ChoiceSpec:
    id: str
    text: str
    feedback: str
    correct: bool = False
    misconception: str | None = None


@dataclass
class McSpec:
    id: str
    prompt: str
    section: str
    explanation: str
    choices: list[ChoiceSpec]
    multiple: bool = False
    compares: list[str] = field(default_factory=list)
    line: int = 0
    # language -> {prompt, explanation, choices: [{id, text, feedback}]}
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Item-writing warnings silenced on purpose: rule -> the reason (content/itemwriting.py).
    silence: dict[str, str] = field(default_factory=dict)

    def revision_data(self) -> dict[str, Any]:
        # Without the translations: they are text over this structure, and a translation
        # added or corrected must not make a new revision (see loader._load_question).
        data = {
            "multiple": self.multiple,
            "section": self.section,
            "explanation": self.explanation,
            "compares": self.compares,
            "choices": [asdict(c) for c in self.choices],
        }
        if self.silence:  # only when set: existing questions keep their content hashes
            data["silence"] = dict(self.silence)
        return data


@dataclass
class DiscussionSpec:
    id: str
    prompt: str
    section: str | None = None
    compares: list[str] = field(default_factory=list)
    stance: dict[str, Any] | None = None
    line: int = 0
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)

    def revision_data(self) -> dict[str, Any]:
        return {"section": self.section, "compares": self.compares, "stance": self.stance}


@dataclass
class ReadingSpec:
    path: str
    slug: str
    title: str
    original_title: str
    publication: str
    author: str
    date: str
    source_file: str
    description: str
    summary: list[dict[str, str]]
    key_points: list[str]
    key_terms: list[dict[str, Any]]
    questions: list[McSpec]
    discussion: list[DiscussionSpec]
    # language -> {title, description, summary, key_points, key_terms[, publication, ...]}
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "summary": self.summary,
            "key_points": self.key_points,
            "key_terms": self.key_terms,
            "source_file": self.source_file,
        }
        if self.translations:
            body["translations"] = self.translations
        return body

    @property
    def section_ids(self) -> set[str]:
        return {s["id"] for s in self.summary}


@dataclass
class CourseSpec:
    path: str
    title: str
    description: str
    misconceptions: list[dict[str, str]]
    timeline: list[dict[str, Any]]
    perspectives: list[dict[str, Any]]
    reading_order: list[str] = field(default_factory=list)
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def vocabulary(self) -> set[str]:
        return {m["tag"] for m in self.misconceptions}


@dataclass
class ContentSet:
    course: CourseSpec | None
    readings: list[ReadingSpec]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def content_hash(*parts: Any) -> str:
    """A stable fingerprint of content, so reloading unchanged files changes nothing."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
