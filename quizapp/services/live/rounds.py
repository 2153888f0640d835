"""Instructor-paced (live) seminars: the state machine every screen follows.

All live state sits on the Seminar row (live_question_id, live_phase, live_round, live_deadline),
so any app process can serve any request. Every change bumps live_version, the basis of the
ETags the students' screens poll with. Answers do not bump it: 2,000 screens would otherwise
refetch on every vote. Figures (distributions, shifts) live in live_stats.py.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from flask import has_request_context
from flask_babel import gettext
from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.engine import Connection

from ...database import id_slots, ids_in
from ...extensions import db
from ...models import Participant, Question, Response, Seminar, utcnow
from ..classroom import answers
from ..classroom.codes import normalize_code
from ..classroom.seats import real_student
from ..classroom.seminars import seminar_questions

# Peer instruction (Mazur): open -> closed -> (shown: the votes without the answer) ->
# discuss (neighbours convince each other) -> the second vote (open, round 2) -> closed ->
# revealed, with the shift. "revealed" can also come straight after any closed phase.
PHASES = ("idle", "open", "closed", "shown", "discuss", "revealed")
CLOSED_PHASES = ("closed", "shown", "discuss")
# Phases in which the room's screen shows the votes ("revealed" also marks the right answer).
RESULT_PHASES = ("shown", "revealed")
MIN_COUNTDOWN, MAX_COUNTDOWN = 5, 3600
# A click at "0 s" travels for a moment: answers this late after the deadline still count.
DEADLINE_GRACE = timedelta(seconds=1)


def _(message: str, **values: Any) -> str:
    """gettext in a request (the reader's language); the English text elsewhere (CLI, tests
    calling services directly), where Flask-Babel has no locale to ask."""
    if has_request_context():
        return gettext(message, **values)
    return message % values if values else message


class LiveError(ValueError):
    """A control action that cannot happen now, with a message for the instructor."""


class VersionConflict(LiveError):
    """The panel was out of date: another window moved the session on (HTTP 409)."""


# --- reading the state ---------------------------------------------------------------------

class LiveFields(Protocol):
    """What the phase and countdown are read from: a Seminar, or a Probe of one."""

    live_phase: str
    live_deadline: datetime | None


def deadline_passed(seminar: LiveFields, now: datetime | None = None,
                    grace: timedelta = timedelta(0)) -> bool:
    deadline = seminar.live_deadline
    return (seminar.live_phase == "open" and deadline is not None
            and (now or utcnow()) > deadline + grace)


def effective_phase(seminar: LiveFields, now: datetime | None = None) -> str:
    """The phase the room sees: an open round whose countdown ran out reads as closed."""
    return "closed" if deadline_passed(seminar, now) else seminar.live_phase


def seconds_left(seminar: LiveFields, now: datetime | None = None) -> float | None:
    if seminar.live_phase != "open" or seminar.live_deadline is None:
        return None
    return max(0.0, round((seminar.live_deadline - (now or utcnow())).total_seconds(), 1))


def live_questions(seminar: Seminar) -> list[Question]:
    """The questions the panel moves through: the checks and discussion questions in order."""
    return seminar_questions(seminar)


def live_question(seminar: Seminar) -> Question | None:
    if seminar.live_question_id is None:
        return None
    return db.session.get(Question, seminar.live_question_id)


def has_second_round(question: Question) -> bool:
    """MC questions get a revote; discussion questions an 'after' stance when they have a scale."""
    revision = question.current_revision
    return question.kind == "mc" or bool(revision and revision.stance)


def can_revote(seminar: Seminar, question: Question | None, now: datetime | None = None
               ) -> bool:
    return (question is not None and seminar.live_round == 1 and has_second_round(question)
            and effective_phase(seminar, now) in (*CLOSED_PHASES, "revealed"))


@dataclass(frozen=True)
class Probe:
    """A student's view of the live state, from one small query: enough to answer a poll.

    Field names follow Seminar's, so the phase and countdown helpers read either.
    """

    seminar_id: int
    pacing: str
    is_open: bool
    live_version: int
    live_phase: str
    live_round: int
    live_deadline: datetime | None
    live_question_id: int | None
    participant_id: int | None
    response_id: int | None  # this student's answer to the live round, if any
    response_updated: datetime | None

    def etag(self, now: datetime | None = None) -> str:
        stamp = self.response_updated.isoformat() if self.response_updated else "-"
        return (f"s{self.seminar_id}v{self.live_version}p{self.participant_id or 0}"
                f"r{self.response_id or 0}-{stamp}-{int(deadline_passed(self, now))}")


@functools.cache  # one per slot count (database.id_slots)
def _probe_statement(slots: int | None) -> Any:
    # Built once per slot count from the tables with bound parameters: polls reuse the compiled
    # statement instead of building and compiling an ORM query each time (the hottest path).
    sem, par, res = Seminar.__table__, Participant.__table__, Response.__table__
    joined = (sem.outerjoin(par, and_(ids_in(par.c.id, "seat", slots),
                                      par.c.seminar_id == sem.c.id))
              .outerjoin(res, and_(res.c.participant_id == par.c.id,
                                   res.c.question_id == sem.c.live_question_id,
                                   res.c.round == sem.c.live_round)))
    return (select(sem.c.id, sem.c.pacing, sem.c.is_open, sem.c.live_version, sem.c.live_phase,
                   sem.c.live_round, sem.c.live_deadline, sem.c.live_question_id,
                   par.c.id, res.c.id, res.c.updated_at)
            .select_from(joined).where(sem.c.code == bindparam("code")))


def probe(code: str, seat_ids: list[int], connection: Connection | None = None
          ) -> Probe | None:
    """The seminar's live state and whether this student answered the live round, at once.

    ``seat_ids`` are the participant ids in the student's cookie (one per seminar joined); the
    join keeps only the one belonging to this seminar. ``connection``: run it there instead of
    on the session's connection (the poll's fast path has no session).
    """
    slots, params = id_slots("seat", seat_ids)
    params["code"] = normalize_code(code)
    # A Core statement needs none of the ORM's execution steps.
    row = (connection or db.session.connection()).execute(
        _probe_statement(slots), params).first()
    return Probe(*row) if row is not None else None


def room_counts(seminar: Seminar) -> tuple[int, int]:
    """(students joined, students who answered the live question's current round)."""
    # Real students only (services/classroom/seats.py): not a lost cookie's empty seat.
    joined = select(func.count(Participant.id)).where(
        Participant.seminar_id == seminar.id, real_student()).scalar_subquery()
    answered = select(func.count(Response.id)).where(
        Response.seminar_id == seminar.id, Response.question_id == seminar.live_question_id,
        Response.round == seminar.live_round).scalar_subquery()
    row = db.session.execute(select(joined, answered)).one()
    return int(row[0]), int(row[1] if seminar.live_question_id else 0)


def answers_stamp(seminar: Seminar) -> str:
    """Changes whenever an answer to the live question arrives or is revised (panel polling)."""
    if seminar.live_question_id is None:
        return "-"
    count, latest = db.session.execute(
        select(func.count(Response.id), func.max(Response.updated_at)).where(
            Response.seminar_id == seminar.id,
            Response.question_id == seminar.live_question_id)).one()
    return f"{count}-{latest.isoformat() if latest else '-'}"


# --- changing the state (instructor) ---------------------------------------------------------

def lock(seminar: Seminar, *, shared: bool = False) -> Seminar:
    """Re-read the seminar row under a row lock (PostgreSQL; SQLite already holds its write lock).

    Control actions take it exclusively; answers take it shared, so an answer and a 'close
    voting' cannot interleave: the answer is either before the close or refused.
    """
    return db.session.scalars(
        select(Seminar).where(Seminar.id == seminar.id).with_for_update(read=shared)
        .execution_options(populate_existing=True)).one()


def check_version(seminar: Seminar, expected: int | None) -> None:
    if expected is not None and expected != seminar.live_version:
        raise VersionConflict(_("The live session changed in another window or tab since this page "
                        "was shown. Nothing was changed: check the panel and try again."))


def _deadline(seconds: int | None, now: datetime) -> datetime | None:
    if seconds is None:
        return None
    if not MIN_COUNTDOWN <= seconds <= MAX_COUNTDOWN:
        raise LiveError(_("A countdown is between %(low)d and %(high)d seconds.",
                          low=MIN_COUNTDOWN, high=MAX_COUNTDOWN))
    return now + timedelta(seconds=seconds)


def _require_instructor_paced(seminar: Seminar) -> None:
    if seminar.pacing != "instructor":
        raise LiveError(_("This session is self-paced: it has no live mode."))


def open_question(seminar: Seminar, question: Question, seconds: int | None = None) -> None:
    _require_instructor_paced(seminar)
    if question.retired or question.id not in {q.id for q in live_questions(seminar)}:
        raise LiveError(_("That question is not part of this session."))
    seminar.live_deadline = _deadline(seconds, utcnow())
    seminar.live_question_id = question.id
    seminar.live_phase, seminar.live_round = "open", 1
    seminar.bump_live_version()


def close_voting(seminar: Seminar) -> None:
    if seminar.live_phase != "open":
        raise LiveError(_("Voting is not open."))
    seminar.live_phase, seminar.live_deadline = "closed", None
    seminar.bump_live_version()


def _close_if_open(seminar: Seminar) -> None:
    """A round whose countdown ran out is closed in effect: make it so before moving on."""
    if seminar.live_phase == "open" and deadline_passed(seminar):
        seminar.live_phase, seminar.live_deadline = "closed", None


def show_votes(seminar: Seminar) -> None:
    """The room sees how it voted, without the right answer (peer instruction's optional step)."""
    _close_if_open(seminar)
    question = live_question(seminar)
    if question is None or seminar.live_phase not in ("closed", "discuss"):
        raise LiveError(_("Close the voting before showing the votes."))
    if not has_second_round(question):
        raise LiveError(_("This question has no votes to show: only its answers."))
    seminar.live_phase = "shown"
    seminar.bump_live_version()


def discuss(seminar: Seminar) -> None:
    """'Discuss with your neighbour': between the first and the second vote."""
    _close_if_open(seminar)
    question = live_question(seminar)
    if question is None or seminar.live_phase not in ("closed", "shown") \
            or seminar.live_round != 1 or not has_second_round(question):
        raise LiveError(_("The discussion comes after the first vote is closed, before the "
                        "second vote."))
    seminar.live_phase = "discuss"
    seminar.bump_live_version()


def reveal(seminar: Seminar) -> None:
    if seminar.live_question_id is None or seminar.live_phase not in ("open", *CLOSED_PHASES):
        raise LiveError(_("There is nothing to reveal: open a question first."))
    seminar.live_phase, seminar.live_deadline = "revealed", None
    seminar.bump_live_version()


def start_revote(seminar: Seminar, seconds: int | None = None) -> None:
    question = live_question(seminar)
    if question is None or not has_second_round(question):
        raise LiveError(_("Only multiple-choice questions and discussion questions with a stance "
                        "scale have a second round."))
    if not can_revote(seminar, question):
        raise LiveError(_("Close the first round before starting the second; there is only one "
                        "second round."))
    seminar.live_deadline = _deadline(seconds, utcnow())
    seminar.live_phase, seminar.live_round = "open", 2
    seminar.bump_live_version()


def next_question(seminar: Seminar, seconds: int | None = None) -> Question | None:
    """Open the question after the live one (the first one if none); idle after the last."""
    questions = live_questions(seminar)
    ids = [q.id for q in questions]
    current = seminar.live_question_id
    index = ids.index(current) + 1 if current in ids else 0
    if index >= len(questions):
        stop(seminar)
        return None
    open_question(seminar, questions[index], seconds)
    return questions[index]


def stop(seminar: Seminar) -> None:
    """Back to 'waiting for the next question'."""
    seminar.live_question_id, seminar.live_deadline = None, None
    seminar.live_phase, seminar.live_round = "idle", 1
    seminar.bump_live_version()


def set_show_names(seminar: Seminar, on: bool) -> None:
    seminar.show_names = on
    seminar.bump_live_version()


def set_projector_language(seminar: Seminar, language: str | None) -> None:
    """Fix the projector's language ("en", "es"), or None: the projector's browser decides."""
    seminar.projector_language = language or None
    seminar.bump_live_version()


# --- answering (students) ----------------------------------------------------------------------

def submit(participant: Participant, question_id: int | None, round_: int | None, *,
           choices: list[str] | None = None, text: str = "", stance: int | None = None,
           revision_id: int | None = None) -> tuple[Response, bool]:
    """Record a live answer; (response, created). Raises answers.AnswerError to refuse it.

    question_id, round_ and revision_id are what the student saw; None means "whatever is
    live now" (and its current wording).
    """
    seminar = lock(participant.seminar, shared=True)
    if question_id is None and seminar.live_question_id is None:
        raise answers.AnswerError(_("There is no question open right now: wait for the next "
                                  "one."))
    question_id = seminar.live_question_id if question_id is None else question_id
    round_ = seminar.live_round if round_ is None else round_
    question = db.session.get(Question, question_id)
    if question is None:
        raise answers.AnswerError(_("That question does not exist."))
    answers.check_can_answer(seminar, question, round_)
    if deadline_passed(seminar, grace=DEADLINE_GRACE):
        raise answers.AnswerError(_("Time is up: the countdown ended before your answer "
                                  "arrived. Your answer was not recorded."))
    if question.kind == "mc":
        outcome = answers.submit_mc(participant, question, choices or [], round_=round_,
                                    revision_id=revision_id)
        return outcome.response, outcome.created
    revision = answers.seen_revision(question, revision_id)
    if round_ == 2 and revision is not None and revision.stance and stance is None:
        raise answers.AnswerError(_("Pick a point on the scale: this round asks where you stand "
                                  "after the discussion."))
    existed = answers.find_response(participant, question, round_) is not None
    response = answers.submit_discussion(participant, question, text, stance, round_=round_,
                                         revision_id=revision_id)
    return response, not existed


def my_answers(participant_id: int, question_id: int | None) -> dict[int, Response]:
    """The student's answers to one question, by round."""
    rows = db.session.scalars(select(Response).where(
        Response.participant_id == participant_id, Response.question_id == question_id)
        .execution_options(populate_existing=True))
    return {r.round: r for r in rows}
