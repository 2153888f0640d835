"""Helpers for the browser tests: a real server process, device profiles, axe, screenshots.

Kept out of conftest.py so test modules can import the plain functions.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SHOTS = ROOT / "artifacts" / "screenshots"
QUESTIONS = ROOT / "questions"
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("QUIZAPP_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
TEACHER = "teacher"
PASSWORD = "correct horse battery staple"
SECRET_KEY = "browser-test-secret-key"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

# Device profiles. Phones and tablets report touch and honour <meta name="viewport">.
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True,
                         "has_touch": True, "device_scale_factor": 2}
TABLET: dict[str, Any] = {"viewport": {"width": 820, "height": 1180}, "is_mobile": True,
                          "has_touch": True}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
MAX_SHOT_HEIGHT = 3200  # CSS px: enough to judge a long page, quick to take
SIZES = {"phone": PHONE["viewport"], "desktop": DESKTOP["viewport"]}


def _cli_argv(*args: str) -> list[str]:
    return [sys.executable, "-c", "from quizapp.cli import main; main()", *args]


def _env(db_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    env.update({
        "QUIZAPP_DATABASE_URL": f"sqlite:///{db_path}",
        "QUIZAPP_SECRET_KEY": SECRET_KEY,
        "QUIZAPP_QUESTIONS_DIR": str(QUESTIONS),
        "PYTHONUNBUFFERED": "1",
    })
    return env


def make_course_db(folder: Path) -> Path:
    """A database with the course loaded and the instructor `teacher`, made by the real CLI."""
    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / "quizapp.sqlite"
    done = subprocess.run(_cli_argv("create-instructor", TEACHER, "--password-stdin"),
                          input=PASSWORD + "\n", env=_env(db_path), cwd=folder,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return db_path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """The app in its own process, serving a fresh SQLite database on a loopback port."""

    instance: Path
    db_path: Path
    port: int = 0
    proc: subprocess.Popen | None = None
    log: Path = field(init=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        self.port = free_port()
        self.log = self.instance / "server.log"
        if (ROOT / "quizapp" / "serving.py").exists():
            # As in production: gunicorn, two workers, threads for the live pages' requests.
            argv = _cli_argv("serve", "--bind", f"127.0.0.1:{self.port}", "--workers", "2",
                             "--threads", "8")
        else:
            argv = _cli_argv("run", "--host", "127.0.0.1", "--port", str(self.port))
        with self.log.open("w") as out:
            self.proc = subprocess.Popen(argv, env=_env(self.db_path), cwd=self.instance,
                                         stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as reply:  # noqa: S310
                    if reply.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not answer /healthz:\n{self.log.read_text()}")

    def stop(self, wait: bool = True) -> None:
        """Ask the server to stop; `wait=False` lets it wind down while the tests go on."""
        if self.proc is not None and self.proc.poll() is None:
            # SIGINT: gunicorn's quick shutdown (SIGTERM would wait for open requests).
            self.proc.send_signal(signal.SIGINT)
        if wait:
            self.wait()

    def wait(self) -> None:
        if self.proc is None:
            return
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)

    def cli(self, *args: str, stdin: str | None = None) -> str:
        """Run a `quizapp` command against this server's database; returns its output."""
        done = subprocess.run(_cli_argv(*args), input=stdin, env=_env(self.db_path),
                              cwd=self.instance, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def create_session(self, title: str, reading: str, pacing: str = "self") -> str:
        """A session made through the instructor's forms over HTTP (quicker than the CLI,
        which loads the whole course first); returns its join code."""
        with httpx.Client(base_url=self.url, timeout=30) as client:
            for path, data in (("/instructor/login",
                                {"username": TEACHER, "password": PASSWORD}),
                               ("/instructor/sessions/new",
                                {"title": title, "readings": [reading], "pacing": pacing})):
                token = CSRF_RE.search(client.get(path).text)
                assert token, f"no CSRF token on {path}"
                reply = client.post(path, data={**data, "csrf_token": token.group(1)})
                assert reply.status_code == 302, f"{path}: {reply.status_code}\n{reply.text}"
        return reply.headers["location"].rstrip("/").rsplit("/", 1)[-1]


def start_server(instance: Path, template_db: Path) -> Server:
    instance.mkdir(parents=True, exist_ok=True)
    db_path = instance / "quizapp.sqlite"
    shutil.copyfile(template_db, db_path)
    return Server(instance=instance, db_path=db_path).start()


# --- content the tests need to know (to pick right and wrong answers on purpose) ---

def reading_content(slug: str) -> dict[str, Any]:
    return yaml.safe_load((QUESTIONS / f"{slug}.yaml").read_text(encoding="utf-8"))


def correct_ids(question: dict[str, Any]) -> list[str]:
    return [c["id"] for c in question["choices"] if c.get("correct")]


def wrong_id(question: dict[str, Any]) -> str:
    return next(c["id"] for c in question["choices"] if not c.get("correct"))


# --- page helpers ---

def create_session_ui(teacher: Any, server: Server, title: str, reading_title: str,
                      pacing: str = "self") -> str:
    """The logged-in instructor fills in the new-session form; returns the join code."""
    teacher.goto(server.url + "/instructor/sessions/new")
    teacher.get_by_label("Title").fill(title)
    for box in teacher.locator("input[name=readings]").all():
        box.set_checked(False)
    teacher.get_by_label(reading_title).check()
    teacher.locator(f"input[name=pacing][value={pacing}]").check()
    teacher.get_by_role("button", name="Create session").click()
    teacher.wait_for_url("**/instructor/sessions/*/")
    return teacher.url.rstrip("/").rsplit("/", 1)[-1]


def login(page: Any, server: Server, username: str = TEACHER, password: str = PASSWORD) -> None:
    page.goto(server.url + "/instructor/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/instructor/")


def join(page: Any, server: Server, code: str, name: str) -> None:
    page.goto(f"{server.url}/join/{code}")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join the session").click()
    page.wait_for_url(f"**/s/{code}/")


def shoot(page: Any, name: str, *, sizes: tuple[str, ...] = ("phone", "desktop"),
          dark: bool = False) -> list[Path]:
    """Full-page screenshots at phone and desktop sizes, for a reviewer to look at."""
    if os.environ.get("QUIZAPP_NO_SCREENSHOTS"):
        return []
    SHOTS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    if dark:
        page.emulate_media(color_scheme="dark")
    paths = []
    try:
        for size in sizes:
            page.set_viewport_size(SIZES[size])
            path = SHOTS / f"{name}-{size}{'-dark' if dark else ''}.png"
            height = min(MAX_SHOT_HEIGHT, int(page.evaluate(
                "() => document.scrollingElement.scrollHeight")))
            page.screenshot(path=str(path), full_page=True, scale="css", animations="disabled",
                            clip={"x": 0, "y": 0, "width": SIZES[size]["width"],
                                  "height": height})
            paths.append(path)
    finally:
        if before:
            page.set_viewport_size(before)
        if dark:
            page.emulate_media(color_scheme="light")
    return paths


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the window (0 = no sideways scrolling).

    Measured against the viewport we set, not innerWidth: a mobile browser widens its
    layout viewport (innerWidth) to fit content that overflows.
    """
    return int(page.evaluate("() => document.scrollingElement.scrollWidth")) - \
        page.viewport_size["width"]


AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                         "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}


def axe_violations(page: Any, options: dict[str, Any] | None = None,
                   impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """Run axe-core (injected by the context's init script) and return bad violations."""
    # A click waits for the next page to start, not to load: on a busy machine axe once
    # audited a page whose stylesheet had not arrived (17 px links: target-size).
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.axe !== undefined", timeout=5000)
    result = page.evaluate("opts => axe.run(document, opts)", options or AXE_OPTIONS)
    return [v for v in result["violations"] if v.get("impact") in impacts]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:5]]
        summary = v["nodes"][0].get("failureSummary", "").replace("\n", " ") if v["nodes"] \
            else ""
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets} {summary[:300]}")
    return "\n".join(lines)


def axe_json(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, indent=1)[:4000]
