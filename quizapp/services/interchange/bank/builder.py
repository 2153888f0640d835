"""Building reading-file questions from parsed GIFT or Moodle XML items, and what had to be
invented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ....content.schema import ID_RE, MAX_SHORT, MAX_TEXT, read_content
from .items import BankItem, ParsedBank

TODO = "TODO(import)"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _norm(prompt: str) -> str:
    return " ".join(prompt.lower().split())


class QuestionBuilder:
    """Turns parsed items into question dicts, remembering what it had to invent."""

    def __init__(self, slug: str, source: str, folder: Path, base: dict[str, Any],
                 merged: bool, misconception: str | None) -> None:
        self.slug, self.source, self.merged = slug, source, merged
        self.base = base
        self.misconception = misconception
        content = read_content(folder, cross_check=False) if folder.is_dir() else None
        course = content.course if content else None
        self.vocab = course.vocabulary if course else None
        others = [r for r in (content.readings if content else []) if r.slug != slug]
        self.slugs = {r.slug for r in others} | {slug}
        self.taken = {q.id for r in others for q in [*r.questions, *r.discussion]}
        self.prompts = {_norm(q.prompt) for r in others for q in [*r.questions, *r.discussion]}
        self.notes: list[str] = []
        self.todo: dict[str, int] = {}
        self.untagged = 0
        self.sections = [s["id"] for s in base.get("summary") or []
                         if isinstance(s, dict) and isinstance(s.get("id"), str)]
        self.mine = {"mc": [q for q in base.get("questions") or [] if isinstance(q, dict)],
                     "discussion": [q for q in base.get("discussion") or []
                                    if isinstance(q, dict)]}
        self.used: set[str] = set()

    def note(self, item: BankItem, message: str) -> None:
        self.notes.append(f"{self.source}:{item.line}: {message}")

    def placeholder(self, what: str) -> str:
        self.todo[what] = self.todo.get(what, 0) + 1
        return f"{TODO}: {what}"

    def question_id(self, item: BankItem, kind: str) -> str:
        candidate = item.meta.get("id") or item.idnumber or item.title or ""
        own = {q.get("id") for q in self.mine[kind]}
        other_kind = {q.get("id") for q in self.mine["discussion" if kind == "mc" else "mc"]}
        if (isinstance(candidate, str) and ID_RE.match(candidate) and len(candidate) <= 80
                and candidate not in self.taken and candidate not in self.used
                and candidate not in other_kind):
            self.used.add(candidate)
            return candidate
        n = 1
        stem = self.slug[:70]
        while True:
            made = f"{stem}-{'q' if kind == 'mc' else 'd'}{n}"
            if made not in self.taken and made not in self.used and made not in own \
                    and made not in other_kind:
                break
            n += 1
        if isinstance(candidate, str) and ID_RE.match(candidate):  # a real id, but taken
            self.note(item, f"id {candidate!r} is already used: the question is {made}")
        self.used.add(made)
        return made

    def check_prompt(self, prompt: str, replaced: set[str]) -> bool:
        key = _norm(prompt)
        kept = {_norm(q.get("prompt", "")) for kind in self.mine.values() for q in kind
                if q.get("id") not in replaced}
        if key in self.prompts or key in kept:
            return False
        self.prompts.add(key)
        return True

    def section(self, item: BankItem) -> str:
        wanted = item.meta.get("section")
        if isinstance(wanted, str) and wanted in self.sections:
            return wanted
        first = self.sections[0]
        if wanted:
            self.note(item, f"section {wanted!r} is not in the summary: set to {first}")
        elif len(self.sections) > 1:
            self.note(item, f"no section given: set to {first}; check it")
        return first

    def compares(self, item: BankItem) -> list[str]:
        wanted = item.meta.get("compares") or []
        wanted = [c for c in wanted if isinstance(c, str)] if isinstance(wanted, list) else []
        kept = [c for c in wanted if c in self.slugs]
        if len(kept) < len(wanted):
            self.note(item, "dropped comparisons with readings that are not here: "
                      + ", ".join(c for c in wanted if c not in kept))
        return kept

    def tags_from_moodle(self, item: BankItem, ids: list[str]) -> dict[str, str]:
        """Moodle's question tags 'misconception:X' (no per-choice detail): one tag applies to
        every wrong choice; with several, which choice shows which is not in the file."""
        found = item.misconception_tags
        if len(found) == 1:
            return {cid: found[0] for cid, c in zip(ids, item.choices, strict=True)
                    if not c.correct}
        if found:
            self.note(item, "the question is tagged with misconceptions " + ", ".join(found)
                      + ", but the file does not say which wrong choice shows which")
        return {}

    def mc(self, item: BankItem, qid: str) -> dict[str, Any]:
        ids = item.meta.get("choices")
        if not (isinstance(ids, list) and len(ids) == len(item.choices)
                and all(isinstance(i, str) and ID_RE.match(i) for i in ids)
                and len(set(ids)) == len(ids)):
            ids = list(LETTERS[:len(item.choices)])
        tags = item.meta.get("misconceptions")
        tags = tags if isinstance(tags, dict) else self.tags_from_moodle(item, ids)
        choices = []
        for cid, c in zip(ids, item.choices, strict=True):
            choice: dict[str, Any] = {"id": cid, "text": c.text}
            if c.correct:
                choice["correct"] = True
            choice["feedback"] = c.feedback or self.placeholder("feedback on a choice")
            if not c.correct:
                tag = tags.get(cid)
                if isinstance(tag, str) and (self.vocab is None or tag in self.vocab):
                    choice["misconception"] = tag
                else:
                    if tag:
                        self.note(item, f"misconception {tag!r} is not in the vocabulary")
                    self.untagged += 1
                    if self.misconception:
                        choice["misconception"] = self.misconception
            choices.append(choice)
        question: dict[str, Any] = {"id": qid, "prompt": item.text, "multiple": item.multiple,
                                    "section": self.section(item)}
        compares = self.compares(item)
        if compares:
            question["compares"] = compares
        question["explanation"] = (item.general_feedback
                                   or self.placeholder("explanation of a question"))
        question["choices"] = choices
        return question

    def discussion(self, item: BankItem, qid: str) -> dict[str, Any]:
        question: dict[str, Any] = {"id": qid, "prompt": item.text}
        wanted = item.meta.get("section")
        if isinstance(wanted, str) and wanted in self.sections:
            question["section"] = wanted
        compares = self.compares(item)
        if compares:
            question["compares"] = compares
        stance = item.meta.get("stance")
        if isinstance(stance, dict):
            points = stance.get("points")
            if (isinstance(stance.get("left"), str) and isinstance(stance.get("right"), str)
                    and isinstance(points, int) and 3 <= points <= 7):
                question["stance"] = {"left": stance["left"], "right": stance["right"],
                                      "points": points}
        return question


def too_long(item: BankItem) -> str | None:
    limits = [(item.text, MAX_TEXT, "the text"), (item.title or "", MAX_SHORT, "the title"),
              (item.general_feedback, MAX_TEXT, "the general feedback")]
    for c in item.choices:
        limits += [(c.text, 1000, "an answer"), (c.feedback, MAX_TEXT, "a feedback")]
    for text, limit, what in limits:
        if len(text) > limit:
            return f"{what} is {len(text)} characters; the limit is {limit}"
    return None


def new_reading(slug: str, parsed: ParsedBank, todo: dict[str, int]) -> dict[str, Any]:
    """A reading document from the file's '// quizapp-reading' details and description items,
    with placeholders (counted in ``todo``) for whatever is missing."""
    meta = parsed.reading or {}

    def text(key: str, what: str) -> str:
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return value
        todo[what] = todo.get(what, 0) + 1
        return f"{TODO}: {what}"

    doc: dict[str, Any] = {"slug": slug, "title": text("title", "the reading's title")}
    if isinstance(meta.get("original_title"), str) and meta["original_title"].strip():
        doc["original_title"] = meta["original_title"]
    for key in ("publication", "author", "date"):  # "not stated" is the format's "unknown"
        value = meta.get(key)
        doc[key] = value if isinstance(value, str) and value.strip() else "not stated"
    if isinstance(meta.get("source_file"), str) and meta["source_file"]:
        doc["source_file"] = meta["source_file"]
    if not (isinstance(meta.get("description"), str) and meta["description"].strip()) \
            and parsed.category_info.strip():  # Moodle XML: the category's description
        meta = {**meta, "description": " ".join(parsed.category_info.split())}
    doc["description"] = text("description", "a one-line description of the reading")
    summary = []
    for item in parsed.items:
        if item.kind != "description":
            continue
        sid = item.meta.get("section")
        if not (isinstance(sid, str) and ID_RE.match(sid)) or sid in {s["id"] for s in summary}:
            sid = f"s{len(summary) + 1}"
            while sid in {s["id"] for s in summary}:
                sid += "x"
        heading = item.title or f"{TODO}: a heading"
        if not item.title:
            todo["a section heading"] = todo.get("a section heading", 0) + 1
        if not item.text:
            todo["a section text"] = todo.get("a section text", 0) + 1
        summary.append({"id": sid, "heading": heading,
                        "text": item.text or f"{TODO}: the section's text"})
    if not summary:
        todo["the summary"] = 1
        summary = [{"id": "s1", "heading": f"{TODO}: a heading",
                    "text": f"{TODO}: the summary of the reading, 250-400 words in 3-6 "
                            "sections; then point each question's 'section' at the right one."}]
    doc["summary"] = summary
    points = meta.get("key_points")
    if isinstance(points, list) and points and all(isinstance(p, str) for p in points):
        doc["key_points"] = points
    else:
        todo["key points"] = 1
        doc["key_points"] = [f"{TODO}: 4-7 key points of the reading"]
    terms = meta.get("key_terms")
    doc["key_terms"] = terms if isinstance(terms, list) else []
    doc["questions"] = []
    doc["discussion"] = []
    return doc
