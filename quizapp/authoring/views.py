"""The reading editor: the list of readings, a reading's details and summary, one question
(multiple choice or discussion), reordering and retiring. Every save goes through
services/authoring/editing.py: the checks of `check-questions`, a draft when they fail, a
conflict when the form is stale."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from ..content.document import to_yaml
from ..content.history import versions
from ..extensions import db
from ..models import Course, Reading
from ..services.authoring import editing
from ..services.courses import courses
from ..web.access import access
from .blueprint import bp
from .forms import DiscussionForm, McForm, NewReadingForm, ReadingForm, RestoreForm

KINDS = {"mc": ("questions", McForm), "discussion": ("discussion", DiscussionForm)}


@bp.url_value_preprocessor
def _pull_course(endpoint: str | None, values: dict[str, Any] | None) -> None:
    # Every reading page is under /c/<course>/: the views find the course through g.
    if values and "course" in values:
        g.course_slug = values.pop("course")


@bp.url_defaults
def _add_course(endpoint: str, values: dict[str, Any]) -> None:
    # Links between the pages of one course's reading need not repeat the course.
    if "course" not in values and g.get("course_slug") and \
            current_app.url_map.is_endpoint_expecting(endpoint, "course"):
        values["course"] = g.course_slug


def course_or_404() -> Course:
    """The course in the URL, if the instructor may edit it (404 / 403 otherwise)."""
    course = courses.find_course(g.get("course_slug") or "")
    if course is None:
        abort(404, gettext("There is no course with that name."))
    if not courses.can_edit(current_user, course):
        abort(403, gettext("You do not teach this course: ask its owner to share it with "
                           "you."))
    g.course = course
    return course


def _reading_or_404(slug: str) -> Reading:
    reading = editing.find_reading(course_or_404(), slug)
    if reading is None:
        abort(404, gettext("There is no reading with that name."))
    return reading


def _base(form: Any) -> int:
    try:
        return int(form.base_version.data or 0)
    except (TypeError, ValueError):
        return -1  # never a real version: a conflict, not an error


def _saved_message(saved: editing.Saved) -> None:
    if saved.draft:
        n = len(saved.checked.problems)
        flash(ngettext("Saved as a draft with %(num)d problem: fix it before students can "
                       "use this version.",
                       "Saved as a draft with %(num)d problems: fix them before students "
                       "can use this version.", n), "info")
    elif saved.changed:
        flash(gettext("Saved (version %(n)d). Students see the new wording from now on.",
                      n=saved.version), "success")
    else:
        flash(gettext("Nothing changed."), "info")


def _conflict(exc: editing.EditConflict) -> dict[str, Any]:
    """What the conflict message shows: the version saved meanwhile, beside the form."""
    current = exc.current
    return {"number": current.number if current else 0,
            "author": current.author.username if current and current.author else None,
            "when": current.created_at if current else None,
            "text": to_yaml(current.document) if current else ""}


@bp.route("/")
@access("instructor")
@login_required
def index():
    """The readings of every course the instructor may edit, course by course."""
    groups = [(course, editing.all_readings(course))
              for course in courses.courses_for(current_user)]
    latest = {r.id: editing.current_document(r) for _course, rows in groups for r in rows}
    return render_template("authoring/index.html", groups=groups, latest=latest,
                           form=RestoreForm())


@bp.route("/new", methods=["GET", "POST"])
@access("instructor")
@login_required
def new_reading():
    form = NewReadingForm()
    visible = courses.courses_for(current_user)
    form.course.choices = [(c.slug, c.title) for c in visible]
    problems: list[str] = []
    if request.method == "GET":
        form.fill({"summary": [{"id": "s1"}]})
        form.base_version.data = "0"
        wanted = request.args.get("course")
        form.course.data = wanted if wanted in {c.slug for c in visible} else \
            (visible[0].slug if visible else None)
    elif form.validate_on_submit():
        course = next(c for c in visible if c.slug == form.course.data)
        doc, rows = form.apply({"questions": []})
        if not doc.get("slug"):
            form.slug.errors = [gettext("Give the reading a short name (a-z, 0-9 and -).")]
        elif editing.find_reading(course, str(doc["slug"])) is not None:
            form.slug.errors = [gettext("This course has a reading with this short name "
                                        "already.")]
        else:
            saved = editing.save_document(doc, current_user, 0, new=True, course=course)
            if saved.reading.id is not None:
                db.session.commit()
                _saved_message(saved)
                return redirect(url_for("authoring.edit_reading", course=course.slug,
                                        slug=saved.reading.slug))
            problems = form.place(saved.checked.placed, rows)
    status = 400 if request.method == "POST" else 200
    return render_template("authoring/reading_form.html", form=form, reading=None,
                           problems=problems, conflict=None, doc=None), status


@bp.route("/c/<course>/r/<slug>", methods=["GET", "POST"])
@access("course")
@login_required
def edit_reading(slug: str):
    reading = _reading_or_404(slug)
    doc, number, draft = editing.current_document(reading)
    form = ReadingForm()
    form.slug.render_kw = {"readonly": True}
    problems: list[str] = []
    conflict = None
    status = 200
    if request.method == "GET":
        form.fill(doc)
        form.base_version.data = str(number)
        if draft:
            checked = editing.check(doc, reading.course)
            problems = form.place(checked.placed, _identity_rows(doc))
    elif form.validate_on_submit():
        form.slug.data = reading.slug  # the name stays: sessions and links use it
        new_doc, rows = form.apply(doc)
        try:
            saved = editing.save_document(new_doc, current_user, _base(form),
                                          course=reading.course)
            db.session.commit()
        except editing.EditConflict as exc:
            db.session.rollback()
            conflict, status = _conflict(exc), 409
            form.base_version.data = str(conflict["number"])
        except IntegrityError:  # two saves from the same version at the same instant
            db.session.rollback()
            return _stale_redirect(slug)
        else:
            _saved_message(saved)
            if not saved.draft or form.moved_to:
                # After a move the page is drawn again from the saved order (a draft's
                # problems are placed from it too), at the row that moved.
                return redirect(url_for("authoring.edit_reading", slug=slug,
                                        _anchor=form.moved_to))
            problems = form.place(saved.checked.placed, rows)
            form.base_version.data = str(saved.version)
    else:
        status = 400
    per_question, across = editing.item_warnings(editing.check(doc, reading.course))
    for key, found in editing.unchosen_distractors(reading).items():
        per_question[key] = [*per_question.get(key, []), *found]
    return render_template("authoring/reading_form.html", form=form, reading=reading,
                           problems=problems, conflict=conflict, doc=doc,
                           version=number, draft=draft, warnings=per_question,
                           reading_warnings=across, history=versions(reading)[:1]), status


def _identity_rows(doc: dict[str, Any]) -> dict[str, list[int]]:
    return {"summary": list(range(len(doc.get("summary") or []))),
            "key_terms": list(range(len(doc.get("key_terms") or [])))}


def _stale_redirect(slug: str):
    flash(gettext("Someone saved this reading at the same moment: reload and check "
                  "before saving again."), "error")
    return redirect(url_for("authoring.edit_reading", slug=slug))


def _question_form(kind: str, doc: dict[str, Any], course: Course):
    form_class = KINDS[kind][1]
    form = form_class()
    sections = [(s.get("id", ""), f"{s.get('id', '')}: {s.get('heading', '')}")
                for s in doc.get("summary") or [] if s.get("id")]
    form.setup(sections, editing.vocabulary(course))
    return form


def _find(doc: dict[str, Any], key: str) -> tuple[str, int] | None:
    for kind, (list_key, _form) in KINDS.items():
        for i, q in enumerate(doc.get(list_key) or []):
            if q.get("id") == key:
                return kind, i
    return None


@bp.route("/c/<course>/r/<slug>/q/<key>", methods=["GET", "POST"])
@access("course")
@login_required
def edit_question(slug: str, key: str):
    reading = _reading_or_404(slug)
    doc, number, _draft = editing.current_document(reading)
    found = _find(doc, key)
    if found is None:
        abort(404, gettext("This reading has no question with that id."))
    kind, index = found
    return _question_page(reading, doc, number, kind, index)


@bp.route("/c/<course>/r/<slug>/new/<kind>", methods=["GET", "POST"])
@access("course")
@login_required
def new_question(slug: str, kind: str):
    reading = _reading_or_404(slug)
    if kind not in KINDS:
        abort(404)
    doc, number, _draft = editing.current_document(reading)
    return _question_page(reading, doc, number, kind, None)


def _question_page(reading: Reading, doc: dict[str, Any], number: int, kind: str,
                   index: int | None):
    list_key = KINDS[kind][0]
    old = (doc.get(list_key) or [])[index] if index is not None else None
    form = _question_form(kind, doc, reading.course)
    if old is not None:
        form.id.render_kw = {"readonly": True}
    problems: list[str] = []
    conflict = None
    status = 200
    if request.method == "GET":
        if old is not None:
            form.fill(old)
        form.base_version.data = str(number)
    elif form.validate_on_submit():
        question, rows = form.to_question(old)
        if old is not None:
            question["id"] = old["id"]  # the id is the question's identity: answers use it
        items = list(doc.get(list_key) or [])
        at = index if index is not None else len(items)
        if index is None and _find(doc, question["id"]) is not None:
            form.id.errors = [gettext("Another question of this reading has this id.")]
            return _render_question(reading, form, kind, old, problems, conflict, 400)
        items[at:at + 1] = [question]
        new_doc = {**doc, list_key: items}
        try:
            saved = editing.save_document(new_doc, current_user, _base(form),
                                          course=reading.course)
            db.session.commit()
        except editing.EditConflict as exc:
            db.session.rollback()
            conflict, status = _conflict(exc), 409
            form.base_version.data = str(conflict["number"])
        except IntegrityError:
            db.session.rollback()
            return _stale_redirect(reading.slug)
        else:
            _saved_message(saved)
            if not saved.draft:
                return redirect(url_for("authoring.edit_reading", slug=reading.slug,
                                        _anchor=f"q-{question['id']}"))
            mine = [(p[2:], m) for p, m in saved.checked.placed
                    if p[:2] == (list_key, at)]
            others = [m for p, m in saved.checked.placed if p[:2] != (list_key, at)]
            problems = form.place(mine, rows) + others
            form.base_version.data = str(saved.version)
    else:
        status = 400
    return _render_question(reading, form, kind, old, problems, conflict, status)


def _render_question(reading, form, kind, old, problems, conflict, status):
    warnings = []
    if kind == "mc" and old is not None:
        doc = editing.current_document(reading)[0]
        checked = editing.check(doc, reading.course)
        warnings = editing.item_warnings(checked)[0].get(old.get("id"), [])
    return render_template("authoring/question_form.html", reading=reading, form=form,
                           kind=kind, old=old, problems=problems, conflict=conflict,
                           warnings=warnings), status


@bp.route("/c/<course>/r/<slug>/q/<key>/<action>", methods=["POST"])
@access("course")
@login_required
def change_question(slug: str, key: str, action: str):
    """Move a question up or down, or retire it (its answers stay; history can bring it
    back)."""
    reading = _reading_or_404(slug)
    form = RestoreForm()
    if action not in ("up", "down", "retire") or not form.validate_on_submit():
        abort(400)
    doc, _number, _draft = editing.current_document(reading)
    found = _find(doc, key)
    if found is None:
        abort(404)
    kind, index = found
    list_key = KINDS[kind][0]
    items = list(doc[list_key])
    if action == "retire":
        items.pop(index)
    else:
        other = index - 1 if action == "up" else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
    try:
        saved = editing.save_document({**doc, list_key: items}, current_user, _base(form),
                                      course=reading.course, note=action)
        db.session.commit()
    except (editing.EditConflict, IntegrityError):
        db.session.rollback()
        return _stale_redirect(slug)
    _saved_message(saved)
    return redirect(url_for("authoring.edit_reading", slug=slug, _anchor="questions"))


@bp.route("/c/<course>/r/<slug>/retire", methods=["POST"])
@access("course")
@login_required
def retire_reading(slug: str):
    reading = _reading_or_404(slug)
    if not RestoreForm().validate_on_submit():
        abort(400)
    editing.set_retired(reading, not reading.retired, current_user)
    db.session.commit()
    flash(gettext("The reading is retired: new sessions do not offer it.") if reading.retired
          else gettext("The reading is back: new sessions offer it."), "info")
    return redirect(url_for("authoring.index"))
