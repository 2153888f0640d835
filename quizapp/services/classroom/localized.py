"""The course in the reader's language: translated text over the English rows.

Translations are stored beside the English text (Reading.body, QuestionRevision.data and
Course.data under "translations", see quizapp.content.translations). These read-only views
show a reading, a question revision or the course in one language and fall back to English
wherever a translation is missing; everything else (ids, correct answers, misconception tags)
is the English row itself, so grading and analytics never depend on the language.
Only the pages pass them to templates: services and forms keep working on the rows.
"""

from __future__ import annotations

from typing import Any

from ...content.translations import merge_by_id
from ...models import Course, Question, QuestionRevision, Reading, Response


class _View:
    """Attributes of the wrapped row, except the translated ones defined by a subclass."""

    def __init__(self, row: Any, language: str) -> None:
        self._row = row
        self._language = language

    def __getattr__(self, name: str) -> Any:
        return localized(getattr(self._row, name), self._language)

    def __eq__(self, other: object) -> bool:
        return self._row == (other._row if isinstance(other, _View) else other)

    def __hash__(self) -> int:
        return hash(self._row)


class LocalizedReading(_View):
    @property
    def _tr(self) -> dict[str, Any]:
        return (self._row.body.get("translations") or {}).get(self._language) or {}

    @property
    def title(self) -> str:
        return self._tr.get("title") or self._row.title

    @property
    def description(self) -> str:
        return self._tr.get("description") or self._row.description

    @property
    def publication(self) -> str:
        return self._tr.get("publication") or self._row.publication

    @property
    def author(self) -> str:
        return self._tr.get("author") or self._row.author

    @property
    def date_text(self) -> str:
        return self._tr.get("date") or self._row.date_text

    @property
    def sections(self) -> list[dict[str, Any]]:
        return merge_by_id(self._row.sections, self._tr.get("summary") or [])

    @property
    def key_points(self) -> list[str]:
        return self._tr.get("key_points") or self._row.key_points

    @property
    def key_terms(self) -> list[dict[str, Any]]:
        return merge_by_id(self._row.key_terms, self._tr.get("key_terms") or [])

    def section_heading(self, anchor: str | None) -> str:
        for section in self.sections:
            if section["id"] == anchor:
                return section["heading"]
        return self._row.section_heading(anchor)


class LocalizedRevision(_View):
    @property
    def _tr(self) -> dict[str, Any]:
        return (self._row.data.get("translations") or {}).get(self._language) or {}

    @property
    def prompt(self) -> str:
        return self._tr.get("prompt") or self._row.prompt

    @property
    def explanation(self) -> str:
        return self._tr.get("explanation") or self._row.explanation

    @property
    def stance(self) -> dict[str, Any] | None:
        english = self._row.stance
        if english is None:
            return None
        return {**english, **(self._tr.get("stance") or {})}

    @property
    def choices(self) -> list[dict[str, Any]]:
        """The English choices (ids, correctness, tags) with the translated text and feedback."""
        texts = {c["id"]: c for c in self._tr.get("choices", [])}
        return [{**c, **{k: v for k, v in texts.get(c["id"], {}).items() if k != "id" and v}}
                for c in self._row.choices]

    def choice(self, choice_id: str) -> dict[str, Any] | None:
        return next((c for c in self.choices if c["id"] == choice_id), None)


class LocalizedCourse(_View):
    @property
    def _tr(self) -> dict[str, Any]:
        return (self._row.data.get("translations") or {}).get(self._language) or {}

    @property
    def title(self) -> str:
        return self._tr.get("title") or self._row.title

    @property
    def description(self) -> str:
        return self._tr.get("description") or self._row.data.get("description", "")

    @property
    def misconceptions(self) -> dict[str, dict[str, str]]:
        merged = merge_by_id(list(self._row.misconceptions.values()),
                             self._tr.get("misconceptions", []), key="tag")
        return {m["tag"]: m for m in merged}

    @property
    def timeline(self) -> list[dict[str, Any]]:
        return merge_by_id(self._row.data.get("timeline", []), self._tr.get("timeline", []))

    @property
    def perspectives(self) -> list[dict[str, Any]]:
        texts = {p["id"]: p for p in self._tr.get("perspectives", [])}
        out = []
        for theme in self._row.data.get("perspectives", []):
            tr = texts.get(theme["id"], {})
            views = {v["reading"]: v["text"] for v in tr.get("views", [])}
            out.append({**theme, **{k: tr[k] for k in ("title", "question", "agreement")
                                    if tr.get(k)},
                        "views": [{**v, "text": views.get(v["reading"]) or v["text"]}
                                  for v in theme["views"]]})
        return out


class LocalizedQuestion(_View):
    """A question whose current revision (and reading) read in the language."""


class LocalizedResponse(_View):
    """A response whose revision (and question) read in the language."""


_VIEWS: dict[type, type[_View]] = {
    Reading: LocalizedReading, QuestionRevision: LocalizedRevision, Course: LocalizedCourse,
    Question: LocalizedQuestion, Response: LocalizedResponse,
}


def localized(value: Any, language: str) -> Any:
    """`value` as read in `language`: a row (or a list of rows) of the course wrapped in its
    view; anything else as it is. English rows need no view: the text is English."""
    if language == "en" or value is None:
        return value
    if isinstance(value, _View):
        return value
    view = _VIEWS.get(type(value))
    if view is not None:
        return view(value, language)
    if isinstance(value, list) and value and type(value[0]) in _VIEWS:
        return [localized(v, language) for v in value]
    return value


def has_translation(reading: Reading, language: str) -> bool:
    return language in (reading.body.get("translations") or {})
