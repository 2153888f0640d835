"""The feedback part of a session archive (issue 21): the rubrics its marks use, the
session's rubric, and every feedback on its answers (held and released).

In the archive: ``"rubrics": [{"ref", "title", "levels": [{"score", "label",
"descriptor"}]}]``, ``"session_rubric": ref or null`` and ``"feedback": [{"response": ref,
"revision_number", "author", "body", "rubric": ref or null, "level": position or null,
"created_at", "updated_at", "released_at"}]``. All three are optional: archives written
before feedback existed restore as they did.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ....extensions import db
from ....models import (
    Course,
    Feedback,
    Instructor,
    Rubric,
    RubricLevel,
    Seminar,
    SeminarRubric,
    utcnow,
)
from .check import ArchiveError


def _stamp(value: Any) -> str | None:
    return None if value is None else value.isoformat(timespec="microseconds") + "Z"


def export_part(seminar_id: int, response_ref: dict[int, int]) -> dict[str, Any]:
    chosen = db.session.scalar(select(SeminarRubric.rubric_id).where(
        SeminarRubric.seminar_id == seminar_id))
    items = list(db.session.scalars(select(Feedback).where(Feedback.seminar_id == seminar_id)
                                    .order_by(Feedback.id)))
    levels = {lv.id: lv for lv in db.session.scalars(select(RubricLevel).where(
        RubricLevel.id.in_([f.level_id for f in items if f.level_id is not None])))}
    rubric_ids = sorted({lv.rubric_id for lv in levels.values()} | ({chosen} - {None}))
    ref = {rid: i for i, rid in enumerate(rubric_ids, start=1)}
    rubrics = [db.session.get(Rubric, rid) for rid in rubric_ids]
    authors = {i.id: i.username for i in db.session.scalars(select(Instructor))}
    return {
        "rubrics": [{"ref": ref[r.id], "title": r.title, "levels": [
            {"score": lv.score, "label": lv.label, "descriptor": lv.descriptor}
            for lv in r.levels]} for r in rubrics if r is not None],
        "session_rubric": ref.get(chosen) if chosen else None,
        "feedback": [{
            "response": response_ref[f.response_id], "revision_number": f.revision_number,
            "author": authors.get(f.author_id, ""), "body": f.body,
            "rubric": ref[levels[f.level_id].rubric_id] if f.level_id else None,
            "level": levels[f.level_id].position if f.level_id else None,
            "created_at": _stamp(f.created_at), "updated_at": _stamp(f.updated_at),
            "released_at": _stamp(f.released_at)} for f in items
            if f.response_id in response_ref],
    }


def _fail(where: str, message: str) -> None:
    raise ArchiveError(f"{where}: {message}")


def check_part(data: dict[str, Any], response_refs: set[int]) -> None:
    rubrics = data.get("rubrics", [])
    if not isinstance(rubrics, list):
        _fail("archive", "'rubrics' must be a list")
    sizes: dict[int, int] = {}
    for i, r in enumerate(rubrics):
        where = f"rubrics[{i}]"
        if not isinstance(r, dict) or not isinstance(r.get("ref"), int) or \
                not isinstance(r.get("title"), str) or not isinstance(r.get("levels"), list):
            _fail(where, "needs 'ref' (a number), 'title' and 'levels'")
        for j, lv in enumerate(r["levels"]):
            if not isinstance(lv, dict) or not isinstance(lv.get("score"), int) or \
                    not isinstance(lv.get("label"), str) or \
                    not isinstance(lv.get("descriptor", ""), str):
                _fail(f"{where}.levels[{j}]", "needs 'score' (a number) and 'label'")
        sizes[r["ref"]] = len(r["levels"])
    chosen = data.get("session_rubric")
    if chosen is not None and chosen not in sizes:
        _fail("archive", "'session_rubric' names no rubric of the archive")
    items = data.get("feedback", [])
    if not isinstance(items, list):
        _fail("archive", "'feedback' must be a list")
    for i, f in enumerate(items):
        where = f"feedback[{i}]"
        if not isinstance(f, dict) or f.get("response") not in response_refs:
            _fail(where, "'response' names no response of the archive")
        if not isinstance(f.get("body", ""), str) or \
                not isinstance(f.get("revision_number", 1), int):
            _fail(where, "'body' must be text and 'revision_number' a number")
        level, rubric = f.get("level"), f.get("rubric")
        if level is not None and (rubric not in sizes or not isinstance(level, int)
                                  or not 0 <= level < sizes[rubric]):
            _fail(where, "'level' is not a level of its rubric")


def _rubric_here(r: dict[str, Any]) -> Rubric:
    """The same rubric (title and levels) if this installation has it, else a new one."""
    wanted = [(lv["score"], lv["label"], lv.get("descriptor", "")) for lv in r["levels"]]
    for rubric in db.session.scalars(select(Rubric).where(Rubric.title == r["title"])):
        if [(lv.score, lv.label, lv.descriptor) for lv in rubric.levels] == wanted:
            return rubric
    rubric = Rubric(course_id=db.session.scalar(select(Course.id).order_by(Course.id).limit(1)),
                    title=r["title"], levels=[
                        RubricLevel(position=i, score=s, label=label, descriptor=d)
                        for i, (s, label, d) in enumerate(wanted)])
    db.session.add(rubric)
    db.session.flush()
    return rubric


def import_part(data: dict[str, Any], seminar: Seminar, rid: dict[int, int],
                fallback: Instructor, parse_stamp: Any) -> int:
    """Restore rubrics, the session's rubric and feedback; returns how many feedback."""
    here = {r["ref"]: _rubric_here(r) for r in data.get("rubrics", [])}
    if data.get("session_rubric") is not None:
        db.session.add(SeminarRubric(seminar_id=seminar.id,
                                     rubric_id=here[data["session_rubric"]].id))
    authors: dict[str, int] = {}
    count = 0
    for f in data.get("feedback", []):
        name = f.get("author", "")
        if name not in authors:
            found = db.session.scalar(select(Instructor.id).where(Instructor.username == name))
            authors[name] = found or fallback.id
        level_id = None
        if f.get("level") is not None:
            level_id = here[f["rubric"]].levels[f["level"]].id
        released = parse_stamp(f.get("released_at"))
        db.session.add(Feedback(
            seminar_id=seminar.id, response_id=rid[f["response"]],
            revision_number=f.get("revision_number", 1), author_id=authors[name],
            body=f.get("body", ""), level_id=level_id,
            created_at=parse_stamp(f.get("created_at")) or utcnow(),
            updated_at=parse_stamp(f.get("updated_at")) or utcnow(), released_at=released,
            released_by_id=seminar.owner_id if released else None))
        count += 1
    db.session.flush()
    return count
