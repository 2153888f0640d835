"""Writing a reading as Moodle XML, laid out as Moodle's own exporter lays it out.

Summary sections become ``description`` questions, checks ``multichoice`` (one right answer:
``single`` true, fractions 100/0; several: ``single`` false, each right answer 100/n from
Moodle's grade list and each wrong one -100, so a wrong tick loses everything, as quizapp's
all-or-nothing scoring does) or ``truefalse`` when the check is exactly True/False, discussion
questions ``essay``. Per-choice feedback goes in each answer's ``feedback``, the explanation in
``generalfeedback``, misconceptions in Moodle tags ``misconception:TAG``; answers are not
shuffled (quizapp shows them in order). Text is written as ``html``: paragraphs, line breaks
and ``*emphasis*``, everything else escaped; text with markup characters is wrapped in CDATA as
Moodle does. quizapp's own details (ids, sections, which choice has which misconception,
stance scales, the reading's fields) travel in ``<!-- quizapp: {json} -->`` comments, which
Moodle ignores, so exporting, importing and exporting again gives the same bytes.
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any

from ....content.specs import DiscussionSpec, McSpec, ReadingSpec
from ..bank.exporting import (
    discussion_meta,
    misconception_tags,
    question_meta,
    reading_meta,
    right_fraction,
    true_false,
)
from ..bank.grades import percent

_EMPHASIS = re.compile(r"\*([^\s*](?:[^*\n]*[^\s*])?)\*")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def content_html(text: str) -> str:
    """Content-format text as HTML: <p> per paragraph, <br> per line break, <em>."""
    paragraphs = []
    for para in re.split(r"\n\s*\n", text.strip()):
        lines = [" ".join(line.split()) for line in para.split("\n")]
        lines = [_EMPHASIS.sub(r"<em>\1</em>", escape(line, quote=False))
                 for line in lines if line]
        if lines:
            paragraphs.append("<p>" + "<br>".join(lines) + "</p>")
    return "".join(paragraphs)


def _cdata(value: str) -> str:
    """Moodle's xml_escape: CDATA when the text has markup characters, ']]>' split."""
    value = _NOT_XML.sub("", value)
    if value and escape(value) != value:
        return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    return value


def _text(value: str, indent: int) -> str:
    return f"{'  ' * indent}<text>{_cdata(value)}</text>\n"


def _field(tag: str, html: str, indent: int = 2) -> str:
    pad = "  " * indent
    return f'{pad}<{tag} format="html">\n{_text(html, indent + 1)}{pad}</{tag}>\n'


def _comment(name: str, meta: dict[str, Any]) -> str:
    body = json.dumps(meta, ensure_ascii=False, separators=(", ", ": "))
    body = body.replace("--", "-\\u002d")  # '--' may not appear in a comment; same JSON
    return f"<!-- {name}: {_NOT_XML.sub('', body)} -->\n"


def _head(kind: str, name: str, html: str, general: str, idnumber: str, grade: str,
          penalty: str) -> str:
    return (f'  <question type="{kind}">\n    <name>\n{_text(name, 3)}    </name>\n'
            + _field("questiontext", html) + _field("generalfeedback", general)
            + f"    <defaultgrade>{grade}</defaultgrade>\n    <penalty>{penalty}</penalty>\n"
            f"    <hidden>0</hidden>\n    <idnumber>{_cdata(idnumber)}</idnumber>\n")


def _answer(fraction: str, text: str, feedback: str, html: bool = True) -> str:
    fmt = "html" if html else "moodle_auto_format"
    return (f'    <answer fraction="{fraction}" format="{fmt}">\n{_text(text, 3)}'
            + _field("feedback", content_html(feedback), 3) + "    </answer>\n")


def _tags(tags: list[str]) -> str:
    if not tags:
        return ""
    return ("    <tags>\n" + "".join(f"      <tag>{_text(t, 0).rstrip()}</tag>\n" for t in tags)
            + "    </tags>\n")


def _check(q: McSpec) -> str:
    general = content_html(q.explanation)
    truth = true_false(q)
    if truth is not None:
        out = _head("truefalse", q.id, content_html(q.prompt), general, q.id, "1", "1")
        for choice, word in zip(q.choices, ("true", "false"), strict=True):
            out += _answer("100" if choice.correct else "0", word, choice.feedback, html=False)
        return out + _tags(misconception_tags(q)) + "  </question>\n"
    out = _head("multichoice", q.id, content_html(q.prompt), general, q.id, "1", "0.3333333")
    out += (f"    <single>{'false' if q.multiple else 'true'}</single>\n"
            "    <shuffleanswers>false</shuffleanswers>\n"
            "    <answernumbering>abc</answernumbering>\n"
            "    <showstandardinstruction>0</showstandardinstruction>\n"
            + _field("correctfeedback", "") + _field("partiallycorrectfeedback", "")
            + _field("incorrectfeedback", "") + "    <shownumcorrect/>\n")
    right = percent(right_fraction(q)) if q.multiple else "100"
    wrong = "-100" if q.multiple else "0"
    for c in q.choices:
        out += _answer(right if c.correct else wrong, content_html(c.text), c.feedback)
    return out + _tags(misconception_tags(q)) + "  </question>\n"


def _essay(d: DiscussionSpec) -> str:
    return (_head("essay", d.id, content_html(d.prompt), "", d.id, "1", "0")
            + "    <responseformat>editor</responseformat>\n"
            "    <responserequired>1</responserequired>\n"
            "    <responsefieldlines>15</responsefieldlines>\n"
            "    <attachments>0</attachments>\n"
            "    <attachmentsrequired>0</attachmentsrequired>\n"
            + _field("graderinfo", "") + _field("responsetemplate", "") + "  </question>\n")


def export_reading_xml(spec: ReadingSpec) -> str:
    """The reading as a Moodle XML question bank (see the module doc)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n',
           _comment("quizapp-reading", reading_meta(spec)),
           '  <question type="category">\n    <category>\n'
           + _text(f"$course$/top/quizapp/{spec.slug}", 3) + "    </category>\n"
           + _field("info", content_html(spec.description))
           + "    <idnumber></idnumber>\n  </question>\n"]
    for section in spec.summary:
        out.append(_comment("quizapp", {"section": section["id"]}))
        out.append(_head("description", section["heading"], content_html(section["text"]), "",
                         "", "0", "0") + "  </question>\n")
    for q in spec.questions:
        out.append(_comment("quizapp", question_meta(q)) + _check(q))
    for d in spec.discussion:
        out.append(_comment("quizapp", discussion_meta(d)) + _essay(d))
    out.append("</quiz>\n")
    return "".join(out)
