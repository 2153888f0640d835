"""What the W3C checker and a reader found on the pages: unique ids where a page holds two
forms, a heading in every <section>, no block (a form, a list) inside phrasing content such
as a <span>, and sentences that end in one full stop."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Note
from quizapp.web.templating import end_sentence
from support import text

# The W3C checker's "Element form not allowed as child of element span" (issue 16).
_PHRASING = {"span", "a", "button", "label", "strong", "em", "small", "code"}
_BLOCK = {"form", "div", "ul", "ol", "p", "section", "table", "h1", "h2", "h3", "h4"}
_VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "wbr", "area"}


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.sections: list[bool] = []  # per open <section>: a heading seen in it
        self.headless = 0
        self.open: list[str] = []
        self.misnested: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK and any(t in _PHRASING for t in self.open):
            self.misnested.append(f"<{tag}> inside <{self.open[-1]}>")
        if tag not in _VOID:
            self.open.append(tag)
        found = dict(attrs).get("id")
        if found:
            self.ids[found] += 1
        if tag == "section":
            self.sections.append(False)
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and self.sections:
            self.sections[-1] = True

    def handle_endtag(self, tag):
        if tag in self.open:  # close it and whatever it implicitly closes
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]
        if tag == "section" and self.sections:
            self.headless += 0 if self.sections.pop() else 1


def check_markup(html: str) -> None:
    parser = _Ids()
    parser.feed(html)
    duplicates = [i for i, n in parser.ids.items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    assert parser.headless == 0, "a <section> without a heading"
    assert not parser.misnested, f"blocks in phrasing content: {parser.misnested[:3]}"


def test_the_nesting_check_sees_a_form_in_a_span() -> None:
    import pytest

    with pytest.raises(AssertionError, match="<form> inside <span>"):
        check_markup("<p><span class=x><form></form></span></p>")
    check_markup("<div class=x><form><button>Go<span>!</span></button></form></div>")


def test_the_reading_editor_and_the_room_page_nest_well(teacher_client, seminar) -> None:
    check_markup(text(teacher_client.get("/instructor/content/r/milei-first-year")))
    check_markup(text(teacher_client.get(f"/instructor/sessions/{seminar}/room")))


def test_end_sentence_adds_one_full_stop() -> None:
    assert end_sentence("Welcome, Ana") == "Welcome, Ana."
    assert end_sentence("Welcome, Fatima K.") == "Welcome, Fatima K."
    assert end_sentence("Hello?") == "Hello?"


def test_join_page_with_two_forms_has_unique_ids(client, seminar) -> None:
    check_markup(text(client.get(f"/join/{seminar}")))
    check_markup(text(client.get("/join")))


def test_a_name_ending_in_a_dot_gets_one_dot(client, seminar) -> None:
    page = client.join(seminar, "Fatima K.")
    home = text(client.get(page.headers["Location"]))
    assert "Welcome, Fatima K. Your personal code" in home
    assert "K.." not in home


def test_note_edit_page_with_two_forms_has_unique_ids(app, teacher_client, seminar) -> None:
    url = f"/instructor/sessions/{seminar}/notes"
    assert teacher_client.post_form(url, {"kind": "session", "body": "Room"}).status_code == 302
    with app.app_context():
        note_id = db.session.scalar(select(Note.id))
    check_markup(text(teacher_client.get(f"{url}/{note_id}/edit")))


def test_review_page_sections_have_headings(teacher_client, seminar) -> None:
    check_markup(text(teacher_client.get(f"/instructor/sessions/{seminar}/")))


def test_every_student_and_instructor_page_has_unique_ids_and_headed_sections(
        app, make_client, teacher_client, seminar) -> None:
    from analytics_data import READING, reading_questions

    student = make_client()
    student.join(seminar, "Ana")
    q = reading_questions(app)[0]
    student.post_form(f"/s/{seminar}/r/{READING}/check/1", {"choice": q["wrong"][:1]})
    talk = reading_questions(app, kind="discussion")[0]["key"]
    student.post_form(f"/s/{seminar}/r/{READING}/discuss/{talk}", {"answer": "Yes.",
                                                                    "stance": "2"})
    with app.app_context():
        from quizapp.models import Participant

        pid = db.session.scalar(select(Participant.id))
    for url in ["/", f"/s/{seminar}/", f"/s/{seminar}/r/{READING}",
                f"/s/{seminar}/r/{READING}/check/1", f"/s/{seminar}/r/{READING}/check/2",
                f"/s/{seminar}/r/{READING}/discuss/{talk}", f"/s/{seminar}/answers",
                "/course/timeline", "/course/perspectives"]:
        page = student.get(url)
        assert page.status_code == 200, url
        check_markup(text(page))
    base = f"/instructor/sessions/{seminar}"
    for url in ["/instructor/", "/instructor/sessions/new", f"{base}/", f"{base}/?unread=1",
                f"{base}/students/{pid}", f"{base}/questions/{q['key']}",
                f"{base}/questions/{talk}", f"{base}/notes", f"{base}/share",
                f"{base}/analysis", f"{base}/students", f"/instructor/readings/{READING}/analysis"]:
        page = teacher_client.get(url)
        assert page.status_code == 200, url
        check_markup(text(page))


def test_the_feedback_page_with_a_released_comment(app, make_client, teacher_client,
                                                   seminar) -> None:
    # An earlier comment in the history has no heading: a div, not a section (W3C warning).
    from analytics_data import READING, reading_questions

    from quizapp.models import Response, Seminar
    from quizapp.services.accounts import instructors
    from quizapp.services.feedback import comments, release

    student = make_client()
    student.join(seminar, "Ana")
    talk = reading_questions(app, kind="discussion")[0]["key"]
    student.post_form(f"/s/{seminar}/r/{READING}/discuss/{talk}", {"answer": "Yes.",
                                                                    "stance": "2"})
    with app.app_context():
        sem = db.session.scalar(select(Seminar).where(Seminar.code == seminar))
        teacher = instructors.find_instructor("teacher")
        rid = db.session.scalar(select(Response.id))
        comments.save_feedback(sem, teacher, rid, "Cite the reading.", None)
        release.release(sem, teacher)
        db.session.commit()
    page = text(teacher_client.get(f"/instructor/sessions/{seminar}/feedback/answers/{rid}"))
    assert "Cite the reading." in page
    check_markup(page)


def test_an_empty_wall_on_the_screen_and_the_preview_in_spanish(app, teacher_client,
                                                                 seminar) -> None:
    # W3C warnings: the empty wall was a <section> without a heading; the authoring preview
    # in Spanish showed the English reading under lang="es".
    from quizapp.models import Seminar
    from support import csrf_from

    base = f"/instructor/sessions/{seminar}"
    token = csrf_from(text(teacher_client.get(f"{base}/room")))
    assert teacher_client.post(f"{base}/screen", data={
        "csrf_token": token, "mode": "wall", "question": "mfy-d1"}).status_code == 302
    with app.app_context():
        sem = db.session.scalar(select(Seminar).where(Seminar.code == seminar))
        screen = text(teacher_client.get(f"/room/{seminar}/{sem.projector_token}"))
    assert "No answers on the wall yet." in screen
    check_markup(screen)
    teacher_client.get("/instructor/?lang=es")
    from quizapp.services.courses.courses import first_course
    with app.app_context():
        course = first_course().slug
    preview = text(teacher_client.get(
        f"/instructor/content/c/{course}/r/milei-first-year/preview"))
    assert '<html lang="es">' in preview and '<article class="reading" lang="en">' in preview
