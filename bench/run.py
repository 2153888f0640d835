"""Run the seminar-burst benchmark: `python -m bench` (or `python bench/run.py`) from the
repository root. See bench/README.md. Loopback only; every loop is bounded; it stops itself."""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import shlex
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import report, scenarios, seed, servers  # noqa: E402
from bench.client import Crowd, Recorder  # noqa: E402
from quizapp.serving import default_threads  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
DB_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
CAPACITY_LIMIT = 200_000  # requests: a bound on the back-to-back loops whatever the speed
CAPACITY_ROUNDS = 3  # hello and poll capacity alternate in this many rounds each


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--db", default="sqlite,postgresql",
                   help="comma-separated: sqlite, postgresql [%(default)s]")
    p.add_argument("--students", default="200,2000",
                   help="comma-separated class sizes N [%(default)s]")
    p.add_argument("--connections", type=int, default=100,
                   help="client connection limit (requests in flight) [%(default)s]")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers [%(default)s]")
    p.add_argument("--threads", type=int, default=None,
                   help="threads per worker, as `quizapp serve --threads` [as its default: 1 "
                        "on SQLite, more on PostgreSQL]")
    p.add_argument("--poll-seconds", type=float, default=30.0)
    p.add_argument("--poll-interval", type=float, default=2.0)
    p.add_argument("--capacity-seconds", type=float, default=5.0,
                   help="length of the back-to-back throughput runs [%(default)s]")
    p.add_argument("--review-responses", type=int, default=100_000)
    p.add_argument("--review-samples", type=int, default=10)
    p.add_argument("--pg-url", default=None,
                   help="PostgreSQL admin URL (default $QUIZAPP_TEST_PG_URL or "
                        f"{servers.PG_DEFAULT})")
    p.add_argument("--output", type=Path, default=BENCH_DIR / "RESULTS.md")
    p.add_argument("--json", type=Path, default=None, help="also write the raw results here")
    p.add_argument("--max-seconds", type=float, default=1800.0,
                   help="give up on a configuration after this long [%(default)s]")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    args.dbs = [d.strip() for d in args.db.split(",") if d.strip()]
    unknown = set(args.dbs) - set(DB_LABELS)
    if unknown:
        p.error(f"unknown --db {', '.join(sorted(unknown))}")
    args.sizes = [int(n) for n in args.students.split(",") if n.strip()]
    return args


async def run_one(kind: str, n: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    began, load_before = time.perf_counter(), os.getloadavg()[0]
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    dbs = servers.Databases(kind, args.pg_url)
    secret = secrets.token_hex(32)
    started: list[servers.Server] = []
    crowds: list[Crowd] = []
    try:
        print(f"[{kind} N={n}] set-up: course, seminars, "
              f"{args.review_responses:,} stored responses", flush=True)
        world = seed.build(dbs.app_url, secret, args.review_responses, args.seed)
        key = seed.first_check_key(dbs.app_url, secret, world.reading_slug)
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
        rows: list[Recorder] = []
        # Each comparison interleaves ours with its baseline (bursts before and after,
        # capacity runs in alternating rounds): other load on the machine then weighs on
        # both alike.
        print(f"[{kind} N={n}] join storm and answer burst", flush=True)
        hello_one = await scenarios.hello_sequential(bare, 200)
        students = scenarios.crowd_of(ours, n)
        joined = await scenarios.join(ours, students, world.burst_code, "join storm")
        inserts = await scenarios.insert_burst(bare, n)
        page, answer = await scenarios.answer_burst(ours, students, world.burst_code,
                                                    world.reading_slug, rng)
        await scenarios.insert_burst(bare, n, inserts)
        accepted = len(answer.latencies)
        stored = seed.count_answers(dbs.app_url, secret, world.burst_code, key)

        print(f"[{kind} N={n}] live polling", flush=True)
        instructor = scenarios.Instructor(ours)
        await instructor.login()
        hello = Recorder(scenarios.HELLO_CONCURRENT)
        live_rows: list[Recorder] = []
        if await instructor.next_live_question(world.live_code):
            await scenarios.join(ours, students, world.live_code, "live")  # set-up
            poll: Recorder | None = None
            for _round in range(CAPACITY_ROUNDS):
                await scenarios.hello_capacity(bare, args.capacity_seconds / CAPACITY_ROUNDS,
                                               CAPACITY_LIMIT, hello)
                poll = await scenarios.poll_capacity(
                    ours, students, world.live_code, args.capacity_seconds / CAPACITY_ROUNDS,
                    CAPACITY_LIMIT, poll)
            assert poll is not None
            hello_polls = await scenarios.hello_polling(bare, n, args.poll_seconds,
                                                        args.poll_interval, rng)
            live_rows = [poll, hello_polls, await scenarios.live_polling(
                ours, students, world.live_code, args.poll_seconds, args.poll_interval,
                instructor, rng)]
        else:
            await scenarios.hello_capacity(bare, args.capacity_seconds, CAPACITY_LIMIT, hello)
            live_rows = [Recorder("live state poll, 304 (concurrent)",
                                  scenarios.HELLO_CONCURRENT,
                                  note="live mode not built yet (404)")]
        rows += [hello, hello_one, inserts, *joined, page, answer, *live_rows]

        print(f"[{kind} N={n}] instructor review", flush=True)
        rows += await scenarios.review_pages(ours, instructor, world.review_code,
                                             args.review_samples, world.review_responses)
        # Twice: the first export also fills the database page cache (memory that stays);
        # the second shows what streaming 100,000 rows costs in steady state.
        cold = await scenarios.csv_export(ours, instructor, world.review_code,
                                          "review seminar", app.workers, servers)
        cold.name = "CSV export, first time (review seminar)"
        rows.append(cold)
        rows.append(await scenarios.csv_export(ours, instructor, world.review_code,
                                               "review seminar", app.workers, servers))
        rows.append(await scenarios.csv_export(ours, instructor, world.burst_code,
                                               "answer-burst seminar", app.workers, servers))
        access_lines = app.access_lines()
    finally:
        for crowd in crowds:
            await crowd.close()
        for server in started:
            server.stop()
        dbs.close()
    return {"db": kind, "db_label": DB_LABELS[kind], "students": n, "workers": args.workers,
            "threads": threads, "connections": args.connections,
            "review_responses": world.review_responses,
            "review_students": world.review_students,
            "answers": {"accepted": accepted, "stored": stored, "expected": n},
            "access_log_lines": access_lines, "seconds": time.perf_counter() - began,
            "load": (load_before, os.getloadavg()[0]),
            "rows": [r.summary() for r in rows]}


def _stop_on_term(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt  # asyncio cancels the run: servers stopped, databases dropped


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_term)
    work = BENCH_DIR / ".work" / datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    work.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = "python -m bench " + shlex.join(argv if argv is not None else sys.argv[1:])
    results = []
    for kind in args.dbs:
        for n in args.sizes:
            result = asyncio.run(asyncio.wait_for(run_one(kind, n, args, work / f"{kind}-{n}"),
                                                  args.max_seconds))
            results.append(result)
            report.print_results([result])
    report.write_results(args.output, results, started, command.strip())
    if args.json:
        import json

        args.json.write_text(json.dumps(results, indent=1))
    print(f"Written to {args.output} (server logs in {work})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
