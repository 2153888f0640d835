"""The course's vocabulary, timeline and perspectives edited in the browser (issue 17): the
rules of `check-questions`, problems beside the fields, nothing saved until they are fixed;
add, edit, reorder, remove; a stale form is a conflict."""

from __future__ import annotations

import re

from quizapp.extensions import db
from quizapp.services.accounts import instructors
from quizapp.services.courses import courses
from support import PASSWORD, text

SHIPPED = "argentinas-foreign-policy-under-javier-milei"
PAGE = f"/instructor/content/c/{SHIPPED}/course"


def base_of(html: str) -> str:
    match = re.search(r'name="base"[^>]*value="([0-9a-f]+)"', html) or \
        re.search(r'value="([0-9a-f]+)"[^>]*name="base"', html)
    assert match, "no base in the form"
    return match.group(1)


def _tags(app) -> list[str]:
    with app.app_context():
        return [m["tag"] for m in courses.first_course().data["misconceptions"]]


def test_a_misconception_is_added_with_problems_beside_its_fields(app, teacher_client):
    page = text(teacher_client.get(PAGE))
    assert "wrong-actor" in page and "drago-doctrine" in page
    form = text(teacher_client.get(f"{PAGE}/misconceptions/new"))
    bad = teacher_client.post_form(f"{PAGE}/misconceptions/new", {
        "base": base_of(form), "tag": "Bad Tag", "label": "", "description": "Why."})
    assert bad.status_code == 400
    html = text(bad)
    # Each problem in the field's own error line.
    assert re.search(r'id="tag-error".*must use only a-z', html, re.S)
    assert re.search(r'id="label-error".*missing or empty', html, re.S)
    assert "bad-tag" not in _tags(app) and "Bad Tag" not in _tags(app)
    good = teacher_client.post_form(f"{PAGE}/misconceptions/new", {
        "base": base_of(form), "tag": "new-tag", "label": "A new one",
        "description": "Mixes things up."})
    assert good.status_code == 302
    assert _tags(app)[-1] == "new-tag"
    # The reading editor offers it at once.
    assert "new-tag" in text(teacher_client.get(
        f"/instructor/content/c/{SHIPPED}/r/milei-first-year/new/mc"))


def test_moving_and_removing_entries(app, teacher_client):
    first, second = _tags(app)[:2]
    assert teacher_client.post_form(f"{PAGE}/misconceptions/1/up").status_code == 302
    assert _tags(app)[:2] == [second, first]
    # A tag a question still uses cannot go: the reason is shown, nothing is saved.
    refused = teacher_client.post_form(f"{PAGE}/misconceptions/0/remove",
                                       follow_redirects=True)
    assert "Not saved" in text(refused) and "is not in the vocabulary" in text(refused)
    assert second in _tags(app)
    added = teacher_client.post_form(f"{PAGE}/misconceptions/new", {
        "base": base_of(text(teacher_client.get(PAGE))), "tag": "unused", "label": "Unused",
        "description": "Nobody uses it."})
    assert added.status_code == 302
    index = _tags(app).index("unused")
    assert teacher_client.post_form(f"{PAGE}/misconceptions/{index}/remove").status_code == 302
    assert "unused" not in _tags(app)


def test_timeline_and_perspectives_are_checked_like_the_file(app, teacher_client):
    edit = f"{PAGE}/timeline/0"
    html = text(teacher_client.get(edit))
    assert 'name="readings"' in html
    bad = teacher_client.post_form(edit, {"base": base_of(html), "id": "drago-doctrine",
                                          "date": "around 1902", "title": "T",
                                          "readings": "milei-first-year"})
    assert bad.status_code == 400
    assert re.search(r'id="date-error".*must be YYYY', text(bad), re.S)
    ok = teacher_client.post_form(edit, {"base": base_of(html), "id": "drago-doctrine",
                                         "date": "1902-12", "title": "Changed title",
                                         "readings": "milei-first-year"})
    assert ok.status_code == 302
    with app.app_context():
        event = courses.first_course().data["timeline"][0]
        assert event["title"] == "Changed title" and event["date"] == "1902-12"
    # A perspective whose view names a reading the course lacks.
    form = text(teacher_client.get(f"{PAGE}/perspectives/new"))
    wrong = teacher_client.post_form(f"{PAGE}/perspectives/new", {
        "base": base_of(form), "id": "new-view", "title": "A question",
        "views-0-reading": "not-a-reading", "views-0-text": "It says so."})
    assert wrong.status_code == 400 and "unknown reading" in text(wrong)
    # A stale form: a conflict, the instructor's text kept.
    stale = teacher_client.post_form(edit, {"base": base_of(html), "id": "drago-doctrine",
                                            "date": "1902", "title": "My own title",
                                            "readings": "milei-first-year"})
    assert stale.status_code == 409 and "My own title" in text(stale)


def test_an_outsider_cannot_edit_anothers_course(app, teacher_client, make_client):
    teacher_client.post_form("/instructor/courses/new", {"title": "Mine", "slug": "mine"})
    with app.app_context():
        instructors.create_instructor("outsider", PASSWORD)
        db.session.commit()
    outsider = make_client()
    assert outsider.login("outsider").status_code == 302
    assert teacher_client.get("/instructor/content/c/mine/course").status_code == 200
    assert outsider.get("/instructor/content/c/mine/course").status_code == 403
    assert outsider.post_form("/instructor/content/c/mine/course/misconceptions/new", {
        "tag": "x", "label": "x", "description": "x"}).status_code == 403


def test_loading_the_course_file_does_not_overwrite_a_browser_edit(app, teacher_client):
    from quizapp.content.loader import load_content
    from quizapp.content.schema import read_content

    content = read_content(app.config["QUIZAPP_QUESTIONS_DIR"])
    with app.app_context():  # an unchanged file over an unedited course: nothing to say
        assert load_content(content).conflicts == []
        db.session.commit()
    added = teacher_client.post_form(f"{PAGE}/misconceptions/new", {
        "base": base_of(text(teacher_client.get(PAGE))), "tag": "browser-tag",
        "label": "From the browser", "description": "Added in the editor."})
    assert added.status_code == 302
    with app.app_context():
        report = load_content(content)
        db.session.commit()
        assert report.conflicts == ["_course.yaml"]
        assert "vocabulary, timeline or perspectives were edited in the browser" in str(report)
    assert "browser-tag" in _tags(app)  # kept as edited
    with app.app_context():  # the explicit choice: the file wins
        assert load_content(content, overwrite=True).conflicts == []
        db.session.commit()
    assert "browser-tag" not in _tags(app)
    with app.app_context():  # and the course follows its file again
        assert load_content(content).conflicts == []
