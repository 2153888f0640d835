"""The answer wall and the evidence map of one discussion question, for the instructor."""

from __future__ import annotations

from flask import Response, abort, g, redirect, render_template, url_for
from flask_babel import gettext as _

from ..extensions import db
from ..instructor.auth import owner_required
from ..models import Question, Seminar
from ..services.classroom.seminars import seminar_questions
from ..services.interchange.responses_csv import csv_lines
from ..services.roomq import asking, evidence, moderation
from ..services.roomq import wall as walls
from ..web.access import access
from .blueprint import bp
from .forms import ApproveForm, ScreenForm

PREFIX = "/instructor/sessions/<code>/wall/<key>"


def _discussion_or_404(key: str) -> Question:
    question = next((q for q in seminar_questions(g.seminar, "discussion") if q.key == key),
                    None)
    if question is None:
        abort(404, _("No such discussion question in this session."))
    return question


@bp.app_template_global("roomq_evidence")
def roomq_evidence(seminar: Seminar, question: Question) -> evidence.EvidenceMap | None:
    """The evidence map for the instructor's question page (discussion questions only)."""
    return evidence.evidence_map(seminar, question) if question.kind == "discussion" else None



def _small_id(value: str | None) -> bool:
    # ASCII digits only ("²".isdigit() is true) and small enough for an integer column.
    return bool(value) and value.isascii() and value.isdigit() and len(value) < 10

@bp.route(PREFIX)
@access("owner")
@owner_required
def wall(code: str, key: str):
    question = _discussion_or_404(key)
    screen = moderation.screen_for(g.seminar)
    on_screen = screen if screen is not None and screen.question_id == question.id and \
        screen.mode in ("wall", "evidence") else None
    form = ScreenForm(data={
        "show_all": on_screen.wall_all if on_screen else False,
        "names": on_screen.wall_names if on_screen else False,
        "stance": str(on_screen.wall_stance) if on_screen and on_screen.wall_stance else ""})
    revision = question.current_revision
    scale = revision.stance if revision is not None else None
    form.stance.choices = [("", _("Every stance"))] + [
        (str(i), str(i)) for i in range(1, int(scale["points"]) + 1)] if scale else []
    return render_template(
        "roomq/wall.html", seminar=g.seminar, question=question, scale=scale,
        answers=walls.wall_answers(g.seminar, question, show_all=True), on_screen=on_screen,
        screen_form=form, emap=evidence.evidence_map(g.seminar, question),
        screen_url=url_for("roomq.screen", code=g.seminar.code,
                           token=g.seminar.projector_token, _external=True))


@bp.route(PREFIX + "/approve", methods=["POST"])
@access("owner")
@owner_required
def approve(code: str, key: str):
    question = _discussion_or_404(key)
    form = ApproveForm()
    if not form.validate_on_submit() or not _small_id(form.response_id.data):
        abort(400, _("Choose an answer to approve."))
    try:
        walls.approve(g.seminar, question, int(form.response_id.data),
                     on=form.on.data != "0")
    except asking.RoomQuestionError as exc:
        db.session.rollback()
        abort(exc.status, str(exc))
    db.session.commit()
    return redirect(url_for("roomq.wall", code=g.seminar.code, key=question.key,
                            _anchor=f"answer-{form.response_id.data}"))


@bp.route(PREFIX + "/evidence.csv")
@access("owner")
@owner_required
def evidence_csv(code: str, key: str):
    question = _discussion_or_404(key)
    rows = evidence.evidence_rows(g.seminar, evidence.evidence_map(g.seminar, question))
    filename = f"quizapp-{g.seminar.code}-{question.key}-evidence.csv"
    return Response(csv_lines(evidence.EVIDENCE_COLUMNS, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})

