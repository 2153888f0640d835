"""Student forms. Field names are part of the interface: display_name, choice, answer."""

from __future__ import annotations

import functools
from typing import Any

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..services.classroom.answers import MAX_ANSWER_LENGTH
from ..services.classroom.participants import MAX_NAME_LENGTH
from ..services.live import distributions


class JoinForm(FlaskForm):
    code = StringField("Session code", validators=[Length(max=32)],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters",
                                  "spellcheck": "false"})
    display_name = StringField(
        "Your name", validators=[InputRequired("Enter your name."),
                                 Length(max=MAX_NAME_LENGTH,
                                        message=f"Keep it to {MAX_NAME_LENGTH} characters.")],
        render_kw={"autocomplete": "name", "maxlength": MAX_NAME_LENGTH})


class ResumeForm(FlaskForm):
    resume_code = StringField(
        "Your personal code", validators=[InputRequired("Enter your personal code."),
                                          Length(max=16, message="That code is too long.")],
        render_kw={"autocomplete": "off", "autocapitalize": "characters",
                   "spellcheck": "false"})


class ConfirmForm(FlaskForm):
    """A button that changes state: CSRF and nothing else."""


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def make_mc_form(choices: list[dict[str, Any]], multiple: bool, **kwargs: Any) -> FlaskForm:
    """A form for one check question: radios named `choice`, or checkboxes when several."""
    pairs = tuple((str(c["id"]), str(c["text"])) for c in choices)
    return _mc_form_class(pairs, multiple)(**kwargs)


@functools.lru_cache(maxsize=1024)
def _mc_form_class(pairs: tuple[tuple[str, str], ...], multiple: bool) -> type[FlaskForm]:
    # One class per distinct question, made once: building a form class on every request
    # was a visible share of an answer's cost.
    class McForm(FlaskForm):
        pass

    if multiple:
        McForm.choice = MultiCheckboxField(  # type: ignore[attr-defined]
            "Answer", choices=list(pairs), validate_choice=False,
            validators=[InputRequired("Choose at least one answer.")])
    else:
        McForm.choice = RadioField(  # type: ignore[attr-defined]
            "Answer", choices=list(pairs), validate_choice=False,
            validators=[InputRequired("Choose an answer.")])
    return McForm


def make_discussion_form(stance: dict[str, Any] | None, **kwargs: Any) -> FlaskForm:
    class DiscussionForm(FlaskForm):
        answer = TextAreaField(
            "Your answer",
            validators=[InputRequired("Write an answer before submitting."),
                        Length(max=MAX_ANSWER_LENGTH,
                               message=f"Keep it to {MAX_ANSWER_LENGTH} characters.")],
            render_kw={"rows": 8, "maxlength": MAX_ANSWER_LENGTH})

    if stance:
        points = int(stance["points"])
        # Every point labelled in words (a phone lists them one under the other).
        labels = [(str(i), label) for i, label in
                  enumerate(distributions.stance_point_labels(stance), start=1)]

        def _valid_point(form: FlaskForm, field: RadioField) -> None:
            if field.data and field.data not in {v for v, _ in labels}:
                raise ValidationError("Pick a point on the scale.")

        DiscussionForm.stance = RadioField(  # type: ignore[attr-defined]
            f"Where do you stand? 1 = {stance['left']}, {points} = {stance['right']}",
            choices=labels, validate_choice=False,
            # Blank is "no stance": without the strip, spaces would reach int() in the view.
            filters=[lambda value: value.strip() if isinstance(value, str) else value],
            validators=[Optional(), _valid_point])
    return DiscussionForm(**kwargs)
