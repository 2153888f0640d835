"""The seminar-burst scenarios and their baselines, each driven over real HTTP."""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import aiohttp

from .client import Crowd, LoadError, Recorder, Reply, all_at_once, csrf_token, for_duration
from .seed import BENCH_INSTRUCTOR, BENCH_PASSWORD

INPUT_RE = re.compile(r"<input\b[^>]*>")
VALUE_RE = re.compile(r'\bvalue="([^"]*)"')
LATE_GRACE = 10.0  # s: polls still unsent this long after the polling window are given up
HELLO_CONCURRENT = "hello (concurrent)"
HELLO_SEQUENTIAL = "hello (one at a time)"
INSERT_CONCURRENT = "insert one row (concurrent)"


@dataclass
class Student:
    name: str
    browser: aiohttp.ClientSession
    token: str = ""
    choices: list[str] = field(default_factory=list)
    etag: str | None = None
    cookies: dict[str, str] | None = None  # for polls: taken from the browser once

    def cookie_header(self) -> str:
        if self.cookies is None:
            self.cookies = {c.key: c.value for c in self.browser.cookie_jar}
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def keep_cookies(self, reply: Reply) -> None:
        """What a browser does with a Set-Cookie on a poll's answer."""
        for header in reply.headers.getall("Set-Cookie", []):
            parsed = SimpleCookie()
            parsed.load(header)
            for key, morsel in parsed.items():
                assert self.cookies is not None
                self.cookies[key] = morsel.value


def crowd_of(crowd: Crowd, n: int, prefix: str = "Student") -> list[Student]:
    return [Student(f"{prefix} {i:05d}", crowd.browser()) for i in range(n)]


def _choices(html: str) -> list[str]:
    found = []
    for tag in INPUT_RE.findall(html):
        if 'name="choice"' in tag:
            value = VALUE_RE.search(tag)
            if value:
                found.append(value.group(1))
    return found


def _location_ends(suffix: str) -> Callable[[Reply], bool]:
    return lambda r: r.headers.get("location", "").split("#")[0].endswith(suffix)


# --- baselines ---------------------------------------------------------------------------------

async def hello_capacity(crowd: Crowd, seconds: float, limit: int,
                         rec: Recorder | None = None) -> Recorder:
    """Back-to-back hellos; pass ``rec`` to add another round to the same row."""
    rec = rec or Recorder(HELLO_CONCURRENT)
    browser = crowd.plain()  # the same client machinery as the polls it is compared with
    async with crowd.measure(rec):
        await for_duration(seconds, crowd.connections, limit,
                           lambda _w: crowd.send(rec, browser, "GET", "/hello", (200,)))
    return rec


async def hello_sequential(crowd: Crowd, n: int) -> Recorder:
    rec = Recorder(HELLO_SEQUENTIAL)
    browser = crowd.browser()
    async with crowd.measure(rec):
        for _ in range(n):
            await crowd.send(rec, browser, "GET", "/hello", (200,))
    return rec


async def insert_burst(crowd: Crowd, n: int, rec: Recorder | None = None) -> Recorder:
    rec = rec or Recorder(INSERT_CONCURRENT)
    browser = crowd.browser()
    async with crowd.measure(rec):
        await all_at_once([
            (lambda i=i: crowd.send(rec, browser, "POST", "/insert", (201,),
                                    data={"payload": f"row {i}"})) for i in range(n)])
    return rec


# --- students ----------------------------------------------------------------------------------

async def join(crowd: Crowd, students: list[Student], code: str, label: str
               ) -> tuple[Recorder, Recorder]:
    """Every student opens the join link at once; then (names typed) all submit at once."""
    page = Recorder(f"{label}: join page (GET)", HELLO_CONCURRENT)
    submit = Recorder(f"{label}: join (POST)", INSERT_CONCURRENT)

    async def load(s: Student) -> None:
        r = await crowd.send(page, s.browser, "GET", f"/join/{code}", (200,))
        s.token = csrf_token(r.text) if r is not None else ""

    async with crowd.measure(page):
        await all_at_once([lambda s=s: load(s) for s in students])
    async with crowd.measure(submit):
        await all_at_once([
            (lambda s=s: crowd.send(submit, s.browser, "POST", f"/join/{code}", (302,),
                                    check=_location_ends(f"/s/{code}/"),
                                    data={"csrf_token": s.token, "display_name": s.name}))
            for s in students if s.token])
    return page, submit


async def answer_burst(crowd: Crowd, students: list[Student], code: str, slug: str,
                       rng: random.Random) -> tuple[Recorder, Recorder]:
    """Every student has the first check question open, then all submit at once."""
    url = f"/s/{code}/r/{slug}/check/1"
    page = Recorder("answer burst: question page (GET)", HELLO_CONCURRENT)
    post = Recorder("answer burst: submit answer (POST)", INSERT_CONCURRENT)

    async def load(s: Student) -> None:
        r = await crowd.send(page, s.browser, "GET", url, (200,))
        if r is not None:
            s.token, s.choices = csrf_token(r.text), _choices(r.text)

    async with crowd.measure(page):
        await all_at_once([lambda s=s: load(s) for s in students])
    ready = [s for s in students if s.token and s.choices]
    picks = {s.name: rng.choice(s.choices) for s in ready}
    async with crowd.measure(post):
        await all_at_once([
            (lambda s=s: crowd.send(post, s.browser, "POST", url, (302,),
                                    check=_location_ends("/check/1"),
                                    data={"csrf_token": s.token, "choice": picks[s.name]}))
            for s in ready])
    return page, post


# --- the instructor ----------------------------------------------------------------------------

class Instructor:
    def __init__(self, crowd: Crowd) -> None:
        self.crowd = crowd
        self.browser = crowd.browser()
        self.setup = Recorder("instructor set-up")

    async def login(self) -> None:
        r = await self.crowd.send(self.setup, self.browser, "GET", "/instructor/login", (200,))
        if r is None:
            raise LoadError("the login page did not load")
        r = await self.crowd.send(self.setup, self.browser, "POST", "/instructor/login",
                                  (302,), data={"csrf_token": csrf_token(r.text),
                                                "username": BENCH_INSTRUCTOR,
                                                "password": BENCH_PASSWORD})
        if r is None:
            raise LoadError("the benchmark instructor could not log in")

    async def next_live_question(self, code: str) -> bool:
        """Press 'next question' on the live panel; False when live mode is not built."""
        r = await self.crowd.send(self.setup, self.browser, "GET",
                                  f"/instructor/sessions/{code}/live", (200, 404))
        if r is None or r.status == 404:
            return False
        r = await self.crowd.send(self.setup, self.browser, "POST",
                                  f"/instructor/sessions/{code}/live/next", (302, 303),
                                  data={"csrf_token": csrf_token(r.text)})
        return r is not None


# --- live polling ------------------------------------------------------------------------------

def _state_url(code: str) -> str:
    return f"/s/{code}/live/state"


async def _poll(crowd: Crowd, rec: Recorder, s: Student, code: str,
                since: float | None = None) -> Reply | None:
    headers = {"Cookie": s.cookie_header()}
    if s.etag:
        headers["If-None-Match"] = s.etag
    r = await crowd.send(rec, crowd.plain(), "GET", _state_url(code), (200, 304),
                         headers=headers, since=since)
    if r is not None:
        s.keep_cookies(r)
        if r.status == 200:
            s.etag = r.headers.get("ETag")
    return r


async def poll_capacity(crowd: Crowd, students: list[Student], code: str, seconds: float,
                        limit: int, rec: Recorder | None = None) -> Recorder:
    """Back-to-back polls with an up-to-date ETag (the common case: 304 Not Modified)."""
    if rec is None:
        rec = Recorder("live state poll, 304 (concurrent)", HELLO_CONCURRENT)
        await all_at_once([lambda s=s: _poll(crowd, Recorder("warm-up"), s, code)
                           for s in students])
    statuses: dict[int, int] = rec.extra.setdefault("statuses", {})

    async def one(worker: int) -> None:
        r = await _poll(crowd, rec, students[worker % len(students)], code)
        if r is not None:
            statuses[r.status] = statuses.get(r.status, 0) + 1

    async with crowd.measure(rec):
        await for_duration(seconds, crowd.connections, limit, one)
    rec.note = ", ".join(f"{n} x {code_}" for code_, n in sorted(statuses.items()))
    return rec


async def hello_polling(crowd: Crowd, n: int, seconds: float, interval: float,
                        rng: random.Random) -> Recorder:
    """The live-polling schedule (n clients, every ``interval`` s for ``seconds`` s) sent to
    the bare hello route: what this machine can do for that schedule at best."""
    rec = Recorder(f"hello polled every {interval:g} s by {n:,} clients for {seconds:g} s")
    browser = crowd.plain()  # as the live polls
    start = time.perf_counter() + 0.5
    give_up = start + seconds + LATE_GRACE

    async def loop() -> None:
        at = start + rng.random() * interval
        while at < start + seconds:
            if time.perf_counter() > give_up:
                rec.fail("not sent: server too far behind")
            else:
                await asyncio.sleep(max(0.0, at - time.perf_counter()))
                await crowd.send(rec, browser, "GET", "/hello", (200,), since=at)
            at += interval

    async with crowd.measure(rec):
        await asyncio.gather(*(loop() for _ in range(n)))
    return rec


async def live_polling(crowd: Crowd, students: list[Student], code: str, seconds: float,
                       interval: float, instructor: Instructor, rng: random.Random
                       ) -> Recorder:
    """Every student polls every ``interval`` s for ``seconds`` s; halfway through, the
    instructor opens the next question, so every screen fetches the new state once.
    Latency counts from each poll's scheduled moment."""
    rec = Recorder("live polling: every student every "
                   f"{interval:g} s for {seconds:g} s",
                   f"hello polled every {interval:g} s by {len(students):,} clients for "
                   f"{seconds:g} s")
    start = time.perf_counter() + 0.5
    full = 0

    give_up = start + seconds + LATE_GRACE

    async def student_loop(s: Student) -> None:
        nonlocal full
        at = start + rng.random() * interval
        while at < start + seconds:
            if time.perf_counter() > give_up:  # the server fell behind: bounded, and counted
                rec.fail("not sent: server too far behind")
            else:
                await asyncio.sleep(max(0.0, at - time.perf_counter()))
                r = await _poll(crowd, rec, s, code, since=at)
                full += r is not None and r.status == 200
            at += interval

    async def move_on() -> None:
        await asyncio.sleep(max(0.0, start + seconds / 2 - time.perf_counter()))
        await instructor.next_live_question(code)

    async with crowd.measure(rec):
        await asyncio.gather(move_on(), *(student_loop(s) for s in students))
    rec.note = f"{full} full answers (200), the rest 304; the question changed halfway"
    return rec


# --- the instructor's review -------------------------------------------------------------------

async def review_pages(crowd: Crowd, instructor: Instructor, code: str, samples: int,
                       responses: int) -> list[Recorder]:
    """The review page and the item analysis, one request at a time, as one instructor."""
    pages = [("review page", f"/instructor/sessions/{code}/"),
             ("item analysis", f"/instructor/sessions/{code}/analysis")]
    out = []
    for label, url in pages:
        rec = Recorder(f"{label} ({responses:,} responses)", HELLO_SEQUENTIAL)
        warm = await crowd.send(Recorder("warm-up"), instructor.browser, "GET", url,
                                (200, 404))
        if warm is not None and warm.status == 404:
            rec.note = "not built yet (404)"
            out.append(rec)
            continue
        async with crowd.measure(rec):
            for _ in range(samples):
                await crowd.send(rec, instructor.browser, "GET", url, (200,))
        out.append(rec)
    return out


async def csv_export(crowd: Crowd, instructor: Instructor, code: str, label: str,
                     worker_pids: Callable[[], list[int]], rss: Any) -> Recorder:
    """Stream the CSV export; note rows, bytes, time to first byte and the workers' peak
    anonymous memory growth while serving it (sampled every 10 ms)."""
    rec = Recorder(f"CSV export ({label})")
    pids = worker_pids()
    before = {pid: rss.anon_kb(pid) for pid in pids}
    peak = dict(before)
    rows = size = 0
    first_byte: float | None = None
    done = asyncio.Event()

    async def sample() -> None:  # anonymous memory: the SQLite file mapped in does not count
        while not done.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], rss.anon_kb(pid))
            await asyncio.sleep(0.01)

    sampler = asyncio.create_task(sample())
    async with crowd.gate:
        rec.begin()
        start = time.perf_counter()
        try:
            async with instructor.browser.get(f"/instructor/sessions/{code}/export.csv",
                                              allow_redirects=False) as r:
                if r.status != 200:
                    rec.fail(f"HTTP {r.status}")
                    return rec
                async for chunk in r.content.iter_chunked(1 << 16):
                    if first_byte is None:
                        first_byte = time.perf_counter() - start
                    size += len(chunk)
                    rows += chunk.count(b"\n")
        except (aiohttp.ClientError, TimeoutError) as exc:
            rec.fail(type(exc).__name__)
            return rec
        rec.ok(time.perf_counter() - start)
    done.set()
    await sampler
    growth = max((peak[pid] - before[pid]) / 1024 for pid in pids) if pids else 0.0
    rec.note = (f"{rows - 1:,} rows, {size / 1e6:.1f} MB, first byte after "
                f"{1000 * (first_byte or 0):.0f} ms, worker peak memory +{growth:.1f} MiB")
    rec.extra = {"rows": rows - 1, "bytes": size, "first_byte_ms": 1000 * (first_byte or 0),
                 "rss_growth_mib": growth}
    return rec

