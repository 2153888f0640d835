"""The seat panel of the instructor's student page: its forms and what it shows."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ..extensions import db
from ..models import Participant
from ..services.classroom import seats
from .auth import may
from .forms import ConfirmForm, MergeSeatForm, RenameSeatForm


def merge_form(participant: Participant, **kwargs: Any) -> MergeSeatForm:
    form = MergeSeatForm(**kwargs)
    form.other.choices = [("", _("Choose a seat"))] + [
        (str(p.id), p.display_name) for p in seats.seats_to_merge(participant)]
    return form


def seat_context(participant: Participant, *, rename: RenameSeatForm | None = None,
                 merge: MergeSeatForm | None = None) -> dict[str, Any]:
    """What the seat panel on the student page needs (instructor/_seat_panel.html)."""
    return {"may_manage": may("manage"), "confirm": ConfirmForm(),
            "rename": rename or RenameSeatForm(formdata=None,
                                               data={"display_name": participant.display_name}),
            "merge": merge or merge_form(participant, formdata=None),
            "empty": seats.is_empty(participant),
            "merged_into": (db.session.get(Participant, participant.merged_into_id)
                            if participant.merged_into_id else None),
            "merged_from": seats.merged_seats(participant),
            "history": seats.history_of(participant)}


