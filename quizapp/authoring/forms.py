"""Authoring forms: a reading's details and summary, one question, an upload. Each form turns
itself into the content format's mapping (``to_document``), is filled from one
(``from_document``), and takes the checker's problems beside its fields (``place``)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional

MAX_CHOICES = 6
BLANK_SECTIONS = 1  # empty rows offered for adding, beside the existing ones
BLANK_TERMS = 1


def _clean(value: Any) -> str:
    # Browsers send textarea lines as CRLF; the content format (and its hashes) use LF.
    return str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class SectionForm(Form):
    id = StringField(_l("Section id"), render_kw={"autocomplete": "off"})
    heading = StringField(_l("Heading"))
    text = TextAreaField(_l("Text"), render_kw={"rows": 6})


class TermForm(Form):
    id = StringField(_l("Term id"), render_kw={"autocomplete": "off"})
    term = StringField(_l("Term"))
    aliases = StringField(_l("Aliases (comma-separated)"))
    definition = TextAreaField(_l("Definition"), render_kw={"rows": 2})


class ReadingForm(FlaskForm):
    base_version = HiddenField()
    slug = StringField(_l("Short name (slug)"), render_kw={"autocomplete": "off"})
    title = StringField(_l("Title"))
    original_title = StringField(_l("Original title"))
    publication = StringField(_l("Publication"))
    author = StringField(_l("Author"))
    date = StringField(_l("Date"))
    description = TextAreaField(_l("Description"), render_kw={"rows": 3})
    sections = FieldList(FormField(SectionForm), min_entries=1)
    key_points = TextAreaField(_l("Key points (one per line)"), render_kw={"rows": 6})
    key_terms = FieldList(FormField(TermForm), min_entries=1)
    # Set by the "Move up/down" buttons inside the form ("sections:2:up"), so a move saves
    # the rest of the form with it; never rendered as a field of its own.
    move = StringField()
    problems: list[str]
    moved_to: str | None = None  # the anchor of the moved row, for the redirect

    def filled_rows(self, name: str) -> list[int]:
        """Indexes of the rows of a list (sections, key_terms) that hold something."""
        return [i for i, entry in enumerate(getattr(self, name))
                if any(_clean(f.data) for f in entry.form)]

    def fill(self, doc: dict[str, Any]) -> None:
        for key in ("slug", "title", "original_title", "publication", "author", "date",
                    "description"):
            getattr(self, key).data = _clean(doc.get(key))
        _fill_list(self.sections, doc.get("summary") or [], BLANK_SECTIONS,
                   lambda s: {"id": s.get("id"), "heading": s.get("heading"),
                              "text": s.get("text")})
        self.key_points.data = "\n".join(str(p) for p in doc.get("key_points") or [])
        _fill_list(self.key_terms, doc.get("key_terms") or [], BLANK_TERMS,
                   lambda t: {"id": t.get("id"), "term": t.get("term"),
                              "aliases": ", ".join(t.get("aliases") or []),
                              "definition": t.get("definition")})

    def apply(self, doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[int]]]:
        """``doc`` with this form's fields; and, per list, which form row each kept item
        came from (blank rows are dropped), to place problems back beside their rows."""
        out = dict(doc)
        for key in ("slug", "title", "original_title", "publication", "author", "date",
                    "description"):
            value = _clean(getattr(self, key).data)
            if value or key not in ("original_title",):
                out[key] = value
            else:
                out.pop(key, None)
        rows: dict[str, list[int]] = {"summary": [], "key_terms": []}
        summary = []
        for i, entry in enumerate(self.sections):
            item = {k: _clean(entry.form[k].data) for k in ("id", "heading", "text")}
            if any(item.values()):
                summary.append(item)
                rows["summary"].append(i)
        self._move("sections", summary, rows["summary"])
        out["summary"] = summary
        out["key_points"] = _lines(self.key_points.data)
        terms = []
        for i, entry in enumerate(self.key_terms):
            f = entry.form
            item: dict[str, Any] = {"id": _clean(f.id.data), "term": _clean(f.term.data)}
            aliases = [a.strip() for a in _clean(f.aliases.data).split(",") if a.strip()]
            if aliases:
                item["aliases"] = aliases
            item["definition"] = _clean(f.definition.data)
            if any(v for v in item.values()):
                terms.append(item)
                rows["key_terms"].append(i)
        self._move("key_terms", terms, rows["key_terms"])
        if terms:
            out["key_terms"] = terms
        else:
            out.pop("key_terms", None)
        return out, rows

    def _move(self, name: str, items: list[dict[str, Any]], rows: list[int]) -> None:
        """Apply a "Move up/down" press to ``items`` (and their form rows) in place; a press
        naming another list, a blank row or the edge of the list changes nothing."""
        parts = str(self.move.data or "").split(":")
        if len(parts) != 3 or parts[0] != name or parts[2] not in ("up", "down") \
                or not parts[1].isdigit() or int(parts[1]) not in rows:
            return
        at = rows.index(int(parts[1]))
        to = at - 1 if parts[2] == "up" else at + 1
        if not 0 <= to < len(items):
            return
        items[at], items[to] = items[to], items[at]
        rows[at], rows[to] = rows[to], rows[at]
        self.moved_to = f"{name}-{to}"

    def place(self, placed: list[tuple[tuple[Any, ...], str]],
              rows: dict[str, list[int]]) -> list[str]:
        """Put each problem beside its field; return those about no field of this form."""
        rest: list[str] = []
        for path, message in placed:
            target = self._field(path, rows)
            if target is None:
                rest.append(message)
            else:
                target.errors = [*target.errors, message]  # type: ignore[list-item]
        return rest

    def _field(self, path: tuple[Any, ...], rows: dict[str, list[int]]) -> Field | None:
        if not path:
            return None
        head = path[0]
        simple = {"slug", "title", "original_title", "publication", "author", "date",
                  "description", "key_points"}
        if head in simple:
            return getattr(self, head)
        if head in ("summary", "key_terms") and len(path) > 1 and isinstance(path[1], int):
            kept = rows.get(head, [])
            if path[1] >= len(kept):
                return None
            entry = (self.sections if head == "summary" else self.key_terms)[kept[path[1]]]
            sub = path[2] if len(path) > 2 else "id"
            return entry.form[sub] if sub in entry.form else entry.form["id"]
        return None


def _fill_list(field: FieldList, items: list[dict[str, Any]], blanks: int, convert) -> None:
    while len(field.entries):
        field.pop_entry()
    for item in items:
        field.append_entry(convert(item))
    for _ in range(blanks):
        field.append_entry()



class NewReadingForm(ReadingForm):
    """A new reading: which course it belongs to, then the same fields."""

    course = SelectField(_l("Course"), validate_choice=True)

class ChoiceForm(Form):
    text = TextAreaField(_l("Choice text"), render_kw={"rows": 2})
    correct = BooleanField(_l("Correct"))
    feedback = TextAreaField(_l("Feedback for a student who picks it"), render_kw={"rows": 2})
    misconception = SelectField(_l("Misconception (wrong choices)"), choices=[],
                                validate_choice=False)


def _choice_id(i: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[i] if i < 26 else f"c{i + 1}"


class McForm(FlaskForm):
    base_version = HiddenField()
    id = StringField(_l("Question id"), render_kw={"autocomplete": "off"})
    prompt = TextAreaField(_l("Question"), render_kw={"rows": 3})
    multiple = BooleanField(_l("Several choices are correct"))
    section = SelectField(_l("Summary section it rests on"), choices=[], validate_choice=False)
    # Six rows; a question imported with more (Moodle has no limit) shows them all.
    choices = FieldList(FormField(ChoiceForm), min_entries=MAX_CHOICES)
    explanation = TextAreaField(_l("Explanation"), render_kw={"rows": 3})
    silence = TextAreaField(_l("Silenced item-writing warnings (one per line: rule: reason)"),
                            render_kw={"rows": 2})

    def setup(self, sections: list[tuple[str, str]], vocabulary: dict[str, str]) -> None:
        self.section.choices = [("", _l("(choose a section)")), *sections]
        tags = [("", _l("(none: a correct choice)")), *sorted(vocabulary.items())]
        for entry in self.choices:
            entry.form.misconception.choices = tags

    def fill(self, q: dict[str, Any]) -> None:
        self.id.data = _clean(q.get("id"))
        self.prompt.data = _clean(q.get("prompt"))
        self.multiple.data = bool(q.get("multiple"))
        self.section.data = _clean(q.get("section"))
        self.explanation.data = _clean(q.get("explanation"))
        self.silence.data = "\n".join(f"{rule}: {why}"
                                      for rule, why in (q.get("silence") or {}).items())
        choices = list(q.get("choices") or [])
        tags = self.choices[0].form.misconception.choices
        while len(self.choices) < len(choices):
            self.choices.append_entry().form.misconception.choices = tags
        for i, entry in enumerate(self.choices):
            c = choices[i] if i < len(choices) else {}
            entry.form.text.data = _clean(c.get("text"))
            entry.form.correct.data = bool(c.get("correct"))
            entry.form.feedback.data = _clean(c.get("feedback"))
            entry.form.misconception.data = _clean(c.get("misconception"))

    def to_question(self, old: dict[str, Any] | None) -> tuple[dict[str, Any], list[int]]:
        """The question mapping (choice ids a, b, c... in order) and the form row of each
        kept choice."""
        q: dict[str, Any] = {"id": _clean(self.id.data), "prompt": _clean(self.prompt.data)}
        if self.multiple.data:
            q["multiple"] = True
        q["section"] = _clean(self.section.data)
        if old and old.get("compares"):
            q["compares"] = old["compares"]
        choices, rows = [], []
        for i, entry in enumerate(self.choices):
            f = entry.form
            if not (_clean(f.text.data) or _clean(f.feedback.data)):
                continue
            c: dict[str, Any] = {"id": _choice_id(len(choices)), "text": _clean(f.text.data)}
            if f.correct.data:
                c["correct"] = True
            if _clean(f.misconception.data):
                c["misconception"] = _clean(f.misconception.data)
            c["feedback"] = _clean(f.feedback.data)
            choices.append(c)
            rows.append(i)
        q["choices"] = choices
        q["explanation"] = _clean(self.explanation.data)
        silence = {}
        for line in _lines(self.silence.data):
            rule, _sep, why = line.partition(":")
            silence[rule.strip()] = why.strip()
        if silence:
            q["silence"] = silence
        return q, rows

    def place(self, placed: list[tuple[tuple[Any, ...], str]], rows: list[int]) -> list[str]:
        rest: list[str] = []
        for path, message in placed:
            target: Field | None = None
            if path and path[0] in ("id", "prompt", "multiple", "section", "explanation",
                                    "silence"):
                target = getattr(self, path[0])
            elif path[:1] == ("choices",):
                if len(path) > 1 and isinstance(path[1], int) and path[1] < len(rows):
                    sub = path[2] if len(path) > 2 else "text"
                    form = self.choices[rows[path[1]]].form
                    target = form[sub] if sub in form and sub != "id" else form.text
                else:
                    target = self.choices[0].form.text
            if target is None:
                rest.append(message)
            else:
                target.errors = [*target.errors, message]  # type: ignore[list-item]
        return rest


class DiscussionForm(FlaskForm):
    base_version = HiddenField()
    id = StringField(_l("Question id"), render_kw={"autocomplete": "off"})
    prompt = TextAreaField(_l("Question"), render_kw={"rows": 3})
    section = SelectField(_l("Summary section (optional)"), choices=[], validate_choice=False)
    stance_left = StringField(_l("Stance scale: left end (optional)"))
    stance_right = StringField(_l("Stance scale: right end"))
    stance_points = IntegerField(_l("Stance scale: points (3-7)"), default=5,
                                 validators=[Optional(), NumberRange(3, 7)])

    def setup(self, sections: list[tuple[str, str]], vocabulary: dict[str, str]) -> None:
        self.section.choices = [("", _l("(none)")), *sections]

    def fill(self, q: dict[str, Any]) -> None:
        self.id.data = _clean(q.get("id"))
        self.prompt.data = _clean(q.get("prompt"))
        self.section.data = _clean(q.get("section"))
        stance = q.get("stance") or {}
        self.stance_left.data = _clean(stance.get("left"))
        self.stance_right.data = _clean(stance.get("right"))
        self.stance_points.data = int(stance.get("points") or 5)

    def to_question(self, old: dict[str, Any] | None) -> tuple[dict[str, Any], list[int]]:
        q: dict[str, Any] = {"id": _clean(self.id.data), "prompt": _clean(self.prompt.data)}
        if _clean(self.section.data):
            q["section"] = _clean(self.section.data)
        if old and old.get("compares"):
            q["compares"] = old["compares"]
        if _clean(self.stance_left.data) or _clean(self.stance_right.data):
            q["stance"] = {"left": _clean(self.stance_left.data),
                           "right": _clean(self.stance_right.data),
                           "points": self.stance_points.data or 5}
        return q, []

    def place(self, placed: list[tuple[tuple[Any, ...], str]], rows: list[int]) -> list[str]:
        rest: list[str] = []
        for path, message in placed:
            name = {"id": "id", "prompt": "prompt", "section": "section",
                    "stance": "stance_left"}.get(path[0] if path else "")
            if name is None:
                rest.append(message)
            else:
                field = getattr(self, name)
                field.errors = [*field.errors, message]
        return rest


class UploadForm(FlaskForm):
    kind = SelectField(_l("File format"), choices=[
        ("yaml", _l("Reading file (YAML, the content format)")),
        ("gift", _l("Moodle GIFT")),
        ("moodle_xml", _l("Moodle XML"))])
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to upload."))])
    slug = StringField(_l("Reading short name (GIFT and Moodle XML; optional)"))
    misconception = SelectField(_l("Misconception for wrong choices without one (GIFT and "
                                   "Moodle XML)"), choices=[], validate_choice=False)


class StoreUploadForm(FlaskForm):
    """The previewed upload, sent back to be stored (checked again: nothing is trusted)."""
    text = HiddenField(validators=[InputRequired()])
    source = HiddenField()
    base_version = HiddenField()


class RestoreForm(FlaskForm):
    base_version = HiddenField()
