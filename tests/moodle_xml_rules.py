"""The rules Moodle's XML question import applies (question/format/xml/format.php, with the
question types' own checks), as a checker for quizapp's export. Written against the standard
library's ElementTree, independently of quizapp's own reader."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own export, not an upload
from html.parser import HTMLParser

# trans_format: any other name is "unrecognised" (Moodle assumes html, with a warning).
FORMATS = {"moodle_auto_format", "html", "plain_text", "wiki_like", "markdown"}
TYPES = {"category", "multichoice", "truefalse", "shortanswer", "numerical", "description",
         "matching", "match", "cloze", "multianswer", "essay", "calculated",
         "calculatedsimple", "calculatedmulti"}
# question_bank::fraction_options_full()
GRADES = [1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3,
          0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0]
GRADES += [-g for g in GRADES if g]
NUMBERING = {"abc", "ABCD", "123", "iii", "IIII", "none"}
RESPONSE_FORMATS = {"editor", "editorfilepicker", "plain", "monospaced", "noinline"}
ALLOWED_HTML = {"p", "br", "em"}


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_HTML or attrs:
            self.problems.append(f"unexpected markup <{tag}>")
        if tag != "br":
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"</{tag}> does not close the open element")


def _text(node: ET.Element | None, where: str, problems: list[str],
          required: bool = False) -> str:
    if node is None:
        if required:
            problems.append(f"{where}: missing")
        return ""
    fmt = node.get("format")
    if fmt is not None and fmt not in FORMATS:
        problems.append(f"{where}: unknown format {fmt!r}")
    text_node = node.find("text")
    if text_node is None:
        problems.append(f"{where}: no <text>")
        return ""
    value = (text_node.text or "").strip()
    if required and not value:
        problems.append(f"{where}: empty")
    if fmt == "html" and value:
        parser = _Html()
        parser.feed(value)
        parser.close()
        problems += [f"{where}: {p}" for p in parser.problems]
        if parser.open:
            problems.append(f"{where}: <{parser.open[-1]}> not closed")
    return value


def _on_list(fraction: float) -> bool:
    return any(abs(fraction - g) < 0.00001 for g in GRADES)  # match_grade_options 'error'


def _multichoice(q: ET.Element, where: str, problems: list[str]) -> None:
    single = q.findtext("single", "true").strip()
    if single not in ("true", "false"):
        problems.append(f"{where}: <single> {single!r}")
    if q.findtext("shuffleanswers", "false").strip() not in ("true", "false"):
        problems.append(f"{where}: <shuffleanswers>")
    if q.findtext("answernumbering", "abc").strip() not in NUMBERING:
        problems.append(f"{where}: <answernumbering>")
    fractions = []
    for n, answer in enumerate(q.findall("answer"), start=1):
        fraction = float(answer.get("fraction", "0")) / 100
        if not _on_list(fraction):
            problems.append(f"{where}: answer {n}: fraction not on the grade list")
        fractions.append(fraction)
        _text(answer, f"{where}: answer {n}", problems, required=True)
        _text(answer.find("feedback"), f"{where}: answer {n} feedback", problems)
    if len(fractions) < 2:
        problems.append(f"{where}: fewer than 2 answers")
    if single == "true" and max(fractions, default=0) != 1:
        problems.append(f"{where}: errfractionsnomax")
    if single == "false" and round(sum(f for f in fractions if f > 0), 2) != 1:
        problems.append(f"{where}: errfractionsaddwrong")


def moodle_problems(xml_text: str) -> list[str]:
    """What Moodle's import would refuse or warn about in ``xml_text`` (empty: accepted)."""
    problems: list[str] = []
    for content in re.findall(r"<text>(.*?)</text>", xml_text, re.DOTALL):
        if ("<" in content or "&" in content) and not (
                content.startswith("<![CDATA[") and content.endswith("]]>")):
            problems.append(f"text with markup outside CDATA: {content[:40]!r}")
    root = ET.fromstring(xml_text)  # noqa: S314 - our own export
    if root.tag != "quiz":
        return [f"root <{root.tag}>"]
    idnumbers: set[str] = set()
    for i, q in enumerate(root.findall("question"), start=1):
        kind = q.get("type", "")
        where = f"question {i} ({kind})"
        if kind not in TYPES:
            problems.append(f"{where}: unknown type")
            continue
        if kind == "category":
            if not q.findtext("category/text", "").strip():
                problems.append(f"{where}: no category path")
            _text(q.find("info"), f"{where}: info", problems)
            continue
        name = q.findtext("name/text", "").strip()
        if not name:
            problems.append(f"{where}: xmlimportnoname")
        if len(name) > 255:
            problems.append(f"{where}: name longer than 255")
        _text(q.find("questiontext"), f"{where}: questiontext", problems,
              required=kind != "description")
        _text(q.find("generalfeedback"), f"{where}: generalfeedback", problems)
        idnumber = q.findtext("idnumber", "").strip()
        if idnumber:
            if idnumber in idnumbers or len(idnumber) > 100:
                problems.append(f"{where}: idnumber {idnumber!r} repeated or too long")
            idnumbers.add(idnumber)
        for tag in q.findall("tags/tag"):
            value = tag.findtext("text", "").strip()
            if not value or len(value) > 50 or re.search(r"[<>`,]", value):
                problems.append(f"{where}: tag {value!r}")
        if kind == "multichoice":
            _multichoice(q, where, problems)
        elif kind == "truefalse":
            answers = {a.findtext("text", "").strip(): float(a.get("fraction", "0"))
                       for a in q.findall("answer")}
            if set(answers) != {"true", "false"} or sorted(answers.values()) != [0, 100]:
                problems.append(f"{where}: truefalseimporterror")
        elif kind == "essay":
            if q.findtext("responseformat", "editor") not in RESPONSE_FORMATS:
                problems.append(f"{where}: responseformat")
            for tag in ("responserequired", "responsefieldlines", "attachments"):
                if not q.findtext(tag, "0").strip().isdigit():
                    problems.append(f"{where}: <{tag}>")
            _text(q.find("graderinfo"), f"{where}: graderinfo", problems)
    return problems
