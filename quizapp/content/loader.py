"""Loading validated content into the database, idempotently and without rewriting history."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select, update

from ..extensions import db
from ..models import Course, Question, QuestionRevision, Reading, Seminar
from .checker import COURSE_FILE
from .document import spec_document
from .history import BROWSER_SOURCES, latest_version, record_version
from .specs import ContentSet, CourseSpec, DiscussionSpec, McSpec, ReadingSpec, content_hash


@dataclass
class LoadReport:
    readings_added: int = 0
    readings_updated: int = 0
    questions_added: int = 0
    revisions_added: int = 0
    translations_updated: int = 0
    retired: list[str] = field(default_factory=list)
    # Readings edited in the browser whose file differs: left alone unless overwrite=True.
    conflicts: list[str] = field(default_factory=list)
    # Questions given a new revision (their live screens must be rebuilt everywhere).
    changed_questions: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.readings_added or self.readings_updated or self.questions_added
                    or self.revisions_added or self.translations_updated or self.retired)

    def __str__(self) -> str:
        conflicts = "".join(
            f"\nconflict: {slug} was edited in the browser since it was last loaded from a "
            "file; not loaded (use --overwrite to replace the browser edit with the file)"
            if slug != COURSE_FILE else
            f"\nconflict: the course's title, vocabulary, timeline or perspectives were "
            f"edited in the browser and differ from {COURSE_FILE}; kept as edited (use "
            "--overwrite to replace them with the file)"
            for slug in self.conflicts)
        return self._summary() + conflicts

    def _summary(self) -> str:
        if not self.changed:
            return "content is up to date: nothing changed"
        parts = [f"{self.readings_added} reading(s) added",
                 f"{self.readings_updated} updated",
                 f"{self.questions_added} question(s) added",
                 f"{self.revisions_added} new revision(s)"]
        if self.translations_updated:
            parts.append(f"{self.translations_updated} question translation(s) updated")
        if self.retired:
            parts.append(f"retired: {', '.join(self.retired)}")
        return ", ".join(parts)


def _reading_fields(spec: ReadingSpec) -> dict:
    return {
        "title": spec.title, "original_title": spec.original_title,
        "publication": spec.publication, "author": spec.author, "date_text": spec.date,
        "description": spec.description, "body": spec.body(),
    }


def _with_translations(data: dict, translations: dict) -> dict:
    # A new dict, so that SQLAlchemy sees the JSON column change.
    out = {k: v for k, v in data.items() if k != "translations"}
    if translations:
        out["translations"] = translations
    return out


def _load_question(reading: Reading, spec: McSpec | DiscussionSpec, kind: str, position: int,
                   existing: dict[str, Question], report: LoadReport) -> None:
    question = existing.get(spec.id)
    if question is None:
        question = Question(key=spec.id, reading=reading, kind=kind, position=position)
        db.session.add(question)
        db.session.flush()
        report.questions_added += 1
    question.reading = reading
    question.kind = kind
    question.position = position
    question.retired = False
    fingerprint = content_hash(kind, spec.prompt, spec.revision_data())
    current = question.current_revision
    if current is not None and current.content_hash == fingerprint:
        # Same English question: a translation added or corrected is text over the same
        # choices, so it updates the revision in place instead of starting a new one.
        if (current.data.get("translations") or {}) != spec.translations:
            current.data = _with_translations(current.data, spec.translations)
            report.translations_updated += 1
        return
    # A new revision rather than an edit in place: earlier answers keep the wording they saw.
    number = (current.number + 1) if current is not None else 1
    revision = QuestionRevision(question=question, number=number, prompt=spec.prompt,
                                data=_with_translations(spec.revision_data(), spec.translations),
                                content_hash=fingerprint)
    db.session.add(revision)
    db.session.flush()
    question.current_revision = revision
    if current is not None:
        report.revisions_added += 1
        report.changed_questions.append(question.id)


def _browser_edited(reading: Reading, document: dict) -> bool:
    """True when the reading's latest save came from the browser and differs from ``document``
    (a file load must then not overwrite it silently)."""
    latest = latest_version(reading)
    # Retired in the browser counts too: a file load would bring the reading back.
    return (latest is not None and latest.source in BROWSER_SOURCES
            and (latest.document != document or reading.retired))


def course_slug(title: str) -> str:
    """A course's short name made from its title."""
    words = re.sub(r"['\u2019]", "", (title or "").lower())  # "Argentina's": argentinas
    return re.sub(r"[^a-z0-9]+", "-", words).strip("-")[:60] or "course"


def course_data(spec: CourseSpec) -> dict:
    """What a course row keeps of a course file (without line numbers)."""
    data = {"title": spec.title, "description": spec.description,
            "misconceptions": spec.misconceptions,
            "timeline": [{k: v for k, v in e.items() if k != "line"} for e in spec.timeline],
            "perspectives": [{**p, "views": [{k: v for k, v in view.items() if k != "line"}
                                             for view in p["views"]]}
                             for p in spec.perspectives]}
    if spec.translations:
        data["translations"] = spec.translations
    return data


def _target_course(content: ContentSet, course: Course | None, overwrite: bool,
                   report: LoadReport) -> Course:
    """The course to load into, its fields updated from the course file if there is one,
    unless they were edited in the browser since (a conflict, as for readings)."""
    if course is None:
        course = db.session.scalar(select(Course).order_by(Course.id).limit(1))
    spec = content.course
    if course is None:
        title = spec.title if spec is not None else "Course"
        data = course_data(spec) if spec is not None else {
            "title": title, "description": "", "misconceptions": [], "timeline": [],
            "perspectives": []}
        course = Course(slug=course_slug(title), title=title, data=data,
                        content_hash=content_hash(data))
        db.session.add(course)
        db.session.flush()
        return course
    if spec is not None:
        data = course_data(spec)
        fingerprint = content_hash(data)
        if course.content_hash != fingerprint:
            if course.edited_in_browser and not overwrite:
                report.conflicts.append(COURSE_FILE)
                return course
            course.title, course.data, course.content_hash = spec.title, data, fingerprint
        course.edited_in_browser = False
    return course


def load_content(content: ContentSet, *, retire_missing: bool = True, overwrite: bool = False,
                 source: str = "file", author_id: int | None = None,
                 keep_positions: bool = False, record: bool = True,
                 course: Course | None = None) -> LoadReport:
    """Upsert readings, questions and the course file's fields into ``course`` (default: the
    first course, made when there is none); the caller commits.

    Each loaded reading that changed is recorded in its history (``source``, ``author_id``);
    a reading last edited in the browser is skipped and listed in ``report.conflicts``
    unless ``overwrite``. ``keep_positions`` (one reading saved from the editor) leaves the
    order of existing readings and their retired flag alone."""
    report = LoadReport()
    course = _target_course(content, course, overwrite, report)
    readings = {r.slug: r for r in db.session.scalars(
        select(Reading).where(Reading.course_id == course.id))}
    # Keys name questions within a course: the same file may be loaded into two courses.
    questions = {q.key: q for q in db.session.scalars(
        select(Question).join(Reading, Reading.id == Question.reading_id)
        .where(Reading.course_id == course.id))}
    seen_keys: set[str] = set()
    loaded: set[str] = set()
    last = db.session.scalar(select(func.max(Reading.position))
                             .where(Reading.course_id == course.id)) or 0
    for position, spec in enumerate(content.readings):
        fields = _reading_fields(spec)
        fingerprint = content_hash(fields)
        reading = readings.get(spec.slug)
        document = spec_document(spec) if record else {}
        if reading is not None and record and not overwrite \
                and _browser_edited(reading, document):
            report.conflicts.append(spec.slug)
            continue
        loaded.add(spec.slug)
        if keep_positions:
            position = reading.position if reading is not None else last + 1
        if reading is None:
            reading = Reading(course_id=course.id, slug=spec.slug, position=position,
                              content_hash=fingerprint, **fields)
            db.session.add(reading)
            db.session.flush()
            report.readings_added += 1
        elif reading.content_hash != fingerprint or reading.position != position \
                or (reading.retired and not keep_positions) or reading.draft:
            for key, value in fields.items():
                setattr(reading, key, value)
            reading.content_hash, reading.position = fingerprint, position
            # A file brings a retired reading back; a save in the editor leaves retiring to
            # the editor's own button.
            reading.retired = reading.retired and keep_positions
            reading.draft = False
            report.readings_updated += 1
        for pos, mc in enumerate(spec.questions):
            _load_question(reading, mc, "mc", pos, questions, report)
            seen_keys.add(mc.id)
        for pos, disc in enumerate(spec.discussion, start=len(spec.questions)):
            _load_question(reading, disc, "discussion", pos, questions, report)
            seen_keys.add(disc.id)
        if record:
            latest = latest_version(reading)
            if latest is None or latest.document != document or latest.draft:
                record_version(reading, document, source, author_id=author_id)
    if retire_missing:
        for key, question in questions.items():
            if key not in seen_keys and not question.retired and \
                    question.reading.slug in loaded:
                question.retired = True
                report.retired.append(key)
                report.changed_questions.append(question.id)
    if report.changed_questions:
        # Live screens are cached per process by live_version: a new wording must change it,
        # so every server rebuilds what students see at their next poll.
        db.session.execute(update(Seminar).where(
            Seminar.live_question_id.in_(report.changed_questions))
            .values(live_version=Seminar.live_version + 1))
    db.session.flush()
    return report
