"""Rubrics and feedback travel in the session archive, and a broken feedback part is refused."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import select

from dbkit import dispose, make_app
from quizapp.extensions import db
from quizapp.models import Question
from quizapp.services.accounts import instructors
from quizapp.services.classroom import answers, participants, seminars
from quizapp.services.feedback import comments, release, rubrics
from quizapp.services.interchange.archive.check import ArchiveError
from quizapp.services.interchange.archive.restore import import_archive
from quizapp.services.interchange.archive.writer import export_archive
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


def _archive_with_feedback(app, code: str) -> dict:
    with app.app_context():
        sem = seminars.find_seminar(code)
        q = db.session.scalar(select(Question).where(Question.key == "mfy-d1"))
        ana, ben = (participants.join(sem, n) for n in ("Ana", "Ben"))
        a = answers.submit_discussion(ana, q, "First *draft*.")
        b = answers.submit_discussion(ben, q, "Ben.")
        teacher = instructors.find_instructor("teacher")
        rubric = rubrics.create_rubric("Argument", rubrics.parse_levels("0|no\n1|some\n2|yes"))
        rubrics.set_seminar_rubric(sem, rubric.id)
        comments.save_feedback(sem, teacher, a.id, "Cite it.", rubric.levels[1].id)
        release.release(sem, teacher)
        answers.submit_discussion(ana, q, "Second version.")
        comments.save_feedback(sem, teacher, b.id, "Held one.", None)
        db.session.commit()
        return export_archive(sem)


def test_feedback_round_trip(app, seminar, target):
    data = _archive_with_feedback(app, seminar)
    assert data["session_rubric"] == 1 and len(data["feedback"]) == 2
    assert data["feedback"][0]["revision_number"] == 1 and data["feedback"][0]["level"] == 1
    with target.app_context():
        import_archive(copy.deepcopy(data))
        db.session.commit()
        again = export_archive(seminars.find_seminar(seminar))
    for key in ("rubrics", "session_rubric", "feedback"):
        assert again[key] == data[key]


def test_broken_feedback_part_is_refused(app, seminar, target):
    data = _archive_with_feedback(app, seminar)
    bad = copy.deepcopy(data)
    bad["feedback"][0]["level"] = 7
    with target.app_context(), pytest.raises(ArchiveError, match="feedback\\[0\\]"):
        import_archive(bad)
    bad = copy.deepcopy(data)
    bad["feedback"][0]["response"] = 999
    with target.app_context(), pytest.raises(ArchiveError, match="names no response"):
        import_archive(bad)
