"""The instructor's live panel: move through the questions, reveal, revote, spotlight, call on."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..instructor.auth import coteacher_required, owner_required
from ..instructor.forms import NoteForm
from ..models import Question, Seminar, utcnow
from ..services.classroom.localized import localized
from ..services.live import distributions, rounds, spotlight
from ..web.access import access
from ..web.i18n import LANGUAGES, current_language
from ..web.templating import question_label
from .blueprint import bp
from .forms import ControlForm
from .state import announcement, comparison_in, panel_context

Action = Callable[[Seminar, ControlForm], str]


def _instructor_paced() -> Seminar:
    if g.seminar.pacing != "instructor":
        abort(404, _("This session is self-paced: it has no live mode."))
    return g.seminar


def _panel_etag(seminar: Seminar) -> str:
    joined, answered = rounds.room_counts(seminar)
    expired = int(rounds.deadline_passed(seminar))
    stamp = rounds.answers_stamp(seminar)
    return f"c{seminar.live_version}-{joined}-{answered}-{stamp}-{expired}-{current_language()}"


def _render_panel(seminar: Seminar, form: ControlForm | None = None,
                  error: str | None = None, status: int = 200):
    ctx = panel_context(seminar, utcnow(), current_user, current_language())
    return render_template(
        "live/control.html", form=form or ControlForm(formdata=None), error=error,
        note_form=NoteForm(formdata=None), etag=_panel_etag(seminar),
        projector_url=url_for("live.projector", code=seminar.code,
                              token=seminar.projector_token, _external=True),
        **ctx), status


@bp.route("/instructor/sessions/<code>/live")
@access("coteacher")  # running the room: not for assistants
@coteacher_required
def control(code: str):
    return _render_panel(_instructor_paced())


@bp.route("/instructor/sessions/<code>/live/state")
@access("coteacher")
@coteacher_required
def control_state(code: str):
    """The panel polls this: the changed part of the page, as HTML, when anything moved."""
    seminar = _instructor_paced()
    etag = _panel_etag(seminar)
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        ctx = panel_context(seminar, utcnow(), current_user, current_language())
        html = render_template("live/_control_body.html", form=ControlForm(formdata=None),
                               error=None, note_form=NoteForm(formdata=None), **ctx)
        response = jsonify({"html": html, "announce": announcement(
            ctx["phase"], ctx["question"], ctx["round"], current_language())})
    response.set_etag(etag, weak=True)
    return response


def _act(action: Action, *, versioned: bool = True):
    """Run one control action under the seminar's row lock, then back to the panel."""
    seminar = _instructor_paced()
    form = ControlForm()
    if not form.validate_on_submit():
        return _render_panel(seminar, form, _("Check the form: nothing was changed."), 400)
    seminar = rounds.lock(seminar)
    try:
        if versioned:
            rounds.check_version(seminar, form.version.data)
        message = action(seminar, form)
    except rounds.LiveError as exc:
        db.session.rollback()
        conflict = isinstance(exc, rounds.VersionConflict)
        return _render_panel(g.seminar, form, str(exc), 409 if conflict else 400)
    db.session.commit()
    flash(message, "success")
    anchor = request.form.get("anchor") or "live"
    return redirect(url_for("live.control", code=seminar.code, _anchor=anchor), code=303)


def _question(seminar: Seminar, question_id: int | None) -> Question:
    question = db.session.get(Question, question_id) if question_id is not None else None
    if question is None:
        raise rounds.LiveError(_("Choose a question to open."))
    return question


def _label(question: Question) -> str:
    """The question's prompt, shortened, in the instructor's language."""
    return question_label(localized(question, current_language()), 60)


def _open(seminar: Seminar, form: ControlForm) -> str:
    question = _question(seminar, form.question_id.data)
    rounds.open_question(seminar, question, form.seconds.data)
    label = _label(question)
    if form.seconds.data:
        return _("“%(question)s” is open for %(n)d seconds.", question=label, n=form.seconds.data)
    return _("“%(question)s” is open.", question=label)


def _next(seminar: Seminar, form: ControlForm) -> str:
    question = rounds.next_question(seminar, form.seconds.data)
    return (_("“%(question)s” is open.", question=_label(question)) if question else
            _("That was the last question: students now see 'waiting'."))


def _revote(seminar: Seminar, form: ControlForm) -> str:
    rounds.start_revote(seminar, form.seconds.data)
    return _("Second round open: students vote again.")


def _close(seminar: Seminar, form: ControlForm) -> str:
    rounds.close_voting(seminar)
    return _("Voting is closed.")


def _show(seminar: Seminar, form: ControlForm) -> str:
    rounds.show_votes(seminar)
    return _("The votes are on the projector, without the answer.")


def _discuss(seminar: Seminar, form: ControlForm) -> str:
    rounds.discuss(seminar)
    return _("The room now sees “Discuss with your neighbour”.")


def _reveal(seminar: Seminar, form: ControlForm) -> str:
    rounds.reveal(seminar)
    return _("The answer is revealed.")


def _stop(seminar: Seminar, form: ControlForm) -> str:
    rounds.stop(seminar)
    return _("Students now see 'waiting for the next question'.")


def _names(seminar: Seminar, form: ControlForm) -> str:
    rounds.set_show_names(seminar, form.on.data == 1)
    return (_("Names are shown on the projector.") if seminar.show_names else
            _("The projector is anonymous."))


def _language(seminar: Seminar, form: ControlForm) -> str:
    rounds.set_projector_language(seminar, form.language.data or None)
    if seminar.projector_language is None:
        return _("The projector follows its browser's language.")
    return _("The projector now shows %(language)s.",
             language=LANGUAGES[seminar.projector_language])


def _spotlight(seminar: Seminar, form: ControlForm) -> str:
    spotlight.set_spotlight(seminar, form.response_id.data, form.on.data == 1)
    return (_("The answer is on the projector.") if form.on.data == 1 else
            _("The answer is off the projector."))


def _spotlight_next(seminar: Seminar, form: ControlForm) -> str:
    spotlight.spotlight_next(seminar)
    return _("The next answer is on the projector.")


def _call_on(seminar: Seminar, form: ControlForm) -> str:
    response = spotlight.set_call_on(seminar, form.response_id.data, form.on.data == 1)
    name = response.participant.display_name
    return (_("%(name)s is on your call-on list.", name=name) if response.call_on else
            _("%(name)s is off your call-on list.", name=name))


ACTIONS: dict[str, tuple[Action, bool]] = {
    "open": (_open, True), "next": (_next, True), "revote": (_revote, True),
    "close": (_close, True), "show": (_show, True), "discuss": (_discuss, True),
    "reveal": (_reveal, True), "stop": (_stop, True),
    "names": (_names, False), "language": (_language, False), "spotlight": (_spotlight, False),
    "spotlight-next": (_spotlight_next, False), "call-on": (_call_on, False),
}


def _register(name: str, action: Action, versioned: bool) -> None:
    def view(code: str):
        return _act(action, versioned=versioned)

    endpoint = {"open": "open_question", "next": "next_question", "close": "close_voting",
                "show": "show_votes", "spotlight-next": "spotlight_next",
                "call-on": "call_on", "language": "projector_language"}.get(name, name)
    view.__name__ = endpoint
    view.__doc__ = f"POST: the live panel's '{name}' button."
    bp.add_url_rule(f"/instructor/sessions/<code>/live/{name}", endpoint,
                    access("coteacher")(coteacher_required(view)), methods=["POST"])


for _name, (_action, _versioned) in ACTIONS.items():
    _register(_name, _action, _versioned)


@bp.route("/instructor/sessions/<code>/live/results")
@access("owner")
@owner_required
def results(code: str):
    """Every peer-instruction round of the session: both votes side by side, and the shift."""
    seminar = g.seminar
    comps = distributions.comparisons(seminar)
    # Per question: its bars, revision (prompt) and scale in the reader's language.
    shown = {c.question.id: comparison_in(c, current_language()) for c in comps}
    return render_template("live/results.html", seminar=seminar, comparisons=comps,
                           shown=shown)
