"""The course's vocabulary of misconceptions, timeline and perspectives (and its title and
description), edited entry by entry: add, edit, move up or down, remove. Each save writes the
whole course file through services/authoring/course_file.py, checked by the rules of
`check-questions`; problems are shown beside the fields and nothing is saved until they are
fixed. Plain forms: everything works without JavaScript."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields import SelectMultipleField

from ..extensions import db
from ..models import Course
from ..services.authoring import course_file
from ..services.courses import courses
from ..web.access import access
from .blueprint import bp
from .forms import RestoreForm
from .views import course_or_404

BLANK_VIEWS = 1  # empty rows offered for adding a view of a perspective


def _clean(value: Any) -> str:
    return str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


class AboutForm(FlaskForm):
    base = HiddenField()
    title = StringField(_l("Title"))
    description = TextAreaField(_l("Description"), render_kw={"rows": 3})

    def entry(self) -> dict[str, Any]:
        return {"title": _clean(self.title.data), "description": _clean(self.description.data)}


class MisconceptionForm(FlaskForm):
    base = HiddenField()
    tag = StringField(_l("Tag"), render_kw={"autocomplete": "off"})
    label = StringField(_l("Label"))
    description = TextAreaField(_l("Description"), render_kw={"rows": 3})

    def entry(self) -> dict[str, Any]:
        return {k: _clean(getattr(self, k).data) for k in ("tag", "label", "description")}


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class EventForm(FlaskForm):
    base = HiddenField()
    id = StringField(_l("Event id"), render_kw={"autocomplete": "off"})
    date = StringField(_l("Date (YYYY, YYYY-MM or YYYY-MM-DD)"))
    title = StringField(_l("Title"))
    detail = TextAreaField(_l("Detail"), render_kw={"rows": 3})
    # Unknown names are the checker's to report, beside the field: no choice validation.
    readings = CheckboxesField(_l("Readings about it"), validate_choice=False)

    def entry(self) -> dict[str, Any]:
        out = {k: _clean(getattr(self, k).data) for k in ("id", "date", "title", "detail")}
        return {**out, "readings": [r for r in self.readings.data or [] if r]}


class ViewForm(Form):
    reading = SelectField(_l("Reading"), validate_choice=False)
    section = StringField(_l("Section id (optional)"), render_kw={"autocomplete": "off"})
    text = TextAreaField(_l("What this reading says"), render_kw={"rows": 3})


class PerspectiveForm(FlaskForm):
    base = HiddenField()
    id = StringField(_l("Perspective id"), render_kw={"autocomplete": "off"})
    title = StringField(_l("Title"))
    question = TextAreaField(_l("Question (optional)"), render_kw={"rows": 2})
    agreement = TextAreaField(_l("Where the readings agree (optional)"), render_kw={"rows": 2})
    views = FieldList(FormField(ViewForm), min_entries=1)

    def entry(self) -> dict[str, Any]:
        out = {k: _clean(getattr(self, k).data)
               for k in ("id", "title", "question", "agreement")}
        views = [{k: _clean(v.form[k].data) for k in ("reading", "section", "text")}
                 for v in self.views]
        return {**out, "views": [v for v in views if v["reading"] or v["text"]]}


FORMS = {"misconceptions": MisconceptionForm, "timeline": EventForm,
         "perspectives": PerspectiveForm}


def _part_or_404(part: str) -> type[FlaskForm]:
    if part not in FORMS:
        abort(404)
    return FORMS[part]


def _fill(form: FlaskForm, entry: dict[str, Any]) -> None:
    for name, field in form._fields.items():
        if name in ("base", "csrf_token", "views"):
            continue
        field.data = entry.get(name) or ([] if name == "readings" else "")
    if isinstance(form, PerspectiveForm):
        while len(form.views):
            form.views.pop_entry()
        for view in [*(entry.get("views") or []), *([{}] * BLANK_VIEWS)]:
            form.views.append_entry({k: view.get(k) or "" for k in ("reading", "section",
                                                                  "text")})


def _choices(form: FlaskForm, course: Course) -> None:
    readings = [(r.slug, f"{r.title} ({r.slug})") for r in courses.course_readings(course)]
    if isinstance(form, EventForm):
        form.readings.choices = readings
    if isinstance(form, PerspectiveForm):
        for view in form.views:
            view.form.reading.choices = [("", gettext("(choose a reading)")), *readings]


def _place(form: FlaskForm, placed: list[tuple[tuple, str]], part: str | None,
           index: int | None) -> list[str]:
    """The checker's problems beside this entry's fields (``part`` None: the title and
    description); the others as a list above the form."""
    general = []
    for path, message in placed:
        if part is None:
            rest = path
        elif path[:2] == (part, index):
            rest = path[2:]
        else:
            general.append(message)
            continue
        field = _field_at(form, rest) if rest else _item_field(form, message)
        if field is None:
            general.append(message)
        else:
            field.errors = [*field.errors, message]
    return general


def _item_field(form: FlaskForm, message: str) -> Any:
    """A problem on the entry's own line: about its first key ("- tag: x" is one line), or
    about the readings an event names."""
    if isinstance(form, EventForm) and "unknown reading" in message:
        return form.readings
    first = next((name for name in ("tag", "id") if name in form._fields), None)
    return form._fields[first] if first and f"'{first}'" in message else None


def _field_at(form: FlaskForm, rest: tuple) -> Any:
    if not rest or not isinstance(rest[0], str) or rest[0] in ("base", "csrf_token"):
        return None
    if rest[0] == "views":
        if len(rest) >= 3 and isinstance(rest[1], int) and rest[1] < len(form.views):
            return form.views[rest[1]].form._fields.get(rest[2])
        return None
    return form._fields.get(rest[0])


def _save(course: Course, document: dict[str, Any], form: FlaskForm
          ) -> course_file.CourseChecked | None:
    """Save, or None on a conflict (a message flashed: the form keeps the instructor's text)."""
    try:
        checked = course_file.save_course_document(course, document, form.base.data or "")
    except course_file.CourseConflict:
        db.session.rollback()
        flash(gettext("Someone saved this course while you were editing. Your text is kept "
                      "below and was not saved: check the course, then save again."), "error")
        form.base.data = course.content_hash
        return None
    if checked.ok:
        db.session.commit()
        flash(gettext("Saved. The course pages show it from now on."), "success")
    else:
        db.session.rollback()
    return checked


@bp.route("/c/<course>/course", methods=["GET", "POST"])
@access("course")
@login_required
def course_file_page():
    course = course_or_404()
    document = course_file.course_document(course)
    form = AboutForm()
    problems: list[str] = []
    status = 200
    if request.method == "GET":
        form.title.data, form.description.data = document["title"], document["description"]
        form.base.data = course.content_hash
    elif form.validate_on_submit():
        checked = _save(course, {**document, **form.entry()}, form)
        if checked is None:
            status = 409
        elif checked.ok:
            return redirect(url_for("authoring.course_file_page"))
        else:
            problems, status = _place(form, checked.placed, None, None), 400
    else:
        status = 400
    return render_template("authoring/course_file.html", course=course, document=document,
                           form=form, problems=problems, actions=RestoreForm(),
                           base=course.content_hash), status


@bp.route("/c/<course>/course/<part>/new", methods=["GET", "POST"])
@access("course")
@login_required
def new_course_entry(part: str):
    return _entry_page(part, None)


@bp.route("/c/<course>/course/<part>/<int:index>", methods=["GET", "POST"])
@access("course")
@login_required
def edit_course_entry(part: str, index: int):
    return _entry_page(part, index)


def _entry_page(part: str, index: int | None):
    form_class = _part_or_404(part)
    course = course_or_404()
    document = course_file.course_document(course)
    entries = document[part]
    if index is not None and not 0 <= index < len(entries):
        abort(404, gettext("The course has no such entry."))
    form = form_class()
    problems: list[str] = []
    status = 200
    if request.method == "GET":
        _fill(form, entries[index] if index is not None else {})
        form.base.data = course.content_hash
    elif form.validate_on_submit():
        at = index if index is not None else len(entries)
        changed = [*entries[:at], form.entry(), *entries[at + 1:]]
        _choices(form, course)
        checked = _save(course, {**document, part: changed}, form)
        if checked is None:
            status = 409
        elif checked.ok:
            return redirect(url_for("authoring.course_file_page", _anchor=part))
        else:
            problems, status = _place(form, checked.placed, part, at), 400
    else:
        status = 400
    _choices(form, course)
    return render_template("authoring/course_entry.html", course=course, form=form,
                           part=part, index=index, problems=problems), status


@bp.route("/c/<course>/course/<part>/<int:index>/<action>", methods=["POST"])
@access("course")
@login_required
def change_course_entry(part: str, index: int, action: str):
    """Move an entry up or down, or remove it (refused, with the reason, when a question or
    the timeline still needs it)."""
    _part_or_404(part)
    course = course_or_404()
    form = RestoreForm()
    if action not in ("up", "down", "remove") or not form.validate_on_submit():
        abort(400)
    document = course_file.course_document(course)
    entries = list(document[part])
    if not 0 <= index < len(entries):
        abort(404, gettext("The course has no such entry."))
    if action == "remove":
        entries.pop(index)
    else:
        other = index - 1 if action == "up" else index + 1
        if 0 <= other < len(entries):
            entries[index], entries[other] = entries[other], entries[index]
    checked = course_file.check_course_document(course, {**document, part: entries})
    if not checked.ok:
        for _path, message in checked.placed:
            flash(gettext("Not saved: %(problem)s", problem=message), "error")
    else:
        course_file.save_course_document(course, {**document, part: entries},
                                         course.content_hash)
        db.session.commit()
        flash(gettext("Saved. The course pages show it from now on."), "success")
    return redirect(url_for("authoring.course_file_page", _anchor=part))
