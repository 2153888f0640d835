"""No English left unwrapped in a template (issue 20): every visible text node, every
aria-label/title/placeholder/alt attribute and every prose string literal inside `{{ }}`/`{% %}`
goes through `_()`/`ngettext` or a `{% trans %}` block, so a Spanish reader never meets English.

The template is read with Jinja's own lexer (so `{% trans %}` blocks, comments and expressions
are recognised exactly), its markup with html.parser (so text nodes and attributes are told apart).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment

import quizapp

TEMPLATES = Path(quizapp.__file__).parent / "templates"

# Words that stay as they are in every language.
ALLOWED_WORDS = {
    "quizapp",  # the brand name is not translated
}
# Literal arguments of {% trans %} that are shell commands the reader types as written.
ALLOWED_LITERALS = {
    "quizapp create-instructor USERNAME",
    "quizapp set-password USERNAME",
    "quizapp import-session FILE",
    "not stated",  # the content files' word for a missing field: compared, never shown
}
# Blocks whose content is an attribute value (a CSS class, a URL), never shown.
ATTRIBUTE_BLOCKS = {"body_class", "brand_href"}
SHOWN_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "aria-description"}
# `forms` is live/_texts.html's macro that hands its two arguments to ngettext.
GETTEXT_CALLS = {"_", "gettext", "ngettext", "pgettext", "npgettext", "lazy_gettext", "forms"}

_WORD = re.compile(r"[^\W\d_]{2,}")


def _has_words(text: str) -> bool:
    for word in ALLOWED_WORDS:
        text = text.replace(word, " ")
    return bool(_WORD.search(text))


def _is_prose(literal: str) -> bool:
    """A string literal that reads as words, not a CSS class, an endpoint or a field type:
    two words, or one capitalised word ("Choose ")."""
    s = literal[1:-1].strip()  # the lexer gives the literal with its quotes
    if s in ALLOWED_LITERALS or not _has_words(s):
        return False
    return bool(re.search(r"\s", s)) or bool(re.fullmatch(r"[A-Z][a-z]+\W*", s))


def _html_and_literals(source: str) -> tuple[str, list[tuple[int, str]]]:
    """The template's markup with every tag/expression blanked (line numbers kept) and the
    prose literals found outside gettext calls."""
    out: list[str] = []
    literals: list[tuple[int, str]] = []
    skip_until: str | None = None  # the markup of a trans block or an attribute block is skipped
    tag_name_next = False
    calls: list[bool] = []  # per open "(": is it a gettext call?
    previous = ("", "")
    for lineno, kind, value in Environment().lex(source):
        if kind == "data":
            # Back to the token's own line: "-%}" trims newlines away, and comments are dropped.
            out.append("\n" * (lineno - 1 - "".join(out).count("\n")))
            out.append("\n" * value.count("\n") if skip_until else value)
            continue
        # An expression stands for some text: a space keeps "Question {{ n }} of" two words.
        out.append(" " if kind == "variable_begin" else "")
        if kind == "whitespace":
            continue
        if kind == "block_begin":
            tag_name_next = True
        elif tag_name_next and kind == "name":
            tag_name_next = False
            if value == skip_until:
                skip_until = None
            elif value == "trans" and not skip_until:
                skip_until = "endtrans"
        elif previous == ("name", "block") and value in ATTRIBUTE_BLOCKS:
            skip_until = "endblock"
        elif kind == "operator" and value == "(":
            calls.append(previous[0] == "name" and previous[1] in GETTEXT_CALLS)
        elif kind == "operator" and value == ")" and calls:
            calls.pop()
        # Literals count everywhere but in attribute blocks: {% trans cmd="..." %} included.
        elif kind == "string" and skip_until != "endblock" and not any(calls) \
                and _is_prose(value):
            literals.append((lineno, value))
        previous = (kind, value)
    return "".join(out), literals


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.hidden = 0  # inside <script>/<style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        values = dict(attrs)
        shown = [v for k, v in attrs if k in SHOWN_ATTRIBUTES]
        if tag == "input" and values.get("type") in ("submit", "button", "reset"):
            shown.append(values.get("value"))
        for value in shown:
            if value and _has_words(value):
                self.found.append((self.getpos()[0], value.strip()))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data):
        if not self.hidden and _has_words(data):
            # A text node's own line: getpos() is where the node starts (leading newlines).
            line = self.getpos()[0] + len(data) - len(data.lstrip("\n"))
            self.found.append((line, " ".join(data.split())))


def template_problems(path: Path) -> list[str]:
    html, literals = _html_and_literals(path.read_text(encoding="utf-8"))
    parser = _Text()
    parser.feed(html)
    parser.close()
    name = path.relative_to(TEMPLATES) if path.is_relative_to(TEMPLATES) else path.name
    problems = [f"{name}:{line}: {text!r}" for line, text in parser.found]
    problems += [f"{name}:{line}: literal {text}" for line, text in literals]
    return problems


def test_the_scan_sees_unwrapped_text(tmp_path):
    """The checker itself: it flags text, attributes, titles and prose literals, and lets
    wrapped text, trans blocks, classes and the brand through."""
    sample = tmp_path / "sample.html"
    sample.write_text(
        '{% block title %}Join a seminar{% endblock %}\n'
        '<p class="{{ \'right\' if ok }}">{{ _("Right") }}'
        ' {% trans n=n %}{{ n }} joined{% endtrans %}</p>\n'
        '<nav aria-label="Questions">quizapp · 3</nav>\n'
        '<h1>Question {{ n }} of {{ total }}</h1>\n'
        '{{ bar(n, "Question " ~ n) }} {{ ngettext("%(num)s answer", "%(num)s answers", n) }}\n'
        '<script>const skip = "words in code";</script>{# a comment with words #}\n',
        encoding="utf-8")
    problems = [p.split(":", 1)[1] for p in template_problems(sample)]
    assert problems == ["1: 'Join a seminar'", "3: 'Questions'", "4: 'Question of'",
                        '5: literal "Question "'], problems


def test_every_template_string_is_wrapped_for_translation():
    problems = [p for path in sorted(TEMPLATES.rglob("*.html")) for p in template_problems(path)]
    assert not problems, (f"{len(problems)} unwrapped string(s); wrap them in _() or "
                          "{% trans %} and translate them (docs/translation-glossary.md):\n"
                          + "\n".join(problems))
