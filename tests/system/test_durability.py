"""Nothing acknowledged is lost: answers from many threads while the server is SIGKILLed and
restarted; every answer that got a success response is in the database exactly once."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import httpx
import pytest
from live_server import csrf_token, launch, wait_ready
from sqlalchemy import create_engine, func, select, text

from quizapp.models import Participant, Question, Reading, Response, ResponseRevision

STUDENTS = 6


@dataclass
class Plan:
    code: str
    mc: list[tuple[str, int, str, str]]  # (slug, n, question key, a valid choice id)
    discussion: list[tuple[str, str]]  # (slug, question key)


@dataclass
class Ledger:
    acked_texts: set[str] = field(default_factory=set)
    acked_mc: set[tuple[str, str]] = field(default_factory=set)  # (student, question key)
    refused: list[str] = field(default_factory=list)  # transport errors while it was down
    unexpected: list[str] = field(default_factory=list)
    joined: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _plan(engine, code: str) -> Plan:
    with engine.connect() as conn:
        slugs = [r[0] for r in conn.execute(text(
            "SELECT r.slug FROM readings r JOIN seminar_readings sr ON sr.reading_id = r.id "
            "JOIN seminars s ON s.id = sr.seminar_id WHERE s.code = :c ORDER BY sr.position"),
            {"c": code})]
    from sqlalchemy.orm import Session

    mc, discussion = [], []
    with Session(engine) as session:
        for slug in slugs:
            reading = session.scalar(select(Reading).where(Reading.slug == slug))
            live = [q for q in reading.questions if not q.retired]
            for n, q in enumerate([q for q in live if q.kind == "mc"], start=1):
                mc.append((slug, n, q.key, q.current_revision.choices[0]["id"]))
            discussion += [(slug, q.key) for q in live if q.kind == "discussion"]
    return Plan(code, mc, discussion)


def _student(base: dict[str, str], plan: Plan, i: int, ledger: Ledger,
             stop: threading.Event) -> None:
    name = f"Durable {i}"
    client = httpx.Client(timeout=10, follow_redirects=False)
    # Joined before the server is killed (the test waits for it).
    token = csrf_token(client, f"{base['url']}/join/{plan.code}")
    joined = client.post(f"{base['url']}/join/{plan.code}",
                         data={"csrf_token": token, "display_name": name})
    if joined.status_code != 302:
        ledger.unexpected.append(f"join {joined.status_code}")
        return
    with ledger.lock:
        ledger.joined += 1
    n = 0
    mc_left = list(plan.mc)
    while not stop.is_set():
        try:
            url = base["url"]
            if mc_left and n % 2 == 0:
                slug, number, key, choice = mc_left[0]
                response = client.post(f"{url}/s/{plan.code}/r/{slug}/check/{number}",
                                       data={"csrf_token": token, "choice": choice})
                if response.status_code in (302, 303):
                    with ledger.lock:
                        ledger.acked_mc.add((name, key))
                    mc_left.pop(0)
                else:
                    ledger.unexpected.append(f"mc {response.status_code}")
            else:
                slug, key = plan.discussion[n % len(plan.discussion)]
                answer = f"{name} says {n} \u00e9\U0001f30d"
                response = client.post(f"{url}/s/{plan.code}/r/{slug}/discuss/{key}",
                                       data={"csrf_token": token, "answer": answer})
                if response.status_code in (302, 303):
                    with ledger.lock:
                        ledger.acked_texts.add(answer)
                else:
                    ledger.unexpected.append(f"discussion {response.status_code}")
            n += 1
        except (httpx.TransportError, httpx.RemoteProtocolError) as exc:
            # The server is down or died mid-request: no success response, so no promise.
            ledger.refused.append(type(exc).__name__)
            n += 1
            time.sleep(0.05)
    client.close()


@pytest.mark.slow
def test_acknowledged_answers_survive_sigkill(backend, db_url, make_seminar, tmp_path):
    code = make_seminar("Durability")
    engine = create_engine(db_url)
    plan = _plan(engine, code)
    log = tmp_path / "server.log"
    server = wait_ready(launch(db_url, log, workers=2))
    base = {"url": server.url}
    ledger, stop = Ledger(), threading.Event()
    threads = [threading.Thread(target=_student, args=(base, plan, i, ledger, stop))
               for i in range(STUDENTS)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while ledger.joined + len(ledger.unexpected) < STUDENTS and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(2)
        before_kill = len(ledger.acked_texts) + len(ledger.acked_mc)
        server.kill()  # SIGKILL to the whole process group, mid-stream
        port = server.url.rsplit(":", 1)[1]
        server = wait_ready(launch(db_url, log, port=int(port), workers=2))
        time.sleep(1.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        server.kill()

    print(f"durability: {len(ledger.acked_texts)} answers and {len(ledger.acked_mc)} votes "
          f"acknowledged ({before_kill} before the kill), {len(ledger.refused)} refused")
    assert before_kill >= 20, f"too little traffic before the kill: {before_kill}"
    assert ledger.refused, "no request failed: the server was not killed mid-stream"
    assert len(ledger.acked_texts) + len(ledger.acked_mc) > before_kill, \
        "nothing was acknowledged after the restart"
    assert not ledger.unexpected, ledger.unexpected[:5]

    from sqlalchemy.orm import Session

    with Session(engine) as session:
        stored = dict(session.execute(
            select(ResponseRevision.text, func.count()).group_by(ResponseRevision.text)).all())
        missing = [t for t in ledger.acked_texts if stored.get(t, 0) == 0]
        doubled = [t for t in ledger.acked_texts if stored.get(t, 0) > 1]
        assert not missing, f"{len(missing)} acknowledged answers lost, e.g. {missing[:3]}"
        assert not doubled, f"stored twice: {doubled[:3]}"
        mc_rows = session.execute(
            select(Participant.display_name, Question.key, func.count())
            .join(Response, Response.participant_id == Participant.id)
            .join(Question, Question.id == Response.question_id)
            .where(Response.kind == "mc")
            .group_by(Participant.display_name, Question.key)).all()
        counts = {(name, key): n for name, key, n in mc_rows}
        assert all(counts.get(item) == 1 for item in ledger.acked_mc), \
            [item for item in ledger.acked_mc if counts.get(item) != 1][:3]
    if backend.name == "sqlite":
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    engine.dispose()
