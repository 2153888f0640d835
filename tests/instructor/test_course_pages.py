"""Courses in the browser (issue 17): the course pages, sharing a course, a new session of a
chosen course, and a session of course B that never shows course A's readings (the same slug
in both)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from quizapp.content.loader import load_content
from quizapp.content.schema import read_content
from quizapp.extensions import db
from quizapp.models import Reading, Seminar
from quizapp.services.accounts import instructors
from quizapp.services.courses import courses
from support import PASSWORD, text

SHIPPED = "argentinas-foreign-policy-under-javier-milei"
READING = "milei-first-year"


def _make_course(client, title: str = "Trade policy", slug: str = "trade"):
    return client.post_form("/instructor/courses/new", {"title": title, "slug": slug})


def _fill(app, slug: str = "trade") -> None:
    """READING copied into the course, edited so that its title tells the two apart."""
    with app.app_context():
        course = courses.find_course(slug)
        folder = Path(app.config["QUIZAPP_QUESTIONS_DIR"])
        load_content(read_content(folder / f"{READING}.yaml"), retire_missing=False,
                     course=course)
        reading = db.session.scalar(select(Reading).where(
            Reading.course_id == course.id, Reading.slug == READING))
        reading.title = "The trade course's own copy"
        course.title = "Trade policy"  # the file load brought the shipped course file's title
        db.session.commit()


def test_an_instructor_makes_a_course_and_shares_it(app, teacher_client, make_client):
    with app.app_context():
        instructors.create_instructor("colleague", PASSWORD)
        instructors.create_instructor("outsider", PASSWORD)
        db.session.commit()
    made = _make_course(teacher_client)
    assert made.status_code == 302 and made.headers["Location"].endswith("/courses/trade/")
    listing = text(teacher_client.get("/instructor/courses/"))
    assert "Trade policy" in listing and "everyone (shipped course)" in listing
    # A short name taken, or no title: the error is beside the field.
    again = _make_course(teacher_client, "Another", "trade")
    assert again.status_code == 400
    assert "A course with this short name exists already." in text(again)
    assert "Give the course a title." in text(_make_course(teacher_client, "", "x"))

    outsider, colleague = make_client(), make_client()
    assert outsider.login("outsider").status_code == 302
    assert colleague.login("colleague").status_code == 302
    assert outsider.get("/instructor/courses/trade/").status_code == 403
    assert "Trade policy" not in text(outsider.get("/instructor/courses/"))
    wrong = teacher_client.post_form("/instructor/courses/trade/share", {"username": "nobody"})
    assert wrong.status_code == 400 and "No instructor is called" in text(wrong)
    shared = teacher_client.post_form("/instructor/courses/trade/share",
                                      {"username": "colleague"})
    assert shared.status_code == 302
    assert colleague.get("/instructor/courses/trade/").status_code == 200
    # Only the owner shares further.
    assert colleague.post_form("/instructor/courses/trade/share",
                               {"username": "outsider"}).status_code == 403
    with app.app_context():
        colleague_id = instructors.find_instructor("colleague").id
    assert teacher_client.post_form(
        f"/instructor/courses/trade/unshare/{colleague_id}").status_code == 302
    assert colleague.get("/instructor/courses/trade/").status_code == 403


def test_the_editor_of_a_course_is_closed_to_outsiders(app, teacher_client, make_client):
    _make_course(teacher_client)
    _fill(app)
    with app.app_context():
        instructors.create_instructor("outsider", PASSWORD)
        db.session.commit()
    outsider = make_client()
    assert outsider.login("outsider").status_code == 302
    page = f"/instructor/content/c/trade/r/{READING}"
    assert teacher_client.get(page).status_code == 200
    assert "The trade course&#39;s own copy" in text(teacher_client.get(page))
    assert outsider.get(page).status_code == 403
    assert outsider.get(f"{page}/history").status_code == 403
    assert outsider.get("/instructor/content/c/trade/upload").status_code == 403
    assert outsider.get("/instructor/content/c/nowhere/r/x").status_code == 404
    # The content page groups readings by course: the outsider sees only the shipped one.
    assert "Trade policy" in text(teacher_client.get("/instructor/content/"))
    assert "Trade policy" not in text(outsider.get("/instructor/content/"))
    # A new reading goes into a course the instructor may edit, not another one.
    refused = outsider.post_form("/instructor/content/new", {"course": "trade", "slug": "x",
                                                             "base_version": "0"})
    assert refused.status_code == 400


def test_a_session_of_course_b_shows_course_b_readings_only(app, teacher_client, make_client):
    _make_course(teacher_client)
    _fill(app)
    form = text(teacher_client.get("/instructor/sessions/new?course=trade"))
    assert "The trade course&#39;s own copy" in form
    assert "From embrace to abstention" not in form  # a reading of the shipped course only
    # The course select without JavaScript: "show the readings" re-renders the form.
    switched = teacher_client.post_form("/instructor/sessions/new", {
        "course": SHIPPED, "switch": "1", "title": ""})
    assert switched.status_code == 200
    assert "The trade course&#39;s own copy" not in text(switched)
    made = teacher_client.post_form("/instructor/sessions/new", {
        "title": "Trade seminar", "course": "trade", "readings": READING, "pacing": "self"})
    assert made.status_code == 302, text(made)
    with app.app_context():
        seminar = db.session.scalar(select(Seminar).where(Seminar.title == "Trade seminar"))
        code = seminar.code
        assert seminar.course.slug == "trade"
        shipped_id = courses.find_course(SHIPPED).id
    student = make_client()
    assert student.join(code, "Student B").status_code == 302
    home = text(student.get(f"/s/{code}/"))
    assert "The trade course&#39;s own copy" in home
    reading = text(student.get(f"/s/{code}/r/{READING}"))
    assert "The trade course&#39;s own copy" in reading
    assert student.get(f"/s/{code}/r/milei-zelenskyy").status_code == 404
    # A course the instructor does not teach cannot be chosen.
    with app.app_context():
        instructors.create_instructor("outsider", PASSWORD)
        db.session.commit()
    outsider = make_client()
    assert outsider.login("outsider").status_code == 302
    refused = outsider.post_form("/instructor/sessions/new", {
        "title": "Sneaky", "course": "trade", "readings": READING, "pacing": "self"})
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Seminar).where(Seminar.title == "Sneaky")) is None
        # Sessions made before courses existed stay in the shipped course.
        assert shipped_id == courses.first_course().id
