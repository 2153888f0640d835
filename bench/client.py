"""The load client: many simulated browsers over one bounded pool of loopback connections.

Each student is an aiohttp ClientSession with its own cookie jar, all sharing one connector
whose connection limit is the benchmark's concurrency. (aiohttp rather than httpx: on this
2-core machine the client shares the CPU with the servers, and httpx spent 2-10 ms of CPU per
request against aiohttp's 0.2-1 ms, so it would have measured itself.) Latency is timed from
the moment a request gets a connection slot to its last byte: the server's answer time under
that many requests in flight. How long the whole crowd took is the burst's wall time.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import statistics
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TIMEOUT = aiohttp.ClientTimeout(total=60)


class LoadError(RuntimeError):
    """The load client could not do what a browser would (missing token, wrong page)."""


def csrf_token(html: str) -> str:
    match = TOKEN_RE.search(html)
    if not match:
        raise LoadError("the page has no CSRF token")
    return match.group(1)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of unsorted values; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass
class Recorder:
    """Latencies and errors of one kind of request."""

    name: str
    baseline: str | None = None  # the baseline row this one is compared with
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    started: float | None = None
    finished: float | None = None
    active: float = 0.0  # seconds inside measured phases (a recorder may span several)
    cpu: float = 0.0  # server CPU seconds over those phases
    cpu_measured: bool = False
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def ok(self, seconds: float) -> None:
        self.latencies.append(seconds)
        self._stamp()

    def fail(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1
        self._stamp()

    def _stamp(self) -> None:
        self.finished = time.perf_counter()

    def begin(self) -> None:
        if self.started is None:
            self.started = time.perf_counter()

    @property
    def count(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def wall(self) -> float:
        if self.active:
            return self.active
        if self.started is None or self.finished is None:
            return 0.0
        return self.finished - self.started

    @property
    def rps(self) -> float:
        return self.count / self.wall if self.wall > 0 else 0.0

    def summary(self) -> dict[str, Any]:
        ms = [1000 * x for x in self.latencies]
        return {"name": self.name, "baseline": self.baseline, "requests": self.count,
                "rps": round(self.rps, 1), "wall_s": round(self.wall, 2),
                "p50_ms": round(percentile(ms, 50), 1), "p95_ms": round(percentile(ms, 95), 1),
                "p99_ms": round(percentile(ms, 99), 1),
                "median_ms": round(statistics.median(ms), 1) if ms else 0.0,
                "errors": self.errors, "error_kinds": dict(self.error_kinds), "note": self.note,
                **self.extra}


@dataclass
class Reply:
    """What the scenarios need from a response (the body already read)."""

    status: int
    headers: Any  # a case-insensitive multidict
    text: str


class Crowd:
    """The shared connection pool and the concurrency gate in front of it."""

    def __init__(self, base_url: str, connections: int,
                 server_cpu: Callable[[], float] | None = None) -> None:
        self.base_url = base_url
        self.server_cpu = server_cpu
        self.connections = connections
        # Idle connections are dropped before gunicorn's keep-alive (2 s, gthread workers)
        # drops them: reusing one the server is closing fails the request ("server
        # disconnected") before the server ever sees it.
        self.connector = aiohttp.TCPConnector(limit=connections, limit_per_host=connections,
                                              keepalive_timeout=1.0)
        self.gate = asyncio.Semaphore(connections)
        self.browsers: list[aiohttp.ClientSession] = []
        self._plain: aiohttp.ClientSession | None = None

    def plain(self) -> aiohttp.ClientSession:
        """One cookie-less session for requests that carry their cookies as a header: the
        live polls. aiohttp's cookie jar (domain and path matching on every request) cost
        the client more CPU than the server's whole 304, so at 1,000 polls/s the one-process
        client, not the server, was the limit."""
        if self._plain is None:
            self._plain = aiohttp.ClientSession(
                base_url=self.base_url, connector=self.connector, connector_owner=False,
                cookie_jar=aiohttp.DummyCookieJar(), timeout=TIMEOUT)
            self.browsers.append(self._plain)
        return self._plain

    def browser(self) -> aiohttp.ClientSession:
        """A new browser: its own cookies, the crowd's connections."""
        session = aiohttp.ClientSession(
            base_url=self.base_url, connector=self.connector, connector_owner=False,
            # unsafe: accept cookies from an IP address host (127.0.0.1), as browsers do.
            cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=TIMEOUT)
        self.browsers.append(session)
        return session

    @contextlib.asynccontextmanager
    async def measure(self, recorder: Recorder) -> AsyncIterator[None]:
        """One phase of a recorder: adds its duration, and the server's CPU time (the
        workers' user + system time, less moved than req/s by other load on the machine)."""
        before = self.server_cpu() if self.server_cpu else None
        start = time.perf_counter()
        yield
        recorder.active += time.perf_counter() - start
        if before is not None and self.server_cpu:
            recorder.cpu += self.server_cpu() - before
            recorder.cpu_measured = True
        if recorder.cpu_measured and recorder.count:
            recorder.extra["cpu_ms"] = round(1000 * recorder.cpu / recorder.count, 2)

    async def close(self) -> None:
        for session in self.browsers:
            await session.close()
        await self.connector.close()

    async def send(self, recorder: Recorder, browser: aiohttp.ClientSession, method: str,
                   url: str, expect: tuple[int, ...], *,
                   check: Callable[[Reply], bool] | None = None,
                   since: float | None = None, **kwargs: Any) -> Reply | None:
        """One timed request; an error unless the status is in ``expect`` (and ``check``
        passes). ``since``: time from this moment instead (a scheduled send that had to wait
        for a connection slot counts the wait)."""
        async with self.gate:
            recorder.begin()
            start = time.perf_counter() if since is None else since
            try:
                async with browser.request(method, url, allow_redirects=False,
                                           **kwargs) as response:
                    reply = Reply(response.status, response.headers,
                                  (await response.read()).decode("utf-8", "replace"))
            except (aiohttp.ClientError, TimeoutError) as exc:
                recorder.fail(type(exc).__name__)
                return None
            elapsed = time.perf_counter() - start
        if reply.status not in expect:
            recorder.fail(f"HTTP {reply.status}")
            return None
        if check is not None and not check(reply):
            recorder.fail("unexpected page")
            return None
        recorder.ok(elapsed)
        return reply


async def all_at_once(jobs: list[Callable[[], Awaitable[Any]]]) -> list[Any]:
    """Start every job together; the crowd's gate bounds how many are in flight."""
    return await asyncio.gather(*(job() for job in jobs))


async def for_duration(seconds: float, workers: int, max_requests: int,
                       one: Callable[[int], Awaitable[Any]]) -> None:
    """``workers`` loops sending back to back for ``seconds`` (at most ``max_requests``)."""
    deadline = time.perf_counter() + seconds
    sent = 0

    async def loop(worker: int) -> None:
        nonlocal sent
        while time.perf_counter() < deadline and sent < max_requests:
            sent += 1
            await one(worker)

    await asyncio.gather(*(loop(w) for w in range(workers)))
