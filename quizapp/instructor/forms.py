"""Instructor forms."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import EqualTo, InputRequired, Length, Optional

from ..models.responses import NOTE_KINDS
from ..services.accounts.instructors import MIN_PASSWORD_LENGTH
from ..services.classroom.participants import MAX_NAME_LENGTH
from ..services.review.notes import MAX_NOTE_LENGTH


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[
        InputRequired(_l("Enter your username.")), Length(max=80)],
        render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[
        InputRequired(_l("Enter your password.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class SessionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(_l("Give the session a title.")),
                                                 Length(max=200)])
    # The session's course: its readings are the ones offered below.
    course = SelectField(_l("Course"), validate_choice=True)
    readings = CheckboxListField(_l("Readings"), validators=[InputRequired(
        _l("Choose at least one reading."))])
    pacing = RadioField(_l("Pacing"), choices=[
        ("self", _l("Self-paced: students work through the readings at their own speed")),
        ("instructor", _l("Instructor-paced: you open each question live")),
    ], default="self")


class ConfirmForm(FlaskForm):
    """A state-changing button: CSRF and nothing else."""


class NoteForm(FlaskForm):
    kind = SelectField("About", choices=[(k, k) for k in NOTE_KINDS])
    target_id = IntegerField(validators=[Optional()], widget=widgets.HiddenInput())
    body = TextAreaField("Private note", validators=[
        InputRequired("Write the note first."),
        Length(max=MAX_NOTE_LENGTH, message=f"Keep a note to {MAX_NOTE_LENGTH} characters.")],
        render_kw={"rows": 3, "maxlength": MAX_NOTE_LENGTH})
    shared = BooleanField(lazy_gettext("Visible to co-teachers"))
    next = HiddenField()


class NoteEditForm(FlaskForm):
    body = TextAreaField("Private note", validators=[
        InputRequired("Write the note first."),
        Length(max=MAX_NOTE_LENGTH, message=f"Keep a note to {MAX_NOTE_LENGTH} characters.")],
        render_kw={"rows": 5, "maxlength": MAX_NOTE_LENGTH})
    shared = BooleanField(lazy_gettext("Visible to co-teachers"))


class RenameSeatForm(FlaskForm):
    display_name = StringField(lazy_gettext("New name"), validators=[
        InputRequired(lazy_gettext("Enter the new name.")),
        Length(max=MAX_NAME_LENGTH, message=lazy_gettext(
            "Keep it to %(n)s characters.", n=MAX_NAME_LENGTH))],
        render_kw={"maxlength": MAX_NAME_LENGTH, "autocomplete": "off"})


class MergeSeatForm(FlaskForm):
    # Choices are the session's other seats, filled in by the view.
    other = SelectField(lazy_gettext("Their other seat"), coerce=str, validate_choice=True)


class PasswordForm(FlaskForm):
    current = PasswordField(lazy_gettext("Current password"), validators=[
        InputRequired(lazy_gettext("Enter your current password.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"})
    new = PasswordField(lazy_gettext("New password"), validators=[
        InputRequired(lazy_gettext("Enter a new password.")),
        Length(min=MIN_PASSWORD_LENGTH, max=200, message=lazy_gettext(
            "Use %(n)s to 200 characters.", n=MIN_PASSWORD_LENGTH))],
        render_kw={"autocomplete": "new-password", "minlength": MIN_PASSWORD_LENGTH})
    confirm = PasswordField(lazy_gettext("New password again"), validators=[
        InputRequired(lazy_gettext("Type the new password again.")),
        EqualTo("new", lazy_gettext("The two new passwords differ."))],
        render_kw={"autocomplete": "new-password"})


class TimezoneForm(FlaskForm):
    # Choices are the installation's default and every IANA zone, filled in by the view; the
    # view checks the name itself, so that a bad one gets its message beside the field.
    timezone = SelectField(lazy_gettext("Your time zone"), coerce=str, validate_choice=False)


class CourseForm(FlaskForm):
    """A new course: its title and the short name its pages and files use."""

    title = StringField(_l("Title"), validators=[InputRequired(_l("Give the course a title.")),
                                                 Length(max=300)])
    slug = StringField(_l("Short name (slug)"), validators=[Optional(), Length(max=80)],
                       render_kw={"autocomplete": "off", "maxlength": 80})


class CourseShareForm(FlaskForm):
    username = StringField(_l("Co-teacher's username"), validators=[
        InputRequired(_l("Enter the username of the instructor to share with.")),
        Length(max=80)], render_kw={"autocomplete": "off", "maxlength": 80})
