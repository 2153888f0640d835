"""Uploads in the browser: a reading file (YAML), Moodle GIFT or Moodle XML, read with the same
code and the same `file:line: message` reports as the CLI, previewed, and stored only when the
instructor confirms (the previewed text comes back and is checked again)."""

from __future__ import annotations

from pathlib import Path

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from ..content.history import version_number
from ..extensions import db
from ..models import Course
from ..services.authoring import editing, uploads
from ..web.access import access
from .blueprint import bp
from .forms import StoreUploadForm, UploadForm
from .history_views import preview_objects
from .views import _base, course_or_404


@bp.route("/c/<course>/upload", methods=["GET", "POST"])
@access("course")
@login_required
def upload():
    course = course_or_404()
    form = UploadForm()
    form.misconception.choices = [("", gettext("(none: every wrong choice must have one)")),
                                  *sorted(editing.vocabulary(course).items())]
    if form.validate_on_submit():
        data = form.file.data.read()
        name = Path(form.file.data.filename or "upload").name
        result = uploads.read_upload(
            form.kind.data, data, name, course=course, slug=(form.slug.data or "").strip() or None,
            misconception=form.misconception.data or None)
        if result.text is None:
            form.file.errors = [*form.file.errors, gettext("Nothing can be stored from this "
                                                           "file:")]
            return render_template("authoring/upload.html", form=form, result=result,
                                   course=course), 400
        return _preview(result, course)
    status = 400 if form.errors else 200
    return render_template("authoring/upload.html", form=form, result=None,
                           course=course), status


def _preview(result: uploads.Upload, course: Course):
    reading = editing.find_reading(course, result.slug) if result.slug else None
    fake, checks, discussion = preview_objects(result.document or {})
    store = StoreUploadForm(text=result.text, source=result.name,
                            base_version=str(version_number(reading)))
    return render_template("authoring/upload_preview.html", result=result, store=store,
                           existing=reading, base=version_number(reading), reading=fake,
                           checks=checks, discussion=discussion, course=course)


@bp.route("/c/<course>/upload/store", methods=["POST"])
@access("course")
@login_required
def store_upload():
    course = course_or_404()
    form = StoreUploadForm()
    if not form.validate_on_submit():
        flash(gettext("The upload was not sent back whole: upload the file again."), "error")
        return redirect(url_for("authoring.upload"))
    result = uploads.read_upload("yaml", form.text.data.encode("utf-8"),
                                 form.source.data or "upload", course=course)
    if result.document is None or result.problems:
        return _preview(result, course), 400
    existing = editing.find_reading(course, result.slug)
    try:
        base = _base(form) if existing else 0
        saved = editing.save_document(result.document, current_user, base, course=course,
                                      source="upload",
                                      note=gettext("uploaded from %(name)s",
                                                   name=form.source.data or "?"),
                                      new=existing is None)
        db.session.commit()
    except (editing.EditConflict, IntegrityError):
        db.session.rollback()
        flash(gettext("This reading changed since the preview: upload the file again to "
                      "see the differences."), "error")
        return redirect(url_for("authoring.upload"))
    flash(gettext("Stored the reading “%(title)s” (version %(n)d).",
                  title=saved.reading.title, n=saved.version), "success")
    return redirect(url_for("authoring.edit_reading", slug=saved.reading.slug))
