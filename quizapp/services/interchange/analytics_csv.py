"""CSV downloads of the analytics: item analysis, student report and notes.

Text cells go through export.safe_cell (formula injection); numbers stay numbers, so that a
negative discrimination index is still a number in a spreadsheet, not the text "'-0.2".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from ...models import Note, Reading
from ..analytics.analysis import Analysis
from ..analytics.discuss import item_right
from ..analytics.student_reports import StudentReport
from ..review import figures
from .responses_csv import BOM, safe_cell

ITEM_COLUMNS = [
    "scope", "reading", "row", "question_id", "section", "students", "answered",
    "facility", "facility_low_95", "facility_high_95", "sd", "discrimination",
    "discriminative_efficiency", "mean_total", "cronbach_alpha", "error_ratio_percent",
    "standard_error", "small_class", "right", "right_percent",
]
NOTE_COLUMNS = ["session_code", "note_id", "kind", "author", "student", "question_id",
                "response_id", "created_at", "updated_at", "body"]


def _cell(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return safe_cell(value)


def csv_text_lines(header: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    yield BOM + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_cell(v) for v in row])
        yield buffer.getvalue()


def _num(value: float | None, places: int = 4) -> float | str:
    return "" if value is None else round(value, places)


def _percent(share: figures.Share) -> int | str:
    return "" if share.percent is None else share.percent


def _stamp(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") + "Z" if value else ""


def item_rows(analysis: Analysis, scope: str) -> Iterator[list[Any]]:
    for check in analysis.checks:
        s = check.stats
        yield [scope, check.reading.slug, "check", "", "", s.n, "", "", "", "", _num(s.sd), "",
               "", _num(s.mean), _num(s.alpha), _num(s.error_ratio, 2),
               _num(s.standard_error), "yes" if s.small else "no", "", ""]
        for report in check.questions:
            i = report.item
            right = item_right(report)  # the pages' "right, of those who answered"
            yield [scope, check.reading.slug, "question", report.question.key,
                   report.section or "", i.n, i.answered, _num(i.facility),
                   _num(i.facility_low), _num(i.facility_high), _num(i.sd),
                   _num(i.discrimination), _num(i.efficiency), "", "", "", "",
                   "yes" if i.small else "no", right.part, _percent(right)]


def student_columns(readings: list[Reading]) -> list[str]:
    columns = ["session_code", "student", "joined_at"]
    for reading in readings:
        columns += [f"{reading.slug}_right", f"{reading.slug}_answered",
                    f"{reading.slug}_questions", f"{reading.slug}_score_percent"]
    return columns + ["total_right", "total_answered", "total_questions", "score_percent",
                      "misconceptions", "discussion_answers", "notes"]


def student_rows(code: str, reports: list[StudentReport]) -> Iterator[list[Any]]:
    for report in reports:
        row: list[Any] = [code, report.participant.display_name,
                          _stamp(report.participant.joined_at)]
        for progress in report.progress:
            row += [progress.mc_correct, progress.mc_answered, progress.mc_total,
                    _percent(figures.score([progress]))]
        held = "; ".join(f"{m.label} ({', '.join(q.key for q in m.questions)})"
                         for m in report.misconceptions)
        notes = "\n".join(f"[{n.kind}, {n.author.username}, {_stamp(n.created_at)}] {n.body}"
                          for n in report.notes)
        # The same figures as the pages: score = right / answered, answered / questions.
        score, done = figures.score(report.progress), figures.answered(report.progress)
        yield row + [score.part, done.part, done.whole, _percent(score), held,
                     len(report.discussion), notes]


def note_rows(code: str, notes: list[Note]) -> Iterator[list[Any]]:
    for note in notes:
        yield [code, note.id, note.kind, note.author.username,
               note.participant.display_name if note.participant else "",
               note.question.key if note.question else "", note.response_id or "",
               _stamp(note.created_at), _stamp(note.updated_at), note.body]
