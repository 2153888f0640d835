"""Restoring a session archive (see archive.py) into this installation, in one transaction.

Content is matched by stable keys: readings by slug, questions by key, revisions by content
fingerprint. What this installation lacks is recreated: a missing reading comes back hidden
from new sessions (retired); a missing question of a reading that *is* here comes back retired,
so it does not appear in that reading's live sessions. Participants get new personal codes
(the archive never carries them). The caller commits, or rolls back on ArchiveError.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select

from ....extensions import db
from ....models import (
    Course,
    Instructor,
    Note,
    Participant,
    Question,
    QuestionRevision,
    Reading,
    Response,
    ResponseRevision,
    Seminar,
    SeminarReading,
    SeminarShare,
    SummaryRead,
)
from ...classroom.codes import JOIN_CODE_LENGTH, RESUME_CODE_LENGTH, normalize_code
from ...classroom.codes import new_code as make_code
from ...classroom.participants import name_key
from . import feedback as feedback_part
from .check import ArchiveError, validate
from .room import restore_room
from .writer import parse_stamp as ts

BATCH = 1000


@dataclass
class ImportReport:
    code: str = ""
    title: str = ""
    owner: str = ""
    participants: int = 0
    responses: int = 0
    notes: int = 0
    messages: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"Restored session {self.title!r} (code {self.code}) for {self.owner}: "
                f"{self.participants} participant(s), {self.responses} response(s), "
                f"{self.notes} note(s)")


def _instructor(username: str) -> Instructor | None:
    return db.session.scalar(select(Instructor).where(Instructor.username == username))


def _course(data: dict[str, Any], report: ImportReport) -> Course:
    """The session's course here: the one with the archive's course slug, else the first."""
    slug = data["session"].get("course")
    course = db.session.scalar(select(Course).where(Course.slug == slug)) if slug else None
    if course is None:
        course = db.session.scalar(select(Course).order_by(Course.id).limit(1))
        if course is None:
            raise ArchiveError("there is no course here to restore the session into: load "
                               "questions/ first")
        if slug:
            report.messages.append(f"there is no course {slug!r} here: the session joins "
                                   f"the course {course.slug!r}")
    return course


def _readings(data: dict[str, Any], course: Course, report: ImportReport
              ) -> dict[str, tuple[Reading, bool]]:
    """slug -> (reading of ``course``, created by this import)."""
    wanted = {r["slug"] for r in data["readings"]} | {q["reading"] for q in data["questions"]}
    found = {r.slug: (r, False) for r in db.session.scalars(
        select(Reading).where(Reading.course_id == course.id, Reading.slug.in_(sorted(wanted))))}
    archived = {r["slug"]: r for r in data["readings"]}
    position = (db.session.scalar(select(func.max(Reading.position))
                                  .where(Reading.course_id == course.id)) or 0) + 1
    for slug in sorted(wanted - set(found)):
        if slug not in archived:
            raise ArchiveError(f"reading {slug!r} is neither in the archive nor here")
        r = archived[slug]
        reading = Reading(course_id=course.id, slug=slug, title=r["title"],
                          original_title=r["original_title"],
                          publication=r["publication"], author=r["author"],
                          date_text=r["date_text"], description=r["description"],
                          body=r["body"], content_hash=r["content_hash"], position=position,
                          retired=True)
        position += 1
        db.session.add(reading)
        found[slug] = (reading, True)
        report.messages.append(f"reading {slug!r} is not in this installation's content: "
                               "restored for this session only (not offered to new sessions)")
    db.session.flush()
    return found


def _questions(data: dict[str, Any], course: Course, readings: dict[str, tuple[Reading, bool]],
               report: ImportReport) -> dict[tuple[str, int], QuestionRevision]:
    """(question key, archived revision number) -> the revision here (keys name questions
    within the course)."""
    keys = [q["key"] for q in data["questions"]]
    here = {q.key: q for q in db.session.scalars(
        select(Question).join(Reading, Reading.id == Question.reading_id)
        .where(Reading.course_id == course.id, Question.key.in_(keys)))}
    by_hash: dict[int, dict[str, QuestionRevision]] = {}
    top: dict[int, int] = {}
    if here:
        for rev in db.session.scalars(select(QuestionRevision).where(
                QuestionRevision.question_id.in_([q.id for q in here.values()]))):
            by_hash.setdefault(rev.question_id, {}).setdefault(rev.content_hash, rev)
            top[rev.question_id] = max(top.get(rev.question_id, 0), rev.number)
    out: dict[tuple[str, int], QuestionRevision] = {}
    for q in data["questions"]:
        reading, new_reading = readings[q["reading"]]
        question = here.get(q["key"])
        if question is None:
            question = Question(key=q["key"], reading=reading, kind=q["kind"],
                                position=q["position"],
                                retired=q.get("retired", False) if new_reading else True)
            db.session.add(question)
            db.session.flush()
            if not new_reading:
                report.messages.append(f"question {q['key']!r} is not in this installation's "
                                       "content: its answers are restored, but it is retired")
            for v in q["revisions"]:
                rev = QuestionRevision(question_id=question.id, number=v["number"],
                                       prompt=v["prompt"], data=v["data"],
                                       content_hash=v["content_hash"])
                db.session.add(rev)
                out[(q["key"], v["number"])] = rev
            db.session.flush()
            if q.get("current") is not None:
                question.current_revision = out[(q["key"], q["current"])]
            continue
        if question.kind != q["kind"]:
            raise ArchiveError(f"question {q['key']!r} is {q['kind']} in the archive but "
                               f"{question.kind} here")
        known = by_hash.setdefault(question.id, {})
        for v in q["revisions"]:
            rev = known.get(v["content_hash"])
            if rev is None:  # a wording this installation never had: keep it, not current
                top[question.id] = top.get(question.id, 0) + 1
                rev = QuestionRevision(question_id=question.id, number=top[question.id],
                                       prompt=v["prompt"], data=v["data"],
                                       content_hash=v["content_hash"])
                db.session.add(rev)
                known[v["content_hash"]] = rev
            out[(q["key"], v["number"])] = rev
    db.session.flush()
    return out


def _seminar(data: dict[str, Any], owner: Instructor, new: bool, course: Course,
             readings: dict[str, tuple[Reading, bool]], report: ImportReport) -> Seminar:
    s = data["session"]
    code = normalize_code(s["code"])
    taken = db.session.scalar(select(Seminar.id).where(Seminar.code == code)) is not None
    if taken and not new:
        raise ArchiveError(f"a session with code {code} already exists here (imported "
                           "before?); use --new-code to restore it under a new code")
    if taken or not code:
        for _attempt in range(20):
            code = make_code(JOIN_CODE_LENGTH)
            if db.session.scalar(select(Seminar.id).where(Seminar.code == code)) is None:
                break
        report.messages.append(f"the session gets the new code {code}")
    seminar = Seminar(code=code, title=s["title"], owner_id=owner.id, pacing=s["pacing"],
                      course_id=course.id,
                      is_open=s["is_open"], created_at=ts(s["created_at"]),
                      closed_at=ts(s["closed_at"]), show_names=s.get("show_names", False),
                      projector_language=s.get("projector_language"),
                      projector_token=secrets.token_urlsafe(24))
    db.session.add(seminar)
    db.session.flush()
    for r in data["readings"]:
        db.session.add(SeminarReading(seminar_id=seminar.id,
                                      reading_id=readings[r["slug"]][0].id,
                                      position=r["position"]))
    for username in s.get("shared_with", []):
        colleague = _instructor(username)
        if colleague is None or colleague.id == owner.id:
            report.messages.append(f"not shared with {username!r}: no such instructor here")
            continue
        db.session.add(SeminarShare(seminar_id=seminar.id, instructor_id=colleague.id))
    db.session.flush()
    return seminar


def _bulk(model: Any, rows: list[dict[str, Any]], returning: bool = False) -> list[int]:
    """Batched INSERTs; with ``returning``, the new ids in the rows' order."""
    ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start:start + BATCH]
        if not chunk:
            continue
        if returning:
            ids += list(db.session.scalars(
                insert(model).returning(model.id, sort_by_parameter_order=True), chunk))
        else:
            db.session.execute(insert(model), chunk)
    return ids


def import_archive(data: dict[str, Any], owner: str | None = None,
                   new_code: bool = False) -> ImportReport:
    validate(data)
    feedback_part.check_part(data, {r["ref"] for r in data["responses"]})
    report = ImportReport()
    username = owner or data["session"]["owner"]
    instructor = _instructor(username)
    if instructor is None:
        raise ArchiveError(f"there is no instructor named {username!r} here; create one or "
                           "choose another owner with --owner")
    report.owner = instructor.username
    course = _course(data, report)
    readings = _readings(data, course, report)
    revisions = _questions(data, course, readings, report)
    seminar = _seminar(data, instructor, new_code, course, readings, report)
    report.code, report.title = seminar.code, seminar.title
    codes: set[str] = set()
    people = []
    for p in data["participants"]:
        code = make_code(RESUME_CODE_LENGTH)
        while code in codes:
            code = make_code(RESUME_CODE_LENGTH)
        codes.add(code)
        people.append({"seminar_id": seminar.id, "display_name": p["display_name"],
                       "name_key": name_key(p["display_name"]), "resume_code": code,
                       "joined_at": ts(p["joined_at"])})
    if len({p["name_key"] for p in people}) != len(people):
        raise ArchiveError("two participants have the same name; a session needs them distinct")
    pid = dict(zip([p["ref"] for p in data["participants"]], _bulk(Participant, people, True),
                   strict=True))
    reading_id = {slug: r.id for slug, (r, _new) in readings.items()}
    _bulk(SummaryRead, [{"participant_id": pid[r["participant"]],
                         "reading_id": reading_id[r["reading"]], "read_at": ts(r["read_at"])}
                        for r in data.get("summary_reads", []) if r["reading"] in reading_id])
    responses = data["responses"]
    rows = []
    for r in responses:
        rev = revisions[(r["question"], r["revision"])]
        rows.append({"seminar_id": seminar.id, "participant_id": pid[r["participant"]],
                     "question_id": rev.question_id, "revision_id": rev.id, "kind": r["kind"],
                     "round": r["round"], "answer": r["answer"], "correct": r["correct"],
                     "stance": r["stance"], "created_at": ts(r["created_at"]),
                     "updated_at": ts(r["updated_at"]),
                     "spotlighted": r.get("spotlighted", False),
                     "call_on": r.get("call_on", False)})
    rid = dict(zip([r["ref"] for r in responses], _bulk(Response, rows, True), strict=True))
    _bulk(ResponseRevision, [{"response_id": rid[r["ref"]], "number": v["number"],
                              "text": v["text"], "stance": v["stance"],
                              "created_at": ts(v["created_at"])}
                             for r in responses for v in r.get("revisions", [])])
    room_id = restore_room(data, seminar.id, pid, rid, reading_id, ts)
    question_id = {key: rev.question_id for (key, _n), rev in revisions.items()}
    authors: dict[str, Instructor] = {}
    note_rows = []
    for n in data.get("notes", []):
        if n["author"] not in authors:
            authors[n["author"]] = _instructor(n["author"]) or instructor
            if authors[n["author"]] is instructor and n["author"] != instructor.username:
                report.messages.append(f"notes by {n['author']!r} (no such instructor here) "
                                       f"are restored under {instructor.username}")
        note_rows.append({
            "seminar_id": seminar.id, "author_id": authors[n["author"]].id, "kind": n["kind"],
            "participant_id": pid[n["participant"]] if n["participant"] is not None else None,
            "question_id": question_id[n["question"]] if n["question"] is not None else None,
            "response_id": rid[n["response"]] if n["response"] is not None else None,
            "room_question_id": room_id[n["room_question"]]
            if n.get("room_question") is not None else None,
            "body": n["body"], "created_at": ts(n["created_at"]),
            "updated_at": ts(n["updated_at"])})
    _bulk(Note, note_rows)
    feedback_part.import_part(data, seminar, rid, instructor, ts)
    db.session.flush()
    report.participants, report.responses, report.notes = len(people), len(rows), len(note_rows)
    return report
