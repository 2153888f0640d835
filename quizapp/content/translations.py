"""Translations of the course: questions/<lang>/<slug>.yaml and questions/<lang>/_course.yaml.

A translation file holds only the text fields of its English original, keyed by the same ids
(sections, key terms, questions, choices, timeline events, themes), so answers, grading and
analytics are the same in every language: which choice is right and which misconception a
wrong one names always come from the English file.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import replace
from pathlib import Path
from typing import Any

from .checker import COURSE_FILE, MAX_SHORT, MAX_TEXT, _Checker
from .specs import ChoiceSpec, ContentSet, CourseSpec, McSpec, Problem, ReadingSpec
from .yamlsrc import LineDict, YamlSyntaxError, parse

LANGUAGE_DIR = re.compile(r"^[a-z]{2}$")
READING_KEYS = {"slug", "title", "description", "publication", "author", "date", "summary",
                "key_points", "key_terms", "questions", "discussion"}
COURSE_KEYS = {"title", "description", "misconceptions", "timeline", "perspectives"}
ONLY_ENGLISH = ("comes from the English file: a translation holds only the text fields")


def language_dirs(folder: Path) -> list[Path]:
    """The translation folders beside the English files (questions/es/, ...)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and LANGUAGE_DIR.match(p.name))


class _Translation:
    """Checks one translation file against its English original, item by item."""

    def __init__(self, path: Path) -> None:
        self.c = _Checker(str(path))
        self.path = path

    def load(self) -> LineDict | None:
        try:
            doc = parse(self.path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            self.c.problem(None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
            return None
        except YamlSyntaxError as exc:
            self.c.problem(exc.line, exc.message)
            return None
        return self.c.mapping(doc, 1, "file")

    def keys(self, d: LineDict, allowed: set[str], what: str) -> None:
        for key in d:
            if key in ("correct", "misconception", "multiple", "section", "compares", "points",
                       "readings", "date", "tag", "reading") and key not in allowed:
                self.c.problem(d.line_of(key), f"{what}: '{key}' {ONLY_ENGLISH}")
            elif key not in allowed:
                self.c.problem(d.line_of(key), f"{what}: unknown field '{key}'")

    def items(self, d: LineDict, key: str, ids: list[str], what: str, id_key: str = "id",
              strict: bool = False) -> list[LineDict | None]:
        """The translated items of a list, one per English id in the English order (None where
        an item is not translated). An id the English file does not have is an error (a
        question removed in English is removed from its translations too); a missing item
        only falls back to English, unless `strict` (the choices of a question)."""
        raw = self.c.seq(d, key, what, required=strict and bool(ids))
        by_id: dict[str, LineDict] = {}
        for i, item in enumerate(raw):
            m = self.c.mapping(item, raw.line_of(i), f"{what}: '{key}' item {i + 1}")
            if m is None:
                continue
            item_id = str(m.get(id_key, "")).strip()
            if item_id not in ids:
                self.c.problem(m.line, f"{what}: {id_key} '{item_id}' is not in the English "
                               f"file (its {key}: {', '.join(ids) or 'none'})")
            elif item_id in by_id:
                self.c.problem(m.line, f"{what}: {id_key} '{item_id}' is translated twice")
            else:
                by_id[item_id] = m
        missing = [x for x in ids if x not in by_id]
        if strict and missing and raw:
            self.c.problem(raw.line, f"{what}: '{key}' must list the English {id_key}s "
                           f"{', '.join(ids)}; missing {', '.join(missing)}")
        return [by_id.get(x) for x in ids]

    def text(self, d: LineDict | None, key: str, what: str, max_len: int = MAX_TEXT,
             required: bool = True) -> str:
        if d is None:
            return ""
        return self.c.text(d, key, what, max_len=max_len, required=required)


def _check_question(t: _Translation, q: LineDict | None, spec: McSpec) -> dict[str, Any]:
    what = f"question {spec.id}"
    if q is None:
        return {}
    t.keys(q, {"id", "prompt", "explanation", "choices"}, what)
    choices = t.items(q, "choices", [c.id for c in spec.choices], what, strict=True)
    out = []
    for ch, english in zip(choices, spec.choices, strict=False):
        cwhat = f"{what}: choice {english.id}"
        if ch is not None:
            t.keys(ch, {"id", "text", "feedback"}, cwhat)
        out.append({"id": english.id, "text": t.text(ch, "text", cwhat, max_len=1000),
                    "feedback": t.text(ch, "feedback", cwhat)})
    return {"prompt": t.text(q, "prompt", what), "explanation": t.text(q, "explanation", what),
            "choices": out}


def _check_discussion(t: _Translation, d: LineDict | None, stance: dict | None,
                      qid: str) -> dict[str, Any]:
    what = f"discussion question {qid}"
    if d is None:
        return {}
    t.keys(d, {"id", "prompt", "stance"}, what)
    out: dict[str, Any] = {"prompt": t.text(d, "prompt", what)}
    if stance is None and d.get("stance") is not None:
        t.c.problem(d.line_of("stance"), f"{what}: the English question has no stance scale")
    elif stance is not None:
        st = t.c.mapping(d.get("stance"), d.line_of("stance") if "stance" in d else d.line,
                         f"{what}: stance")
        if st is not None:
            t.keys(st, {"left", "right"}, f"{what}: stance")
            out["stance"] = {"left": t.text(st, "left", f"{what}: stance", 80),
                             "right": t.text(st, "right", f"{what}: stance", 80),
                             "points": stance["points"]}
    return out


def check_reading_translation(path: Path, spec: ReadingSpec) -> tuple[dict | None,
                                                                      list[Problem]]:
    """A reading's translation as stored (text only, by id), and the problems found."""
    t = _Translation(path)
    doc = t.load()
    if doc is None:
        return None, t.c.problems
    t.keys(doc, READING_KEYS, "reading")
    if str(doc.get("slug", "")) != spec.slug:
        t.c.problem(doc.line_of("slug"), f"slug must be '{spec.slug}', as in the English file")
    summary = []
    for s, sid in zip(t.items(doc, "summary", [s["id"] for s in spec.summary], "reading"),
                      [s["id"] for s in spec.summary], strict=False):
        if s is None:
            continue
        t.keys(s, {"id", "heading", "text"}, f"section {sid}")
        summary.append({"id": sid, "heading": t.text(s, "heading", f"section {sid}", MAX_SHORT),
                        "text": t.text(s, "text", f"section {sid}")})
    points = t.c.str_list(doc, "key_points", "reading")
    if points and len(points) != len(spec.key_points):
        t.c.problem(doc.line_of("key_points"), f"reading: {len(points)} key points, the English "
                    f"file has {len(spec.key_points)}")
    terms = []
    for term, english in zip(t.items(doc, "key_terms", [k["id"] for k in spec.key_terms],
                                     "reading"), spec.key_terms, strict=False):
        what = f"key term {english['id']}"
        if term is None:
            continue
        t.keys(term, {"id", "term", "aliases", "definition"}, what)
        terms.append({"id": english["id"], "term": t.text(term, "term", what, MAX_SHORT),
                      "aliases": t.c.str_list(term, "aliases", what),
                      "definition": t.text(term, "definition", what)})
    questions = {}
    for q, english in zip(t.items(doc, "questions", [q.id for q in spec.questions], "reading"),
                          spec.questions, strict=False):
        questions[english.id] = _check_question(t, q, english)
    for d, english in zip(t.items(doc, "discussion", [d.id for d in spec.discussion],
                                  "reading"), spec.discussion, strict=False):
        questions[english.id] = _check_discussion(t, d, english.stance, english.id)
    data = {"title": t.text(doc, "title", "reading", MAX_SHORT),
            "description": t.text(doc, "description", "reading", 1000),
            "summary": summary, "key_points": points if len(points) == len(spec.key_points)
            else [], "key_terms": terms}
    for key in ("publication", "author", "date"):  # optional: "no consta" for "not stated"
        if key in doc:
            data[key] = t.text(doc, key, "reading", 200)
    return {"reading": data, "questions": questions}, t.c.problems


def check_course_translation(path: Path, spec: CourseSpec) -> tuple[dict | None, list[Problem]]:
    t = _Translation(path)
    doc = t.load()
    if doc is None:
        return None, t.c.problems
    t.keys(doc, COURSE_KEYS, "course")
    misconceptions = []
    for m, english in zip(t.items(doc, "misconceptions", [m["tag"] for m in spec.misconceptions],
                                  "course", id_key="tag"), spec.misconceptions, strict=False):
        what = f"misconception {english['tag']}"
        if m is None:
            continue
        t.keys(m, {"tag", "label", "description"}, what)
        misconceptions.append({"tag": english["tag"], "label": t.text(m, "label", what, MAX_SHORT),
                               "description": t.text(m, "description", what)})
    timeline = []
    for e, english in zip(t.items(doc, "timeline", [e["id"] for e in spec.timeline], "course"),
                          spec.timeline, strict=False):
        what = f"timeline event {english['id']}"
        if e is None:
            continue
        t.keys(e, {"id", "title", "detail"}, what)
        timeline.append({"id": english["id"], "title": t.text(e, "title", what, MAX_SHORT),
                         "detail": t.text(e, "detail", what, required=bool(english["detail"]))})
    perspectives = []
    for p, english in zip(t.items(doc, "perspectives", [p["id"] for p in spec.perspectives],
                                  "course"), spec.perspectives, strict=False):
        what = f"perspective {english['id']}"
        if p is None:
            continue
        views = []
        t.keys(p, {"id", "title", "question", "agreement", "views"}, what)
        found = t.items(p, "views", [v["reading"] for v in english["views"]], what,
                        id_key="reading")
        for v, ev in zip(found, english["views"], strict=False):
            if v is None:
                continue
            t.keys(v, {"reading", "text"}, f"{what}: view {ev['reading']}")
            views.append({"reading": ev["reading"],
                          "text": t.text(v, "text", f"{what}: view {ev['reading']}")})
        perspectives.append({
            "id": english["id"], "title": t.text(p, "title", what, MAX_SHORT),
            "question": t.text(p, "question", what, required=bool(english["question"])),
            "agreement": t.text(p, "agreement", what, required=bool(english["agreement"])),
            "views": views})
    data = {"title": t.text(doc, "title", "course", MAX_SHORT),
            "description": t.text(doc, "description", "course", required=False),
            "misconceptions": misconceptions, "timeline": timeline, "perspectives": perspectives}
    return data, t.c.problems


def add_translations(content: ContentSet, folder: Path) -> None:
    """Read every questions/<lang>/ folder into the specs; problems go to content.problems."""
    readings = {r.slug: r for r in content.readings}
    for lang_dir in language_dirs(folder):
        lang = lang_dir.name
        for file in sorted(lang_dir.glob("*.yaml")):
            if file.name == COURSE_FILE:
                if content.course is None:
                    content.problems.append(Problem(str(file), None, "no English course file "
                                                    f"{COURSE_FILE} to translate"))
                    continue
                data, found = check_course_translation(file, content.course)
                content.problems.extend(found)
                if data is not None:
                    content.course.translations[lang] = data
                continue
            spec = readings.get(file.stem)
            if spec is None:
                content.problems.append(Problem(str(file), None, f"no English reading "
                                                f"'{file.stem}.yaml' to translate"))
                continue
            data, found = check_reading_translation(file, spec)
            content.problems.extend(found)
            if data is not None:
                spec.translations[lang] = data["reading"]
                for q in [*spec.questions, *spec.discussion]:
                    if data["questions"].get(q.id):
                        q.translations[lang] = data["questions"][q.id]


def translated_reading(spec: ReadingSpec, lang: str) -> ReadingSpec | None:
    """The reading as a student of `lang` reads it: translated text on the English structure
    (used by the content tests to hold a translation to the same item-writing rules)."""
    tr = spec.translations.get(lang)
    if tr is None:
        return None
    questions = []
    for q in spec.questions:
        qt = q.translations.get(lang, {})
        texts = {c["id"]: c for c in qt.get("choices", [])}
        choices = [ChoiceSpec(id=c.id, text=texts.get(c.id, {}).get("text", c.text),
                              feedback=texts.get(c.id, {}).get("feedback", c.feedback),
                              correct=c.correct, misconception=c.misconception)
                   for c in q.choices]
        questions.append(replace(q, prompt=qt.get("prompt", q.prompt), choices=choices,
                                 explanation=qt.get("explanation", q.explanation),
                                 translations={}))
    discussion = [replace(d, prompt=d.translations.get(lang, {}).get("prompt", d.prompt),
                          stance=d.translations.get(lang, {}).get("stance", d.stance),
                          translations={}) for d in spec.discussion]
    return replace(spec, title=tr["title"] or spec.title,
                   description=tr["description"] or spec.description,
                   summary=merge_by_id(spec.summary, tr["summary"]),
                   key_points=list(tr["key_points"] or spec.key_points),
                   key_terms=merge_by_id(spec.key_terms, tr["key_terms"]), questions=questions,
                   discussion=discussion, translations={})


def merge_by_id(english: list[dict[str, Any]], translated: list[dict[str, Any]],
                key: str = "id") -> list[dict[str, Any]]:
    """The English items with the translated fields laid over them, item by item."""
    texts = {item[key]: item for item in translated}
    return [{**deepcopy(item), **{k: v for k, v in texts.get(item[key], {}).items() if v}}
            for item in english]


def untranslated(spec: ReadingSpec, lang: str) -> list[str]:
    """What of a reading has no `lang` text yet (shown in English meanwhile)."""
    tr = spec.translations.get(lang) or {}
    gaps = [name for name in ("title", "description", "key_points") if not tr.get(name)]
    done = {s["id"] for s in tr.get("summary", [])}
    gaps += [f"section {s['id']}" for s in spec.summary if s["id"] not in done]
    done = {t["id"] for t in tr.get("key_terms", [])}
    gaps += [f"key term {t['id']}" for t in spec.key_terms if t["id"] not in done]
    gaps += [q.id for q in [*spec.questions, *spec.discussion] if lang not in q.translations]
    return gaps
