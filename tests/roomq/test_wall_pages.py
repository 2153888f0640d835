"""The answer wall and the evidence map over HTTP: moderation, the room's screen (anonymous
by default), the stance filter, the question page and the CSV."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Response, Seminar
from support import csrf_from, text

KEY = "mfy-d1"
DISCUSS = "/s/{code}/r/milei-first-year/discuss/" + KEY


def _answer(make_client, code: str, name: str, answer: str, stance: str = ""):
    client = make_client()
    client.join(code, name)
    page = client.get(DISCUSS.format(code=code))
    data = {"csrf_token": csrf_from(text(page)), "answer": answer}
    if stance:
        data["stance"] = stance
    assert client.post(DISCUSS.format(code=code), data=data).status_code == 302


def _response_id(app, answer: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Response.id).where(Response.answer == answer))


def _screen_url(app, code: str) -> str:
    with app.app_context():
        sem = db.session.scalar(select(Seminar).where(Seminar.code == code))
        return f"/room/{code}/{sem.projector_token}"


def test_wall_moderation_and_the_screen(app, make_client, seminar, teacher_client):
    _answer(make_client, seminar, "Ana Secret", "The Drago Doctrine matters.", "1")
    _answer(make_client, seminar, "Ben Secret", "Pure calculation <script>", "5")
    wall_url = f"/instructor/sessions/{seminar}/wall/{KEY}"
    page = teacher_client.get(wall_url)
    assert page.status_code == 200
    body = text(page)
    assert "Ana Secret" in body and "What the class argued with" in body
    token = csrf_from(body)
    ana_id = _response_id(app, "The Drago Doctrine matters.")
    assert teacher_client.post(wall_url + "/approve", data={
        "csrf_token": token, "response_id": str(ana_id), "on": "1"}).status_code == 302
    screen = f"/instructor/sessions/{seminar}/screen"
    assert teacher_client.post(screen, data={"csrf_token": token, "mode": "wall",
                                             "question": KEY}).status_code == 302
    shown = text(make_client().get(_screen_url(app, seminar)))
    assert "The Drago Doctrine matters." in shown
    assert "Pure calculation" not in shown  # not approved
    assert "Ana Secret" not in shown  # anonymous by default
    teacher_client.post(screen, data={"csrf_token": token, "mode": "wall", "question": KEY,
                                      "show_all": "y", "names": "y", "stance": "5"})
    shown = text(make_client().get(_screen_url(app, seminar)))
    assert "Pure calculation &lt;script&gt;" in shown and "Ben Secret" in shown
    assert "The Drago Doctrine matters." not in shown  # stance 1, filtered out
    teacher_client.post(screen, data={"csrf_token": token, "mode": "evidence", "question": KEY})
    shown = text(make_client().get(_screen_url(app, seminar) + "/state"))
    assert "Drago Doctrine" in shown and "Key terms" in shown


def test_bad_wall_requests_are_400_or_404(app, make_client, seminar, teacher_client):
    _answer(make_client, seminar, "Ana", "An answer.")
    wall_url = f"/instructor/sessions/{seminar}/wall/{KEY}"
    token = csrf_from(text(teacher_client.get(wall_url)))
    assert teacher_client.get(f"/instructor/sessions/{seminar}/wall/mfy-q1").status_code == 404
    assert teacher_client.get(f"/instructor/sessions/{seminar}/wall/nope").status_code == 404
    for data in ({}, {"response_id": "x"}, {"response_id": "99999999"}):
        status = teacher_client.post(wall_url + "/approve",
                                     data={"csrf_token": token, **data}).status_code
        assert status in (400, 404), (data, status)
    screen = f"/instructor/sessions/{seminar}/screen"
    for data in ({"mode": "wall", "question": "mfy-q1"}, {"mode": "wall", "question": KEY,
                                                          "stance": "9"},
                 {"mode": "wall", "question": KEY, "stance": "-1"},
                 {"mode": "evidence", "question": KEY, "stance": "1" * 30}):
        status = teacher_client.post(screen, data={"csrf_token": token, **data}).status_code
        assert status in (400, 404), (data, status)


def test_evidence_on_the_question_page_and_as_csv(app, make_client, seminar, teacher_client):
    _answer(make_client, seminar, "Ana", "=Drago was right", "2")
    page = text(teacher_client.get(f"/instructor/sessions/{seminar}/questions/{KEY}"))
    assert "What the class argued with" in page and "Key terms nobody used" in page
    response = teacher_client.get(f"/instructor/sessions/{seminar}/wall/{KEY}/evidence.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(text(response))))
    drago = [r for r in rows if r["item_id"] == "drago-doctrine"]
    assert drago[0]["stance"] == "" and drago[0]["answers_using"] == "1"
    assert {r["stance"] for r in drago} == {"", "1", "2", "3", "4", "5"}
    assert all(not r["item"].startswith("=") for r in rows)
