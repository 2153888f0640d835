"""Seats the instructor can repair: a new personal code, a new name, an abandoned seat
removed, two seats of one person merged.

Who counts as "joined" (a real student): a seat that is not merged into another and that
has answered something or read a summary, or that joined in the last JUST_JOINED (a student
who has just arrived has not had time to do anything yet). A seat left behind by a lost
cookie, with nothing in it, stops counting after that.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...models import (
    Note,
    Participant,
    Response,
    ResponseHistory,
    ResponseRevision,
    Seminar,
    SummaryRead,
    utcnow,
)
from .codes import RESUME_CODE_LENGTH, new_code
from .participants import MAX_NAME_LENGTH, NAME_KEY_LENGTH, clean_name, name_key

JUST_JOINED = timedelta(minutes=10)


class SeatError(ValueError):
    """A change to a seat that cannot happen, with a message for the instructor."""


def _answered(pid: ColumnElement[int]) -> ColumnElement[bool]:
    return exists().where(Response.participant_id == pid)


def _read(pid: ColumnElement[int]) -> ColumnElement[bool]:
    return exists().where(SummaryRead.participant_id == pid)


def real_student(now: datetime | None = None) -> ColumnElement[bool]:
    """SQL: this participant row is a real student (see the module's docstring)."""
    since = (now or utcnow()) - JUST_JOINED
    return and_(Participant.merged_into_id.is_(None),
                or_(_answered(Participant.id), _read(Participant.id),
                    Participant.joined_at >= since))


def count_real_students(seminar: Seminar, now: datetime | None = None) -> int:
    return int(db.session.scalar(select(func.count(Participant.id)).where(
        Participant.seminar_id == seminar.id, real_student(now))) or 0)


def is_empty(participant: Participant) -> bool:
    """Nothing hangs on this seat: no answer, summary read, note or answer history."""
    pid = participant.id
    return not db.session.scalar(select(or_(
        _answered(pid), _read(pid), exists().where(Note.participant_id == pid),
        exists().where(ResponseHistory.participant_id == pid),
        exists().where(ResponseHistory.from_participant_id == pid),
        exists().where(Participant.merged_into_id == pid))))


def reissue_code(participant: Participant) -> str:
    """A new personal code; the old one stops working (the seat's cookie still works)."""
    for _attempt in range(10):
        code = new_code(RESUME_CODE_LENGTH)
        try:
            with db.session.begin_nested():
                participant.resume_code = code
                db.session.flush()
            return code
        except IntegrityError:
            continue  # another seat has that code: draw again
    raise SeatError("Could not make a new code right now; try again.")


def rename(participant: Participant, display_name: str) -> None:
    name = clean_name(display_name)
    if not name:
        raise SeatError("Enter a name the class will recognise.")
    if len(name) > MAX_NAME_LENGTH:
        raise SeatError(f"Keep the name to {MAX_NAME_LENGTH} characters or fewer.")
    key = name_key(name)
    if len(key) > NAME_KEY_LENGTH:
        raise SeatError("That name is too long once written out in full; shorten it.")
    clash = db.session.scalar(select(Participant.id).where(
        Participant.seminar_id == participant.seminar_id, Participant.name_key == key,
        Participant.id != participant.id))
    if clash is not None:
        raise SeatError(f"Another student in this session is already called \u201c{name}\u201d. "
                        "To join the two seats, merge them instead.")
    participant.display_name, participant.name_key = name, key
    db.session.flush()


def remove_empty(participant: Participant) -> None:
    """Remove a seat with nothing in it (a lost cookie's leftover); refused otherwise."""
    if participant.merged_into_id is not None:
        raise SeatError("This seat was merged into another; it is kept for its history.")
    if not is_empty(participant):
        raise SeatError("This seat has answers, notes or reading progress: merge it into the "
                        "student's other seat instead of removing it.")
    db.session.delete(participant)
    db.session.flush()


def follow_merges(participant: Participant | None) -> Participant | None:
    """The seat a merged seat now leads to (itself when not merged)."""
    for _hop in range(5):  # merges are one level deep; the bound guards a damaged chain
        if participant is None or participant.merged_into_id is None:
            return participant
        participant = db.session.get(Participant, participant.merged_into_id)
    return participant


def merge(keep: Participant, other: Participant) -> int:
    """Move everything of ``other`` into ``keep`` (two seats of one person). Nothing is
    deleted: where both answered a question in the same round, the first answer stays in
    ``keep`` and the other is kept in ResponseHistory, whole. ``other`` stays, out of every
    list, and its cookie and personal code lead to ``keep``. Returns the answers kept as
    history."""
    if keep.id == other.id or keep.seminar_id != other.seminar_id:
        raise SeatError("Choose two different seats of this session.")
    if keep.merged_into_id is not None or other.merged_into_id is not None:
        raise SeatError("One of these seats was merged already.")
    mine = {(r.question_id, r.round): r for r in db.session.scalars(
        select(Response).where(Response.participant_id == keep.id))}
    kept_as_history = 0
    for theirs in list(db.session.scalars(
            select(Response).where(Response.participant_id == other.id))):
        ours = mine.get((theirs.question_id, theirs.round))
        if ours is None:
            theirs.participant_id = keep.id
            _notes_follow(theirs, keep)
            continue
        first, second = sorted((ours, theirs), key=lambda r: (r.created_at, r.id))
        if first is theirs:
            _swap(ours, theirs, keep, other)
        _to_history(second, kept=first, into=keep)
        kept_as_history += 1
    db.session.flush()
    _move_reads(keep, other)
    db.session.execute(update(Note).where(Note.participant_id == other.id,
                                          Note.response_id.is_(None))
                       .values(participant_id=keep.id))
    db.session.execute(update(ResponseHistory).where(ResponseHistory.participant_id == other.id)
                       .values(participant_id=keep.id))
    db.session.execute(update(Participant).where(Participant.merged_into_id == other.id)
                       .values(merged_into_id=keep.id))
    other.merged_into_id = keep.id
    # The name is free again (a new seat or a rename may use it); it stays on the old seat.
    other.name_key = f"~merged-{other.id}"[:NAME_KEY_LENGTH]
    db.session.flush()
    return kept_as_history


def _notes_follow(response: Response, owner: Participant) -> None:
    db.session.execute(update(Note).where(Note.response_id == response.id)
                       .values(participant_id=owner.id))


def _swap(ours: Response, theirs: Response, keep: Participant, other: Participant) -> None:
    """The other seat's answer came first: it becomes keep's, keep's goes to the other seat
    (then into history). Three steps, because (participant, question, round) is unique."""
    parked_round = ours.round
    ours.round = -ours.id  # a value no real answer has, while the two change places
    db.session.flush()
    theirs.participant_id = keep.id
    db.session.flush()
    ours.participant_id, ours.round = other.id, parked_round
    db.session.flush()
    _notes_follow(theirs, keep)


def _to_history(second: Response, *, kept: Response, into: Participant) -> None:
    versions = [{"number": v.number, "text": v.text, "stance": v.stance,
                 "created_at": v.created_at.isoformat(timespec="seconds")}
                for v in db.session.scalars(select(ResponseRevision).where(
                    ResponseRevision.response_id == second.id)
                    .order_by(ResponseRevision.number))]
    db.session.add(ResponseHistory(
        seminar_id=second.seminar_id, participant_id=into.id,
        from_participant_id=second.participant_id, kept_response_id=kept.id,
        question_id=second.question_id, revision_id=second.revision_id, kind=second.kind,
        round=second.round, answer=second.answer, correct=second.correct,
        stance=second.stance, created_at=second.created_at, updated_at=second.updated_at,
        versions=versions))
    # Its notes now sit on the answer that stayed (their text names what they were about).
    db.session.execute(update(Note).where(Note.response_id == second.id)
                       .values(response_id=kept.id, participant_id=into.id))
    db.session.flush()
    # The row itself is now in the history table, versions and all.
    db.session.execute(ResponseRevision.__table__.delete().where(
        ResponseRevision.response_id == second.id))
    db.session.delete(second)


def _move_reads(keep: Participant, other: Participant) -> None:
    have = set(db.session.scalars(select(SummaryRead.reading_id).where(
        SummaryRead.participant_id == keep.id)))
    for read in list(db.session.scalars(select(SummaryRead).where(
            SummaryRead.participant_id == other.id))):
        if read.reading_id not in have:
            read.participant_id = keep.id
        # a reading both seats read: the other's record stays on the merged seat
    db.session.flush()


def history_of(participant: Participant) -> list[ResponseHistory]:
    return list(db.session.scalars(select(ResponseHistory).where(
        ResponseHistory.participant_id == participant.id).order_by(ResponseHistory.id)))


def merged_seats(participant: Participant) -> list[Participant]:
    return list(db.session.scalars(select(Participant).where(
        Participant.merged_into_id == participant.id).order_by(Participant.id)))


def seats_to_merge(participant: Participant) -> list[Participant]:
    """Every other live seat of the session (the choices of the merge form)."""
    return list(db.session.scalars(select(Participant).where(
        Participant.seminar_id == participant.seminar_id, Participant.id != participant.id,
        Participant.merged_into_id.is_(None)).order_by(Participant.name_key)))
