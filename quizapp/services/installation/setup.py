"""First-run set-up: database, migrations, content and a first instructor. Idempotent."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import flask_migrate
from flask import current_app
from sqlalchemy import inspect, select

from ...content.checker import ID_RE
from ...content.loader import LoadReport, load_content
from ...content.schema import read_content
from ...content.specs import Problem
from ...extensions import db
from ...models import Course
from ..accounts.instructors import ensure_first_instructor


class ContentInvalid(RuntimeError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class InitResult:
    load: LoadReport | None
    first_instructor: tuple[str, str] | None


def upgrade_database() -> None:
    """Apply every migration (creates the SQLite file on first use)."""
    uri = current_app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:///:memory:"):
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    flask_migrate.upgrade(directory=str(Path(current_app.root_path) / "migrations"))


def load_questions(path: str | Path | None = None, overwrite: bool = False,
                   course: str | None = None) -> LoadReport:
    """Load a content folder (or one reading file) into the course called ``course``, made
    (with no owner, like the shipped one) if there is none; default: the first course."""
    folder = Path(path or current_app.config["QUIZAPP_QUESTIONS_DIR"])
    content = read_content(folder)
    if content.problems:
        raise ContentInvalid(content.problems)
    target = None
    if course:
        if not ID_RE.match(course):
            raise ContentInvalid([Problem(course, None, "--course: a course's short name "
                                          "uses only a-z, 0-9 and '-'")])
        target = db.session.scalar(select(Course).where(Course.slug == course))
        if target is None:
            title = content.course.title if content.course else course
            target = Course(slug=course, title=title, content_hash="",
                            data={"title": title, "misconceptions": []})
            db.session.add(target)
            db.session.flush()
    report = load_content(content, retire_missing=folder.is_dir(), overwrite=overwrite,
                          course=target)
    db.session.commit()
    return report


def database_ready() -> bool:
    return inspect(db.engine).has_table("alembic_version")


def initialize(load: bool = True) -> InitResult:
    upgrade_database()
    report = load_questions() if load else None
    first = ensure_first_instructor()
    db.session.commit()
    return InitResult(report, first)
