"""The gradebook as CSV: quizapp's own columns, and a file Moodle's grade import reads
(docs/gradebook.md). Column names are ids and stay English."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from ..feedback.gradebook import GradeRow
from .responses_csv import safe_cell

GRADEBOOK_COLUMNS = ["student_code", "student", "sessions_attended", "checks_answered",
                     "checks_right", "score_percent", "discussion_answers", "marks_given",
                     "marks_total", "marks_possible", "marks_percent"]
# Moodle: "Import > CSV file", identify users by mapping "ID number" to the user field
# idnumber; each other column maps to a grade item (or "new grade item").
MOODLE_COLUMNS = ["ID number", "Full name", "quizapp check score", "quizapp marks",
                  "quizapp discussion answers"]


def _blank(value: int | None) -> str:
    return "" if value is None else str(value)


def gradebook_rows(rows: Iterable[GradeRow]) -> Iterator[list[str]]:
    for r in rows:
        yield [r.key, safe_cell(r.name), str(r.sessions_attended), str(r.checks_answered),
               str(r.checks_right), _blank(r.score_percent), str(r.discussion_answers),
               str(r.marks_given), str(r.marks_total), str(r.marks_possible),
               _blank(r.marks_percent)]


def moodle_rows(rows: Iterable[GradeRow]) -> Iterator[list[str]]:
    """Grades only from figures the student can see: the check score and released marks."""
    for r in rows:
        yield [r.key, safe_cell(r.name), _blank(r.score_percent), str(r.released_marks_total),
               str(r.discussion_answers)]


def to_csv(columns: list[str], rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def gradebook_file(rows: Iterable[GradeRow]) -> str:
    return to_csv(GRADEBOOK_COLUMNS, gradebook_rows(rows))


def moodle_file(rows: Iterable[GradeRow]) -> str:
    return to_csv(MOODLE_COLUMNS, moodle_rows(rows))
