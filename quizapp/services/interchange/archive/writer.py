"""A whole session as one JSON file, and restoring it into another installation.

The archive holds the session, its readings and every revision of their questions, the
participants (names, never their personal resume codes), summary reads, responses with their
discussion revisions, the instructors' notes, and the room's questions with their votes and
the answers approved for the answer wall (room.py). Rows refer to each other by position in the
file (``ref``) or by stable keys (reading slug, question key + revision number, username), never
by database ids, so it restores into a database whose ids differ. Times are UTC, ISO 8601.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select

from ....extensions import db
from ....models import (
    Instructor,
    Note,
    Participant,
    Question,
    QuestionRevision,
    Reading,
    Response,
    ResponseRevision,
    Seminar,
    SeminarReading,
    SeminarShare,
    SummaryRead,
    utcnow,
)
from . import feedback as feedback_part
from .check import FORMAT, VERSION, ArchiveError, validate
from .room import room_part

__all__ = ["ArchiveError", "archive_chunks", "export_archive", "read_archive"]



def _english(data: dict) -> dict:
    """Content without its translations: they come from the content files (questions/<lang>/)
    of the installation that restores, and the archive format stays as it was."""
    return {k: v for k, v in data.items() if k != "translations"}

def stamp(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="microseconds") + "Z"


def _session(seminar: Seminar) -> dict[str, Any]:
    shared = db.session.scalars(
        select(Instructor.username).join(SeminarShare, SeminarShare.instructor_id == Instructor.id)
        .where(SeminarShare.seminar_id == seminar.id).order_by(Instructor.username))
    return {
        "code": seminar.code, "title": seminar.title, "owner": seminar.owner.username,
        "pacing": seminar.pacing, "is_open": seminar.is_open,
        "created_at": stamp(seminar.created_at), "closed_at": stamp(seminar.closed_at),
        "show_names": seminar.show_names, "projector_language": seminar.projector_language,
        "shared_with": list(shared),
        # Which course's readings the keys and slugs name (restored into it if it exists).
        "course": seminar.course.slug,
    }


def _readings(seminar: Seminar) -> list[tuple[Reading, int]]:
    return list(db.session.execute(
        select(Reading, SeminarReading.position)
        .join(SeminarReading, SeminarReading.reading_id == Reading.id)
        .where(SeminarReading.seminar_id == seminar.id).order_by(SeminarReading.position)))


def _questions(seminar: Seminar, reading_ids: list[int]) -> list[Question]:
    answered = select(Response.question_id).where(Response.seminar_id == seminar.id)
    return list(db.session.scalars(
        select(Question).where(or_(Question.reading_id.in_(reading_ids),
                                   Question.id.in_(answered)))
        .order_by(Question.reading_id, Question.position, Question.id)))


def archive_chunks(seminar: Seminar, batch: int = 2000, *,
                   viewer_id: int | None = None) -> Iterator[str]:
    """The archive as JSON text in pieces: responses stream, memory stays flat.

    Everything but the responses and notes is gathered now, while the seminar is attached to
    the request's session; the rest is read when the download is streamed.
    """
    readings = _readings(seminar)
    questions = _questions(seminar, [r.id for r, _ in readings])
    slug_of = {r.id: r.slug for r, _ in readings}
    for q in questions:
        slug_of.setdefault(q.reading_id, q.reading.slug)
    revisions: dict[int, list[QuestionRevision]] = {}
    for rev in db.session.scalars(select(QuestionRevision).where(
            QuestionRevision.question_id.in_([q.id for q in questions]))
            .order_by(QuestionRevision.number)):
        revisions.setdefault(rev.question_id, []).append(rev)
    # Seats merged into another are left out: everything they held moved to the other one
    # (their name could now be someone else's, which a restore would refuse).
    people = list(db.session.scalars(select(Participant).where(
        Participant.seminar_id == seminar.id, Participant.merged_into_id.is_(None))
        .order_by(Participant.joined_at, Participant.id)))
    ref_of = {p.id: i for i, p in enumerate(people, start=1)}
    reads = db.session.execute(
        select(SummaryRead.participant_id, SummaryRead.reading_id, SummaryRead.read_at)
        .where(SummaryRead.participant_id.in_(list(ref_of)))
        .order_by(SummaryRead.read_at, SummaryRead.id)) if people else []
    head = {
        "format": FORMAT, "version": VERSION, "exported_at": stamp(utcnow()),
        "session": _session(seminar),
        "readings": [{
            "slug": r.slug, "title": r.title, "original_title": r.original_title,
            "publication": r.publication, "author": r.author, "date_text": r.date_text,
            "description": r.description, "body": _english(r.body),
            "content_hash": r.content_hash,
            "position": position} for r, position in readings],
        "questions": [{
            "key": q.key, "kind": q.kind, "reading": slug_of[q.reading_id],
            "position": q.position, "retired": q.retired,
            "current": q.current_revision.number if q.current_revision else None,
            "revisions": [{"number": v.number, "prompt": v.prompt, "data": _english(v.data),
                           "content_hash": v.content_hash} for v in revisions.get(q.id, [])],
        } for q in questions],
        "participants": [{"ref": ref_of[p.id], "display_name": p.display_name,
                          "joined_at": stamp(p.joined_at)} for p in people],
        "summary_reads": [{"participant": ref_of[pid], "reading": slug_of.get(rid),
                           "read_at": stamp(at)} for pid, rid, at in reads
                          if rid in slug_of],
    }
    key_of = {q.id: q.key for q in questions}
    number_of = {v.id: v.number for revs in revisions.values() for v in revs}
    return _stream(seminar.id, head, ref_of, key_of, number_of, batch, viewer_id)


def _stream(seminar_id: int, head: dict[str, Any], ref_of: dict[int, int],
            key_of: dict[int, str], number_of: dict[int, int], batch: int,
            viewer_id: int | None = None) -> Iterator[str]:
    text = json.dumps(head, ensure_ascii=False)
    yield text[:-1] + ', "responses": ['
    history: dict[int, list[dict[str, Any]]] = {}
    for rv in db.session.scalars(
            select(ResponseRevision).join(Response, Response.id == ResponseRevision.response_id)
            .where(Response.seminar_id == seminar_id).order_by(ResponseRevision.number)):
        history.setdefault(rv.response_id, []).append(
            {"number": rv.number, "text": rv.text, "stance": rv.stance,
             "created_at": stamp(rv.created_at)})
    response_ref: dict[int, int] = {}
    stmt = (select(Response).where(Response.seminar_id == seminar_id)
            .order_by(Response.created_at, Response.id).execution_options(yield_per=batch))
    for i, r in enumerate(db.session.scalars(stmt), start=1):
        response_ref[r.id] = i
        item = {"ref": i, "participant": ref_of[r.participant_id],
                "question": key_of[r.question_id], "revision": number_of[r.revision_id],
                "kind": r.kind, "round": r.round, "answer": r.answer, "correct": r.correct,
                "stance": r.stance, "created_at": stamp(r.created_at),
                "updated_at": stamp(r.updated_at), "spotlighted": r.spotlighted,
                "call_on": r.call_on, "revisions": history.get(r.id, [])}
        yield ("," if i > 1 else "") + json.dumps(item, ensure_ascii=False)
    room, room_ref = room_part(seminar_id, ref_of, response_ref)
    notes = [{
        "author": n.author.username, "kind": n.kind,
        "room_question": room_ref.get(n.room_question_id) if n.room_question_id else None,
        "participant": ref_of.get(n.participant_id) if n.participant_id else None,
        "question": key_of.get(n.question_id) if n.question_id else None,
        "response": response_ref.get(n.response_id) if n.response_id else None,
        "body": n.body, "created_at": stamp(n.created_at), "updated_at": stamp(n.updated_at),
    } for n in db.session.scalars(select(Note).where(
        Note.seminar_id == seminar_id,
        # A download carries the notes its reader may read; the CLI (the server's admin)
        # exports them all.
        *([or_(Note.author_id == viewer_id, Note.shared.is_(True))] if viewer_id else []))
        .order_by(Note.created_at, Note.id))]
    yield ('], ' + json.dumps(room, ensure_ascii=False)[1:-1] + ', "notes": '
           + json.dumps(notes, ensure_ascii=False))
    part = feedback_part.export_part(seminar_id, response_ref)  # rubrics, feedback (issue 21)
    yield ", " + json.dumps(part, ensure_ascii=False)[1:]


def export_archive(seminar: Seminar) -> dict[str, Any]:
    return json.loads("".join(archive_chunks(seminar)))


def read_archive(text: str) -> dict[str, Any]:
    """Parse and check an archive; ArchiveError says what is wrong and where."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArchiveError(f"not a JSON file: {exc.msg} at line {exc.lineno}, "
                           f"column {exc.colno}") from exc
    validate(data)
    feedback_part.check_part(data, {r["ref"] for r in data["responses"]})
    return data


def parse_stamp(value: str | None) -> datetime | None:
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed
