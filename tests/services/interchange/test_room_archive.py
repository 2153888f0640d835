"""The room's questions, votes, wall approvals and notes on room questions go through the
session archive: export, import into a fresh installation, export again, same archive."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import select

from dbkit import dispose, make_app
from quizapp.extensions import db
from quizapp.models import Question
from quizapp.services.accounts import instructors
from quizapp.services.classroom import answers, participants, seminars
from quizapp.services.interchange.archive.check import ArchiveError, validate
from quizapp.services.interchange.archive.restore import import_archive
from quizapp.services.interchange.archive.writer import export_archive
from quizapp.services.review import notes
from quizapp.services.roomq import asking, moderation, voting, wall
from support import PASSWORD


@pytest.fixture
def target(backend, tmp_path):
    url = backend.fresh_url()
    app = make_app(url, tmp_path)
    with app.app_context():
        instructors.create_instructor("teacher", PASSWORD)
        db.session.commit()
    yield app
    dispose(app)
    backend.drop(url)


def _room_session(code: str) -> None:
    seminar = seminars.find_seminar(code)
    ana, ben, cleo = (participants.join(seminar, n) for n in ("Ana", "Ben", "Cleo"))
    first = asking.ask(ana, "About the swap?", "milei-first-year")
    second = asking.ask(ben, "And the session?")
    voting.vote(ben, first.id)
    voting.vote(cleo, first.id)
    voting.vote(ana, second.id)
    moderation.moderate(seminar, second, "hide")
    moderation.moderate(seminar, first, "pin")
    disc = db.session.scalar(select(Question).where(Question.key == "mfy-d1"))
    response = answers.submit_discussion(cleo, disc, "Calculation.", 2)
    wall.approve(seminar, disc, response.id)
    teacher = instructors.find_instructor("teacher")
    notes.add_note(seminar, teacher, "room_question", first.id, "Start with this one")
    db.session.commit()


def _without_export_time(data: dict) -> dict:
    data = copy.deepcopy(data)
    data.pop("exported_at")
    return data


def test_room_questions_round_trip(app, seminar, instructor, target):
    with app.app_context():
        _room_session(seminar)
        original = export_archive(seminars.find_seminar(seminar))
    assert [q["body"] for q in original["room_questions"]] == ["About the swap?",
                                                              "And the session?"]
    assert len(original["room_questions"][0]["votes"]) == 2
    assert original["room_questions"][1]["hidden"] is True
    assert len(original["wall_approvals"]) == 1
    assert [n["room_question"] for n in original["notes"]] == [1]
    with target.app_context():
        report = import_archive(copy.deepcopy(original))
        db.session.commit()
        restored_seminar = seminars.find_seminar(report.code)
        restored = export_archive(restored_seminar)
        rows = asking.instructor_questions(restored_seminar)
        assert [(r.question.body, r.votes, r.question.pinned) for r in rows][0] == (
            "About the swap?", 2, True)
    assert _without_export_time(restored) == _without_export_time(original)


DAMAGES = [
    (lambda d: d["room_questions"][0].update(participant=99), "participant 99"),
    (lambda d: d["room_questions"][0]["votes"].append(
        dict(d["room_questions"][0]["votes"][0])), "votes twice"),
    (lambda d: d["room_questions"][0].update(body="  "), "'body' is empty"),
    (lambda d: d["wall_approvals"][0].update(response=999), "response 999"),
    (lambda d: d["notes"][0].update(room_question=7), "room question 7"),
]


def test_bad_room_lists_are_refused_with_the_place(app, seminar, instructor):
    with app.app_context():
        _room_session(seminar)
        exported = export_archive(seminars.find_seminar(seminar))
    for damage, message in DAMAGES:  # each on its own copy of one export
        data = copy.deepcopy(exported)
        damage(data)
        with pytest.raises(ArchiveError, match=message):
            validate(data)


def test_an_archive_without_room_lists_still_validates(app, seminar, instructor):
    with app.app_context():
        _room_session(seminar)
        data = export_archive(seminars.find_seminar(seminar))
    for key in ("room_questions", "wall_approvals"):
        data.pop(key)
    for note in data["notes"]:
        note.pop("room_question")
        note["kind"] = "session"
    validate(data)
