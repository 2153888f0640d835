"""A reading's history (every save, who and when; any version restorable), its download as a
reading file, and the preview as a student (the student templates, feedback included)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from ..content.document import to_yaml
from ..content.history import versions
from ..extensions import db
from ..models import Question, QuestionRevision, Reading
from ..services.authoring import editing
from ..student.forms import make_discussion_form, make_mc_form
from ..web.access import access
from .blueprint import bp
from .forms import RestoreForm
from .views import _base, _reading_or_404, _saved_message, _stale_redirect


@bp.route("/c/<course>/r/<slug>/history")
@access("course")
@login_required
def history(slug: str):
    reading = _reading_or_404(slug)
    rows = versions(reading)
    return render_template("authoring/history.html", reading=reading, versions=rows,
                           form=RestoreForm(base_version=rows[0].number if rows else 0))


@bp.route("/c/<course>/r/<slug>/history/<int:n>")
@access("course")
@login_required
def show_version(slug: str, n: int):
    reading = _reading_or_404(slug)
    rows = versions(reading)
    version = next((v for v in rows if v.number == n), None)
    if version is None:
        abort(404, gettext("This reading has no such version."))
    return render_template("authoring/version.html", reading=reading, version=version,
                           text=to_yaml(version.document),
                           form=RestoreForm(base_version=rows[0].number))


@bp.route("/c/<course>/r/<slug>/history/<int:n>/restore", methods=["POST"])
@access("course")
@login_required
def restore_version(slug: str, n: int):
    reading = _reading_or_404(slug)
    form = RestoreForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        saved = editing.restore(reading, n, current_user, _base(form))
        db.session.commit()
    except LookupError:
        abort(404, gettext("This reading has no such version."))
    except (editing.EditConflict, IntegrityError, ValueError):
        db.session.rollback()
        return _stale_redirect(slug)
    _saved_message(saved)
    return redirect(url_for("authoring.edit_reading", slug=slug))


@bp.route("/c/<course>/r/<slug>/download.yaml")
@access("course")
@login_required
def download(slug: str):
    """The reading file in the documented format: what students see (or the draft of a
    reading that has never passed the checks)."""
    reading = _reading_or_404(slug)
    doc = editing.current_document(reading)[0] if reading.draft \
        else editing.db_document(reading)
    return Response(to_yaml(doc), mimetype="application/x-yaml", headers={
        "Content-Disposition": f'attachment; filename="{reading.slug}.yaml"'})


def preview_objects(doc: dict[str, Any]) -> tuple[Reading, list[Question], list[Question]]:
    """Unsaved stand-ins for the reading and its questions, from a document (a draft too):
    the student templates render them as they will render the stored ones."""
    reading = Reading(slug=str(doc.get("slug") or ""), title=str(doc.get("title") or ""),
                      original_title=str(doc.get("original_title") or ""),
                      publication=str(doc.get("publication") or ""),
                      author=str(doc.get("author") or ""), date_text=str(doc.get("date") or ""),
                      description=str(doc.get("description") or ""),
                      body={"summary": doc.get("summary") or [],
                            "key_points": doc.get("key_points") or [],
                            "key_terms": doc.get("key_terms") or []})
    made: dict[str, list[Question]] = {"mc": [], "discussion": []}
    for kind, list_key in (("mc", "questions"), ("discussion", "discussion")):
        for q in doc.get(list_key) or []:
            data = {k: v for k, v in q.items() if k not in ("id", "prompt")}
            revision = QuestionRevision(number=0, prompt=str(q.get("prompt") or ""),
                                        data=data, content_hash="")
            made[kind].append(Question(key=str(q.get("id") or ""), kind=kind,
                                       current_revision=revision))
    return reading, made["mc"], made["discussion"]


def _stand_ins() -> dict[str, Any]:
    seminar = SimpleNamespace(code="PREVIEW", title=gettext("Preview"), id=0)
    me = SimpleNamespace(display_name=gettext("Preview student"), resume_code="-")
    # The preview shows the document as written: the English rows (the translations in
    # questions/<lang>/ are not edited here), so its text says so to the W3C checker and
    # to screen readers when the interface is in another language.
    return {"seminar": seminar, "me": me, "preview": True, "content_lang": "en"}


@bp.route("/c/<course>/r/<slug>/preview")
@access("course")
@login_required
def preview(slug: str):
    reading = _reading_or_404(slug)
    doc = editing.current_document(reading)[0]
    fake, checks, discussion = preview_objects(doc)
    return render_template("authoring/preview_reading.html", reading=fake, read=True,
                           checks=checks, discussion=discussion, form=RestoreForm(),
                           real=reading, **_stand_ins())


@bp.route("/c/<course>/r/<slug>/preview/q/<key>", methods=["GET", "POST"])
@access("course")
@login_required
def preview_question(slug: str, key: str):
    """One question as a student sees it; ?pick=a,b shows the result page a student who
    picked those choices gets (every choice's feedback is one pick away)."""
    reading = _reading_or_404(slug)
    doc = editing.current_document(reading)[0]
    fake, checks, discussion = preview_objects(doc)
    question = next((q for q in checks + discussion if q.key == key), None)
    if question is None:
        abort(404)
    revision = question.current_revision
    assert revision is not None
    if question.kind == "discussion":
        form = make_discussion_form(revision.stance)
        return render_template("authoring/preview_discussion.html", reading=fake,
                               revision=revision, question=question, form=form,
                               response=None, closed_reason=None, error=None, real=reading,
                               **_stand_ins())
    form = make_mc_form(revision.choices, revision.multiple)
    if request.method == "POST" and form.validate_on_submit():
        picked = form.choice.data if revision.multiple else [form.choice.data]
        return redirect(url_for("authoring.preview_question", slug=slug, key=key,
                                pick=",".join(picked), _anchor="result"))
    picked = [p for p in request.args.get("pick", "").split(",") if revision.choice(p)]
    response = None
    if picked:
        response = SimpleNamespace(choice_ids=picked,
                                   correct=set(picked) == revision.correct_ids)
    n = checks.index(question) + 1
    return render_template("authoring/preview_check.html", reading=fake, revision=revision,
                           question=question, form=form, response=response, n=n,
                           total=len(checks), closed_reason=None, error=None, real=reading,
                           picked=picked, **_stand_ins())

