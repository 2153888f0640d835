"""Writing a reading as GIFT that Moodle imports as it is, and quizapp reads back the same.

GIFT has no place for quizapp's sections, misconception tags per choice, stance scales or the
reading's own fields, so the export keeps them in ``// quizapp: {json}`` comment lines, which
Moodle ignores and the importer reads. Each question also gets Moodle's own ``// [id:...]
[tag:misconception:...]`` comment, so a Moodle question bank keeps the id and can be filtered
by misconception.
"""

from __future__ import annotations

import json
from typing import Any

from ....content.specs import ReadingSpec
from ..bank.exporting import (
    discussion_meta,
    misconception_tags,
    question_meta,
    reading_meta,
    right_fraction,
    true_false,
)
from ..bank.grades import percent
from ..bank.markup import FORMATS
from .syntax import WEIGHT


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for ch in "~=#{}:":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\r", "").replace("\n", "\\n")


def _field(text: str) -> str:
    """An answer or feedback: escaped, and marked [plain] if it starts like a format name."""
    if any(text.startswith(f"[{name}]") for name in FORMATS):
        return "[plain]" + escape(text)
    return escape(text)


def _meta_line(meta: dict[str, Any], reading: bool = False) -> str:
    name = "quizapp-reading" if reading else "quizapp"
    return f"// {name}: {json.dumps(meta, ensure_ascii=False, separators=(', ', ': '))}"


def _moodle_line(qid: str, tags: list[str]) -> str:
    marks = [f"[id:{qid}]", *(f"[tag:{t}]" for t in tags)]
    return "// " + " ".join(m.replace("]", "\\]", m.count("]") - 1) for m in marks)


def export_reading(spec: ReadingSpec) -> str:
    """The reading as GIFT: summary sections as descriptions, checks, discussion as essays."""
    out = [
        f"// quizapp export of the reading \"{spec.slug}\": {spec.title}",
        "// Summary sections are description items, checks are multiple-choice (or true/false) "
        "questions, discussion questions are essays.",
        "// Lines starting with \"// quizapp\" keep what GIFT has no place for (sections, "
        "misconception tags, the reading's details); Moodle ignores them.",
        _meta_line(reading_meta(spec), reading=True),
        f"$CATEGORY: $course$/top/quizapp/{spec.slug}",
        "",
    ]
    for section in spec.summary:
        out += [_meta_line({"section": section["id"]}),
                f"::{escape(section['heading'])}::[markdown]{escape(section['text'])}", ""]
    for q in spec.questions:
        out += [_meta_line(question_meta(q)), _moodle_line(q.id, misconception_tags(q))]
        head = f"::{escape(q.id)}::[plain]{escape(q.prompt)} {{"
        truth = true_false(q)
        if truth is not None:  # {T#feedback if wrong#feedback if right####explanation}
            right, wrong = (q.choices[0], q.choices[1]) if truth else (q.choices[1],
                                                                       q.choices[0])
            answer = f"{'T' if truth else 'F'}#{_field(wrong.feedback)}#{_field(right.feedback)}"
            general = f"####{_field(q.explanation)}" if q.explanation else ""
            out += [f"{head}{answer}{general}}}", ""]
            continue
        out.append(head)
        share = right_fraction(q) if q.multiple else 1.0
        for c in q.choices:
            if q.multiple:
                mark = f"~%{percent(share)}%" if c.correct else "~%-100%"
            elif c.correct:
                mark = "="  # Moodle reads no weight after '='
            else:
                mark = "~%0%" if WEIGHT.match(c.text) else "~"  # '%50% of...' is not a weight
            feedback = f"#{_field(c.feedback)}" if c.feedback else ""
            out.append(f"\t{mark}{_field(c.text)}{feedback}")
        if q.explanation:
            out.append(f"\t####{_field(q.explanation)}")
        out += ["}", ""]
    for d in spec.discussion:
        out += [_meta_line(discussion_meta(d)), _moodle_line(d.id, []),
                f"::{escape(d.id)}::[plain]{escape(d.prompt)} {{}}", ""]
    return "\n".join(out)
