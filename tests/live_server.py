"""Real server processes for tests: `quizapp serve` (gunicorn) on a free loopback port.

Each server runs in its own process group, so `kill(SIGKILL)` takes down the master and its
workers at once, as a crash or an OOM kill would.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from quizapp.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[1]
SECRET = "test-live-server-secret"
TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def has_serve() -> bool:
    return any(command.name == "serve" for command in COMMANDS)


@dataclass
class Server:
    proc: subprocess.Popen
    url: str
    log: Path

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=20)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def launch(db_url: str, log: Path, *, port: int | None = None, workers: int = 2,
           env: dict[str, str] | None = None) -> Server:
    """Start a server on ``db_url``; call ``wait_ready`` before using it."""
    port = port or free_port()
    full_env = {**os.environ, "QUIZAPP_DATABASE_URL": db_url, "QUIZAPP_SECRET_KEY": SECRET,
                "FLASK_DEBUG": "", **(env or {})}
    launcher = [sys.executable, "-c", "from quizapp.cli import main; main()"]
    if has_serve():
        command = [*launcher, "serve", "--bind", f"127.0.0.1:{port}", "--workers",
                   str(workers), "--threads", "4"]
    else:  # before `quizapp serve` existed: the development server, threaded
        command = [*launcher, "run", "--port", str(port)]
    with log.open("a") as handle:
        proc = subprocess.Popen(command, cwd=ROOT, env=full_env, stdout=handle,
                                stderr=subprocess.STDOUT, start_new_session=True)
    return Server(proc, f"http://127.0.0.1:{port}", log)


def wait_ready(server: Server, timeout: float = 60) -> Server:
    """Wait until /healthz answers 200; raise with the server's output if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"server exited with {server.proc.returncode}:\n"
                               f"{server.output()}")
        try:
            if httpx.get(server.url + "/healthz", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"server did not answer within {timeout} s:\n{server.output()}")


def start(db_url: str, log: Path, **kwargs) -> Server:
    return wait_ready(launch(db_url, log, **kwargs))


def csrf_token(client: httpx.Client, path: str = "/") -> str:
    match = TOKEN_RE.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)
