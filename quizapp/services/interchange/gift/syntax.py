"""Reading GIFT files the way Moodle's qformat_gift reads them.

Items are separated by blank lines; ``//`` lines are comments (Moodle's ``[id:...]`` and
``[tag:...]`` in them are read); ``$CATEGORY:`` names the category; ``::title::`` the question;
``[html]`` ``[moodle]`` ``[plain]`` ``[markdown]`` (exact, lower case) set the format of the
question text and, independently, of each answer, feedback and general feedback (the
question's format is their default). Escapes ``\\~ \\= \\# \\{ \\} \\: \\n \\\\``. Line breaks
inside an item are kept.

The question type is decided as Moodle decides it, in this order: no braces -> description;
empty answers -> essay; answers starting ``#`` -> numerical; a ``~`` anywhere -> multiple
choice (so ``->`` in a choice or a feedback is just text); ``=`` and ``->`` -> matching;
``T``/``TRUE``/``F``/``FALSE`` -> true/false; anything else -> short answer. Multiple choice,
true/false (a two-choice check), essays and descriptions are read; numerical, matching and short
answer are listed with their line and skipped. Text after the answers makes a missing-word
question: Moodle puts ``_____`` where the answers were, and so does the import. Answer weights
are checked against Moodle's grade list and multiple-choice rules (``bank.grades``).

(The private-use characters U+E000-U+E008, used inside for escapes, are dropped from the input.)
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..bank.grades import on_grade_list, percent, weight_problems
from ..bank.items import BankChoice, BankIssue, BankItem, ParsedBank, Skip
from ..bank.markup import FORMATS, to_content

_SPECIALS = "\\~=#{}:n"
# Escaped characters become private-use placeholders while the structure is parsed.
_PH = {ch: chr(0xE000 + i) for i, ch in enumerate(_SPECIALS)}
_UNPH = {v: ("\n" if k == "n" else k) for k, v in _PH.items()}
_META = re.compile(r"^\s*//\s*quizapp(-reading)?:\s*(\{.*\})\s*$")
WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")  # Moodle's $giftanswerweightregex
_ID = re.compile(r"\[id:((?:\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG = re.compile(r"\[tag:((?:\\]|[^\]<>`\x00-\x1f\x7f])+)\]")
TRUE_FALSE = ("T", "TRUE", "F", "FALSE")


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


def _unescape(text: str) -> str:
    for ph, ch in _UNPH.items():
        text = text.replace(ph, ch)
    return text


class _Texts:
    """Turns each field into content-format text, remembering what could not be kept."""

    def __init__(self) -> None:
        self.lost: list[str] = []

    def read(self, raw: str, default: str | None, what: str) -> tuple[str, str]:
        """Moodle's parse_text_with_format: an optional [format] at the very start."""
        raw = raw.strip()
        fmt = default
        if raw.startswith("["):
            end = raw.find("]")
            if end > 0 and raw[1:end] in FORMATS:
                fmt, raw = raw[1:end], raw[end + 1:]
        text, lost = to_content(_unescape(raw).strip(), fmt)
        if lost:
            self.lost.append(f"{what}: {', '.join(lost)}")
        return text, fmt or "moodle"


def id_and_tags(comment: str) -> tuple[str, list[str]]:
    """Moodle's extract_idnumber_and_tags_from_comment: ``[id:x]`` and ``[tag:y]``."""
    found = _ID.search(comment)
    idnumber = found.group(1).strip().replace("\\]", "]") if found else ""
    tags = [t.strip().replace("\\]", "]") for t in _TAG.findall(comment)]
    return idnumber, [t for t in tags if t]


def _answers(body: str) -> list[str]:
    """Moodle: every '=' starts an answer too; split at '~'; a blank first piece is dropped."""
    parts = body.replace("=", "~=").split("~")
    if parts and not parts[0].strip():
        parts = parts[1:]
    return [p.strip() for p in parts]


def _weight(answer: str, n: int) -> tuple[float, str]:
    if answer.startswith("="):
        return 1.0, answer[1:]
    if WEIGHT.match(answer):
        end = answer.find("%", 1)
        value = answer[1:end]
        try:
            number = float(re.sub(r"^-+", "-", value))
        except ValueError as exc:
            raise Skip(f"answer {n}: weight %{value}% is not a number") from exc
        return number / 100, answer[end + 1:]
    return 0.0, answer


def _multichoice(item: BankItem, body: str, texts: _Texts, issues: list[BankIssue]) -> None:
    single = "=" in body
    default = item.format
    read: list[tuple[float, str, str]] = []
    for n, answer in enumerate(_answers(body), start=1):
        fraction, rest = _weight(answer, n)
        raw_text, _, raw_feedback = rest.partition("#")
        text, _fmt = texts.read(raw_text, default, f"answer {n}")
        feedback, _fmt = texts.read(raw_feedback, default, f"the feedback of answer {n}")
        if not text:
            issues.append(BankIssue(item.line, f"answer {n} has no text and is left out, as "
                                    "Moodle leaves out blank answers", skipped=False))
            continue
        if re.match(r"%\s*-?\d", raw_text.strip()) and fraction == 0 and not single:
            issues.append(BankIssue(item.line, f"answer {n} starts {raw_text.strip()[:12]!r}, "
                                    "which Moodle does not read as a weight (a weight is "
                                    "%NN% or %NN.NNN% with a point)", skipped=False))
        read.append((fraction, text, feedback))
    problems = weight_problems([f for f, _, _ in read], single)
    if problems:
        raise Skip(problems[0])
    fractions = [on_grade_list(f) or 0.0 for f, _, _ in read]
    if single:
        if sum(1 for f in fractions if f == 1) > 1:
            raise Skip("several '=' answers (any one of them right) cannot be scored "
                       "all-or-nothing; use ~%50% weights for a multiple-answer question")
        for n, f in enumerate(fractions, start=1):
            if 0 < f < 1:
                issues.append(BankIssue(item.line, f"answer {n} gives partial credit "
                                        f"({percent(f)}%); quizapp scores all-or-nothing, so it "
                                        "is read as a wrong choice", skipped=False))
        correct = [f == 1 for f in fractions]
    else:
        correct = [f > 0 for f in fractions]
        positive = {f for f in fractions if f > 0}
        if len(positive) > 1:
            issues.append(BankIssue(item.line, "the right answers have different weights ("
                                    + ", ".join(f"{percent(f)}%" for f in fractions if f > 0)
                                    + "); quizapp scores all-or-nothing, so each is simply a "
                                    "right choice", skipped=False))
    item.multiple = not single
    item.choices = [BankChoice(text, right, feedback, f * 100)
                    for (_f, text, feedback), f, right in zip(read, fractions, correct,
                                                              strict=True)]
    if not any(c.correct for c in item.choices):
        raise Skip("no answer is right (use = for the right one, or positive %weights%)")


def _true_false(item: BankItem, answer: str, texts: _Texts) -> None:
    """{T#wrong feedback#right feedback}: a two-choice check True/False."""
    bits = answer.split("#", 2) + ["", ""]
    truth = bits[0].strip() in ("T", "TRUE")
    wrong, _fmt = texts.read(bits[1], item.format, "the feedback for a wrong answer")
    right, _fmt = texts.read(bits[2], item.format, "the feedback for the right answer")
    item.choices = [BankChoice("True", truth, right if truth else wrong),
                    BankChoice("False", not truth, wrong if truth else right)]


def _item(text: str, line: int, meta: dict[str, Any], issues: list[BankIssue]) -> BankItem:
    title = None
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            issues.append(BankIssue(line, "the title is not closed with '::'; read as part of "
                                    "the question, as Moodle does", skipped=False))
            text = text[2:]
        else:
            title = _unescape(text[2:end]).strip()
            text = text[end + 2:].strip()
    texts = _Texts()
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        body_text, fmt = texts.read(text, None, "the text")
        item = BankItem("description", line, body_text, title, fmt, meta=meta)
        _lost(item, texts, issues)
        return item
    if start < 0 or finish < 0:
        raise Skip("the answers need both '{' and '}' (write \\{ or \\} for a literal brace)")
    if finish < start:
        raise Skip("a '}' comes before the '{' (write \\} for a literal brace)")
    answer = text[start + 1:finish].strip()
    if text.endswith("}"):
        question_raw = text[:start] + text[finish + 1:]
    else:  # a missing-word question: Moodle puts a blank where the answers were
        question_raw = text[:start] + "_____" + text[finish + 1:]
    general_raw = ""
    cut = answer.rfind("####")
    if cut >= 0:
        general_raw, answer = answer[cut + 4:], answer[:cut].strip()
    question, fmt = texts.read(question_raw, None, "the question")
    if not question:
        raise Skip("the question has no text")
    item = BankItem("mc", line, question, title, fmt, meta=meta)
    item.general_feedback, _fmt = texts.read(general_raw, fmt, "the general feedback")
    if not answer:
        item.kind = "essay"
        if item.general_feedback:
            issues.append(BankIssue(line, "the essay's general feedback is not kept "
                                    "(discussion questions have none)", skipped=False))
    elif answer.startswith("#"):
        raise Skip("numerical questions are not supported")
    elif "~" in answer:
        _multichoice(item, answer, texts, issues)
    elif "=" in answer and "->" in answer:
        raise Skip("matching questions are not supported")
    elif answer.partition("#")[0].strip() in TRUE_FALSE:
        _true_false(item, answer, texts)
    else:
        raise Skip("short-answer questions are not supported")
    _lost(item, texts, issues)
    return item


def _lost(item: BankItem, texts: _Texts, issues: list[BankIssue]) -> None:
    if texts.lost:
        issues.append(BankIssue(item.line, "formatting with no equivalent in quizapp was "
                                "dropped: " + "; ".join(texts.lost), skipped=False))


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            blocks[-1].append((number, line))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def parse_gift(text: str) -> ParsedBank:
    """Read GIFT text. Never raises: whatever cannot be read is listed in ``issues``."""
    out = ParsedBank()
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for block in _blocks(text):
        meta: dict[str, Any] = {}
        lines, comments = [], []
        for number, line in block:
            if not line.lstrip().startswith("//"):
                lines.append((number, line))
                continue
            comments.append(line)
            match = _META.match(line)
            if match:
                try:
                    value = json.loads(match.group(2))
                except ValueError:
                    out.issues.append(BankIssue(number, "a '// quizapp:' comment is not valid "
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
            category = _unescape(body[len("$CATEGORY:"):]).strip()
            if out.category is not None and category != out.category:
                out.issues.append(BankIssue(first, f"a second category ({category}) is "
                                            "read into the same reading", skipped=False))
            out.category = out.category or category
            continue
        try:
            item = _item(body, first, meta, out.issues)
        except Skip as exc:
            out.issues.append(BankIssue(first, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - one odd item must never stop the import
            out.issues.append(BankIssue(first, f"could not read this item ({exc})"))
            continue
        item.idnumber, item.tags = id_and_tags("\n".join(comments))
        out.items.append(item)
    return out
