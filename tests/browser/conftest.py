"""Browser-test fixtures: Debian's Chromium driven by Playwright against a real server process.

Every module gets its own server (`quizapp run` on a free loopback port) on a fresh SQLite
database copied from one made at the start of the run by `quizapp create-instructor`.
Tests are skipped, with the reason, when Playwright or Chromium is missing; the axe-core
checks are skipped when npm cannot install axe-core into tests/browser/node_modules.
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import (
    AXE_JS,
    CHROMIUM,
    HERE,
    LAUNCH_ARGS,
    Server,
    make_course_db,
    start_server,
)

BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("browser tests skipped: Playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM} "
                    "(apt-get install chromium, or set QUIZAPP_CHROMIUM)")
    with sync_playwright() as p:
        try:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        except Error as exc:
            pytest.skip(f"browser tests skipped: Chromium did not start ({exc.message[:200]})")
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def course_db(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course loaded and the instructor created once; each server copies the file."""
    return make_course_db(tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="session")
def _stopping() -> Iterator[list[Server]]:
    """Servers told to stop: gunicorn takes seconds to wind down, so wait once, at the end."""
    servers: list[Server] = []
    yield servers
    for srv in servers:
        srv.wait()


@pytest.fixture(scope="module")
def server(course_db: Path, tmp_path_factory: pytest.TempPathFactory,
           _stopping: list[Server]) -> Iterator[Server]:
    srv = start_server(tmp_path_factory.mktemp("instance"), course_db)
    yield srv
    srv.stop(wait=False)
    _stopping.append(srv)


_axe: dict[str, str | None] = {}


def _install_axe() -> str | None:
    """Returns None when axe-core is ready, else why it is not. One process installs at a
    time (pytest -n 2: two workers would run npm in the same folder at once)."""
    with open(HERE / ".npm-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _install_axe_unlocked()


def _install_axe_unlocked() -> str | None:
    if AXE_JS.exists():
        return None
    npm = shutil.which("npm")
    if npm is None:
        return "npm is not installed"
    try:
        done = subprocess.run([npm, "install", "--prefix", str(HERE), "--no-audit", "--no-fund"],
                              capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        return "npm install timed out"
    if done.returncode != 0 or not AXE_JS.exists():
        return f"npm install failed: {(done.stderr or done.stdout)[-300:]}"
    return None


@pytest.fixture(scope="session")
def axe_source() -> str:
    if "reason" not in _axe:
        _axe["reason"] = _install_axe()
    if _axe["reason"]:
        pytest.skip(f"axe-core checks skipped: {_axe['reason']}")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def axe_optional() -> str | None:
    """axe-core's source when it can be had, else None (for tests that do more than audit)."""
    if "reason" not in _axe:
        _axe["reason"] = _install_axe()
    return None if _axe["reason"] else AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def new_context(browser: Any) -> Iterator[Callable[..., Any]]:
    """Make browser contexts (one per person/device); all are closed after the module.

    `axe=<source>` adds axe-core as an init script: it runs outside the page's CSP, so the
    app's policy stays as strict as in production.
    """
    made: list[Any] = []

    def make(profile: dict[str, Any], axe: str | None = None, **extra: Any) -> Any:
        context = browser.new_context(**profile, **extra)
        context.set_default_timeout(10_000)
        if axe:
            context.add_init_script(script=axe)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()
