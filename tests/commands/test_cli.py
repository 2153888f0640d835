"""The `quizapp` command as a user runs it: a real process on a fresh installation."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

QUIZAPP = [sys.executable, "-m", "quizapp.cli"]


def run(args: list[str], env: dict[str, str], input_text: str | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*QUIZAPP, *args], env=env, input=input_text, text=True,
                          capture_output=True, timeout=120, check=False)


@pytest.fixture
def empty_env(backend, tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QUIZAPP_SECRET_KEY"] = "cli-test-key"
    if backend.name == "sqlite":
        env["QUIZAPP_DATABASE_URL"] = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
        yield env
    else:
        from dbkit import _pg_exec

        name = f"qa_cli_{tmp_path.name[-20:].replace('-', '_').lower()}"
        _pg_exec(f'DROP DATABASE IF EXISTS "{name}"')
        _pg_exec(f'CREATE DATABASE "{name}"')
        env["QUIZAPP_DATABASE_URL"] = backend._pg_url(name)
        yield env
        _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_init_is_idempotent_and_prints_first_password_once(empty_env):
    first = run(["init"], empty_env)
    assert first.returncode == 0, first.stderr
    assert "username: instructor" in first.stdout and "password: " in first.stdout
    assert "5 reading(s) added" in first.stdout
    again = run(["init"], empty_env)
    assert again.returncode == 0, again.stderr
    assert "password" not in again.stdout and "added" not in again.stdout


def test_create_instructor_and_session_on_a_fresh_installation(empty_env):
    made = run(["create-instructor", "prof", "--password-stdin"], empty_env,
               "a long enough password\n")
    assert made.returncode == 0, made.stderr
    short = run(["create-instructor", "prof2", "--password-stdin"], empty_env, "short\n")
    assert short.returncode != 0 and "at least" in short.stderr
    session = run(["create-session", "--title", "Week 1", "--reading", "milei-first-year",
                   "--reading", "new-alliances", "--owner", "prof"], empty_env)
    assert session.returncode == 0, session.stderr
    code = session.stdout.strip().splitlines()[-1]
    assert len(code) == 8 and code.isalnum() and code.isupper()
    every = run(["create-session", "--title", "All", "--owner", "prof"], empty_env)
    assert every.returncode == 0
    bad = run(["create-session", "--title", "X", "--reading", "nope", "--owner", "prof"],
              empty_env)
    assert bad.returncode != 0 and "unknown reading" in bad.stderr
    load = run(["load-questions"], empty_env)
    assert load.returncode == 0 and "nothing changed" in load.stdout


def test_check_questions_on_a_fresh_installation_needs_no_database(tmp_path):
    env = dict(os.environ)
    env["QUIZAPP_DATABASE_URL"] = f"sqlite:///{tmp_path / 'never-created.sqlite'}"
    result = run(["check-questions"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (tmp_path / "never-created.sqlite").exists()
