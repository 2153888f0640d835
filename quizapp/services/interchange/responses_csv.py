"""CSV exports, streamed row by row so memory does not grow with the number of responses."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import func, select

from ...extensions import db
from ...models import (
    Participant,
    Question,
    QuestionRevision,
    Reading,
    Response,
    ResponseRevision,
    Seminar,
)

RESPONSE_COLUMNS = ["session_code", "student", "reading", "question_id", "kind", "round",
                    "answer", "answer_text", "correct", "stance", "answered_at", "updated_at",
                    "revisions"]
CHUNK_CHARS = 64 * 1024  # memory stays bounded by this, not by the number of rows
# Excel reads a CSV without a byte-order mark in the machine's legacy code page: accented
# names would come out as mojibake. Every CSV download starts with it.
BOM = "\ufeff"
FORMULA_CHARS = frozenset("=+-@")
# Not changed into one of the above by NFKC, but read as a sign by some spreadsheets.
LOOKALIKES = frozenset("\u2212\u2796\u2795\ufe63\ufe62\uff0d\uff0b\uff1d\uff20\ufe66\ufe6b")


def _blank(ch: str) -> bool:
    # Spaces of every kind (NBSP included), tabs, line breaks and invisible format characters
    # (zero-width space, joiners, BOM): a spreadsheet skips them before reading a formula.
    return ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp")


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet could read this cell as a formula (or a DDE command)."""
    if text[:1] in ("\t", "\r"):
        return True  # a leading tab or carriage return is itself a known injection prefix
    for ch in text:
        if _blank(ch):
            continue
        return ch in FORMULA_CHARS or ch in LOOKALIKES or \
            unicodedata.normalize("NFKC", ch)[:1] in FORMULA_CHARS
    return False


def safe_cell(value: Any) -> str:
    """Neutralise spreadsheet formula injection: a leading quote makes it plain text.

    Also after leading spaces, NBSP or zero-width characters, and for the full-width and
    small look-alikes of = + - @ (＝ ＋ － ＠), which spreadsheets may read as the real ones."""
    if value is None:
        return ""
    text = str(value)
    if starts_formula(text):
        return "'" + text
    return text


def csv_lines(header: list[str], rows: Iterable[Iterable[Any]],
              chunk_chars: int = CHUNK_CHARS) -> Iterator[str]:
    """The CSV text in pieces of about ``chunk_chars``: the header at once, then many rows a
    piece (one piece per row meant one socket write per row: 8 s for 100,000 rows)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield BOM + buffer.getvalue()
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
                   Response.created_at, Response.updated_at, revisions, Response.revision_id)
            .join(Participant, Participant.id == Response.participant_id)
            .join(Question, Question.id == Response.question_id)
            .join(Reading, Reading.id == Question.reading_id)
            .where(Response.seminar_id == seminar.id)
            .order_by(Response.created_at, Response.id)
            .execution_options(yield_per=batch))
    texts = _ChoiceTexts()
    for name, slug, key, kind, round_, answer, correct, stance, created, updated, n, rev in \
            db.session.execute(stmt):
        yield [seminar.code, name, slug, key, kind, round_, answer,
               texts.label(rev, answer) if kind == "mc" else answer,
               "" if correct is None else ("true" if correct else "false"),
               "" if stance is None else stance,
               created.isoformat(timespec="seconds") + "Z",
               updated.isoformat(timespec="seconds") + "Z", n or (1 if kind == "mc" else 0)]


class _ChoiceTexts:
    """The wording of chosen choices, as the student saw it (the answered revision); each
    revision is read once per export, not once per row."""

    def __init__(self) -> None:
        self._by_revision: dict[int, dict[str, str]] = {}

    def label(self, revision_id: int, answer: str) -> str:
        texts = self._by_revision.get(revision_id)
        if texts is None:
            revision = db.session.get(QuestionRevision, revision_id)
            texts = {str(c["id"]): str(c.get("text", "")) for c in
                     (revision.choices if revision is not None else [])}
            self._by_revision[revision_id] = texts
        return "; ".join(texts.get(cid, cid) for cid in answer.split("|") if cid)
