"""Forms of the feedback pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..models import Rubric
from ..services.feedback.comments import MAX_COMMENT_LENGTH
from ..services.feedback.rubrics import MAX_TITLE


def _int_or_none(value: object) -> int | None:
    if value in (None, "", "None"):
        return None
    try:
        return int(str(value))
    except ValueError:
        return -1  # not a choice: the field says so


class FeedbackForm(FlaskForm):
    body = TextAreaField(_l("Comment for the student"), validators=[
        Optional(), Length(max=MAX_COMMENT_LENGTH, message=_l(
            "Keep a comment to %(n)d characters or fewer.", n=MAX_COMMENT_LENGTH))],
        render_kw={"rows": 4, "maxlength": MAX_COMMENT_LENGTH})
    level = RadioField(_l("Mark"), coerce=_int_or_none, validators=[Optional()],
                       validate_choice=True)
    next = HiddenField()


def make_feedback_form(rubric: Rubric | None, **kwargs: object) -> FeedbackForm:
    form = FeedbackForm(**kwargs)
    choices: list[tuple[int | None, str]] = [(None, str(_l("No mark")))]
    if rubric is not None:
        # The key badge (the level's position + 1) is drawn beside each label by the template.
        choices += [(level.id, f"{level.label} ({level.score})"
                     + (f" – {level.descriptor}" if level.descriptor else ""))
                    for level in rubric.levels]
    form.level.choices = choices
    return form


class RubricForm(FlaskForm):
    # Shown when the instructor has several courses; otherwise the one they have.
    course = SelectField(_l("Course"), validate_choice=True)
    title = StringField(_l("Title"), validators=[
        InputRequired(_l("Give the rubric a title.")), Length(max=MAX_TITLE)])
    levels = TextAreaField(_l("Levels, one a line: score | label | descriptor"), validators=[
        InputRequired(_l("Write at least two levels.")), Length(max=12000)],
        render_kw={"rows": 6})


class ChooseRubricForm(FlaskForm):
    rubric = SelectField(_l("Rubric for this session"), coerce=_int_or_none,
                         validate_choice=True)


class LinkCodesForm(FlaskForm):
    keep = StringField(_l("Personal code to keep"), validators=[
        InputRequired(_l("Enter the personal code the student keeps.")), Length(max=20)],
        render_kw={"autocomplete": "off", "maxlength": 20})
    replace = StringField(_l("Personal code of the same student in another session"),
                          validators=[InputRequired(_l("Enter the other personal code.")),
                                      Length(max=20)],
                          render_kw={"autocomplete": "off", "maxlength": 20})


class ReleaseForm(FlaskForm):
    question = HiddenField()  # a question key; empty: the whole session
