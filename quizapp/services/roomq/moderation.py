"""The instructor's hand on the room's questions, and what the room's screen shows."""

from __future__ import annotations

from ...extensions import db
from ...models import Question, RoomQuestion, RoomScreen, Seminar
from .asking import RoomQuestionError
from .text import _

# action -> (attribute, value). Hiding keeps the row: nothing a student wrote is deleted.
ACTIONS = {
    "hide": ("hidden", True), "show": ("hidden", False),
    "answered": ("answered", True), "unanswered": ("answered", False),
    "pin": ("pinned", True), "unpin": ("pinned", False),
}
SCREEN_MODES = ("off", "question", "wall", "evidence")


def screen_for(seminar: Seminar, *, create: bool = False) -> RoomScreen | None:
    screen = db.session.get(RoomScreen, seminar.id)
    if screen is None and create:
        screen = RoomScreen(seminar_id=seminar.id, mode="off", wall_all=False,
                            wall_names=False, version=1)
        db.session.add(screen)
        db.session.flush()
    return screen


def _changed(screen: RoomScreen) -> None:
    screen.version = (screen.version or 0) + 1


def moderate(seminar: Seminar, question: RoomQuestion, action: str) -> None:
    if action not in ACTIONS:
        raise RoomQuestionError(_("Unknown action."))
    attribute, value = ACTIONS[action]
    if attribute == "pinned" and value:
        # One pin at a time: the pinned question is the one the room is talking about.
        for other in db.session.query(RoomQuestion).filter(
                RoomQuestion.seminar_id == seminar.id, RoomQuestion.pinned.is_(True)):
            other.pinned = False
    setattr(question, attribute, value)
    screen = screen_for(seminar)
    if screen is not None:
        if attribute == "hidden" and value and screen.room_question_id == question.id:
            screen.mode, screen.room_question_id = "off", None  # a hidden one leaves the screen
        _changed(screen)
    db.session.flush()


def project_room_question(seminar: Seminar, question: RoomQuestion | None) -> RoomScreen:
    """Put a room question on the room's screen (None: clear the screen)."""
    screen = screen_for(seminar, create=True)
    assert screen is not None
    if question is not None and question.hidden:
        raise RoomQuestionError(_("A hidden question cannot go on the screen; show it first."))
    screen.mode = "question" if question is not None else "off"
    screen.room_question_id = question.id if question is not None else None
    _changed(screen)
    db.session.flush()
    return screen


def project_discussion(seminar: Seminar, question: Question, mode: str, *,
                       show_all: bool = False, stance: int | None = None,
                       names: bool = False) -> RoomScreen:
    """Put a discussion question's answer wall or evidence map on the room's screen."""
    if mode not in ("wall", "evidence"):
        raise RoomQuestionError(_("Unknown screen."))
    if question.kind != "discussion":
        raise RoomQuestionError(_("Only a discussion question has an answer wall."), 404)
    revision = question.current_revision
    scale = revision.stance if revision is not None else None
    if stance is not None and (not scale or not 1 <= stance <= int(scale["points"])):
        raise RoomQuestionError(_("Pick a point on the question's scale."))
    screen = screen_for(seminar, create=True)
    assert screen is not None
    screen.mode, screen.question_id, screen.room_question_id = mode, question.id, None
    screen.wall_all, screen.wall_stance, screen.wall_names = show_all, stance, names
    _changed(screen)
    db.session.flush()
    return screen


def clear_screen(seminar: Seminar) -> None:
    screen = screen_for(seminar)
    if screen is not None:
        screen.mode, screen.room_question_id, screen.question_id = "off", None, None
        _changed(screen)
        db.session.flush()
