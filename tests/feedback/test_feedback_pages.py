"""Feedback pages over HTTP: write, quick-mark, release, what the student sees, gradebook."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Feedback, Participant, Question, Response
from quizapp.services.courses import courses
from quizapp.services.feedback import rubrics
from support import text

SCALE = "0 | missing\n1 | restates\n2 | argues\n3 | argues from evidence | cites the reading"
ANSWER = "Milei *aligns* with Washington."


@pytest.fixture
def world(app, seminar, teacher_client, make_client):
    students = []
    for name in ("Ana", "Ben"):
        c = make_client()
        assert c.join(seminar, name).status_code == 302
        students.append(c)
    with app.app_context():
        q = db.session.scalar(select(Question).where(Question.key == "mfy-d1"))
        slug = q.reading.slug
    url = f"/s/{seminar}/r/{slug}/discuss/mfy-d1"
    for c, body in zip(students, (ANSWER, "Ben's answer."), strict=True):
        assert c.post_form(url, {"answer": body, "stance": "3"}).status_code == 302
    with app.app_context():
        rubric = rubrics.create_rubric("Argument", rubrics.parse_levels(SCALE))
        db.session.commit()
        rid = rubric.id
        responses = {db.session.get(Participant, r.participant_id).display_name: r.id
                     for r in db.session.scalars(select(Response).where(
                         Response.kind == "discussion"))}
    page = teacher_client.post_form(f"/instructor/sessions/{seminar}/feedback/rubric",
                                    {"rubric": str(rid)})
    assert page.status_code == 302
    return seminar, teacher_client, students, url, responses


def _levels(app) -> list[int]:
    with app.app_context():
        return [lv.id for lv in rubrics.course_rubrics(courses.first_course())[0].levels]


def test_write_release_and_student_sees_only_after(app, world):
    code, teacher, (ana, ben), url, rids = world
    base = f"/instructor/sessions/{code}/feedback"
    levels = _levels(app)
    page = teacher.get(f"{base}/answers/{rids['Ana']}")
    assert "Visible to the student after release" in text(page)
    assert "Private note" in text(page)
    saved = teacher.post_form(f"{base}/answers/{rids['Ana']}",
                              {"body": "Good, now *cite* the reading.", "level": levels[2]})
    assert saved.status_code == 302
    review = text(teacher.get(f"/instructor/sessions/{code}/"))
    assert "Held: not yet released" in review and "<em>cite</em>" in review
    # before the release the student sees nothing
    assert "cite" not in text(ana.get(f"/s/{code}/answers"))
    assert "cite" not in text(ana.get(url))
    assert "released feedback" not in text(ana.get(f"/s/{code}/"))
    assert teacher.post_form(f"{base}/release", {"question": "mfy-d1"}).status_code == 302
    mine = text(ana.get(f"/s/{code}/answers"))
    assert "<em>cite</em>" in mine and "argues (2)" in mine
    assert "<em>cite</em>" in text(ana.get(url))
    assert "released feedback on 1" in text(ana.get(f"/s/{code}/"))
    assert "cite" not in text(ben.get(f"/s/{code}/answers"))  # only one's own
    # release twice: a clear 400, not a 500
    assert teacher.post_form(f"{base}/release", {"question": "mfy-d1"}).status_code == 400
    assert teacher.post_form(f"{base}/release", {}).status_code == 400
    # the student revises: the feedback says it was on the earlier version
    assert ana.post_form(url, {"answer": "Revised.", "stance": "2"}).status_code == 302
    assert "version 1 of your answer" in text(ana.get(f"/s/{code}/answers"))


def test_release_one_and_delete_a_draft(app, world):
    code, teacher, (ana, _ben), _url, rids = world
    base = f"/instructor/sessions/{code}/feedback/answers"
    assert teacher.post_form(f"{base}/{rids['Ana']}/delete", {}).status_code == 400
    teacher.post_form(f"{base}/{rids['Ana']}", {"body": "Drop me."})
    assert teacher.post_form(f"{base}/{rids['Ana']}/delete", {}).status_code == 302
    assert teacher.post_form(f"{base}/{rids['Ana']}/release", {}).status_code == 400
    teacher.post_form(f"{base}/{rids['Ana']}", {"body": "Keep me."})
    assert teacher.post_form(f"{base}/{rids['Ana']}/release", {}).status_code == 302
    assert teacher.post_form(f"{base}/{rids['Ana']}/release", {}).status_code == 400
    mine = text(ana.get(f"/s/{code}/answers"))
    assert "Keep me." in mine and "Drop me." not in mine


def test_bad_input_is_400_or_404_and_keeps_the_comment(app, world, make_seminar):
    code, teacher, _students, _url, rids = world
    base = f"/instructor/sessions/{code}/feedback"
    typed = "A comment that must survive."
    page = teacher.post_form(f"{base}/answers/{rids['Ana']}", {"body": typed, "level": "99999"})
    assert page.status_code == 400 and typed in text(page)
    page = teacher.post_form(f"{base}/answers/{rids['Ana']}", {"body": "x" * 4001})
    assert page.status_code == 400
    page = teacher.post_form(f"{base}/answers/{rids['Ana']}", {"body": "  "})
    assert page.status_code == 400
    assert teacher.get(f"{base}/answers/999999").status_code == 404
    other = make_seminar("Other")
    assert teacher.get(f"/instructor/sessions/{other}/feedback/answers/{rids['Ana']}"
                       ).status_code == 404
    assert teacher.post_form(f"{base}/release", {"question": "nope"}).status_code == 404
    assert teacher.get(f"{base}/mark/nope").status_code == 404
    assert teacher.get(f"{base}/mark/mfy-d1?n=99").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Feedback.id)) is None


def test_quick_marking_walks_the_answers_without_js(app, world):
    code, teacher, _students, _url, rids = world
    base = f"/instructor/sessions/{code}/feedback/mark/mfy-d1"
    levels = _levels(app)
    first = text(teacher.get(base))
    assert "Answer 1 of 2" in first and 'data-key="3"' in first
    step = teacher.post_form(f"{base}?n=1", {"level": levels[3]})
    assert step.status_code == 302 and step.headers["Location"].endswith("n=2")
    step = teacher.post_form(f"{base}?n=2", {"level": levels[0], "body": "Say more."})
    assert step.headers["Location"].endswith("n=3")
    assert "all 2 answers" in text(teacher.get(f"{base}?n=3"))
    with app.app_context():
        assert db.session.scalar(select(Feedback).where(
            Feedback.response_id == rids["Ana"])).level.score == 3


def test_gradebook_and_csvs(app, world):
    code, teacher, (ana, _ben), url, rids = world
    levels = _levels(app)
    teacher.post_form(f"/instructor/sessions/{code}/feedback/answers/{rids['Ana']}",
                      {"level": levels[3]})
    page = text(teacher.get(f"/instructor/sessions/{code}/gradebook"))
    assert "Ana" in page and "3/3" in page
    rows = list(csv.DictReader(io.StringIO(text(teacher.get(
        f"/instructor/sessions/{code}/gradebook.csv")).removeprefix("\ufeff"))))
    ana_row = next(r for r in rows if r["student"] == "Ana")
    assert (ana_row["discussion_answers"], ana_row["marks_total"], ana_row["marks_possible"]
            ) == ("1", "3", "3")
    moodle = list(csv.DictReader(io.StringIO(text(
        teacher.get("/instructor/gradebook-moodle.csv")).removeprefix("\ufeff"))))
    ana_m = next(r for r in moodle if r["Full name"] == "Ana")
    assert ana_m["quizapp marks"] == "0"  # held marks are not exported to Moodle
    with app.app_context():
        code_of_ana = db.session.scalar(select(Participant.resume_code).where(
            Participant.display_name == "Ana"))
    assert ana_m["ID number"] == code_of_ana
    course = text(teacher.get("/instructor/gradebook"))
    assert "Course gradebook" in course and "Ana" in course
    assert text(teacher.get("/instructor/gradebook.csv")).startswith("\ufeffstudent_code,")
    # With a second course, the gradebook is course by course (and all of them together).
    with app.app_context():
        from quizapp.services.accounts import instructors
        other = courses.create_course(instructors.find_instructor("teacher"), "Second course")
        db.session.commit()
        shipped, second = courses.first_course().slug, other.slug
    assert "All courses" in text(teacher.get("/instructor/gradebook"))
    assert "Ana" in text(teacher.get(f"/instructor/gradebook?course={shipped}"))
    empty = teacher.get(f"/instructor/gradebook?course={second}")
    assert "Ana" not in text(empty) and "Second course" in text(empty)
    csv_second = teacher.get(f"/instructor/gradebook.csv?course={second}")
    assert f"quizapp-{second}-gradebook.csv" in csv_second.headers["Content-Disposition"]
    assert "Ana" not in text(csv_second)
    assert teacher.get("/instructor/gradebook?course=nope").status_code == 404


def test_rubric_page_adds_and_refuses(world):
    _code, teacher, *_ = world
    assert teacher.get("/instructor/rubrics").status_code == 200
    bad = teacher.post_form("/instructor/rubrics", {"title": "T", "levels": "x | y"})
    assert bad.status_code == 400 and "whole number" in text(bad)
    ok = teacher.post_form("/instructor/rubrics", {"title": "Two", "levels": "0|no\n1|yes"})
    assert ok.status_code == 302


def test_rubrics_belong_to_a_course(app, world):
    """With two courses the form asks which; a session offers only its own course's rubrics,
    and another course's rubric is refused even when posted by hand."""
    code, teacher, *_ = world
    assert 'name="course"' not in text(teacher.get("/instructor/rubrics"))  # one course
    with app.app_context():
        from quizapp.services.accounts import instructors
        other = courses.create_course(instructors.find_instructor("teacher"), "Second course")
        db.session.commit()
        slug, other_id = other.slug, other.id
    page = text(teacher.get("/instructor/rubrics"))
    assert 'name="course"' in page and "Second course" in page
    assert teacher.post_form("/instructor/rubrics", {
        "course": slug, "title": "Only for the second", "levels": "0|no\n1|yes"}
        ).status_code == 302
    assert teacher.post_form("/instructor/rubrics", {
        "course": "no-such-course", "title": "X", "levels": "0|no\n1|yes"}).status_code == 400
    with app.app_context():
        theirs = db.session.scalar(select(rubrics.Rubric).where(
            rubrics.Rubric.title == "Only for the second"))
        assert theirs.course_id == other_id
        rid = theirs.id
    overview = text(teacher.get(f"/instructor/sessions/{code}/feedback/"))
    assert "Argument" in overview and "Only for the second" not in overview
    refused = teacher.post_form(f"/instructor/sessions/{code}/feedback/rubric",
                                {"rubric": str(rid)})
    assert refused.status_code == 400


def test_course_gradebook_links_two_codes(app, world, make_seminar, make_client):
    code, teacher, (ana, _ben), _url, _rids = world
    later = make_seminar("Week 2")
    ana2 = make_client()
    assert ana2.join(later, "Ana").status_code == 302
    with app.app_context():
        first, second = db.session.scalars(select(Participant.resume_code).where(
            Participant.display_name == "Ana").order_by(Participant.id)).all()
    page = teacher.post_form("/instructor/gradebook/link", {"keep": first, "replace": "ABC"})
    assert page.status_code == 400 and "characters" in text(page)
    assert teacher.post_form("/instructor/gradebook/link",
                             {"keep": first, "replace": second}).status_code == 302
    rows = list(csv.DictReader(io.StringIO(
        text(teacher.get("/instructor/gradebook.csv")).removeprefix("\ufeff"))))
    ana_row = next(r for r in rows if r["student"] == "Ana")
    assert ana_row["student_code"] == first and ana_row["sessions_attended"] == "2"
    # the student resumes the later session with the kept code
    fresh = make_client()
    assert fresh.post_form(f"/join/{later}/resume", {"resume_code": first}).status_code == 302
