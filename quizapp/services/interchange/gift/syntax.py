"""Moodle GIFT: writing a reading's questions, and reading GIFT files back.

What is read: multiple choice (one right answer with ``=``, or several with positive
``~%weight%``), essays (``{}``) and description items (no braces). Anything else (true/false,
short answer, matching, numerical, missing word) is reported with its line and skipped. Moodle's
syntax corners are honoured: ``//`` comment lines, ``$CATEGORY:``, ``::titles::``, ``[html]``
``[markdown]`` ``[plain]`` ``[moodle]`` formats, escapes ``\\~ \\= \\# \\{ \\} \\: \\n \\\\``,
``#feedback``, ``####general feedback``, decimal and negative weights, answers over several lines.
(The private-use characters U+E000-U+E008, used inside for escapes, are dropped from the input.)

GIFT has no place for quizapp's sections, misconception tags, stance scales or the reading's
own fields, so the export keeps them in ``// quizapp: {json}`` comment lines, which Moodle
ignores and the importer reads: a reading exported and imported again comes back the same.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ....content.specs import ReadingSpec

FORMATS = ("html", "moodle", "plain", "markdown")
_SPECIALS = "\\~=#{}:n"
# Escaped characters become private-use placeholders while the structure is parsed.
_PH = {ch: chr(0xE000 + i) for i, ch in enumerate(_SPECIALS)}
_UNPH = {v: ("\n" if k == "n" else k) for k, v in _PH.items()}
_META = re.compile(r"^\s*//\s*quizapp(-reading)?:\s*(\{.*\})\s*$")
_WEIGHT = re.compile(r"^\s*%\s*(-?\d+(?:[.,]\d*)?)\s*%")
_FORMAT = re.compile(r"^\s*\[(" + "|".join(FORMATS) + r")\]", re.IGNORECASE)


@dataclass
class GiftChoice:
    text: str
    correct: bool
    feedback: str = ""
    weight: float | None = None


@dataclass
class GiftItem:
    kind: str  # "mc" | "essay" | "description"
    line: int
    text: str
    title: str | None = None
    format: str | None = None
    choices: list[GiftChoice] = field(default_factory=list)
    multiple: bool = False
    general_feedback: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class GiftIssue:
    line: int
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"line {self.line}: {'skipped: ' if self.skipped else ''}{self.message}"


@dataclass
class GiftFile:
    items: list[GiftItem] = field(default_factory=list)
    issues: list[GiftIssue] = field(default_factory=list)
    category: str | None = None
    reading: dict[str, Any] | None = None


class Skip(ValueError):
    """This item cannot be imported; the message says why."""


# --- reading --------------------------------------------------------------------------------

def _protect(text: str) -> str:
    for ph in _UNPH:
        text = text.replace(ph, "")  # a private-use character in the input would confuse us
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in _SPECIALS:
            out.append(_PH[text[i + 1]])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _plain(text: str, fmt: str | None = None) -> str:
    """Unwrap physical lines, restore escaped characters, turn HTML into plain text."""
    text = re.sub(r"[ \t]*\n[ \t]*", " ", text)
    if fmt == "html":
        text = re.sub(r"(?i)<br\s*/?>|</p\s*>", _PH["n"], text)
        text = html.unescape(re.sub(r"<[^>]*>", "", text))
    for ph, ch in _UNPH.items():
        text = text.replace(ph, ch)
    return text.strip()


def _take_format(text: str) -> tuple[str | None, str]:
    match = _FORMAT.match(text)
    if not match:
        return None, text
    return match.group(1).lower(), text[match.end():]


def _split_answers(body: str) -> list[tuple[str, str]]:
    """'=a#f ~b' -> [('=', 'a#f'), ('~', 'b')]: a new answer at every unescaped = or ~."""
    parts: list[tuple[str, str]] = []
    lead, current, marker = [], [], ""
    for ch in body:
        if ch in "=~":
            if marker:
                parts.append((marker, "".join(current)))
            elif "".join(lead).strip():
                raise Skip("text before the first answer (answers start with = or ~)")
            marker, current = ch, []
        elif marker:
            current.append(ch)
        else:
            lead.append(ch)
    if marker:
        parts.append((marker, "".join(current)))
    return parts


def _choices(body: str, fmt: str | None, item: GiftItem, issues: list[GiftIssue]) -> None:
    body, _, general = body.partition("####")
    item.general_feedback = _plain(general, fmt)
    raw = _split_answers(body)
    single = any(marker == "=" for marker, _ in raw)
    if single and sum(marker == "=" for marker, _ in raw) > 1:
        raise Skip("several '=' answers (any one of them right) cannot be scored "
                   "all-or-nothing; use ~%50% weights for a multiple-answer question")
    for n, (marker, rest) in enumerate(raw, start=1):
        weight = None
        match = _WEIGHT.match(rest)
        if match:
            weight = float(match.group(1).replace(",", "."))
            rest = rest[match.end():]
        text, _, feedback = rest.partition("#")
        text = _plain(text, fmt)
        if not text:
            raise Skip(f"answer {n} is empty")
        if single:
            correct = marker == "="
            if not correct and weight is not None and weight > 0:
                issues.append(GiftIssue(item.line, f"answer {n} gives partial credit "
                                        f"({weight:g}%); quizapp scores all-or-nothing, so it "
                                        "is read as a wrong choice", skipped=False))
        else:
            correct = weight is not None and weight > 0
        item.choices.append(GiftChoice(text, correct, _plain(feedback, fmt), weight))
    item.multiple = not single
    if len(item.choices) < 2:
        raise Skip("a multiple-choice question needs at least 2 answers")
    if not any(c.correct for c in item.choices):
        raise Skip("no answer is right (use = for the right one, or positive %weights%)")


def _item(text: str, line: int, meta: dict[str, Any], issues: list[GiftIssue]) -> GiftItem:
    title = None
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise Skip("the title is not closed with '::'")
        title = _plain(text[2:end])
        text = text[end + 2:].lstrip()
    fmt, text = _take_format(text)
    start = text.find("{")
    if start < 0:
        if "}" in text:
            raise Skip("a '}' without its '{' (write \\} for a literal brace)")
        return GiftItem("description", line, _plain(text, fmt), title, fmt, meta=meta)
    end = text.rfind("}")
    if end < start:
        raise Skip("the answers are not closed with '}'")
    question = _plain(text[:start], fmt)
    after = text[end + 1:].strip()
    body = text[start + 1:end]
    if after:
        raise Skip("text after the answers (a missing-word question) is not supported")
    if not question:
        raise Skip("the question has no text")
    answer = body.strip()
    if not answer or answer.startswith("####"):
        if answer:
            issues.append(GiftIssue(line, "the essay's general feedback is not kept "
                                    "(discussion questions have none)", skipped=False))
        return GiftItem("essay", line, question, title, fmt, meta=meta)
    if answer.startswith("#"):
        raise Skip("numerical questions are not supported")
    if re.fullmatch(r"(?i)(t|f|true|false)", answer.partition("#")[0].strip()):
        raise Skip("true/false questions are not supported")
    if "->" in answer:
        raise Skip("matching questions are not supported")
    if "~" not in answer:
        if "=" in answer:
            raise Skip("short-answer questions (only '=' answers) are not supported")
        raise Skip("the answers are not in a form quizapp reads")
    item = GiftItem("mc", line, question, title, fmt, meta=meta)
    _choices(body, fmt, item, issues)
    return item


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            blocks[-1].append((number, line))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def parse_gift(text: str) -> GiftFile:
    """Read GIFT text. Never raises: whatever cannot be read is listed in ``issues``."""
    out = GiftFile()
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for block in _blocks(text):
        meta: dict[str, Any] = {}
        lines = []
        for number, line in block:
            if not line.lstrip().startswith("//"):
                lines.append((number, line))
                continue
            match = _META.match(line)
            if match:
                try:
                    value = json.loads(match.group(2))
                except ValueError:
                    out.issues.append(GiftIssue(number, "a '// quizapp:' comment is not valid "
                                                "JSON; ignored", skipped=False))
                    continue
                if isinstance(value, dict):
                    if match.group(1):
                        out.reading = value
                    else:
                        meta = value
        if not lines:
            continue
        first = lines[0][0]
        body = _protect("\n".join(line for _, line in lines)).strip()
        if body.startswith("$CATEGORY:"):
            category = _plain(body[len("$CATEGORY:"):])
            if out.category is not None and category != out.category:
                out.issues.append(GiftIssue(first, f"a second category ({category}) is "
                                            "read into the same reading", skipped=False))
            out.category = out.category or category
            continue
        try:
            out.items.append(_item(body, first, meta, out.issues))
        except Skip as exc:
            out.issues.append(GiftIssue(first, str(exc)))
        except Exception as exc:  # noqa: BLE001 - one odd item must never stop the import
            out.issues.append(GiftIssue(first, f"could not read this item ({exc})"))
    return out


# --- writing --------------------------------------------------------------------------------

def escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for ch in "~=#{}:":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\r", "").replace("\n", "\\n")


def _meta_line(meta: dict[str, Any], reading: bool = False) -> str:
    name = "quizapp-reading" if reading else "quizapp"
    return f"// {name}: {json.dumps(meta, ensure_ascii=False, separators=(', ', ': '))}"


def _weight(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.5f}".rstrip("0")


def export_reading(spec: ReadingSpec) -> str:
    """The reading as GIFT: summary sections as descriptions, checks, discussion as essays."""
    out = [
        f"// quizapp export of the reading \"{spec.slug}\": {spec.title}",
        "// Summary sections are description items, checks are multiple-choice questions, "
        "discussion questions are essays.",
        "// Lines starting with \"// quizapp\" keep what GIFT has no place for (sections, "
        "misconception tags, the reading's details); Moodle ignores them.",
        _meta_line({"slug": spec.slug, "title": spec.title,
                    "original_title": spec.original_title, "publication": spec.publication,
                    "author": spec.author, "date": spec.date, "source_file": spec.source_file,
                    "description": spec.description, "key_points": spec.key_points,
                    "key_terms": spec.key_terms}, reading=True),
        f"$CATEGORY: $course$/top/quizapp/{spec.slug}",
        "",
    ]
    for section in spec.summary:
        out += [_meta_line({"section": section["id"]}),
                f"::{escape(section['heading'])}::[markdown]{escape(section['text'])}", ""]
    for q in spec.questions:
        meta = {"id": q.id, "section": q.section, "compares": q.compares,
                "choices": [c.id for c in q.choices],
                "misconceptions": {c.id: c.misconception for c in q.choices if c.misconception}}
        out += [_meta_line(meta), f"::{escape(q.id)}::[plain]{escape(q.prompt)} {{"]
        n_right = sum(c.correct for c in q.choices)
        for c in q.choices:
            if q.multiple:
                mark = f"~%{_weight(100 / n_right)}%" if c.correct else "~%-100%"
            else:
                mark = "=" if c.correct else "~"
                if c.text.startswith("%"):  # a literal % would read as a weight
                    mark += "%100%" if c.correct else "%0%"
            feedback = f"#{escape(c.feedback)}" if c.feedback else ""
            out.append(f"\t{mark}{escape(c.text)}{feedback}")
        if q.explanation:
            out.append(f"\t####{escape(q.explanation)}")
        out += ["}", ""]
    for d in spec.discussion:
        meta = {"id": d.id, "section": d.section, "compares": d.compares, "stance": d.stance}
        out += [_meta_line(meta), f"::{escape(d.id)}::[plain]{escape(d.prompt)} {{}}", ""]
    return "\n".join(out)
