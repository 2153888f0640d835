"""A student's identity: which participant they are in which seminar, in the signed cookie."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import abort, current_app, g, redirect, session, url_for
from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, select

from ..database import id_slots, ids_in
from ..extensions import db
from ..models import Participant, Seminar
from ..services.classroom import participants
from ..services.classroom.codes import normalize_code
from ..services.classroom.seminars import find_seminar
from ..web import throttle

SEATS_KEY = "seats"  # {seminar id: participant id}
# {seminar id: when (epoch seconds) the seat leaves this browser; 0 while the session is open}.
# The cookie's expiry follows it (web/cookie_session.py): the seat lasts while the session is
# open and QUIZAPP_SEAT_GRACE_HOURS after it closed, not the cookie's 30 days.
SEAT_UNTIL_KEY = "seat_until"


@functools.cache  # one per slot count (database.id_slots)
def _seat_statement(slots: int | None) -> Any:
    # The seminar by its code and, in the same statement, the participant the cookie holds in
    # it. Every student page starts here, an answer included: one statement instead of two.
    return (select(Seminar, Participant)
            .outerjoin(Participant, and_(Participant.seminar_id == Seminar.id,
                                         ids_in(Participant.id, "seat", slots)))
            .where(Seminar.code == bindparam("code")))


def remember(participant: Participant) -> None:
    seats = dict(session.get(SEATS_KEY, {}))
    seats[str(participant.seminar_id)] = participant.id
    session[SEATS_KEY] = seats
    session.permanent = True
    _note_expiry(participant.seminar)


def forget(seminar: Seminar) -> None:
    """This browser leaves its seat in ``seminar`` (the seat and its answers stay)."""
    for key in (SEATS_KEY, SEAT_UNTIL_KEY):
        held = session.get(key)
        if isinstance(held, dict) and str(seminar.id) in held:
            held = dict(held)
            del held[str(seminar.id)]
            session[key] = held


def _seat_until(seminar: Seminar) -> int:
    if seminar.is_open or seminar.closed_at is None:
        return 0
    grace = timedelta(hours=float(current_app.config.get("QUIZAPP_SEAT_GRACE_HOURS") or 0))
    return int((seminar.closed_at + grace).replace(tzinfo=UTC).timestamp())


def _note_expiry(seminar: Seminar) -> None:
    # Written only when it changes (opening or closing), so the cookie is not re-signed.
    until = _seat_until(seminar)
    held = session.get(SEAT_UNTIL_KEY)
    held = dict(held) if isinstance(held, dict) else {}
    if held.get(str(seminar.id)) != until:
        held[str(seminar.id)] = until
        session[SEAT_UNTIL_KEY] = held


def _expired(seminar: Seminar) -> bool:
    until = _seat_until(seminar)
    return bool(until) and datetime.now(UTC).timestamp() > until


def _keep_seat(seminar: Seminar, participant: Participant | None) -> Participant | None:
    """The seat, unless its session closed longer ago than the grace period: then this
    browser forgets it (the student comes back with the personal code)."""
    if participant is None:
        return None
    if _expired(seminar):
        forget(seminar)
        return None
    _note_expiry(seminar)
    return participant


def _seats() -> dict[str, int]:
    seats = session.get(SEATS_KEY, {})
    return seats if isinstance(seats, dict) else {}


def seat_ids_in(session_data: Mapping[str, Any]) -> list[int]:
    """Every participant id in a session's data (one per seminar joined)."""
    seats = session_data.get(SEATS_KEY)
    return [v for v in seats.values() if isinstance(v, int)] if isinstance(seats, dict) else []


def seat_ids() -> list[int]:
    return seat_ids_in(session)


def participant_for(seminar: Seminar) -> Participant | None:
    pid = _seats().get(str(seminar.id))
    if pid is None:
        return None
    participant = db.session.get(Participant, pid)
    if participant is None or participant.seminar_id != seminar.id:
        return None
    if participant.merged_into_id is not None:
        participant = participants.resume(seminar, participant.resume_code)
    return _keep_seat(seminar, participant)


def current_seat() -> tuple[Seminar | None, Participant | None]:
    """The seminar this browser joined last and its seat there, for pages outside a session
    (the course pages, the start page): a seated student stays in the session's frame."""
    seats = _seats()
    def newest_first(key: object) -> int:
        return int(str(key)) if str(key).isascii() and str(key).isdigit() else -1

    for sid in sorted(seats, key=newest_first, reverse=True):
        if not (str(sid).isascii() and str(sid).isdigit()):
            continue
        seminar = db.session.get(Seminar, int(sid))
        participant = participant_for(seminar) if seminar is not None else None
        if participant is not None:
            return seminar, participant
    return None, None


def find_seat(code: str) -> tuple[Seminar | None, Participant | None]:
    """The seminar with this code and this browser's participant in it, in one statement."""
    code = normalize_code(code)
    if not code:
        return None, None
    slots, params = id_slots("seat", seat_ids())
    params["code"] = code
    row = db.session.execute(_seat_statement(slots), params).first()
    if row is None:
        return None, None
    seminar, participant = row
    if participant is not None and _seats().get(str(seminar.id)) != participant.id:
        participant = None  # not the seat the cookie names for this seminar
    if participant is not None and participant.merged_into_id is not None:
        # The instructor merged this seat into the student's other one: go on there.
        participant = participants.resume(seminar, participant.resume_code)
        if participant is not None:
            remember(participant)
    return seminar, _keep_seat(seminar, participant)


def seminar_or_404(code: str) -> Seminar:
    seminar = find_seminar(code)
    if seminar is None:
        abort(404, _("There is no session with that code."))
    return seminar


def student_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Load g.seminar and g.participant from the URL's code and the cookie, or send to join."""

    @functools.wraps(view)
    def wrapper(code: str, **kwargs: Any) -> Any:
        seminar, participant = find_seat(code)
        if participant is None:
            # Not seated here: a code guess like one on /join (the same counters), refused
            # alike for a right and a wrong code once this browser or address is over.
            throttle.check_code_guessing()
            if seminar is None:
                throttle.wrong_code()
                abort(404, _("There is no session with that code."))
            return redirect(url_for("student.join_code", code=seminar.code))
        g.seminar, g.participant = seminar, participant
        return view(code=code, **kwargs)

    return wrapper
