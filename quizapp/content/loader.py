"""Loading validated content into the database, idempotently and without rewriting history."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from ..extensions import db
from ..models import Course, Question, QuestionRevision, Reading
from .specs import ContentSet, DiscussionSpec, McSpec, ReadingSpec, content_hash


@dataclass
class LoadReport:
    readings_added: int = 0
    readings_updated: int = 0
    questions_added: int = 0
    revisions_added: int = 0
    translations_updated: int = 0
    retired: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.readings_added or self.readings_updated or self.questions_added
                    or self.revisions_added or self.translations_updated or self.retired)

    def __str__(self) -> str:
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


def load_content(content: ContentSet, *, retire_missing: bool = True) -> LoadReport:
    """Upsert readings, questions and the course; the caller commits."""
    report = LoadReport()
    if content.course is not None:
        spec = content.course
        data = {"title": spec.title, "description": spec.description,
                "misconceptions": spec.misconceptions,
                "timeline": [{k: v for k, v in e.items() if k != "line"} for e in spec.timeline],
                "perspectives": [{**p, "views": [{k: v for k, v in view.items() if k != "line"}
                                                 for view in p["views"]]}
                                 for p in spec.perspectives]}
        if spec.translations:
            data["translations"] = spec.translations
        fingerprint = content_hash(data)
        course = db.session.get(Course, 1)
        if course is None:
            db.session.add(Course(id=1, title=spec.title, data=data, content_hash=fingerprint))
        elif course.content_hash != fingerprint:
            course.title, course.data, course.content_hash = spec.title, data, fingerprint
    readings = {r.slug: r for r in db.session.scalars(select(Reading))}
    questions = {q.key: q for q in db.session.scalars(select(Question))}
    seen_keys: set[str] = set()
    for position, spec in enumerate(content.readings):
        fields = _reading_fields(spec)
        fingerprint = content_hash(fields)
        reading = readings.get(spec.slug)
        if reading is None:
            reading = Reading(slug=spec.slug, position=position, content_hash=fingerprint,
                              **fields)
            db.session.add(reading)
            db.session.flush()
            report.readings_added += 1
        elif reading.content_hash != fingerprint or reading.position != position \
                or reading.retired:
            for key, value in fields.items():
                setattr(reading, key, value)
            reading.content_hash, reading.position, reading.retired = fingerprint, position, False
            report.readings_updated += 1
        for pos, mc in enumerate(spec.questions):
            _load_question(reading, mc, "mc", pos, questions, report)
            seen_keys.add(mc.id)
        for pos, disc in enumerate(spec.discussion, start=len(spec.questions)):
            _load_question(reading, disc, "discussion", pos, questions, report)
            seen_keys.add(disc.id)
    if retire_missing:
        loaded = {spec.slug for spec in content.readings}
        for key, question in questions.items():
            if key not in seen_keys and not question.retired and \
                    question.reading.slug in loaded:
                question.retired = True
                report.retired.append(key)
    db.session.flush()
    return report
