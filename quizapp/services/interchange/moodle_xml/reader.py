"""Reading Moodle XML the way Moodle's qformat_xml reads it (question/format/xml/format.php).

``<quiz>`` holds ``<question type="...">`` elements. Read: ``category`` (the reading's name
and description), ``multichoice`` (a check: ``single`` true/false, each ``answer`` with its
``fraction`` percentage and ``feedback``, ``generalfeedback`` as the explanation),
``truefalse`` (a two-choice check True/False), ``essay`` (a discussion question) and
``description`` (a summary section). Every other type is listed with its line and skipped, and
so is a multiple-choice question whose fractions Moodle would refuse (``bank.grades``).

Text formats as Moodle reads them: the ``format`` attribute (``html`` when missing; the
question's format for its answers and feedback), ``moodle_auto_format``/``html`` converted
to the content format (``bank.markup``), ``plain_text``/``markdown`` kept. ``<tags>`` are read:
``misconception:TAG`` tags the question's wrong choices; ``<idnumber>`` is the question's id.
quizapp's own details travel in ``<!-- quizapp: {json} -->`` comments just before a question
(and ``<!-- quizapp-reading: ... -->``), which Moodle ignores.
"""

from __future__ import annotations

import json
from typing import Any

from ..bank.grades import on_grade_list, percent, weight_problems
from ..bank.items import BankChoice, BankIssue, BankItem, ParsedBank, Skip
from ..bank.markup import to_content
from .xmltree import Node, XmlError, parse_xml

FORMATS = {"moodle_auto_format": "moodle", "html": "html", "plain_text": "plain",
           "markdown": "markdown", "wiki_like": "plain"}
UNSUPPORTED = {"shortanswer": "short-answer", "numerical": "numerical", "match": "matching",
               "matching": "matching", "cloze": "cloze (embedded answers)",
               "multianswer": "cloze (embedded answers)", "calculated": "calculated",
               "calculatedsimple": "calculated", "calculatedmulti": "calculated multiple-choice",
               "random": "random", "randomsamatch": "random short-answer matching",
               "ddwtos": "drag-and-drop", "ddimageortext": "drag-and-drop",
               "ddmarker": "drag-and-drop", "gapselect": "select-missing-words"}


class _Texts:
    def __init__(self) -> None:
        self.lost: list[str] = []

    def read(self, node: Node | None, default: str, what: str) -> tuple[str, str]:
        """Moodle's import_text_with_files: <text> trimmed, format attribute or default."""
        if node is None:
            return "", default
        fmt = default  # a format Moodle does not know is read as html, as Moodle does
        if "format" in node.attrs:
            fmt = FORMATS.get(node.attrs["format"].strip(), "html")
        lost = []
        if node.all("file"):
            lost += [f"an attached file ({f.attrs.get('name', '?')})" for f in node.all("file")]
        text, dropped = to_content(node.value("text"), fmt)
        lost += dropped
        if lost:
            self.lost.append(f"{what}: {', '.join(lost)}")
        return text, fmt


def _meta(node: Node, issues: list[BankIssue]) -> dict[str, Any]:
    for comment in node.comments:
        head, _, rest = comment.strip().partition(":")
        if head.strip() == "quizapp":
            try:
                value = json.loads(rest)
            except ValueError:
                issues.append(BankIssue(node.line, "a '<!-- quizapp: -->' comment is not valid "
                                        "JSON; ignored", skipped=False))
                continue
            if isinstance(value, dict):
                return value
    return {}


def _headers(q: Node, kind: str, texts: _Texts, meta: dict[str, Any]) -> BankItem:
    """Moodle's import_headers: name, question text, general feedback, idnumber, tags."""
    question, fmt = texts.read(q.first("questiontext"), "html", "the question")
    item = BankItem(kind, q.line, question, q.value("name", "text") or None, fmt, meta=meta)
    item.general_feedback, _fmt = texts.read(q.first("generalfeedback"), fmt,
                                             "the general feedback")
    item.idnumber = q.value("idnumber")
    tags = q.first("tags")
    item.tags = [t.value("text") for t in tags.all("tag")] if tags is not None else []
    item.tags = [t for t in item.tags if t]
    return item


def _fraction(answer: Node, n: int) -> float:
    raw = answer.attrs.get("fraction", "0").strip() or "0"
    try:
        return float(raw) / 100
    except ValueError as exc:
        raise Skip(f"answer {n} (line {answer.line}): fraction {raw!r} is not a number") \
            from exc


def _multichoice(q: Node, item: BankItem, texts: _Texts, issues: list[BankIssue]) -> None:
    single_text = q.value("single", default="true")
    single = not (single_text == "false" or single_text in ("", "0"))
    read: list[tuple[float, str, str]] = []
    for n, answer in enumerate(q.all("answer"), start=1):
        fraction = _fraction(answer, n)
        text, _fmt = texts.read(answer, item.format or "html", f"answer {n}")
        feedback, _fmt = texts.read(answer.first("feedback"), item.format or "html",
                                    f"the feedback of answer {n}")
        if not text:
            issues.append(BankIssue(q.line, f"answer {n} (line {answer.line}) has no text and "
                                    "is left out, as Moodle leaves out blank answers",
                                    skipped=False))
            continue
        read.append((fraction, text, feedback))
    problems = weight_problems([f for f, _, _ in read], single)
    if problems:
        raise Skip(problems[0])
    fractions = [on_grade_list(f) or 0.0 for f, _, _ in read]
    if single:
        if sum(1 for f in fractions if f == 1) > 1:
            raise Skip("several answers worth 100% in a one-answer question (any one of them "
                       "right) cannot be scored all-or-nothing")
        for n, f in enumerate(fractions, start=1):
            if 0 < f < 1:
                issues.append(BankIssue(q.line, f"answer {n} gives partial credit "
                                        f"({percent(f)}%); quizapp scores all-or-nothing, so it "
                                        "is read as a wrong choice", skipped=False))
        correct = [f == 1 for f in fractions]
    else:
        correct = [f > 0 for f in fractions]
        if len({f for f in fractions if f > 0}) > 1:
            issues.append(BankIssue(q.line, "the right answers have different fractions ("
                                    + ", ".join(f"{percent(f)}%" for f in fractions if f > 0)
                                    + "); quizapp scores all-or-nothing, so each is simply a "
                                    "right choice", skipped=False))
    item.multiple = not single
    item.choices = [BankChoice(text, right, feedback, f * 100)
                    for (_f, text, feedback), f, right in zip(read, fractions, correct,
                                                              strict=True)]
    if not any(c.correct for c in item.choices):
        raise Skip("no answer is right")
    combined = [tag for tag in ("correctfeedback", "partiallycorrectfeedback",
                                "incorrectfeedback") if q.value(tag, "text")]
    if combined:
        issues.append(BankIssue(q.line, "the combined feedback (" + ", ".join(combined)
                                + ") is not kept: quizapp has feedback per choice and an "
                                "explanation", skipped=False))


def _true_false(q: Node, item: BankItem, texts: _Texts) -> None:
    """Moodle's import_truefalse: answers 'true'/'false' (else true first), fraction 100."""
    truth, feedback = True, {"true": "", "false": ""}
    for n, answer in enumerate(q.all("answer")):
        which = answer.value("text")
        if which not in ("true", "false"):
            which = "true" if n == 0 else "false"
        feedback[which], _fmt = texts.read(answer.first("feedback"), item.format or "html",
                                           f"the feedback of '{which}'")
        right = _fraction(answer, n + 1) == 1
        truth = right if which == "true" else not right
    item.choices = [BankChoice("True", truth, feedback["true"]),
                    BankChoice("False", not truth, feedback["false"])]


def _question(q: Node, issues: list[BankIssue]) -> BankItem:
    kind = q.attrs.get("type", "").strip()
    if kind in UNSUPPORTED:
        raise Skip(f"{UNSUPPORTED[kind]} questions are not supported")
    if kind not in ("multichoice", "truefalse", "essay", "description"):
        raise Skip(f"questions of type {kind!r} are not supported" if kind
                   else "a <question> without a type")
    texts = _Texts()
    mapped = {"multichoice": "mc", "truefalse": "mc", "essay": "essay"}.get(kind, kind)
    item = _headers(q, mapped, texts, _meta(q, issues))
    if not item.text and kind != "description":
        raise Skip("the question has no text")
    if kind == "multichoice":
        _multichoice(q, item, texts, issues)
    elif kind == "truefalse":
        _true_false(q, item, texts)
    elif kind == "essay":
        if item.general_feedback:
            issues.append(BankIssue(q.line, "the essay's general feedback is not kept "
                                    "(discussion questions have none)", skipped=False))
        if q.value("graderinfo", "text"):
            issues.append(BankIssue(q.line, "the information for graders is not kept",
                                    skipped=False))
    if texts.lost:
        issues.append(BankIssue(q.line, "formatting with no equivalent in quizapp was "
                                "dropped: " + "; ".join(texts.lost), skipped=False))
    return item


def _reading_meta(root: Node, out: ParsedBank) -> None:
    for node in [root, *root.children]:
        for comment in node.comments:
            head, _, rest = comment.strip().partition(":")
            if head.strip() == "quizapp-reading":
                try:
                    value = json.loads(rest)
                except ValueError:
                    out.issues.append(BankIssue(node.line, "a '<!-- quizapp-reading: -->' "
                                                "comment is not valid JSON; ignored",
                                                skipped=False))
                    continue
                if isinstance(value, dict):
                    out.reading = value


def parse_moodle_xml(data: str | bytes) -> ParsedBank:
    """Read a Moodle XML file. Raises XmlError for a file that is not XML (or has a DTD);
    within the file, whatever cannot be read is listed in ``issues``."""
    root = parse_xml(data)
    if root.tag != "quiz":
        raise XmlError(root.line, f"the root element is <{root.tag}>, not Moodle's <quiz>")
    out = ParsedBank()
    _reading_meta(root, out)
    for q in root.children:
        if q.tag != "question":
            out.issues.append(BankIssue(q.line, f"<{q.tag}> is not a <question>; ignored",
                                        skipped=False))
            continue
        if q.attrs.get("type") == "category":
            category = q.value("category", "text")
            if out.category is not None and category != out.category:
                out.issues.append(BankIssue(q.line, f"a second category ({category}) is "
                                            "read into the same reading", skipped=False))
            out.category = out.category or category
            info = q.first("info")
            if info is not None and not out.category_info:
                fmt = FORMATS.get(info.attrs.get("format", "").strip(), "html")
                out.category_info = to_content(info.value("text"), fmt)[0]
            continue
        try:
            out.items.append(_question(q, out.issues))
        except Skip as exc:
            out.issues.append(BankIssue(q.line, str(exc)))
        except Exception as exc:  # noqa: BLE001 - one odd question must never stop the import
            out.issues.append(BankIssue(q.line, f"could not read this question ({exc})"))
    return out
