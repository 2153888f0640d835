"""services/authoring/editing.py called directly: saves, drafts, conflicts, restores, and
what a file load does beside them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.content.loader import load_content
from quizapp.content.schema import read_content
from quizapp.extensions import db
from quizapp.models import Question, Reading
from quizapp.services.accounts import instructors
from quizapp.services.authoring import editing
from quizapp.services.classroom import seminars
from quizapp.services.courses import courses

SLUG = "milei-zelenskyy"


def _course():
    return courses.first_course()


@pytest.fixture
def teacher(ctx):
    person = instructors.create_instructor("editor", "a long enough password 1")
    db.session.commit()
    return person


def test_the_shipped_reading_exports_as_what_the_file_loads(ctx, teacher):
    reading = editing.find_reading(_course(), SLUG)
    doc, number, draft = editing.current_document(reading)
    assert number == 1 and not draft  # the file load recorded version 1
    assert doc == editing.db_document(reading)
    assert editing.check(doc, _course()).ok
    saved = editing.save_document(doc, teacher, number, course=_course())
    assert not saved.changed and saved.version == 1  # the same document: nothing to record


def test_a_stale_base_is_a_conflict_and_changes_nothing(ctx, teacher):
    reading = editing.find_reading(_course(), SLUG)
    doc, number, _ = editing.current_document(reading)
    changed = {**doc, "title": "A new title"}
    editing.save_document(changed, teacher, number, course=_course())
    db.session.commit()
    with pytest.raises(editing.EditConflict) as caught:
        editing.save_document({**doc, "title": "Another title"}, teacher, number, course=_course())
    assert caught.value.current.number == number + 1
    assert editing.find_reading(_course(), SLUG).title == "A new title"


def test_a_draft_keeps_what_students_see(ctx, teacher):
    reading = editing.find_reading(_course(), SLUG)
    doc, number, _ = editing.current_document(reading)
    broken = {**doc, "questions": [{**doc["questions"][0], "explanation": ""},
                                   *doc["questions"][1:]]}
    saved = editing.save_document(broken, teacher, number, course=_course())
    db.session.commit()
    assert saved.draft and saved.version == number + 1
    assert any(path[:3] == ("questions", 0, "explanation") for path, _ in saved.checked.placed)
    key = doc["questions"][0]["id"]
    question = db.session.scalar(select(Question).where(Question.key == key))
    assert question.current_revision.explanation  # students still see the valid version
    assert SLUG in [r.slug for r in seminars.active_readings()]
    _doc, latest, draft = editing.current_document(reading)
    assert draft and latest == number + 1


def test_restore_brings_back_an_earlier_wording(ctx, teacher):
    reading = editing.find_reading(_course(), SLUG)
    doc, number, _ = editing.current_document(reading)
    first = doc["questions"][0]
    edited = {**doc, "questions": [{**first, "prompt": "Reworded?"}, *doc["questions"][1:]]}
    editing.save_document(edited, teacher, number, course=_course())
    saved = editing.restore(reading, number, teacher, number + 1)
    db.session.commit()
    question = db.session.scalar(select(Question).where(Question.key == first["id"]))
    assert question.current_revision.prompt == first["prompt"]
    assert question.current_revision.number == 3 and saved.version == number + 2


def test_retiring_in_the_browser_survives_a_file_load_unless_overwritten(ctx, app, teacher):
    reading = editing.find_reading(_course(), SLUG)
    editing.set_retired(reading, True, teacher)
    db.session.commit()
    content = read_content(app.config["QUIZAPP_QUESTIONS_DIR"])
    report = load_content(content)
    assert report.conflicts == [SLUG]
    assert db.session.scalar(select(Reading.retired).where(Reading.slug == SLUG))
    load_content(content, overwrite=True)
    assert not db.session.scalar(select(Reading.retired).where(Reading.slug == SLUG))


def test_distractors_nobody_chose_are_named_after_class(ctx, teacher):
    from quizapp.services.classroom import answers, participants
    seminar = seminars.create_seminar(teacher, "Class", [SLUG])
    reading = editing.find_reading(_course(), SLUG)
    question = next(q for q in reading.questions if q.kind == "mc" and not q.retired)
    revision = question.current_revision
    right = sorted(revision.correct_ids)
    wrong = [c["id"] for c in revision.choices if not c.get("correct")]
    for i in range(editing.MIN_ANSWERS_FOR_UNCHOSEN):
        student = participants.join(seminar, f"Student {i}")
        answers.submit_mc(student, question, right if i else [wrong[0]])
    db.session.commit()
    found = editing.unchosen_distractors(reading)[question.key]
    assert [w.rule for w in found] == ["unchosen-distractor"]
    assert wrong[0] not in found[0].message.split("chose ")[1].split(" in ")[0]
    assert all(c in found[0].message for c in wrong[1:])
