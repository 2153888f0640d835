"""A student's identity: which participant they are in which seminar, in the signed cookie."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import abort, g, redirect, session, url_for

from ..extensions import db
from ..models import Participant, Seminar
from ..services.seminars import find_seminar

SEATS_KEY = "seats"  # {seminar id: participant id}


def remember(participant: Participant) -> None:
    seats = dict(session.get(SEATS_KEY, {}))
    seats[str(participant.seminar_id)] = participant.id
    session[SEATS_KEY] = seats
    session.permanent = True


def participant_for(seminar: Seminar) -> Participant | None:
    pid = session.get(SEATS_KEY, {}).get(str(seminar.id))
    if pid is None:
        return None
    participant = db.session.get(Participant, pid)
    if participant is None or participant.seminar_id != seminar.id:
        return None
    return participant


def seminar_or_404(code: str) -> Seminar:
    seminar = find_seminar(code)
    if seminar is None:
        abort(404, "There is no session with that code.")
    return seminar


def student_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Load g.seminar and g.participant from the URL's code and the cookie, or send to join."""

    @functools.wraps(view)
    def wrapper(code: str, **kwargs: Any) -> Any:
        seminar = seminar_or_404(code)
        participant = participant_for(seminar)
        if participant is None:
            return redirect(url_for("student.join_code", code=seminar.code))
        g.seminar, g.participant = seminar, participant
        return view(code=code, **kwargs)

    return wrapper
