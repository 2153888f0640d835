"""Questions from the room under a voting burst (issue 18): N students upvote 50 questions at
once, every vote sent twice (a double tap), beside the bare insert.

    .venv/bin/python -m bench.room_votes                       # SQLite and PostgreSQL, N = 2,000
    .venv/bin/python -m bench.room_votes --db sqlite --students 200

The same machinery as `python -m bench` (real gunicorn servers on loopback, the aiohttp
crowd, the bare Flask insert as the baseline, fresh databases dropped at the end). Set-up:
N students join over HTTP (not measured) and 50 other students' questions are put in the
database. Measured: every student opens the room page at once; then every student sends the
upvote of question (i mod 50) twice at once, 2N requests; 2N bare inserts run just before
and just after. Afterwards the database must hold exactly N votes, each question the number
of votes sent to it, and the server must have said "counted" exactly N times: zero lost,
each vote counted once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import report, scenarios, seed, servers  # noqa: E402
from bench.client import Crowd, Recorder, all_at_once, csrf_token  # noqa: E402
from quizapp.serving import default_threads  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
QUESTIONS = 50


def _seed_questions(db_url: str, secret: str, code: str, count: int) -> list[int]:
    """``count`` questions from the room, each by another student (not among the voters)."""
    from sqlalchemy import insert, select

    from quizapp.extensions import db
    from quizapp.models import Participant, RoomQuestion, Seminar, utcnow

    app = seed._app(db_url, secret)
    with app.app_context():
        seminar = db.session.scalar(select(Seminar).where(Seminar.code == code))
        now = utcnow()
        db.session.execute(insert(Participant), [
            {"seminar_id": seminar.id, "display_name": f"Asker {i:02d}",
             "name_key": f"asker {i:02d}", "resume_code": f"A{i:05d}", "joined_at": now}
            for i in range(count)])
        askers = list(db.session.scalars(select(Participant.id).where(
            Participant.seminar_id == seminar.id, Participant.name_key.like("asker %"))
            .order_by(Participant.id)))
        db.session.execute(insert(RoomQuestion), [
            {"seminar_id": seminar.id, "participant_id": pid, "reading_id": None,
             "body": f"Question {i:02d} from the room: what does the reading say about it?",
             "created_at": now, "hidden": False, "answered": False, "pinned": False}
            for i, pid in enumerate(askers)])
        db.session.commit()
        ids = list(db.session.scalars(select(RoomQuestion.id).where(
            RoomQuestion.seminar_id == seminar.id).order_by(RoomQuestion.id)))
        db.session.remove()
        db.engine.dispose()
    return ids


def _stored_votes(db_url: str, secret: str) -> tuple[int, dict[int, int]]:
    """(votes, votes per question)."""
    from sqlalchemy import func, select

    from quizapp.extensions import db
    from quizapp.models import RoomVote

    app = seed._app(db_url, secret)
    with app.app_context():
        per_question = dict(db.session.execute(select(
            RoomVote.room_question_id, func.count()).group_by(RoomVote.room_question_id)).all())
        db.session.remove()
        db.engine.dispose()
    return sum(per_question.values()), per_question


def _max_per_seat(db_url: str, secret: str) -> int:
    from sqlalchemy import func, select

    from quizapp.extensions import db
    from quizapp.models import RoomVote

    app = seed._app(db_url, secret)
    with app.app_context():
        grouped = (select(func.count().label("n")).select_from(RoomVote)
                   .group_by(RoomVote.room_question_id, RoomVote.participant_id).subquery())
        most = db.session.scalar(select(func.max(grouped.c.n))) or 0
        db.session.remove()
        db.engine.dispose()
    return int(most)


async def _feed_polls(ours: Crowd, bare: Crowd, students: list[scenarios.Student],
                      code: str) -> tuple[Recorder, Recorder]:
    """Every student's page polls the feed once (to hold its ETag), then all at once with it:
    the unchanged list is a 304. N bare hellos at once before and after, for comparison."""
    hello = Recorder(scenarios.HELLO_CONCURRENT)
    feed = Recorder("room feed poll, unchanged (304)", scenarios.HELLO_CONCURRENT)
    warm = Recorder("room feed, first poll (200)")
    etags: dict[str, str] = {}

    async def first(s: scenarios.Student) -> None:
        r = await ours.send(warm, s.browser, "GET", f"/s/{code}/room/feed", (200,))
        if r is not None:
            etags[s.name] = r.headers.get("ETag", "")

    async def hellos() -> None:
        async with bare.measure(hello):
            await all_at_once([lambda: bare.send(hello, bare.plain(), "GET", "/hello", (200,))
                               for _s in students])

    await all_at_once([lambda s=s: first(s) for s in students])
    await hellos()
    async with ours.measure(feed):
        await all_at_once([lambda s=s: ours.send(
            feed, s.browser, "GET", f"/s/{code}/room/feed", (304,),
            headers={"If-None-Match": etags.get(s.name, "")}) for s in students])
    await hellos()
    return hello, feed


async def run_one(kind: str, n: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    began = time.perf_counter()
    work.mkdir(parents=True, exist_ok=True)
    dbs = servers.Databases(kind, args.pg_url)
    secret = secrets.token_hex(32)
    started: list[servers.Server] = []
    crowds: list[Crowd] = []
    try:
        print(f"[{kind} N={n}] set-up", flush=True)
        world = seed.build(dbs.app_url, secret, 100, 1)
        code = world.burst_code
        threads = args.threads or default_threads(dbs.app_url)
        app = servers.start_quizapp(dbs.app_url, secret, args.workers, threads, work)
        started.append(app)
        base = servers.start_baseline(dbs.baseline_url, args.workers, threads, work)
        started.append(base)
        app.wait_ready()
        base.wait_ready()
        ours = Crowd(app.base_url, args.connections, app.cpu_seconds)
        bare = Crowd(base.base_url, args.connections, base.cpu_seconds)
        crowds += [ours, bare]
        students = scenarios.crowd_of(ours, n)
        await scenarios.join(ours, students, code, "set-up")
        ids = _seed_questions(dbs.app_url, secret, code, args.questions)

        print(f"[{kind} N={n}] room page and voting burst", flush=True)
        page = Recorder("room page, 50 questions (GET)", scenarios.HELLO_CONCURRENT)

        async def load(s: scenarios.Student) -> None:
            r = await ours.send(page, s.browser, "GET", f"/s/{code}/room", (200,))
            s.token = csrf_token(r.text) if r is not None else ""

        async with ours.measure(page):
            await all_at_once([lambda s=s: load(s) for s in students])
        inserts = await scenarios.insert_burst(bare, 2 * n)
        vote = Recorder("vote burst: upvote, each sent twice (POST)",
                        scenarios.INSERT_CONCURRENT)
        counted: list[bool] = []
        sent: dict[int, int] = {}

        async def upvote(s: scenarios.Student, qid: int) -> None:
            r = await ours.send(vote, s.browser, "POST", f"/s/{code}/room/{qid}/vote", (200,),
                                data={"csrf_token": s.token},
                                headers={"Accept": "application/json"})
            if r is not None:
                counted.append(bool(json.loads(r.text).get("counted")))

        ready = [(s, ids[i % len(ids)]) for i, s in enumerate(students) if s.token]
        for _s, qid in ready:
            sent[qid] = sent.get(qid, 0) + 1
        async with ours.measure(vote):
            await all_at_once([lambda s=s, q=qid: upvote(s, q)
                               for s, qid in ready for _twice in range(2)])
        await scenarios.insert_burst(bare, 2 * n, inserts)
        hello, feed = await _feed_polls(ours, bare, students, code)
        stored, per_question = _stored_votes(dbs.app_url, secret)
        most = _max_per_seat(dbs.app_url, secret)
    finally:
        for crowd in crowds:
            await crowd.close()
        for server in started:
            server.stop()
        dbs.close()
    votes = {"students": n, "questions": len(ids), "requests_ok": len(counted),
             "counted": sum(counted), "stored": stored, "expected": len(ready),
             "per_question_matches": per_question == sent, "most_per_seat": most}
    return {"db": kind, "db_label": servers_label(kind), "students": n,
            "workers": args.workers, "threads": threads, "connections": args.connections,
            "votes": votes, "seconds": round(time.perf_counter() - began, 1),
            "rows": [r.summary() for r in (inserts, hello, page, vote, feed)]}


def servers_label(kind: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[kind]


def markdown(result: dict[str, Any]) -> list[str]:
    report.ratios(result)
    v = result["votes"]
    vote = next(r for r in result["rows"] if r["name"].startswith("vote burst"))
    lines = [f"#### {result['db_label']}, N = {result['students']:,} "
             f"({result['workers']} workers x {result['threads']} threads, "
             f"{result['connections']} connections)", "", *report.table(result), ""]
    checks = [
        ("zero errors (ours)", str(vote["errors"]), vote["errors"] == 0),
        ("zero lost votes: every vote the server counted is stored",
         f"{v['counted']:,} counted, {v['stored']:,} stored", v["counted"] == v["stored"]),
        ("each vote counted once: one per student, though each was sent twice",
         f"{v['stored']:,} stored for {v['expected']:,} students, at most {v['most_per_seat']} "
         f"per seat and question; per question as sent: {v['per_question_matches']}",
         v["stored"] == v["expected"] and v["most_per_seat"] == 1
         and v["per_question_matches"]),
        ("vote burst p99 < 500 ms (the answer burst's target)", f"{vote['p99_ms']:.0f} ms",
         vote["p99_ms"] < 500),
    ]
    lines += ["| target | measured | met |", "|---|---|---|"]
    lines += [f"| {t} | {m} | {'yes' if ok else '**NO**'} |" for t, m, ok in checks]
    return lines + [""]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.room_votes", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", default="sqlite,postgresql")
    p.add_argument("--students", type=int, default=2000)
    p.add_argument("--questions", type=int, default=QUESTIONS)
    p.add_argument("--connections", type=int, default=100)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--pg-url", default=None)
    p.add_argument("--json", type=Path, default=None, help="also write the raw results here")
    p.add_argument("--max-seconds", type=float, default=900.0)
    args = p.parse_args(argv)
    work = BENCH_DIR / ".work" / ("room-votes-" + time.strftime("%Y%m%d-%H%M%S"))
    results = []
    for kind in [d.strip() for d in args.db.split(",") if d.strip()]:
        result = asyncio.run(asyncio.wait_for(
            run_one(kind, args.students, args, work / kind), args.max_seconds))
        results.append(result)
        print("\n".join(markdown(result)), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
