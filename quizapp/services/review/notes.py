"""Instructors' private notes: on a response, a student, a question or the session."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models import (
    Instructor,
    Note,
    Participant,
    Question,
    Response,
    RoomQuestion,
    Seminar,
    utcnow,
)
from ...models.responses import NOTE_KINDS
from ..classroom.seminars import seminar_questions

MAX_NOTE_LENGTH = 5000


class NoteError(ValueError):
    pass


class EmptyNote(NoteError):
    """The body has only spaces or newlines: a form error beside the field."""


def _resolve_target(seminar: Seminar, kind: str, target_id: int | None
                    ) -> dict[str, int | None]:
    """Check that the note's target belongs to this seminar; return the foreign keys."""
    keys: dict[str, int | None] = {"response_id": None, "participant_id": None,
                                   "question_id": None, "room_question_id": None}
    if kind not in NOTE_KINDS:
        raise NoteError("unknown kind of note")
    if kind == "session":
        return keys
    if target_id is None:
        raise NoteError("the note has no target")
    if kind == "response":
        response = db.session.get(Response, target_id)
        if response is None or response.seminar_id != seminar.id:
            raise NoteError("no such response in this session")
        keys["response_id"] = response.id
        keys["participant_id"] = response.participant_id
        keys["question_id"] = response.question_id
    elif kind == "student":
        participant = db.session.get(Participant, target_id)
        if participant is None or participant.seminar_id != seminar.id:
            raise NoteError("no such student in this session")
        keys["participant_id"] = participant.id
    elif kind == "question":
        question = db.session.get(Question, target_id)
        if question is None or question.id not in {q.id for q in seminar_questions(seminar)}:
            raise NoteError("no such question in this session")
        keys["question_id"] = question.id
    elif kind == "room_question":
        asked = db.session.get(RoomQuestion, target_id)
        if asked is None or asked.seminar_id != seminar.id:
            raise NoteError("no such question from the room in this session")
        keys["room_question_id"] = asked.id
        keys["participant_id"] = asked.participant_id
    return keys


def _clean_body(body: str) -> str:
    # Checked, not changed: a note is stored exactly as written (spaces and newlines included).
    if not body.strip():
        raise EmptyNote("A note cannot be only spaces or empty lines: write something.")
    if len(body) > MAX_NOTE_LENGTH:
        raise NoteError(f"keep a note to {MAX_NOTE_LENGTH} characters or fewer")
    return body


def add_note(seminar: Seminar, author: Instructor, kind: str, target_id: int | None,
             body: str, *, shared: bool = False) -> Note:
    """A note, private to its author unless ``shared`` ("visible to co-teachers": everyone
    the session is shared with, and its owner)."""
    keys = _resolve_target(seminar, kind, target_id)
    now = utcnow()
    note = Note(seminar_id=seminar.id, author_id=author.id, kind=kind, body=_clean_body(body),
                created_at=now, updated_at=now, shared=shared, **keys)
    db.session.add(note)
    db.session.flush()
    return note


def edit_note(note: Note, editor: Instructor, body: str, *,
              shared: bool | None = None) -> None:
    if note.author_id != editor.id:
        raise NoteError("only the author can edit a note")
    note.body = _clean_body(body)
    if shared is not None:
        note.shared = shared
    note.updated_at = utcnow()


def delete_note(note: Note, editor: Instructor) -> None:
    if note.author_id != editor.id:
        raise NoteError("only the author can delete a note")
    db.session.delete(note)


def notes_for(seminar: Seminar, *, kind: str | None = None, response_id: int | None = None,
              participant_id: int | None = None, question_id: int | None = None,
              author_id: int | None = None, text: str | None = None,
              viewer: Instructor | None = None) -> list[Note]:
    """The seminar's notes; with ``viewer``, only those that instructor may read (their own
    and those marked visible to co-teachers). Every page passes its reader."""
    stmt = (select(Note).options(joinedload(Note.author), joinedload(Note.participant),
                                 joinedload(Note.question))
            .where(Note.seminar_id == seminar.id).order_by(Note.created_at.desc(),
                                                           Note.id.desc()))
    if viewer is not None:
        stmt = stmt.where(visible_to(viewer.id))
    if kind:
        stmt = stmt.where(Note.kind == kind)
    if response_id is not None:
        stmt = stmt.where(Note.response_id == response_id)
    if participant_id is not None:
        stmt = stmt.where(Note.participant_id == participant_id)
    if question_id is not None:
        stmt = stmt.where(Note.question_id == question_id)
    if author_id is not None:
        stmt = stmt.where(Note.author_id == author_id)
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Note.body.ilike(f"%{escaped}%", escape="\\"))
    return list(db.session.scalars(stmt))


def visible_to(instructor_id: int) -> ColumnElement[bool]:
    """SQL: a note this instructor may read (private to its author unless shared)."""
    return or_(Note.author_id == instructor_id, Note.shared.is_(True))


def notes_by_response(seminar: Seminar, viewer: Instructor | None = None
                      ) -> dict[int, list[Note]]:
    grouped: dict[int, list[Note]] = {}
    for note in notes_for(seminar, kind="response", viewer=viewer):
        if note.response_id is not None:
            grouped.setdefault(note.response_id, []).append(note)
    return grouped
