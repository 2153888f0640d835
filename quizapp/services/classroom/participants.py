"""Students joining a seminar, and resuming on another device."""

from __future__ import annotations

import unicodedata

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...models import Participant, Seminar
from .codes import RESUME_CODE_LENGTH, new_code, normalize_code

MAX_NAME_LENGTH = 60
NAME_KEY_LENGTH = 200  # Participant.name_key's column size


class JoinError(ValueError):
    """A join that cannot happen, with a message for the student."""


def name_key(display_name: str) -> str:
    """Two names that look the same to the class are the same name."""
    folded = unicodedata.normalize("NFKC", display_name).casefold()
    return " ".join(folded.split())


def clean_name(display_name: str) -> str:
    # Control characters would make a name unreadable (or invisible) in lists and CSV.
    kept = "".join(ch for ch in display_name if unicodedata.category(ch)[0] != "C")
    return " ".join(kept.split())


def join(seminar: Seminar, display_name: str) -> Participant:
    if not seminar.is_open:
        raise JoinError("This session is closed and no longer takes new participants.")
    name = clean_name(display_name)
    if not name:
        raise JoinError("Enter a name the instructor will recognise.")
    if len(name) > MAX_NAME_LENGTH:
        raise JoinError(f"Keep the name to {MAX_NAME_LENGTH} characters or fewer.")
    key = name_key(name)
    if len(key) > NAME_KEY_LENGTH:
        # NFKC can expand a character to many (U+FDFA is 18): the key column is bounded.
        raise JoinError("That name is too long once written out in full; shorten it.")
    if _by_name_key(seminar, key) is not None:
        raise JoinError(f"Someone in this session is already called \u201c{name}\u201d. "
                        "Add an initial or a surname; if it is you on another device, use "
                        "your personal code instead.")
    for _attempt in range(10):
        participant = Participant(seminar_id=seminar.id, display_name=name, name_key=key,
                                  resume_code=new_code(RESUME_CODE_LENGTH))
        try:
            with db.session.begin_nested():
                db.session.add(participant)
                db.session.flush()
            return participant
        except IntegrityError as exc:
            # Either the name was taken a moment ago by someone else, or a code collided.
            if _by_name_key(seminar, key) is not None:
                raise JoinError(f"Someone in this session is already called \u201c{name}\u201d."
                                " Choose another name.") from exc
    raise JoinError("Could not join right now; try again.")


def _by_name_key(seminar: Seminar, key: str) -> Participant | None:
    return db.session.scalar(select(Participant).where(
        Participant.seminar_id == seminar.id, Participant.name_key == key))


def resume(seminar: Seminar, resume_code: str) -> Participant | None:
    code = normalize_code(resume_code)
    if len(code) != RESUME_CODE_LENGTH:
        return None
    found = db.session.scalar(select(Participant).where(
        Participant.seminar_id == seminar.id, Participant.resume_code == code))
    # A seat the instructor merged into another leads to that one.
    for _hop in range(5):
        if found is None or found.merged_into_id is None:
            return found
        found = db.session.get(Participant, found.merged_into_id)
    return found


def participants_of(seminar: Seminar) -> list[Participant]:
    """Every seat of the seminar but those merged into another."""
    return list(db.session.scalars(select(Participant).where(
        Participant.seminar_id == seminar.id, Participant.merged_into_id.is_(None))
        .order_by(Participant.joined_at, Participant.id)))
