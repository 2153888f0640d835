"""Forms of the room's questions. Field names are part of the interface: body, reading."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..services.roomq.text import MAX_ROOM_QUESTION_LENGTH


class AskForm(FlaskForm):
    body = TextAreaField(
        _l("Your question"),
        validators=[InputRequired(_l("Write your question first.")),
                    Length(max=MAX_ROOM_QUESTION_LENGTH,
                           message=_l("Keep the question to %(n)d characters or fewer.",
                                      n=MAX_ROOM_QUESTION_LENGTH))],
        render_kw={"rows": 3, "maxlength": MAX_ROOM_QUESTION_LENGTH})
    # "" means the session as a whole; the view fills in the session's readings.
    reading = SelectField(_l("About"), choices=[], validate_choice=False,
                          validators=[Optional(), Length(max=80)])


class ConfirmForm(FlaskForm):
    """A state-changing button: CSRF and nothing else."""


class ModerateForm(FlaskForm):
    action = HiddenField(validators=[InputRequired(), Length(max=16)])


class ScreenForm(FlaskForm):
    """What to put on the room's screen: mode off|question|wall|evidence and its options."""

    mode = HiddenField(validators=[InputRequired(), Length(max=16)])
    room_question = StringField(validators=[Optional(), Length(max=20)])
    question = StringField(validators=[Optional(), Length(max=80)])
    show_all = BooleanField(_l("Show every answer, not only the approved ones"))
    names = BooleanField(_l("Show the students' names"))
    stance = SelectField(_l("Stance"), choices=[], validate_choice=False,
                         validators=[Optional(), Length(max=4)])


class ApproveForm(FlaskForm):
    """Let one answer onto the wall (on=1) or take it off (on=0)."""

    response_id = HiddenField(validators=[InputRequired(), Length(max=20)])
    on = HiddenField(validators=[Optional(), Length(max=1)])
