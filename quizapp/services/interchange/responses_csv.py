"""CSV exports, streamed row by row so memory does not grow with the number of responses."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import func, select

from ...extensions import db
from ...models import Participant, Question, Reading, Response, ResponseRevision, Seminar

RESPONSE_COLUMNS = ["session_code", "student", "reading", "question_id", "kind", "round",
                    "answer", "correct", "stance", "answered_at", "updated_at", "revisions"]
CHUNK_CHARS = 64 * 1024  # memory stays bounded by this, not by the number of rows
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """Neutralise spreadsheet formula injection: a leading quote makes it plain text."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_lines(header: list[str], rows: Iterable[Iterable[Any]],
              chunk_chars: int = CHUNK_CHARS) -> Iterator[str]:
    """The CSV text in pieces of about ``chunk_chars``: the header at once, then many rows a
    piece (one piece per row meant one socket write per row: 8 s for 100,000 rows)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        if buffer.tell() >= chunk_chars:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def response_rows(seminar: Seminar, batch: int = 2000) -> Iterator[list[Any]]:
    # Counted per row through the response_id index: a grouped subquery was built over every
    # revision in the database (materialised in memory by SQLite) on each export.
    revisions = (select(func.count(ResponseRevision.id))
                 .where(ResponseRevision.response_id == Response.id)
                 .correlate(Response).scalar_subquery())
    stmt = (select(Participant.display_name, Reading.slug, Question.key, Response.kind,
                   Response.round, Response.answer, Response.correct, Response.stance,
                   Response.created_at, Response.updated_at, revisions)
            .join(Participant, Participant.id == Response.participant_id)
            .join(Question, Question.id == Response.question_id)
            .join(Reading, Reading.id == Question.reading_id)
            .where(Response.seminar_id == seminar.id)
            .order_by(Response.created_at, Response.id)
            .execution_options(yield_per=batch))
    for name, slug, key, kind, round_, answer, correct, stance, created, updated, n in \
            db.session.execute(stmt):
        yield [seminar.code, name, slug, key, kind, round_, answer,
               "" if correct is None else ("true" if correct else "false"),
               "" if stance is None else stance,
               created.isoformat(timespec="seconds") + "Z",
               updated.isoformat(timespec="seconds") + "Z", n or (1 if kind == "mc" else 0)]
