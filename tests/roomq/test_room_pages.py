"""Questions from the room over HTTP: the student's page and feed, votes (JSON and plain
forms), the instructor's list and moderation, the room's screen, and every refusal as a
clear 400/403/404/429, never a 500."""

from __future__ import annotations

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import RoomQuestion, RoomVote, Seminar
from support import csrf_from, text


def _student(make_client, code: str, name: str):
    client = make_client()
    assert client.join(code, name).status_code == 302
    return client


def _ask(client, code: str, body: str, reading: str = ""):
    page = client.get(f"/s/{code}/room")
    return client.post(f"/s/{code}/room", data={
        "csrf_token": csrf_from(text(page)), "body": body, "reading": reading})


def _ids(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(RoomQuestion.id).order_by(RoomQuestion.id)))


def _votes(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(RoomVote))


def test_ask_see_anonymously_and_vote_once(app, make_client, seminar):
    ana, ben = _student(make_client, seminar, "Ana Asker"), _student(make_client, seminar, "Ben")
    response = _ask(ana, seminar, "Why did the <b>Mercosur</b> talks stall?", "milei-first-year")
    assert response.status_code == 302
    (qid,) = _ids(app)
    page = text(ben.get(f"/s/{seminar}/room"))
    assert "Why did the &lt;b&gt;Mercosur&lt;/b&gt; talks stall?" in page
    assert "Ana Asker" not in page  # anonymous to the class
    feed = ben.get(f"/s/{seminar}/room/feed", headers={"Accept": "application/json"})
    (item,) = feed.get_json()["questions"]
    assert item["votes"] == 0 and not item["voted"] and not item["mine"]
    assert "Ana" not in feed.get_data(as_text=True)
    again = ben.get(f"/s/{seminar}/room/feed", headers={"If-None-Match": feed.headers["ETag"]})
    assert again.status_code == 304  # an unchanged list costs the poll nothing
    token = csrf_from(page)
    first = ben.post(f"/s/{seminar}/room/{qid}/vote", data={"csrf_token": token},
                     headers={"Accept": "application/json"})
    assert first.get_json() == {"ok": True, "counted": True}
    second = ben.post(f"/s/{seminar}/room/{qid}/vote", data={"csrf_token": token})
    assert second.status_code == 302  # the plain form: back to the list, nothing changed
    assert _votes(app) == 1
    assert ben.get(f"/s/{seminar}/room/feed").get_json()["questions"][0]["voted"] is True
    # The vote changed the list: the old ETag no longer matches.
    assert ben.get(f"/s/{seminar}/room/feed", headers={"If-None-Match": feed.headers["ETag"]}
                   ).status_code == 200
    mine = ana.get(f"/s/{seminar}/room/feed").get_json()["questions"][0]
    assert mine["mine"] and mine["votes"] == 1


def test_bad_questions_get_400_and_keep_the_text(app, make_client, seminar):
    ana = _student(make_client, seminar, "Ana")
    for body in ["", "   ", "x" * 501, "bell\x07", "\u202egnirts"]:  # one database for all
        response = _ask(ana, seminar, body)
        assert response.status_code == 400, body
        if body.strip() and len(body) <= 500:
            assert body.replace("\u202e", "") in text(response).replace("\u202e", ""), body
    assert _ids(app) == []


def test_a_foreign_reading_is_400(app, make_client, seminar):
    ana = _student(make_client, seminar, "Ana")
    assert _ask(ana, seminar, "Hello?", "no-such-reading").status_code == 400


def test_asking_is_rate_limited_per_seat(app_factory, make_seminar):
    app = app_factory(QUIZAPP_ROOM_QUESTION_LIMIT="2 per minute")
    code = make_seminar()
    ana = app.test_client()
    ana.join(code, "Ana")
    ben = app.test_client()  # the same address: a classroom behind one router
    ben.join(code, "Ben")
    assert [_ask(ana, code, f"Q{i}").status_code for i in range(3)] == [302, 302, 429]
    limited = _ask(ana, code, "Still here?")
    assert "Still here?" in text(limited)  # what was typed comes back
    assert _ask(ben, code, "Mine counts apart").status_code == 302


def test_votes_that_cannot_count(app, make_client, make_seminar, seminar, teacher_client):
    ana, ben = _student(make_client, seminar, "Ana"), _student(make_client, seminar, "Ben")
    other = make_seminar("Other")
    olga = _student(make_client, other, "Olga")
    _ask(ana, seminar, "Mine")
    _ask(olga, other, "Elsewhere")
    mine, elsewhere = _ids(app)
    token = csrf_from(text(ben.get(f"/s/{seminar}/room")))
    json = {"Accept": "application/json"}
    assert ben.post(f"/s/{seminar}/room/{elsewhere}/vote", data={"csrf_token": token},
                    headers=json).status_code == 404
    assert ben.post(f"/s/{seminar}/room/999999/vote", data={"csrf_token": token}).status_code \
        == 404
    own_token = csrf_from(text(ana.get(f"/s/{seminar}/room")))
    own = ana.post(f"/s/{seminar}/room/{mine}/vote", data={"csrf_token": own_token},
                   headers=json)
    assert own.status_code == 400 and own.get_json()["message"]
    # An instructor does not vote (403), even with a valid form.
    teacher_token = csrf_from(text(teacher_client.get("/instructor/")))
    assert teacher_client.post(f"/s/{seminar}/room/{mine}/vote",
                               data={"csrf_token": teacher_token}).status_code == 403
    assert ben.post(f"/s/{seminar}/room/{mine}/vote", data={}).status_code == 400  # no CSRF
    # Hidden: the class cannot see it, so it cannot be voted for.
    page = teacher_client.get(f"/instructor/sessions/{seminar}/room")
    assert teacher_client.post(f"/instructor/sessions/{seminar}/room/{mine}/moderate", data={
        "csrf_token": csrf_from(text(page)), "action": "hide"}).status_code == 302
    assert ben.post(f"/s/{seminar}/room/{mine}/vote", data={"csrf_token": token}).status_code \
        == 404
    assert _votes(app) == 0


def test_instructor_sees_names_sorts_moderates_and_projects(app, make_client, seminar,
                                                            teacher_client):
    ana, ben = _student(make_client, seminar, "Ana Asker"), _student(make_client, seminar, "Ben")
    _ask(ana, seminar, "Older question")
    _ask(ana, seminar, "Newer question")
    older, newer = _ids(app)
    token = csrf_from(text(ben.get(f"/s/{seminar}/room")))
    ben.post(f"/s/{seminar}/room/{older}/vote", data={"csrf_token": token})
    page = text(teacher_client.get(f"/instructor/sessions/{seminar}/room"))
    assert "Ana Asker" in page
    assert page.index("Older question") < page.index("Newer question")  # by votes
    by_time = text(teacher_client.get(f"/instructor/sessions/{seminar}/room?sort=time"))
    assert by_time.index("Newer question") < by_time.index("Older question")
    token = csrf_from(page)
    url = f"/instructor/sessions/{seminar}/room/{newer}/moderate"
    for action in ("pin", "answered", "hide", "show"):
        assert teacher_client.post(url, data={"csrf_token": token, "action": action}
                                   ).status_code == 302
    assert teacher_client.post(url, data={"csrf_token": token, "action": "delete"}
                               ).status_code == 400
    assert teacher_client.post(url, data={"csrf_token": token}).status_code == 400
    with app.app_context():
        q = db.session.get(RoomQuestion, newer)
        assert (q.pinned, q.answered, q.hidden) == (True, True, False)
        sem = db.session.scalar(select(Seminar).where(Seminar.code == seminar))
        screen_url = f"/room/{seminar}/{sem.projector_token}"
    screen = f"/instructor/sessions/{seminar}/screen"
    assert teacher_client.post(screen, data={"csrf_token": token, "mode": "question",
                                             "room_question": str(newer)}).status_code == 302
    shown = make_client().get(screen_url)  # the projector: no login, the secret link
    assert shown.status_code == 200 and "Newer question" in text(shown)
    assert "Ana Asker" not in text(shown)
    state = make_client().get(screen_url + "/state").get_json()["html"]
    assert "Newer question" in state
    assert make_client().get(f"/room/{seminar}/wrong-token").status_code == 404
    for bad in ({"mode": "question", "room_question": "x"}, {"mode": "sideways"},
                {"mode": "question", "room_question": "999999"}, {}):
        status = teacher_client.post(screen, data={"csrf_token": token, **bad}).status_code
        assert status in (400, 404), (bad, status)
    assert teacher_client.post(screen, data={"csrf_token": token, "mode": "off"}
                               ).status_code == 302
    assert "Newer question" not in text(make_client().get(screen_url))


def test_a_note_on_a_room_question(app, make_client, seminar, teacher_client):
    ana = _student(make_client, seminar, "Ana")
    _ask(ana, seminar, "What about the IMF?")
    (qid,) = _ids(app)
    page = text(teacher_client.get(f"/instructor/sessions/{seminar}/room"))
    response = teacher_client.post(f"/instructor/sessions/{seminar}/notes", data={
        "csrf_token": csrf_from(page), "kind": "room_question", "target_id": str(qid),
        "body": "Answer this one first <i>x</i>"})
    assert response.status_code == 302
    assert "Answer this one first &lt;i&gt;x&lt;/i&gt;" in text(
        teacher_client.get(f"/instructor/sessions/{seminar}/room"))
    notes_page = text(teacher_client.get(f"/instructor/sessions/{seminar}/notes"))
    assert "a question from the room" in notes_page


def test_a_closed_session_takes_no_questions_or_votes(app, make_client, seminar):
    ana, ben = _student(make_client, seminar, "Ana"), _student(make_client, seminar, "Ben")
    _ask(ana, seminar, "Before closing")
    (qid,) = _ids(app)
    token = csrf_from(text(ben.get(f"/s/{seminar}/room")))
    with app.app_context():
        db.session.scalar(select(Seminar).where(Seminar.code == seminar)).is_open = False
        db.session.commit()
    assert ben.post(f"/s/{seminar}/room", data={"csrf_token": token, "body": "After"}
                    ).status_code == 400
    assert ben.post(f"/s/{seminar}/room/{qid}/vote", data={"csrf_token": token}
                    ).status_code == 400
    assert "Before closing" in text(ben.get(f"/s/{seminar}/room"))


def test_an_expired_form_gives_the_question_back(app, make_client, seminar):
    ana = _student(make_client, seminar, "Ana")
    response = ana.post(f"/s/{seminar}/room", data={"csrf_token": "stale",
                                                    "body": "Do not lose me"})
    assert response.status_code == 400 and "Do not lose me" in text(response)
    assert _ids(app) == []


def test_links_from_the_session_pages(app, make_client, seminar, teacher_client):
    ana = _student(make_client, seminar, "Ana")
    assert f"/s/{seminar}/room" in text(ana.get(f"/s/{seminar}/"))
    assert f"/instructor/sessions/{seminar}/room" in text(
        teacher_client.get(f"/instructor/sessions/{seminar}/"))


def test_room_questions_csv(app, make_client, seminar, teacher_client):
    import csv
    import io

    ana = _student(make_client, seminar, "Ana")
    _ask(ana, seminar, "=HYPERLINK(\"x\") is it safe?", "milei-first-year")
    response = teacher_client.get(f"/instructor/sessions/{seminar}/room.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    (row,) = list(csv.DictReader(io.StringIO(text(response))))
    assert row["student"] == "Ana" and row["reading"] == "milei-first-year"
    assert row["question"].startswith("'=") and row["votes"] == "0"


def test_the_list_shows_times_exactly_as_the_when_filter(app):
    from datetime import datetime

    from quizapp.roomq.present import stamper, vote_labeller
    from quizapp.web.i18n import when

    for lang in ("en", "es"):
        with app.test_request_context(f"/?lang={lang}", headers={"Accept-Language": lang}):
            stamp = stamper()
            for value in (datetime(2026, 1, 15, 9, 30), datetime(2026, 7, 1, 23, 59, 59)):
                assert stamp(value) == when(value)
            assert vote_labeller()(1) != vote_labeller()(2)
