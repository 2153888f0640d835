"""services/courses called directly (issue 17): several courses, who may work on each, and
readings that belong to one course (the same slug and question keys in two courses)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from quizapp.content.loader import load_content
from quizapp.content.schema import read_content
from quizapp.extensions import db
from quizapp.models import Question, Reading
from quizapp.services.accounts import instructors
from quizapp.services.classroom import seminars
from quizapp.services.courses import courses
from quizapp.services.installation.setup import load_questions

SHIPPED = "argentinas-foreign-policy-under-javier-milei"
READING = "milei-first-year"


@pytest.fixture
def people(ctx):
    made = {name: instructors.create_instructor(name, "a long enough password 1")
            for name in ("ana", "ben", "cy")}
    db.session.commit()
    return made


def _copy_reading(ctx, course) -> None:
    folder = Path(ctx.config["QUIZAPP_QUESTIONS_DIR"])
    load_content(read_content(folder / f"{READING}.yaml"), retire_missing=False, course=course)
    db.session.commit()


def test_the_shipped_course_is_first_and_everyones(people):
    shipped = courses.first_course()
    assert shipped.slug == SHIPPED and shipped.owner_id is None
    assert all(r.course_id == shipped.id for r in db.session.scalars(select(Reading)))
    for person in people.values():
        assert courses.courses_for(person) == [shipped]
        assert courses.role_in(person, shipped) == "owner"


def test_a_new_course_is_its_owners_and_co_teachers_only(people):
    ana, ben, cy = people["ana"], people["ben"], people["cy"]
    mine = courses.create_course(ana, "Trade policy 101")
    assert mine.slug == "trade-policy-101"
    courses.share_course(mine, ana, "ben")
    courses.share_course(mine, ana, "ben")  # twice is harmless
    db.session.commit()
    assert mine in courses.courses_for(ana) and mine in courses.courses_for(ben)
    assert mine not in courses.courses_for(cy)
    assert courses.role_in(ben, mine) == "coteacher"
    assert courses.role_in(cy, mine) is None and not courses.can_edit(cy, mine)
    with pytest.raises(courses.CourseError):
        courses.share_course(mine, ben, "cy")  # a co-teacher does not share further
    assert courses.unshare_course(mine, ana, ben.id) == ben
    assert not courses.can_edit(ben, mine)


@pytest.mark.parametrize(("title", "slug", "field"), [
    ("", "x", "title"), ("Fine", "Not A Slug", "slug"), ("Fine", SHIPPED, "slug")])
def test_a_course_needs_a_title_and_a_free_short_name(people, title, slug, field):
    with pytest.raises(courses.CourseError) as caught:
        courses.create_course(people["ana"], title, slug)
    assert caught.value.field == field


def test_the_same_reading_in_two_courses_keeps_them_apart(ctx, people):
    shipped = courses.first_course()
    other = courses.create_course(people["ana"], "Another course", "another")
    _copy_reading(ctx, other)
    mine, theirs = (db.session.scalar(select(Reading).where(
        Reading.course_id == c.id, Reading.slug == READING)) for c in (other, shipped))
    assert mine.id != theirs.id
    keys = {q.key for q in mine.questions}
    assert keys == {q.key for q in theirs.questions}  # same keys, different questions
    assert not {q.id for q in mine.questions} & {q.id for q in theirs.questions}
    assert [r.slug for r in seminars.active_readings(other)] == [READING]
    # A session of the new course offers and holds its readings only.
    session = seminars.create_seminar(people["ana"], "Other", None, course=other)
    assert [r.id for r in session.readings] == [mine.id]
    assert seminars.reading_in_seminar(session, READING).id == mine.id
    with pytest.raises(seminars.SeminarError):
        seminars.create_seminar(people["ana"], "Bad", ["milei-zelenskyy"], course=other)
    # Loading the shipped folder again changes nothing in the other course.
    before = {q.id: q.current_revision_id for q in mine.questions}
    load_questions()
    assert {q.id: q.current_revision_id for q in mine.questions} == before
    assert db.session.scalar(select(Question).where(Question.id.in_(before))).reading_id \
        == mine.id


def test_load_questions_into_a_named_course(ctx):
    report = load_questions(course="copy")
    copy = courses.find_course("copy")
    assert copy is not None and copy.owner_id is None
    assert report.readings_added == len(courses.course_readings(courses.first_course()))
    assert copy.data["misconceptions"] == courses.first_course().data["misconceptions"]
