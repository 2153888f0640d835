"""Private notes: create, edit, delete, and the page listing a session's notes."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..models import Note
from ..models.responses import NOTE_KINDS
from ..services.review import notes
from ..web.access import access
from ..web.security import safe_next
from .auth import owner_required
from .blueprint import bp
from .forms import ConfirmForm, NoteEditForm, NoteForm


def _back(default: str) -> str:
    return safe_next(request.form.get("next")) or default


@bp.route("/sessions/<code>/notes", methods=["POST"])
@access("owner")
@owner_required
def add_note(code: str):
    form = NoteForm()
    back = _back(url_for("instructor.review_session", code=g.seminar.code))
    if form.validate_on_submit():
        try:
            notes.add_note(g.seminar, current_user, form.kind.data, form.target_id.data,
                           form.body.data, shared=bool(form.shared.data))
        except notes.EmptyNote as exc:
            # Beside the field, with what was typed, like any other form error.
            db.session.rollback()
            form.body.errors.append(str(exc))
        except notes.NoteError as exc:
            db.session.rollback()
            abort(400, _("The note was not saved: %(reason)s.", reason=str(exc)))
        else:
            db.session.commit()
            flash(_("Note saved."), "success")
            return redirect(back)
    # Keep what was typed: show the form again with the error beside the field.
    return render_template("instructor/note_edit.html", seminar=g.seminar, form=form,
                           note=None, back=back), 400


def _note_or_404(note_id: int) -> Note:
    note = db.session.get(Note, note_id)
    # Another instructor's private note does not exist for this reader (404, as a stranger).
    if note is None or note.seminar_id != g.seminar.id or (
            note.author_id != current_user.id and not note.shared):
        abort(404, _("No such note in this session."))
    return note


@bp.route("/sessions/<code>/notes/<int:note_id>/edit", methods=["GET", "POST"])
@access("owner")
@owner_required
def edit_note(code: str, note_id: int):
    note = _note_or_404(note_id)
    if note.author_id != current_user.id:
        abort(403, _("Only the author of a note can edit it."))
    form = NoteEditForm(data={"body": note.body, "shared": note.shared}
                        if request.method == "GET" else None)
    back = safe_next(request.values.get("next")) or url_for("instructor.notes_page",
                                                             code=g.seminar.code)
    if form.validate_on_submit():
        try:
            notes.edit_note(note, current_user, form.body.data, shared=bool(form.shared.data))
        except notes.NoteError as exc:
            # Only spaces or newlines: a form error beside the field, never a 500.
            db.session.rollback()
            form.body.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Note updated."), "success")
            return redirect(back)
    status = 400 if form.errors else 200
    return render_template("instructor/note_edit.html", seminar=g.seminar, form=form,
                           note=note, back=back, delete_form=ConfirmForm()), status


@bp.route("/sessions/<code>/notes/<int:note_id>/delete", methods=["POST"])
@access("owner")
@owner_required
def delete_note(code: str, note_id: int):
    note = _note_or_404(note_id)
    if note.author_id != current_user.id:
        abort(403, _("Only the author of a note can delete it."))
    if ConfirmForm().validate_on_submit():
        notes.delete_note(note, current_user)
        db.session.commit()
        flash(_("Note deleted."), "info")
    return redirect(_back(url_for("instructor.notes_page", code=g.seminar.code)))


@bp.route("/sessions/<code>/notes")
@access("owner")
@owner_required
def notes_page(code: str):
    kind = request.args.get("kind") if request.args.get("kind") in NOTE_KINDS else None
    author = request.args.get("author", type=int)
    text = (request.args.get("q") or "").strip()[:200] or None
    found = notes.notes_for(g.seminar, kind=kind, author_id=author, text=text,
                            viewer=current_user)
    authors = {n.author for n in notes.notes_for(g.seminar, viewer=current_user)}
    return render_template("instructor/notes.html", seminar=g.seminar, notes=found,
                           kind=kind, author=author, q=text or "", kinds=NOTE_KINDS,
                           authors=sorted(authors, key=lambda a: a.username),
                           form=ConfirmForm())


