"""Validation of the YAML content files: every problem becomes a Problem with file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .checker import COURSE_FILE, DATE_RE, ID_RE, MAX_SHORT, MAX_TEXT, _Checker  # noqa: F401 - re-exported
from .itemwriting import check_silence
from .specs import ChoiceSpec, ContentSet, CourseSpec, DiscussionSpec, McSpec, Problem, ReadingSpec
from .translations import LANGUAGE_DIR, add_translations
from .yamlsrc import LineDict, YamlSyntaxError, parse

READING_KEYS = {
    "slug", "title", "original_title", "publication", "author", "date", "source_file",
    "description", "summary", "key_points", "key_terms", "questions", "discussion",
}
MC_KEYS = {"id", "prompt", "multiple", "section", "compares", "explanation", "choices",
           "silence"}
CHOICE_KEYS = {"id", "text", "correct", "feedback", "misconception"}
DISCUSSION_KEYS = {"id", "prompt", "section", "compares", "stance"}


def _read_file(path: Path, checker: _Checker) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        checker.problem(None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        checker.problem(None, f"cannot read: {exc.strerror}")
    return None


def _parse_text(text: str, checker: _Checker) -> LineDict | None:
    try:
        doc = parse(text)
    except YamlSyntaxError as exc:
        checker.problem(exc.line, exc.message)
        return None
    return checker.mapping(doc, 1, "file")


def _check_mc(c: _Checker, raw: Any, line: int, sections: set[str]) -> McSpec | None:
    q = c.mapping(raw, line, "question")
    if q is None:
        return None
    qid = c.ident(q, "id", "question")
    what = f"question {qid or '?'}"
    c.unknown_keys(q, MC_KEYS, what)
    multiple = c.flag(q, "multiple", what)
    section = c.text(q, "section", what, max_len=80)
    if section and section not in sections:
        c.problem(q.line_of("section"), f"{what}: section '{section}' is not in the summary")
    choices: list[ChoiceSpec] = []
    raw_choices = c.seq(q, "choices", what)
    seen: set[str] = set()
    for i, raw_choice in enumerate(raw_choices):
        ch = c.mapping(raw_choice, raw_choices.line_of(i), f"{what}: choice {i + 1}")
        if ch is None:
            continue
        cid = c.ident(ch, "id", f"{what}: choice {i + 1}")
        cwhat = f"{what}: choice {cid or i + 1}"
        c.unknown_keys(ch, CHOICE_KEYS, cwhat)
        if cid in seen:
            c.problem(ch.line_of("id"), f"{what}: duplicate choice id '{cid}'")
        seen.add(cid)
        correct = c.flag(ch, "correct", cwhat)
        tag = c.text(ch, "misconception", cwhat, required=False, max_len=80) or None
        if not correct and not tag:
            c.problem(ch.line, f"{cwhat}: a wrong choice needs a 'misconception' tag")
        if correct and tag:
            c.problem(ch.line_of("misconception"),
                      f"{cwhat}: a correct choice has no misconception tag")
        choices.append(ChoiceSpec(
            id=cid, text=c.text(ch, "text", cwhat, max_len=1000),
            feedback=c.text(ch, "feedback", cwhat), correct=correct, misconception=tag,
        ))
    if raw_choices and len(raw_choices) < 2:
        c.problem(raw_choices.line, f"{what}: needs at least 2 choices")
    n_correct = sum(ch.correct for ch in choices)
    if not multiple and n_correct != 1:
        c.problem(q.line_of("choices"),
                  f"{what}: exactly one choice must be correct (found {n_correct}); "
                  "set 'multiple: true' for several")
    if multiple and n_correct < 1:
        c.problem(q.line_of("choices"), f"{what}: at least one choice must be correct")
    return McSpec(
        id=qid, prompt=c.text(q, "prompt", what), section=section,
        explanation=c.text(q, "explanation", what), choices=choices, multiple=multiple,
        compares=c.str_list(q, "compares", what), line=q.line,
        silence=check_silence(c, q, what),
    )



def _check_stance(c: _Checker, d: LineDict, what: str) -> dict[str, Any] | None:
    if "stance" not in d or d["stance"] is None:
        return None
    st = c.mapping(d["stance"], d.line_of("stance"), f"{what}: stance")
    if st is None:
        return None
    points = st.get("points", 5)
    if not isinstance(points, int) or isinstance(points, bool) or not 3 <= points <= 7:
        c.problem(st.line_of("points"), f"{what}: stance points must be a whole number 3-7")
        points = 5
    return {
        "left": c.text(st, "left", f"{what}: stance", max_len=80),
        "right": c.text(st, "right", f"{what}: stance", max_len=80),
        "points": points,
    }


def check_reading(path: Path, display: str) -> tuple[ReadingSpec | None, list[Problem]]:
    c = _Checker(display)
    text = _read_file(path, c)
    if text is None:
        return None, c.problems
    return check_reading_text(text, display, path.stem)


def check_reading_text(text: str, display: str, stem: str | None = None
                       ) -> tuple[ReadingSpec | None, list[Problem]]:
    """The rules for one reading, on its YAML text (a file, an upload or the editor's
    document); ``stem`` is the file name the slug must match, if any."""
    c = _Checker(display)
    doc = _parse_text(text, c)
    if doc is None:
        return None, c.problems
    c.unknown_keys(doc, READING_KEYS, "reading")
    slug = c.ident(doc, "slug", "reading")
    if slug and stem is not None and slug != stem:
        c.problem(doc.line_of("slug"), f"slug '{slug}' must match the file name '{stem}'")
    summary: list[dict[str, str]] = []
    raw_summary = c.seq(doc, "summary", "reading")
    for i, raw in enumerate(raw_summary):
        s = c.mapping(raw, raw_summary.line_of(i), f"summary section {i + 1}")
        if s is None:
            continue
        sid = c.ident(s, "id", f"summary section {i + 1}")
        if sid in {x["id"] for x in summary}:
            c.problem(s.line_of("id"), f"duplicate summary section id '{sid}'")
        summary.append({
            "id": sid, "heading": c.text(s, "heading", f"section {sid}", max_len=MAX_SHORT),
            "text": c.text(s, "text", f"section {sid}", max_len=MAX_TEXT),
        })
    if not summary:
        c.problem(doc.line, "reading: the summary needs at least one section")
    sections = {s["id"] for s in summary}
    key_terms: list[dict[str, Any]] = []
    raw_terms = c.seq(doc, "key_terms", "reading", required=False)
    for i, raw in enumerate(raw_terms):
        t = c.mapping(raw, raw_terms.line_of(i), f"key term {i + 1}")
        if t is None:
            continue
        tid = c.ident(t, "id", f"key term {i + 1}")
        if tid in {x["id"] for x in key_terms}:
            c.problem(t.line_of("id"), f"duplicate key term id '{tid}'")
        key_terms.append({
            "id": tid, "term": c.text(t, "term", f"key term {tid}", max_len=MAX_SHORT),
            "aliases": c.str_list(t, "aliases", f"key term {tid}"),
            "definition": c.text(t, "definition", f"key term {tid}"),
        })
    questions: list[McSpec] = []
    raw_qs = c.seq(doc, "questions", "reading")
    for i, raw in enumerate(raw_qs):
        spec = _check_mc(c, raw, raw_qs.line_of(i), sections)
        if spec:
            questions.append(spec)
    discussion: list[DiscussionSpec] = []
    raw_ds = c.seq(doc, "discussion", "reading", required=False)
    for i, raw in enumerate(raw_ds):
        d = c.mapping(raw, raw_ds.line_of(i), "discussion question")
        if d is None:
            continue
        did = c.ident(d, "id", "discussion question")
        what = f"discussion question {did or '?'}"
        c.unknown_keys(d, DISCUSSION_KEYS, what)
        section = c.text(d, "section", what, required=False, max_len=80) or None
        if section and section not in sections:
            c.problem(d.line_of("section"), f"{what}: section '{section}' is not in the summary")
        discussion.append(DiscussionSpec(
            id=did, prompt=c.text(d, "prompt", what), section=section,
            compares=c.str_list(d, "compares", what), stance=_check_stance(c, d, what),
            line=d.line,
        ))
    spec = ReadingSpec(
        path=display, slug=slug, title=c.text(doc, "title", "reading", max_len=MAX_SHORT),
        original_title=c.text(doc, "original_title", "reading", required=False,
                              max_len=MAX_SHORT),
        publication=c.text(doc, "publication", "reading", max_len=200),
        author=c.text(doc, "author", "reading", max_len=200),
        date=c.text(doc, "date", "reading", max_len=80),
        source_file=c.text(doc, "source_file", "reading", required=False, max_len=200),
        description=c.text(doc, "description", "reading", max_len=1000),
        summary=summary, key_points=c.str_list(doc, "key_points", "reading", required=True),
        key_terms=key_terms, questions=questions, discussion=discussion,
    )
    return spec, c.problems


def check_course(path: Path, display: str) -> tuple[CourseSpec | None, list[Problem]]:
    c = _Checker(display)
    text = _read_file(path, c)
    if text is None:
        return None, c.problems
    return check_course_text(text, display)


def check_course_text(text: str, display: str) -> tuple[CourseSpec | None, list[Problem]]:
    """The rules for the course file, on its YAML text (a file, or the course editor's
    document)."""
    c = _Checker(display)
    doc = _parse_text(text, c)
    if doc is None:
        return None, c.problems
    c.unknown_keys(doc, {"title", "description", "misconceptions", "timeline", "perspectives",
                         "readings"}, "course")
    misconceptions = []
    raw = c.seq(doc, "misconceptions", "course")
    for i, item in enumerate(raw):
        m = c.mapping(item, raw.line_of(i), f"misconception {i + 1}")
        if m is not None:
            misconceptions.append({
                "tag": c.ident(m, "tag", "misconception"),
                "label": c.text(m, "label", "misconception", max_len=MAX_SHORT),
                "description": c.text(m, "description", "misconception"),
            })
    timeline = []
    raw = c.seq(doc, "timeline", "course", required=False)
    for i, item in enumerate(raw):
        e = c.mapping(item, raw.line_of(i), f"timeline event {i + 1}")
        if e is None:
            continue
        what = f"timeline event {e.get('id', i + 1)}"
        date = str(e.get("date", "")).strip()
        if not DATE_RE.match(date):
            c.problem(e.line_of("date"), f"{what}: date {date!r} must be YYYY, YYYY-MM or "
                      "YYYY-MM-DD")
        timeline.append({
            "id": c.ident(e, "id", what), "date": date,
            "title": c.text(e, "title", what, max_len=MAX_SHORT),
            "detail": c.text(e, "detail", what, required=False),
            "readings": c.str_list(e, "readings", what, required=True),
            "line": e.line,
        })
    perspectives = []
    raw = c.seq(doc, "perspectives", "course", required=False)
    for i, item in enumerate(raw):
        p = c.mapping(item, raw.line_of(i), f"perspective {i + 1}")
        if p is None:
            continue
        what = f"perspective {p.get('id', i + 1)}"
        views = []
        raw_views = c.seq(p, "views", what)
        for j, rv in enumerate(raw_views):
            v = c.mapping(rv, raw_views.line_of(j), f"{what}: view {j + 1}")
            if v is not None:
                views.append({
                    "reading": c.ident(v, "reading", f"{what}: view"),
                    "section": c.text(v, "section", f"{what}: view", required=False),
                    "text": c.text(v, "text", f"{what}: view"),
                    "line": v.line,
                })
        perspectives.append({
            "id": c.ident(p, "id", what), "title": c.text(p, "title", what, max_len=MAX_SHORT),
            "question": c.text(p, "question", what, required=False),
            "agreement": c.text(p, "agreement", what, required=False),
            "views": views,
        })
    spec = CourseSpec(
        path=display, title=c.text(doc, "title", "course", max_len=MAX_SHORT),
        description=c.text(doc, "description", "course", required=False),
        misconceptions=misconceptions, timeline=timeline, perspectives=perspectives,
        reading_order=c.str_list(doc, "readings", "course"),
    )
    return spec, c.problems


def check_across(content: ContentSet) -> None:
    """Checks that need every file: unique ids and prompts, tags and references."""
    problems = content.problems
    slugs = {r.slug for r in content.readings}
    vocab = content.course.vocabulary if content.course else None
    seen_ids: dict[str, str] = {}
    seen_prompts: dict[str, str] = {}
    for reading in content.readings:
        items: list[McSpec | DiscussionSpec] = [*reading.questions, *reading.discussion]
        for q in items:
            where = f"{reading.path}"
            if q.id in seen_ids:
                problems.append(Problem(where, q.line, f"question id '{q.id}' is also used in "
                                        f"{seen_ids[q.id]}"))
            seen_ids[q.id] = reading.path
            key = " ".join(q.prompt.lower().split())
            if key and key in seen_prompts:
                problems.append(Problem(where, q.line, f"question {q.id}: the same prompt is "
                                        f"also used in {seen_prompts[key]}"))
            seen_prompts[key] = reading.path
            for other in q.compares:
                if other not in slugs:
                    problems.append(Problem(where, q.line, f"question {q.id}: compares with "
                                            f"unknown reading '{other}'"))
            if isinstance(q, McSpec) and vocab is not None:
                for ch in q.choices:
                    if ch.misconception and ch.misconception not in vocab:
                        problems.append(Problem(where, q.line, f"question {q.id}: choice "
                                                f"{ch.id}: misconception '{ch.misconception}' "
                                                f"is not in the vocabulary of {COURSE_FILE}"))
    if content.course:
        course = content.course
        for event in course.timeline:
            for slug in event["readings"]:
                if slug not in slugs:
                    problems.append(Problem(course.path, event["line"], f"timeline event "
                                            f"{event['id']}: unknown reading '{slug}'"))
        for persp in course.perspectives:
            for view in persp["views"]:
                if view["reading"] not in slugs:
                    problems.append(Problem(course.path, view["line"], f"perspective "
                                            f"{persp['id']}: unknown reading '{view['reading']}'"))
        for slug in course.reading_order:
            if slug not in slugs:
                problems.append(Problem(course.path, None, f"readings: unknown reading '{slug}'"))


def read_content(path: Path, cross_check: bool = True) -> ContentSet:
    """Read and validate a content folder, or a single reading file beside its course file."""
    path = Path(path)
    if path.is_file() and LANGUAGE_DIR.match(path.parent.name) and \
            (path.parent.parent / COURSE_FILE).is_file():
        # A translation file (questions/es/x.yaml): checked against its English original.
        whole = read_content(path.parent.parent)
        whole.problems[:] = [p for p in whole.problems if Path(p.path) == path]
        return whole
    problems: list[Problem] = []
    course: CourseSpec | None = None
    readings: list[ReadingSpec] = []
    if path.is_dir():
        files = sorted(p for p in path.glob("*.yaml") if not p.name.startswith("."))
        folder = path
    elif path.is_file():
        files = [path]
        folder = path.parent
    else:
        return ContentSet(None, [], [Problem(str(path), None, "no such file or folder")])
    course_path = folder / COURSE_FILE
    if course_path.is_file():
        course, found = check_course(course_path, str(course_path))
        problems.extend(found)
    for file in files:
        if file.name.startswith("_"):
            continue
        spec, found = check_reading(file, str(file))
        problems.extend(found)
        if spec:
            readings.append(spec)
    if path.is_dir() and not readings:
        problems.append(Problem(str(path), None, "no reading files (*.yaml) found"))
    content = ContentSet(course, readings, problems)
    if path.is_dir():
        add_translations(content, path)
    if cross_check:
        if path.is_file() and path.name != COURSE_FILE:
            # Checking one file alone: still check its ids against the rest of the folder.
            rest = read_content(folder, cross_check=False)
            others = [r for r in rest.readings if r.slug != (readings[0].slug if readings
                                                             else None)]
            merged = ContentSet(course, readings + others, [])
            check_across(merged)
            problems.extend(p for p in merged.problems if p.path == str(path))
        else:
            check_across(content)
    if course and course.reading_order:
        order = {slug: i for i, slug in enumerate(course.reading_order)}
        readings.sort(key=lambda r: (order.get(r.slug, len(order)), r.slug))
    return content
