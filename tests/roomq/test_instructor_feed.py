"""The instructor's room list without reloading (issue 18): the JSON feed polled by
static/roomq-instructor.js. It gives every question's count and flags in the page's order,
draws the questions newer than the page's (with the same working forms), says so once for
screen readers, and is a 304 while nothing changed. The page itself still works with plain
forms: the flags and the screen form are drawn `hidden`, never left out."""

from __future__ import annotations

import re

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import RoomQuestion
from support import csrf_from, text

JSON = {"Accept": "application/json"}


def _student(make_client, code: str, name: str):
    client = make_client()
    assert client.join(code, name).status_code == 302
    return client


def _ask(client, code: str, body: str) -> None:
    page = client.get(f"/s/{code}/room")
    response = client.post(f"/s/{code}/room", data={"csrf_token": csrf_from(text(page)),
                                                     "body": body, "reading": ""})
    assert response.status_code == 302


def _ids(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(RoomQuestion.id).order_by(RoomQuestion.id)))


def test_the_feed_brings_new_questions_counts_and_flags(app, make_client, seminar,
                                                         teacher_client):
    feed = f"/instructor/sessions/{seminar}/room/feed"
    page = text(teacher_client.get(f"/instructor/sessions/{seminar}/room"))
    assert 'data-after="0"' in page and 'id="rq-status" role="status" aria-live="polite"' in page
    empty = teacher_client.get(feed + "?after=0", headers=JSON)
    assert empty.get_json() == {"total": 0, "after": 0, "questions": [], "html": "",
                                "announce": ""}
    ana, ben = _student(make_client, seminar, "Ana Asker"), _student(make_client, seminar, "Ben")
    _ask(ana, seminar, "Older <b>question</b>")
    (older,) = _ids(app)
    data = teacher_client.get(feed + "?after=0", headers=JSON).get_json()
    assert data["total"] == 1 and data["after"] == older
    assert data["announce"] == "New question from the room: Older <b>question</b>"
    html = data["html"]
    # Drawn as the page draws it: the asker's name, escaped text, working forms with a token.
    assert f'id="rq-{older}"' in html and "Ana Asker" in html
    assert "Older &lt;b&gt;question&lt;/b&gt;" in html
    assert f'action="/instructor/sessions/{seminar}/room/{older}/moderate"' in html
    assert 'name="csrf_token" value="' in html and 'name="target_id"' in html
    _ask(ana, seminar, "Newer question")
    _, newer = _ids(app)
    two = teacher_client.get(feed + f"?after={older}", headers=JSON).get_json()
    assert f'id="rq-{newer}"' in two["html"] and f'id="rq-{older}"' not in two["html"]
    assert two["announce"] == "New question from the room: Newer question"
    # Nothing new for a page that has both: no HTML, nothing said.
    steady = teacher_client.get(feed + f"?after={newer}", headers=JSON)
    assert steady.get_json()["html"] == "" and steady.get_json()["announce"] == ""
    assert teacher_client.get(feed + f"?after={newer}", headers={
        "If-None-Match": steady.headers["ETag"]}).status_code == 304
    # A vote: the count changes, the order by votes too, the old ETag no longer matches.
    token = csrf_from(text(ben.get(f"/s/{seminar}/room")))
    assert ben.post(f"/s/{seminar}/room/{older}/vote", data={"csrf_token": token}
                    ).status_code == 302
    voted = teacher_client.get(feed + f"?after={newer}", headers={
        "If-None-Match": steady.headers["ETag"]})
    assert voted.status_code == 200
    items = voted.get_json()["questions"]
    assert [q["id"] for q in items] == [older, newer]
    assert (items[0]["votes"], items[0]["votes_label"]) == (1, "1 vote")
    by_time = teacher_client.get(feed + f"?sort=time&after={newer}").get_json()["questions"]
    assert [q["id"] for q in by_time] == [newer, older]
    # Moderation and the screen show in the flags.
    teacher_token = csrf_from(page)
    base = f"/instructor/sessions/{seminar}"
    for action in ("pin", "hide"):
        assert teacher_client.post(f"{base}/room/{newer}/moderate", data={
            "csrf_token": teacher_token, "action": action}).status_code == 302
    assert teacher_client.post(f"{base}/screen", data={
        "csrf_token": teacher_token, "mode": "question", "room_question": str(older)}
        ).status_code == 302
    flags = {q["id"]: q for q in teacher_client.get(feed + f"?after={newer}").get_json()[
        "questions"]}
    assert (flags[newer]["pinned"], flags[newer]["hidden"], flags[newer]["on_screen"]) == \
        (True, True, False)
    assert flags[older]["on_screen"] and not flags[older]["hidden"]


def test_several_new_questions_are_announced_once_as_a_number(app, make_client, seminar,
                                                               teacher_client):
    ana = _student(make_client, seminar, "Ana")
    for body in ("One?", "Two?", "Three?"):
        _ask(ana, seminar, body)
    data = teacher_client.get(f"/instructor/sessions/{seminar}/room/feed?after=0").get_json()
    assert data["announce"] == "3 new questions from the room"
    assert len(re.findall(r'<li class="rq-item', data["html"])) == 3
    english = teacher_client.get(f"/instructor/sessions/{seminar}/room/feed?after=0")
    assert teacher_client.get(f"/instructor/sessions/{seminar}/?lang=es").status_code == 303
    spanish = teacher_client.get(f"/instructor/sessions/{seminar}/room/feed?after=0")
    assert spanish.get_json()["announce"] == "3 preguntas nuevas de la sala"
    assert spanish.headers["ETag"] != english.headers["ETag"]  # the language is in it


def test_bad_after_is_400_and_strangers_get_nothing(app, make_client, seminar,
                                                    teacher_client):
    feed = f"/instructor/sessions/{seminar}/room/feed"
    for bad in ("x", "-1", "1.5", "9" * 12, "١"):
        assert teacher_client.get(f"{feed}?after={bad}").status_code == 400, bad
    ana = _student(make_client, seminar, "Ana")
    _ask(ana, seminar, "Who sees my name?")
    student = ana.get(feed)
    assert student.status_code in (302, 403) and "Ana" not in text(student)
    assert make_client().get(feed).status_code == 302  # to the login page


def test_the_page_draws_every_flag_and_keeps_the_forms_working(app, make_client, seminar,
                                                               teacher_client):
    ana = _student(make_client, seminar, "Ana")
    _ask(ana, seminar, "Pinned and hidden?")
    (qid,) = _ids(app)
    url = f"/instructor/sessions/{seminar}/room"
    token = csrf_from(text(teacher_client.get(url)))
    for action in ("pin", "hide"):
        teacher_client.post(f"{url}/{qid}/moderate",
                            data={"csrf_token": token, "action": action, "sort": "time"})
    page = text(teacher_client.get(url + "?sort=time"))
    assert 'class="rq-flag" data-flag="pinned">' in page  # shown
    assert 'class="rq-flag" data-flag="answered" hidden>' in page  # drawn, hidden
    assert 'name="action" value="show"' in page and 'name="action" value="unpin"' in page
    assert 'class="inline rq-project" hidden' in page  # a hidden question is not projected
    assert f'data-feed-url="{url}/feed?sort=time"' in page
    assert 'name="sort" value="time"' in page  # moderation keeps the chosen order
    assert "roomq-instructor.js" in page
