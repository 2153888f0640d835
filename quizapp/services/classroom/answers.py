"""Recording answers: once per student, question and round, and never lost."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import has_request_context
from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ...database import insert_ignore
from ...extensions import db
from ...models import (
    Participant,
    Question,
    QuestionRevision,
    Reading,
    Response,
    ResponseRevision,
    Seminar,
    SeminarReading,
    utcnow,
)

MAX_ANSWER_LENGTH = 5000


def _(message: str, **values: Any) -> str:
    """gettext in a request (the student's language); the English text elsewhere (CLI, tests
    calling services directly), where Flask-Babel has no locale to ask."""
    if has_request_context():
        return gettext(message, **values)
    return message % values if values else message


class AnswerError(ValueError):
    """An answer that cannot be accepted, with a message for the student."""


@dataclass
class McOutcome:
    response_id: int
    created: bool  # False when this was a resubmission: the first answer stands

    @property
    def response(self) -> Response:
        # Loaded only by callers that show it: the check page's POST needs just `created`.
        response = db.session.get(Response, self.response_id)
        assert response is not None
        return response


# A check answer: INSERT .. ON CONFLICT DO NOTHING RETURNING id, built once per dialect from
# the table (no ORM bulk machinery); a row comes back only when this call inserted it.
_MC_INSERT: dict[str, Any] = {}


def _mc_insert() -> Any:
    dialect = db.session.get_bind().dialect.name
    stmt = _MC_INSERT.get(dialect)
    if stmt is None:
        stmt = _MC_INSERT[dialect] = insert_ignore(
            Response.__table__, None, ["participant_id", "question_id", "round"],
        ).returning(Response.__table__.c.id)
    return stmt


def _question_in_seminar(seminar: Seminar, question: Question, known: bool = False) -> None:
    """``known``: the caller found the question through this seminar, so no lookup is needed."""
    # One indexed lookup (this runs on every answer), not a load of the seminar's questions.
    in_seminar = known or db.session.scalar(select(SeminarReading.seminar_id).where(
        SeminarReading.seminar_id == seminar.id,
        SeminarReading.reading_id == question.reading_id)) is not None
    if question.retired or not in_seminar:
        raise AnswerError(_("This question is not part of this session."))


def check_can_answer(seminar: Seminar, question: Question, round_: int = 1) -> None:
    """Raise AnswerError when this question cannot take an answer right now."""
    if not seminar.is_open:
        raise AnswerError(_("This session is closed: it no longer takes answers."))
    if seminar.pacing == "instructor":
        if seminar.live_question_id != question.id or seminar.live_phase != "open":
            raise AnswerError(_("Voting on this question is closed: the instructor has moved "
                              "on. Your answer was not recorded."))
        if round_ != seminar.live_round:
            raise AnswerError(_("This round of voting is over. Your answer was not recorded."))
    elif round_ != 1:
        raise AnswerError(_("There is no second round in a self-paced session."))


def grade(question: Question, choice_ids: list[str]) -> bool:
    revision = question.current_revision
    assert revision is not None
    return set(choice_ids) == revision.correct_ids


def seen_revision(question: Question, revision_id: int | None) -> QuestionRevision | None:
    """The wording the student answered: the revision their page showed (its form carries
    the id) when it is one of this question's, else the current one. An answer sent just
    after an edit is stored against, and graded by, the words the student read."""
    current = question.current_revision
    if revision_id is None or current is None or revision_id == current.id:
        return current
    seen = db.session.get(QuestionRevision, revision_id)
    return seen if seen is not None and seen.question_id == question.id else current


def submit_mc(participant: Participant, question: Question, choice_ids: list[str],
              round_: int = 1, *, in_seminar: bool = False,
              revision_id: int | None = None) -> McOutcome:
    """Record a check answer once; ``in_seminar``: the caller found the question through
    this participant's seminar (one lookup fewer on the hottest write)."""
    seminar = participant.seminar
    revision = seen_revision(question, revision_id)
    if question.kind != "mc" or revision is None:
        raise AnswerError(_("This is not a multiple-choice question."))
    _question_in_seminar(seminar, question, known=in_seminar)
    check_can_answer(seminar, question, round_)
    chosen = sorted(set(choice_ids))
    valid = {c["id"] for c in revision.choices}
    if not chosen:
        raise AnswerError(_("Choose an answer before submitting."))
    if any(c not in valid for c in chosen):
        raise AnswerError(_("That choice does not belong to this question."))
    if not revision.multiple and len(chosen) != 1:
        raise AnswerError(_("Choose exactly one answer."))
    now = utcnow()
    inserted = db.session.connection().execute(_mc_insert(), {
        "seminar_id": seminar.id, "participant_id": participant.id,
        "question_id": question.id, "revision_id": revision.id, "kind": "mc",
        "round": round_, "answer": "|".join(chosen),
        "correct": set(chosen) == revision.correct_ids,
        "stance": None, "created_at": now, "updated_at": now, "spotlighted": False,
        "call_on": False}).scalar()
    if inserted is not None:
        return McOutcome(inserted, True)
    response = find_response(participant, question, round_)
    assert response is not None
    return McOutcome(response.id, False)


def submit_discussion(participant: Participant, question: Question, text: str,
                      stance: int | None = None, round_: int = 1, *,
                      revision_id: int | None = None) -> Response:
    """Store a discussion answer; a later submission is a new revision of the same answer."""
    seminar = participant.seminar
    revision = seen_revision(question, revision_id)
    if question.kind != "discussion" or revision is None:
        raise AnswerError(_("This is not a discussion question."))
    _question_in_seminar(seminar, question)
    check_can_answer(seminar, question, round_)
    if not text.strip():
        raise AnswerError(_("Write an answer before submitting."))
    if len(text) > MAX_ANSWER_LENGTH:
        raise AnswerError(_("Keep the answer to %(n)d characters or fewer.", n=MAX_ANSWER_LENGTH))
    scale = revision.stance
    if stance is not None and (not scale or not 1 <= stance <= scale["points"]):
        raise AnswerError(_("Pick a point on the scale."))
    now = utcnow()
    db.session.execute(insert_ignore(Response, {
        "seminar_id": seminar.id, "participant_id": participant.id,
        "question_id": question.id, "revision_id": revision.id, "kind": "discussion",
        "round": round_, "answer": text, "correct": None, "stance": stance,
        "created_at": now, "updated_at": now, "spotlighted": False, "call_on": False,
    }, ["participant_id", "question_id", "round"]))
    # Lock the row (PostgreSQL) so two quick revisions cannot take the same number.
    response = db.session.scalar(
        select(Response).where(Response.participant_id == participant.id,
                               Response.question_id == question.id, Response.round == round_)
        .with_for_update())
    assert response is not None
    number = (db.session.scalar(select(func.max(ResponseRevision.number)).where(
        ResponseRevision.response_id == response.id)) or 0) + 1
    if number > 1:
        response.answer, response.stance, response.updated_at = text, stance, now
        response.revision_id = revision.id
    db.session.add(ResponseRevision(response_id=response.id, number=number, text=text,
                                    stance=stance, created_at=now))
    db.session.flush()
    return response


def find_response(participant: Participant, question: Question, round_: int = 1
                  ) -> Response | None:
    return db.session.scalar(select(Response).where(
        Response.participant_id == participant.id, Response.question_id == question.id,
        Response.round == round_).execution_options(populate_existing=True))


def responses_by_reading(participant: Participant) -> list[tuple[Reading, list[Response]]]:
    """A student's answers grouped by reading in the session's order; in each, the checks in
    order, then the discussion questions (a revote after its first vote)."""
    rows = list(db.session.scalars(
        select(Response).options(joinedload(Response.question), joinedload(Response.revision))
        .where(Response.participant_id == participant.id)))
    by_reading: dict[int, list[Response]] = {}
    for r in rows:
        by_reading.setdefault(r.question.reading_id, []).append(r)
    kind_order = {"mc": 0, "discussion": 1}
    out = []
    for reading in participant.seminar.readings:
        mine = by_reading.get(reading.id)
        if mine:
            mine.sort(key=lambda r: (kind_order.get(r.kind, 2), r.question.position, r.round))
            out.append((reading, mine))
    return out
