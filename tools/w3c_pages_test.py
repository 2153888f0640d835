"""Save every page of the app as each role sees it, for the W3C Nu HTML checker (issue 16).

Not part of the test suite (pytest collects `tests/` only). It builds the access matrix's
world (tests/route_world.py: a shared instructor-paced session with answers, a private note,
a room question), adds released feedback, a live question and the room's screen, then GETs
every route as anonymous, student A, the owner, the assistant, student B (a self-paced
session) and another instructor, in three states (voting; votes shown with the answer wall on
the screen; discussion with the evidence map), plus error pages and the Spanish interface.
Every HTML response is written to $PAGES_OUT (default the temp folder's quizapp-pages), one file per
state, route, role and status. Run it on SQLite, then the checker (Java 17):

    PYTHONPATH=tests QUIZAPP_TEST_DATABASES=sqlite \\
        .venv/bin/pytest -p conftest tools/w3c_pages_test.py -q -p no:cacheprovider
    (cd /tmp/vnu && npm install vnu-jar)   # once, outside the repository
    java -jar /tmp/vnu/node_modules/vnu-jar/build/dist/vnu.jar --format text \\
        /tmp/quizapp-pages/*.html
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from route_world import build_world, routes
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Seminar
from quizapp.services.accounts import instructors
from quizapp.services.feedback import comments, release
from quizapp.services.live import rounds
from quizapp.services.roomq import asking, moderation

OUT = Path(os.environ.get("PAGES_OUT") or Path(tempfile.gettempdir()) / "quizapp-pages")
ROLES_AND_SESSIONS = (("anonymous", "a"), ("student_a", "a"), ("owner", "a"),
                      ("assistant", "a"), ("student_b", "b"), ("other_instructor", "b"))


def _seminar(code: str) -> Seminar:
    return db.session.scalar(select(Seminar).where(Seminar.code == code))


def _discussion(seminar: Seminar):
    return next(q for q in seminar.readings[0].questions if q.kind == "discussion")


def test_save_every_page(app, make_client, make_seminar) -> None:
    world = build_world(app, make_client, make_seminar)
    a, b = world.seminar_a, world.seminar_b
    with app.app_context():
        sem = _seminar(a)
        teacher = instructors.find_instructor("teacher")
        comments.save_feedback(sem, teacher, world.params["response_id"],
                               "Good start; cite the reading.", None)
        release.release(sem, teacher)
        moderation.project_room_question(sem, asking.room_question(sem, world.params["rqid"]))
        rounds.open_question(sem, rounds.live_questions(sem)[0], 60)
        db.session.commit()
    OUT.mkdir(parents=True, exist_ok=True)
    saved: set[str] = set()

    def save(role: str, url: str, label: str) -> None:
        response = world.client(role).get(url)
        body = response.get_data(as_text=True)
        if response.mimetype != "text/html" or 300 <= response.status_code < 400:
            return
        name = re.sub(r"[^A-Za-z0-9]+", "_", f"{label}__{role}__{response.status_code}")
        if name not in saved:
            saved.add(name)
            (OUT / f"{name}.html").write_text(body, encoding="utf-8")

    def walk(stage: str) -> None:
        for rule, method in routes(app):
            if method != "GET" or rule.endpoint == "static":
                continue
            for role, which in ROLES_AND_SESSIONS:
                save(role, world.url(rule, {"code": a if which == "a" else b}),
                     f"{stage}_{rule.endpoint}")

    walk("s1")
    extras = [("anonymous", "/nowhere"), ("anonymous", f"/join/{a}"), ("anonymous", "/join"),
              ("anonymous", f"/join?code={a}"), ("owner", f"/instructor/sessions/{a}/?unread=1"),
              ("owner", f"/instructor/sessions/{a}/room?sort=time"),
              ("owner", "/instructor/sessions/NOPE/"), ("student_a", f"/s/{a}/r/nope"),
              ("student_b", f"/s/{b}/r/{world.params['slug']}/check/1"),
              # The Spanish interface from here on for these two.
              ("student_a", f"/s/{a}/?lang=es"), ("student_a", f"/s/{a}/"),
              ("owner", f"/instructor/sessions/{a}/?lang=es"),
              ("owner", f"/instructor/sessions/{a}/")]
    for role, url in extras:
        save(role, url, "x_" + url)
    with app.app_context():
        sem = _seminar(a)
        rounds.close_voting(sem)
        rounds.show_votes(sem)
        moderation.project_discussion(sem, _discussion(sem), "wall", show_all=True,
                                      stance=None, names=False)
        db.session.commit()
    walk("s2")
    with app.app_context():
        sem = _seminar(a)
        rounds.discuss(sem)
        moderation.project_discussion(sem, _discussion(sem), "evidence", show_all=True,
                                      stance=None, names=False)
        db.session.commit()
    walk("s3")
    assert len(saved) > 100, len(saved)
    print(f"saved {len(saved)} pages to {OUT}")
