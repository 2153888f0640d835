"""Saving a reading document: checked, applied (new question revisions, never edits in place),
recorded in the history; a stale form gets a conflict, a reading with errors a draft."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ...content import document as docs
from ...content.checker import ID_RE
from ...content.history import latest_version, record_version, version_number
from ...content.itemwriting import ItemWarning, active, question_warnings, reading_warnings
from ...content.loader import load_content
from ...content.specs import ContentSet, DiscussionSpec, McSpec, Problem, ReadingSpec
from ...extensions import db
from ...models import Course, Instructor, Question, Reading, ReadingVersion, Response


class EditConflict(Exception):
    """The form was loaded from an older version than the reading's latest save."""

    def __init__(self, current: ReadingVersion | None, document: dict[str, Any]) -> None:
        super().__init__("the reading was saved by someone else meanwhile")
        self.current = current
        self.document = document


@dataclass
class Checked:
    text: str
    spec: ReadingSpec | None
    problems: list[Problem]
    placed: list[tuple[tuple[Any, ...], str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Saved:
    reading: Reading
    version: int
    draft: bool
    checked: Checked
    changed: bool = True


def find_reading(course: Course, slug: str) -> Reading | None:
    return db.session.scalar(select(Reading).where(Reading.course_id == course.id,
                                                   Reading.slug == slug))


def all_readings(course: Course) -> list[Reading]:
    return list(db.session.scalars(select(Reading).where(Reading.course_id == course.id)
                                   .order_by(Reading.position, Reading.id)))


def db_document(reading: Reading) -> dict[str, Any]:
    """The reading as stored for students (its live questions), in the content format."""
    questions = db.session.scalars(
        select(Question).options(joinedload(Question.current_revision))
        .where(Question.reading_id == reading.id, Question.retired.is_(False))
        .order_by(Question.position, Question.id))
    mc, discussion = [], []
    for q in questions:
        rev = q.current_revision
        if rev is None:
            continue
        if q.kind == "mc":
            mc.append(docs.mc_document(q.key, rev.prompt, rev.data))
        else:
            discussion.append(docs.discussion_document(q.key, rev.prompt, rev.data))
    fields = {"slug": reading.slug, "title": reading.title,
              "original_title": reading.original_title, "publication": reading.publication,
              "author": reading.author, "date": reading.date_text,
              "description": reading.description}
    return docs.reading_document(fields, reading.body or {}, mc, discussion)


def current_document(reading: Reading) -> tuple[dict[str, Any], int, bool]:
    """What the editor starts from: the latest save (a draft included), its number, and
    whether it is a draft."""
    latest = latest_version(reading)
    if latest is None:
        return db_document(reading), 0, False
    return latest.document, latest.number, latest.draft


def vocabulary(course: Course) -> dict[str, str]:
    return {m["tag"]: m.get("label", m["tag"]) for m in course.data.get("misconceptions", [])}


def reading_specs(course: Course, slug: str = "") -> list[ReadingSpec]:
    """The course's readings (but ``slug``) as stand-ins with their live questions, for the
    checks across readings and the course file's references."""
    return _others(course, slug)


def _others(course: Course, slug: str) -> list[ReadingSpec]:
    """The course's other readings' live questions, for the checks across readings."""
    rows = db.session.scalars(
        select(Question).options(joinedload(Question.current_revision),
                                 joinedload(Question.reading))
        .join(Reading, Reading.id == Question.reading_id)
        .where(Question.retired.is_(False), Reading.course_id == course.id))
    by_slug: dict[str, tuple[list[McSpec], list[DiscussionSpec]]] = {}
    for q in rows:
        rev = q.current_revision
        if q.reading.slug == slug or rev is None:
            continue
        mc, disc = by_slug.setdefault(q.reading.slug, ([], []))
        if q.kind == "mc":
            mc.append(McSpec(id=q.key, prompt=rev.prompt, section=rev.section or "",
                             explanation=rev.explanation, choices=docs.choice_specs(rev.data),
                             compares=list(rev.data.get("compares") or [])))
        else:
            disc.append(DiscussionSpec(id=q.key, prompt=rev.prompt,
                                       compares=list(rev.data.get("compares") or [])))
    slugs = set(db.session.scalars(select(Reading.slug).where(Reading.course_id == course.id)))
    specs = [docs.spec_from_parts(s, mc, disc) for s, (mc, disc) in by_slug.items()]
    # Readings without questions still count for `compares`.
    specs += [docs.spec_from_parts(s, [], []) for s in slugs - set(by_slug) - {slug}]
    return specs


def check(document: dict[str, Any] | str, course: Course, display: str = "reading") -> Checked:
    """The `check-questions` rules on a document (or YAML text), against the course's
    vocabulary and its other readings in the database."""
    text = document if isinstance(document, str) else docs.to_yaml(document)
    course_spec = docs.course_spec(course.data, course.title)
    slug = ""
    if isinstance(document, dict):
        slug = str(document.get("slug") or "")
    spec, problems = docs.check_document(text, display, course=course_spec,
                                         others=_others(course, slug or _slug_of(text)))
    return Checked(text, spec, problems, docs.placed_problems(text, problems))


def _slug_of(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("slug:"):
            return line.partition(":")[2].strip().strip("'\"")
    return ""


def _short(value: Any, limit: int) -> str:
    return str(value or "")[:limit]


def save_document(document: dict[str, Any], author: Instructor | None, base_version: int, *,
                  course: Course, source: str = "browser", note: str = "",
                  new: bool = False) -> Saved:
    """Save a reading document. Raises EditConflict when ``base_version`` is not the latest
    save; with problems the document is kept as a draft (a new reading is created as a draft
    reading that no session can use). The caller commits."""
    checked = check(document, course)
    slug = str(document.get("slug") or "")
    reading = find_reading(course, slug) if slug else None
    if reading is not None and new:
        raise EditConflict(latest_version(reading), document)
    current = version_number(reading)
    if reading is not None and base_version != current:
        raise EditConflict(latest_version(reading), document)
    author_id = author.id if author is not None else None
    if checked.ok and checked.spec is not None:
        before = version_number(find_reading(course, slug))
        load_content(ContentSet(None, [checked.spec], []), retire_missing=True,
                     overwrite=True, source=source, author_id=author_id, keep_positions=True,
                     course=course)
        reading = find_reading(course, slug)
        assert reading is not None
        after = version_number(reading)
        if after != before and note:
            latest = latest_version(reading)
            if latest is not None:
                latest.note = note[:200]
        return Saved(reading, after, False, checked, changed=after != before)
    if reading is None:
        if not slug or not ID_RE.match(slug):
            # A draft still needs a name to be found by.
            return Saved(Reading(slug=slug), 0, True, checked, changed=False)
        reading = Reading(course_id=course.id, slug=slug,
                          title=_short(document.get("title") or slug, 300),
                          publication=_short(document.get("publication"), 200),
                          author=_short(document.get("author"), 200),
                          date_text=_short(document.get("date"), 80),
                          description=str(document.get("description") or ""),
                          body={}, content_hash="", draft=True,
                          position=(max((r.position for r in all_readings(course)),
                                        default=0) + 1))
        db.session.add(reading)
        db.session.flush()
    version = record_version(reading, document, source, author_id=author_id, draft=True,
                             note=note, number=current + 1)
    return Saved(reading, version.number, True, checked)


def set_retired(reading: Reading, retired: bool, author: Instructor) -> None:
    """Retire a reading (no new session offers it; sessions that have it keep it) or bring
    it back; the history says who did it."""
    reading.retired = retired
    document, number, draft = current_document(reading)
    record_version(reading, document, "browser", author_id=author.id, draft=draft,
                   note="retired" if retired else "brought back", number=number + 1)


def restore(reading: Reading, number: int, author: Instructor, base_version: int) -> Saved:
    """Save an earlier version's document again, as the newest version."""
    old = db.session.scalar(select(ReadingVersion).where(
        ReadingVersion.reading_id == reading.id, ReadingVersion.number == number))
    if old is None:
        raise LookupError(number)
    return save_document(dict(old.document), author, base_version, course=reading.course,
                         source="restore",
                         note=f"restored version {number}")


def item_warnings(checked: Checked) -> tuple[dict[str, list[ItemWarning]], list[ItemWarning]]:
    """Item-writing warnings of a checked document: per check (silenced ones left out), and
    across the reading."""
    if checked.spec is None:
        return {}, []
    per_question = {q.id: active(question_warnings(q), q.silence)
                    for q in checked.spec.questions}
    return per_question, reading_warnings(checked.spec.questions)


MIN_ANSWERS_FOR_UNCHOSEN = 10  # fewer first answers say nothing about a distractor


def unchosen_distractors(reading: Reading) -> dict[str, list[ItemWarning]]:
    """After class: wrong options of the current wording that no first answer picked, over
    every session (a distractor nobody believes does not test anything)."""
    rows = db.session.execute(
        select(Question.key, Response.answer, func.count())
        .join(Response, Response.question_id == Question.id)
        .where(Question.reading_id == reading.id, Question.kind == "mc",
               Question.retired.is_(False), Response.round == 1,
               Response.revision_id == Question.current_revision_id)
        .group_by(Question.key, Response.answer))
    picks: dict[str, dict[str, int]] = {}
    totals: dict[str, int] = {}
    for key, answer, count in rows:
        totals[key] = totals.get(key, 0) + count
        for choice in (answer or "").split("|"):
            picks.setdefault(key, {})[choice] = picks.get(key, {}).get(choice, 0) + count
    out: dict[str, list[ItemWarning]] = {}
    for question in reading.questions:
        total = totals.get(question.key, 0)
        revision = question.current_revision
        if question.retired or revision is None or total < MIN_ANSWERS_FOR_UNCHOSEN:
            continue
        unused = [c["id"] for c in revision.choices
                  if not c.get("correct") and not picks.get(question.key, {}).get(c["id"])]
        if unused:
            out[question.key] = [ItemWarning(
                "unchosen-distractor", f"nobody chose {', '.join(unused)} in {total} first "
                "answers: make it a more tempting misreading", question.key)]
    return out
