"""10,000 attempts on one check: how long the item analysis takes (issue: analytics).

    python -m bench.item_analysis_10k sqlite:////tmp/ia.sqlite
    python -m bench.item_analysis_10k postgresql+psycopg://postgres@127.0.0.1:5432/EMPTY_DB

Fills an empty database with one session on one reading (10 questions), 10,000 students who
each answer every question (100,000 responses), then prints the median of five runs of the
analysis itself and of the whole page through the test client.
"""
import random
import statistics
import sys
import time

from sqlalchemy import insert, select

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import Participant, Response, utcnow
from quizapp.services.accounts import instructors
from quizapp.services.analytics import analysis
from quizapp.services.classroom import seminars
from quizapp.services.installation.setup import initialize

url = sys.argv[1]
app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x",
                  "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
with app.app_context():
    initialize(load=True)
    t = instructors.create_instructor("bench", "benchpassword1")
    sem = seminars.create_seminar(t, "big", ["milei-first-year"])
    db.session.commit()
    qs = list(seminars.seminar_questions(sem, "mc"))
    rng = random.Random(1)
    now = utcnow()
    parts = [{"seminar_id": sem.id, "display_name": f"s{i}", "name_key": f"s{i}",
              "resume_code": f"{i:06d}", "joined_at": now} for i in range(10_000)]
    db.session.execute(insert(Participant), parts)
    pids = list(db.session.scalars(
        select(Participant.id).where(Participant.seminar_id == sem.id)))
    rows = []
    for pid in pids:
        for q in qs:
            rev = q.current_revision
            c = rng.choice(rev.choices)["id"]
            rows.append({"seminar_id": sem.id, "participant_id": pid, "question_id": q.id,
                         "revision_id": rev.id, "kind": "mc", "round": 1, "answer": c,
                         "correct": c in rev.correct_ids, "created_at": now, "updated_at": now,
                         "spotlighted": False, "call_on": False})
    db.session.execute(insert(Response), rows)
    db.session.commit()
    code = sem.code
    print("responses", len(rows))
    times = []
    for _ in range(5):
        db.session.expire_all()
        t0 = time.perf_counter()
        analysis.session_analysis(sem)
        times.append(time.perf_counter() - t0)
    print("service median ms", round(statistics.median(times) * 1000))
c = app.test_client()
c.post("/instructor/login", data={"username": "bench", "password": "benchpassword1"})
times = []
for _ in range(5):
    t0 = time.perf_counter()
    r = c.get(f"/instructor/sessions/{code}/analysis")
    times.append(time.perf_counter() - t0)
    assert r.status_code == 200, r.status_code
print("page median ms", round(statistics.median(times) * 1000))
