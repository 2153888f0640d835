"""Live-mode forms. Field names are the interface live.js and the templates post with."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, TextAreaField, widgets
from wtforms.validators import AnyOf, Length, NumberRange, Optional

from ..services.classroom.answers import MAX_ANSWER_LENGTH
from ..services.live.rounds import MAX_COUNTDOWN, MIN_COUNTDOWN


class LiveAnswerForm(FlaskForm):
    """A student's answer to the live question; `choice` is read as a list (radios or boxes).

    question_id and round say what the student was looking at, so an answer sent just as the
    instructor moved on is refused rather than filed under the next question. Our pages always
    send them; a client that leaves them out answers whatever is live when it arrives.
    """

    # Bounded: a huge number would reach the database (SQLite refuses above 2**63).
    question_id = IntegerField(validators=[Optional(), NumberRange(
        1, 2**31 - 1, _l("This question is not in this session."))],
        widget=widgets.HiddenInput())
    round = IntegerField(validators=[Optional(), NumberRange(
        1, 2, _l("There are only two rounds."))], widget=widgets.HiddenInput())
    # The wording shown (a question revision's id): not one of this question's -> the current.
    revision = IntegerField(validators=[Optional(), NumberRange(
        1, 2**31 - 1, _l("This question is not in this session."))],
        widget=widgets.HiddenInput())
    answer = TextAreaField(_l("Your answer"), validators=[
        Optional(), Length(max=MAX_ANSWER_LENGTH, message=_l(
            "Keep it to %(n)d characters.", n=MAX_ANSWER_LENGTH))])
    stance = IntegerField(_l("Where do you stand?"), validators=[
        Optional(), NumberRange(1, 7, _l("Pick a point on the scale."))])


class ControlForm(FlaskForm):
    """Every button on the live panel: which fields matter depends on the action."""

    version = IntegerField(validators=[Optional()], widget=widgets.HiddenInput())
    seconds = IntegerField(_l("Countdown in seconds (optional)"), validators=[
        Optional(), NumberRange(MIN_COUNTDOWN, MAX_COUNTDOWN, _l(
            "A countdown is between %(low)d and %(high)d seconds; leave it empty for none.",
            low=MIN_COUNTDOWN, high=MAX_COUNTDOWN))])
    question_id = IntegerField(validators=[Optional()], widget=widgets.HiddenInput())
    response_id = IntegerField(validators=[Optional()], widget=widgets.HiddenInput())
    on = IntegerField(validators=[Optional(), AnyOf([0, 1])], widget=widgets.HiddenInput())
    # The projector's language; "" follows the projector's browser. Missing means "".
    language = SelectField(_l("Projector language"), default="", choices=[
        ("", _l("Follow the browser")), ("en", "English"), ("es", "Español")])
