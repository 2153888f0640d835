"""The course file's fields (what _course.yaml holds: title, description, the vocabulary of
misconceptions, the timeline, the perspectives) edited in the browser, entry by entry.

One way in, one set of rules: the edited course is written as a course file and checked by
content.schema (`check_course_text`, and `check_across` against the course's readings, e.g. a
timeline event naming a reading the course lacks, or a tag still used by a question), exactly
as `check-questions` checks _course.yaml. A course file with errors is not saved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...content.checker import COURSE_FILE
from ...content.document import Path_, placed_problems, to_yaml
from ...content.loader import course_data
from ...content.schema import check_across, check_course_text
from ...content.specs import ContentSet, CourseSpec, Problem, content_hash
from ...models import Course
from .editing import reading_specs

PARTS = ("misconceptions", "timeline", "perspectives")


class CourseConflict(Exception):
    """The form was loaded from an older state of the course than the one saved now."""


@dataclass
class CourseChecked:
    spec: CourseSpec | None
    problems: list[Problem]
    # Each problem with the path of the field it is about, e.g. ("timeline", 2, "date");
    # () for problems about the course as a whole or about one of its readings.
    placed: list[tuple[Path_, str]]

    @property
    def ok(self) -> bool:
        return not self.problems


def course_document(course: Course) -> dict[str, Any]:
    """The course as a course file's fields (translations stay in the database as they are)."""
    data = course.data or {}
    return {"title": course.title, "description": data.get("description") or "",
            **{part: [dict(entry) for entry in data.get(part) or []] for part in PARTS}}


def _reading_problems(course: Course, spec: CourseSpec) -> list[Problem]:
    merged = ContentSet(spec, reading_specs(course), [])
    check_across(merged)
    return merged.problems


def check_course_document(course: Course, document: dict[str, Any]) -> CourseChecked:
    """The rules of `check-questions` on the edited course file, against the course's
    readings."""
    text = to_yaml(document)
    spec, problems = check_course_text(text, COURSE_FILE)
    others: list[Problem] = []
    if spec is not None:
        found = _reading_problems(course, spec)
        problems = problems + [p for p in found if p.path == COURSE_FILE]
        # Problems in the readings that this edit causes (a tag removed that a question
        # still uses), not those the readings had already.
        before_spec, _ = check_course_text(to_yaml(course_document(course)), COURSE_FILE)
        known = {str(p) for p in _reading_problems(course, before_spec)} if before_spec \
            else set()
        others = [p for p in found if p.path != COURSE_FILE and str(p) not in known]
    own = placed_problems(text, problems)
    return CourseChecked(spec, problems + others,
                         own + [((), f"{p.path}: {p.message}") for p in others])


def save_course_document(course: Course, document: dict[str, Any], base: str
                         ) -> CourseChecked:
    """Check and, when it passes, save the course file's fields (the caller commits). Raises
    CourseConflict when ``base`` (the fingerprint the form was loaded with) is stale."""
    if base != course.content_hash:
        raise CourseConflict()
    checked = check_course_document(course, document)
    if checked.ok and checked.spec is not None:
        data = course_data(checked.spec)
        if (course.data or {}).get("translations"):
            data["translations"] = course.data["translations"]
        course.title, course.data, course.content_hash = \
            checked.spec.title, data, content_hash(data)
        course.edited_in_browser = True
    return checked
